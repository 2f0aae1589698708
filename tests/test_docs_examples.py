"""The committed example packs (docs/examples/) and the documentation stay true to the code."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
import sqlite3
from pathlib import Path

import jsonschema
import pytest

from verite_core.pack import (
    MANIFEST_STANDARD_URI,
    nomenclature,
    pack_schema,
    read_pack,
    score_pack,
    validate_pack,
)

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
EXAMPLES = DOCS / "examples"
GPKG = EXAMPLES / "fontainebleau-forest.gpkg"
GEOJSON = EXAMPLES / "fontainebleau-forest.geojson"
MANIFEST = EXAMPLES / "manifest.json"
TEMPLATE = EXAMPLES / "template.geojson"
#: After the example's observation period (2024-05-02..2024-07-15).
TODAY = dt.date(2025, 1, 1)
EXAMPLE_IDS = [f"FTB-{i:03d}" for i in range(1, 11)]


def _make_examples():
    spec = importlib.util.spec_from_file_location(
        "make_examples", REPO / "scripts" / "make_examples.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _validated(path: Path):
    report = validate_pack(read_pack(path), today=TODAY)
    assert report.errors == [], [str(p) for p in report.errors]
    return report


@pytest.mark.parametrize("path", [GPKG, GEOJSON], ids=["gpkg", "geojson"])
def test_committed_example_reads_and_validates(path):
    report = _validated(path)
    assert report.ok
    assert report.problems == [], [str(p) for p in report.problems]
    assert [p.plot_id for p in report.plots] == EXAMPLE_IDS
    assert report.manifest == json.loads(MANIFEST.read_text(encoding="utf-8"))


def test_gpkg_example_stores_manifest_and_style_as_documented():
    con = sqlite3.connect(f"file:{GPKG}?mode=ro", uri=True)
    try:
        rows = con.execute(
            "SELECT id, md_scope, mime_type, metadata FROM gpkg_metadata WHERE md_standard_uri = ?",
            (MANIFEST_STANDARD_URI,),
        ).fetchall()
        assert len(rows) == 1
        md_id, scope, mime, text = rows[0]
        assert (scope, mime) == ("dataset", "application/json")
        assert json.loads(text) == json.loads(MANIFEST.read_text(encoding="utf-8"))
        refs = con.execute(
            "SELECT reference_scope, table_name, column_name, row_id_value FROM gpkg_metadata_reference "
            "WHERE md_file_id = ?",
            (md_id,),
        ).fetchall()
        assert refs == [("geopackage", None, None, None)]
        geom_col = con.execute(
            "SELECT column_name, geometry_type_name, srs_id FROM gpkg_geometry_columns "
            "WHERE table_name = 'plots'"
        ).fetchone()
        assert geom_col == ("geom", "MULTIPOLYGON", 2154)
        style = con.execute(
            "SELECT f_geometry_column, styleName, useAsDefault, styleQML FROM layer_styles "
            "WHERE f_table_name = 'plots'"
        ).fetchall()
        assert len(style) == 1 and style[0][:3] == ("geom", "verite-terrain", 1)
        assert 'attr="class_code"' in style[0][3]
        columns = {row[1]: row[2] for row in con.execute("PRAGMA table_info(plots)")}
    finally:
        con.close()
    # The column types listed in docs/pack-format.md.
    assert columns["observed_on"] == "DATE"
    assert columns["photos"] == "TEXT"
    assert columns["mixed_forest"] == "BOOLEAN"
    assert columns["pct_deciduous"] == "REAL"
    assert columns["tree_height_class"] == "TEXT"


@pytest.mark.parametrize("path", [GEOJSON, TEMPLATE], ids=["example", "template"])
def test_geojson_files_match_the_published_schema(path):
    schema = pack_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    doc = json.loads(path.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(doc)]
    assert errors == []
    assert "crs" not in doc  # RFC 7946 coordinates


def test_template_is_a_minimal_valid_pack():
    report = _validated(TEMPLATE)
    assert report.problems == [], [str(p) for p in report.problems]
    assert len(report.plots) == 1
    manifest = report.manifest
    assert manifest["nomenclature"] == nomenclature("clcplus-backbone")
    assert "descriptors" not in manifest and "constraints" not in manifest
    required = set(pack_schema()["$defs"]["manifest"]["required"])
    assert required <= set(manifest)
    assert set(manifest) - required == {"description", "reference_period"}
    quality = score_pack(report)
    assert quality.level in "ABCD"


def test_every_schema_member_is_documented():
    text = (DOCS / "pack-format.md").read_text(encoding="utf-8")
    defs = pack_schema()["$defs"]
    names = set(defs["manifest"]["properties"])
    assert names, "the schema lists no manifest members"
    for name in sorted(names):
        assert f"`{name}`" in text, f"manifest member {name!r} is not in docs/pack-format.md"
    for definition in (
        "period",
        "contributor",
        "acquisition",
        "nomenclature",
        "class",
        "descriptor",
        "constraint",
    ):
        for name in defs[definition]["properties"]:
            assert f"`{name}`" in text, f"{definition}.{name} is not in docs/pack-format.md"
    for name in defs["plot"]["properties"]["properties"]["properties"]:
        assert f"`{name}`" in text, f"plot attribute {name!r} is not in docs/pack-format.md"


def test_documented_problem_codes_exist_and_are_complete():
    """Every problem code raised in verite_core/pack/ is listed in docs/pack-format.md."""
    source = "\n".join(
        p.read_text(encoding="utf-8") for p in (REPO / "verite_core" / "pack").glob("*.py")
    )
    raised = set(re.findall(r'(?:Problem\(|err\()\s*"([a-z_]+\.[a-z_]+)"', source))
    assert len(raised) > 40
    text = (DOCS / "pack-format.md").read_text(encoding="utf-8")
    missing = sorted(code for code in raised if f"`{code}`" not in text)
    assert missing == []


def test_regenerating_gives_the_committed_files(tmp_path):
    make_examples = _make_examples()
    files = make_examples.build(tmp_path)
    assert files["manifest"].read_text(encoding="utf-8") == MANIFEST.read_text(encoding="utf-8")
    assert json.loads(files["manifest"].read_text(encoding="utf-8")) == json.loads(
        MANIFEST.read_text(encoding="utf-8")
    )
    assert json.loads(files["geojson"].read_text(encoding="utf-8")) == json.loads(
        GEOJSON.read_text(encoding="utf-8")
    )
    assert json.loads(files["template"].read_text(encoding="utf-8")) == json.loads(
        TEMPLATE.read_text(encoding="utf-8")
    )
    regenerated = read_pack(files["gpkg"])
    committed = read_pack(GPKG)
    assert regenerated.manifest == committed.manifest
    assert [p.properties for p in regenerated.plots] == [p.properties for p in committed.plots]
    assert make_examples.check(files, TODAY) == []


def test_quality_worked_example_numbers():
    """The numbers marked in docs/quality.md's worked example."""
    from server.packs.ingest import Uploader

    text = (DOCS / "quality.md").read_text(encoding="utf-8")
    report = _validated(GPKG)

    offline = score_pack(report)
    assert offline.score == pytest.approx(90.625)
    assert offline.level == "A"
    assert offline.components["R"] is None and not offline.reference_available
    assert "90.625" in text

    unverified = Uploader(id=1, expertise_verified=False, reviewed_plots=0, confirmed_plots=0)
    server = score_pack(report, unverified.reliability_of)
    assert server.score == pytest.approx(88.4375)
    assert "**88.44, level A**" in text

    agreement = {
        "FTB-001": 0.92,
        "FTB-002": 0.85,
        "FTB-003": 0.40,
        "FTB-004": 1.0,
        "FTB-005": None,
        "FTB-006": None,
        "FTB-007": 0.95,
        "FTB-008": 0.30,
        "FTB-009": 0.60,
        "FTB-010": None,
    }
    with_r = score_pack(report, unverified.reliability_of, agreement)
    assert with_r.score == pytest.approx(86.09625)
    assert with_r.plots["FTB-003"].score == pytest.approx(78.75)
    assert with_r.to_dict()["plot_levels"] == {"A": 8, "B": 2, "C": 0, "D": 0}
    assert "**86.10, level A**" in text


def _square_wkb(cx: float, cy: float, half: float) -> bytes:
    from osgeo import ogr

    ring = ogr.Geometry(ogr.wkbLinearRing)
    for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1), (-1, -1)):
        ring.AddPoint_2D(cx + sx * half, cy + sy * half)
    poly = ogr.Geometry(ogr.wkbPolygon)
    poly.AddGeometry(ring)
    return bytes(poly.ExportToIsoWkb())


def test_quality_worked_example_small_plot(tmp_path):
    from verite_core.pack import PlotRecord, write_gpkg
    from verite_core.pack.demo import CRS, ORIGIN, example_manifest, example_plots

    plots = example_plots()
    props = {
        "plot_id": "FTB-011",
        "class_code": "shrubland",
        "observed_on": "2024-06-21",
        "collector": "Louis Bernard",
    }
    plots.append(PlotRecord(props, _square_wkb(ORIGIN[0] + 500, ORIGIN[1] - 1000, 22.5)))
    report = _validated(write_gpkg(tmp_path / "small.gpkg", example_manifest(), plots, CRS))
    assert [(p.code, p.plot_id) for p in report.problems] == [("geometry.small_core", "FTB-011")]
    assert "only 626 m²" in report.problems[0].message
    quality = score_pack(report)
    assert quality.plots["FTB-011"].components.G == 0 and quality.plots["FTB-011"].score == 0
    assert round(quality.score, 2) == 82.39 and quality.level == "A"
    assert "**82.39**" in (DOCS / "quality.md").read_text(encoding="utf-8")


def test_quality_worked_example_weaker_pack(tmp_path):
    from verite_core.pack import PlotRecord, write_gpkg
    from verite_core.pack.demo import CRS, example_manifest, example_plots

    manifest = example_manifest()
    manifest.update(method="sentinel2_interpretation", positional_accuracy_m=20)
    manifest["contributors"] = [
        {"name": "Camille Martin", "expertise": "volunteer"},
        {"name": "Louis Bernard", "expertise": "volunteer"},
    ]
    del manifest["reference_period"], manifest["sentinel2_acquisitions"]
    plots = example_plots()
    first, second = dict(plots[0].properties), dict(plots[1].properties)
    first["pct_evergreen"] = None
    second["undergrowth_type"] = second["tree_height_class"] = None
    plots[0], plots[1] = PlotRecord(first, plots[0].wkb), PlotRecord(second, plots[1].wkb)
    report = _validated(write_gpkg(tmp_path / "weak.gpkg", manifest, plots, CRS))
    assert {p.code for p in report.problems} == {"plot.descriptor_missing"}
    quality = score_pack(report)
    assert quality.plots["FTB-001"].score == pytest.approx(49.75)
    assert quality.plots["FTB-002"].score == pytest.approx(46.0)
    assert quality.plots["FTB-003"].score == pytest.approx(53.5)
    assert round(quality.score, 2) == 52.38 and quality.level == "C"
    assert len(quality.notes) == 3
    assert "**52.38, level C**" in (DOCS / "quality.md").read_text(encoding="utf-8")
