"""Write the example packs committed in docs/examples/.

- ``fontainebleau-forest.gpkg`` and ``fontainebleau-forest.geojson``: the complete example
  pack of ``verite_core.pack.demo`` (10 plots, eagle-forest nomenclature, forest-structure
  descriptors) in both encodings;
- ``manifest.json``: that pack's manifest alone;
- ``template.geojson``: a minimal valid pack to start from (one plot, CLC+ Backbone
  nomenclature, no descriptors).

Every file is read back and validated before the script reports success.

Usage: ``.venv/bin/python scripts/make_examples.py [--out DIR] [--today YYYY-MM-DD]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from osgeo import ogr

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from verite_core.pack import (  # noqa: E402
    PlotRecord,
    nomenclature,
    read_pack,
    to_geojson,
    validate_pack,
    write_gpkg,
)
from verite_core.pack.demo import CRS, example_manifest, example_plots  # noqa: E402
from verite_core.pack.gdal_env import srs_from_user_input, transformer, wgs84  # noqa: E402

DEFAULT_OUT = REPO / "docs" / "examples"
EXAMPLE_NAME = "fontainebleau-forest"

#: The template's single plot: a 100 m x 100 m square in Lambert-93 (inside the
#: Fontainebleau example area), and the template's area around it.
_TEMPLATE_PLOT_CENTRE = (671_000.0, 6_810_500.0)
_TEMPLATE_PLOT_HALF_M = 50.0
_TEMPLATE_AREA_HALF_M = 1_000.0


def _json_text(value: object, indent: int) -> str:
    return json.dumps(value, indent=indent, ensure_ascii=False) + "\n"


def _square(cx: float, cy: float, half: float) -> ogr.Geometry:
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1), (-1, -1)):
        ring.AddPoint_2D(cx + sx * half, cy + sy * half)
    poly = ogr.Geometry(ogr.wkbPolygon)
    poly.AddGeometry(ring)
    return poly


def template_manifest() -> dict:
    """The smallest useful manifest: the required fields, a description and a reference
    period, with the bundled CLC+ Backbone nomenclature and no descriptors."""
    area = _square(*_TEMPLATE_PLOT_CENTRE, _TEMPLATE_AREA_HALF_M)
    area.Transform(transformer(srs_from_user_input(CRS), wgs84()))
    return {
        "format": "verite-terrain-pack",
        "format_version": "1.0",
        "title": "My land-cover plots (replace this title)",
        "description": "Describe what was observed, where, how and why.",
        "theme": "land-cover",
        "area": json.loads(area.ExportToJson(["COORDINATE_PRECISION=7"])),
        "license": "CC-BY-4.0",
        "contributors": [{"name": "Your Name", "expertise": "volunteer"}],
        "method": "field",
        "observation_period": {"start": "2024-06-01", "end": "2024-06-30"},
        "reference_period": {"start": "2024-04-01", "end": "2024-09-30"},
        "positional_accuracy_m": 5,
        "nomenclature": nomenclature("clcplus-backbone"),
    }


def template_plots() -> list[PlotRecord]:
    """One 100 m square plot (Lambert-93), CLC+ class 3 (broadleaved deciduous trees)."""
    props = {
        "plot_id": "P-001",
        "class_code": "3",
        "observed_on": "2024-06-15",
        "collector": "Your Name",
        "photos": [],
        "notes": None,
    }
    geom = _square(*_TEMPLATE_PLOT_CENTRE, _TEMPLATE_PLOT_HALF_M)
    return [PlotRecord(props, bytes(geom.ExportToIsoWkb()))]


def _write_text(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path


def build(out_dir: Path) -> dict[str, Path]:
    """Write the example files into ``out_dir``; returns them by role."""
    out_dir = Path(out_dir)
    manifest = example_manifest()
    plots = example_plots()
    written = {
        "gpkg": write_gpkg(out_dir / f"{EXAMPLE_NAME}.gpkg", manifest, plots, CRS),
        # write_geojson writes compact JSON; the committed copy is indented for reading.
        "geojson": _write_text(
            out_dir / f"{EXAMPLE_NAME}.geojson", _json_text(to_geojson(manifest, plots, CRS), 1)
        ),
        "manifest": _write_text(out_dir / "manifest.json", _json_text(manifest, 2)),
        "template": _write_text(
            out_dir / "template.geojson",
            _json_text(to_geojson(template_manifest(), template_plots(), CRS), 1),
        ),
    }
    return written


def check(files: dict[str, Path], today: dt.date) -> list[str]:
    """Read and validate each pack file; returns one line per problem (empty when clean)."""
    lines = []
    for role in ("gpkg", "geojson", "template"):
        report = validate_pack(read_pack(files[role]), today=today)
        lines += [f"{files[role].name}: {p.severity}: {p.code}: {p}" for p in report.problems]
        if not report.plots:
            lines.append(f"{files[role].name}: no valid plot")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument(
        "--today",
        type=dt.date.fromisoformat,
        default=dt.date.today(),
        help="date to validate against (default: today)",
    )
    args = parser.parse_args(argv)
    files = build(args.out)
    problems = check(files, args.today)
    for role, path in files.items():
        print(f"{role:9s} {path}")
    for line in problems:
        print(line, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
