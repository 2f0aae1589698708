"""The pack contract (verite_core.pack): format round trips, validation, quality."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3

import jsonschema
import pytest
from packfactory import build_pack, near_origin, square_wkb, with_plot_changes, wkt_wkb

from verite_core.pack import (
    PackError,
    read_pack,
    read_pack_bytes,
    score_pack,
    validate_pack,
)
from verite_core.pack.demo import example_manifest, example_plots
from verite_core.pack.quality import Components, combine, quality_level, reliability, timeliness
from verite_core.pack.schema import pack_schema, validate_against

TODAY = dt.date(2026, 11, 1)


def codes(report) -> set[tuple[str, str | None]]:
    return {(p.code, p.plot_id) for p in report.problems}


@pytest.mark.parametrize("fmt", ["gpkg", "geojson"])
def test_example_pack_round_trip(tmp_path, fmt):
    path = build_pack(tmp_path / f"pack.{fmt}", fmt=fmt)
    content = read_pack(path)
    assert content.source_format == fmt
    assert content.crs == ("EPSG:2154" if fmt == "gpkg" else "EPSG:4326")
    assert [p.plot_id for p in content.plots] == [f"FTB-{i:03d}" for i in range(1, 11)]
    report = validate_pack(content, today=TODAY)
    assert report.ok, [str(p) for p in report.problems]
    assert report.problems == []
    first = report.plots[0]
    assert first.attributes.descriptors["pct_deciduous"] == 95
    assert first.attributes.descriptors["undergrowth_type"] == "herbaceous"
    assert first.clcplus == 3
    # 80 m squares in Lambert-93; true (ellipsoidal) area differs by the projection's
    # scale factor there (~0.9996), which the equal-area measurement recovers.
    assert first.shape.area_m2 == pytest.approx(80 * 80, rel=1e-3)
    assert first.shape.area_m2 != pytest.approx(80 * 80, rel=1e-5)
    assert report.plots[2].shape.area_m2 == pytest.approx(90 * 90, rel=1e-3)


def test_example_geojson_matches_the_published_schema(tmp_path):
    path = build_pack(tmp_path / "pack.geojson", fmt="geojson")
    doc = json.loads(path.read_text())
    jsonschema.Draft202012Validator.check_schema(pack_schema())
    jsonschema.validate(doc, pack_schema())
    assert validate_against(doc) == []


BROKEN_MANIFESTS = [
    ("title", 12),
    ("title", "ab"),
    ("method", "guess"),
    ("license", 5),
    ("positional_accuracy_m", 0),
    ("positional_accuracy_m", "5"),
    ("contributors", []),
    ("observation_period", {"start": "2024-01-01"}),
    ("unknown_member", "x"),
    ("format_version", "2.0"),
]


@pytest.mark.parametrize(("key", "value"), BROKEN_MANIFESTS)
def test_offline_validator_agrees_with_jsonschema(key, value):
    manifest = example_manifest()
    manifest[key] = value
    ours = validate_against(manifest, "manifest")
    reference = list(
        jsonschema.Draft202012Validator(
            {"$ref": "#/$defs/manifest", **{"$defs": pack_schema()["$defs"]}}
        ).iter_errors(manifest)
    )
    assert ours and reference
    assert any(p.field == key or (p.field or "").startswith(key) for p in ours)


def test_manifest_problems_name_the_field(tmp_path):
    def edit(m):
        m["license"] = "Proprietary-Thing"
        m["title"] = "<script>alert(1)</script> forest"
        m["description"] = "nice'; DROP TABLE plots; --"
        m["observation_period"] = {"start": "2030-01-01", "end": "2024-01-01"}
        m["nomenclature"]["classes"][1]["code"] = m["nomenclature"]["classes"][0]["code"]

    report = validate_pack(read_pack(build_pack(tmp_path / "p.gpkg", edit)), today=TODAY)
    fields = {(p.code, p.field) for p in report.errors}
    assert ("manifest.license", "manifest.license") in fields
    assert ("text.html", "manifest.title") in fields
    assert ("text.sql", "manifest.description") in fields
    assert ("manifest.date_range", "manifest.observation_period.start") in fields
    assert ("manifest.period_order", "manifest.observation_period") in fields
    assert ("manifest.duplicate_class", "manifest.nomenclature.classes[1].code") in fields


def test_plot_problems_name_plot_and_field(tmp_path):
    x, y = near_origin(0, 0)
    bowtie = wkt_wkb(f"POLYGON(({x} {y},{x + 100} {y + 100},{x + 100} {y},{x} {y + 100},{x} {y}))")
    outside = square_wkb(*near_origin(20_000, 0), 50)
    tiny = square_wkb(*near_origin(1500, 1500), 10)
    point = wkt_wkb(f"POINT({x} {y})")
    plots = with_plot_changes(
        {
            0: {"class_code": "unicorn_forest"},
            1: {"pct_deciduous": 140, "pct_evergreen": -40},
            2: {"pct_deciduous": 30, "pct_evergreen": 30},
            3: {"tree_height_class": "giant"},
            4: {"observed_on": "1850-01-01"},
            5: {"notes": "<b>bold</b>"},
            9: {"plot_id": "FTB-001"},
        },
        geometry={6: bowtie, 7: outside, 8: tiny},
    )
    plots.append(type(plots[0])({"plot_id": "PT", "class_code": "clearcut"}, point))
    report = validate_pack(read_pack(build_pack(tmp_path / "p.gpkg", plots=plots)), today=TODAY)
    found = codes(report)
    assert ("plot.class_unknown", "FTB-001") in found
    assert ("plot.descriptor_value", "FTB-002") in found
    assert ("plot.constraint", "FTB-003") in found
    assert ("plot.descriptor_value", "FTB-004") in found
    assert ("plot.date_range", "FTB-005") in found
    assert ("text.html", "FTB-006") in found
    assert ("geometry.invalid", "FTB-007") in found
    assert ("geometry.outside_area", "FTB-008") in found
    assert ("geometry.too_small", "FTB-009") in found
    assert ("plot.id_duplicate", "FTB-001") in found
    assert ("geometry.type", "PT") in found
    invalid = next(p for p in report.problems if p.code == "geometry.invalid")
    assert "self-intersecting" in invalid.message and invalid.field == "geometry"
    assert not report.ok


def test_overlaps_and_small_cores_are_warnings(tmp_path):
    a = square_wkb(*near_origin(0, 0), 40)
    b = square_wkb(*near_origin(30, 0), 40)  # overlaps a by 50 x 80 m
    thin = square_wkb(*near_origin(2000, 2000), 19)  # 38 m square: ok size, core 18 m
    plots = with_plot_changes({}, geometry={0: a, 1: b, 2: thin})
    report = validate_pack(read_pack(build_pack(tmp_path / "p.gpkg", plots=plots)), today=TODAY)
    assert report.ok
    overlap = [p for p in report.warnings if p.code == "geometry.overlap"]
    assert len(overlap) == 1
    assert re.search(r"by 40\d\d m²", overlap[0].message)  # 50 x 80 m in Lambert-93
    assert ("geometry.small_core", "FTB-003") in codes(report)
    quality = score_pack(report)
    assert quality.plots["FTB-003"].components.G == 0.0
    assert quality.plots["FTB-003"].score == 0.0


def test_missing_required_descriptor_lowers_completeness(tmp_path):
    plots = with_plot_changes({0: {"undergrowth_type": None, "tree_height_class": None}})
    report = validate_pack(read_pack(build_pack(tmp_path / "p.gpkg", plots=plots)), today=TODAY)
    assert report.ok
    assert ("plot.descriptor_missing", "FTB-001") in codes(report)
    quality = score_pack(report)
    assert quality.plots["FTB-001"].components.C == pytest.approx(2 / 4)
    assert quality.plots["FTB-002"].components.C == 1.0
    # Classes the forest descriptors do not apply to are complete without them.
    assert quality.plots["FTB-010"].components.C == 1.0


def test_unreadable_files_raise_pack_errors(tmp_path):
    with pytest.raises(PackError) as exc:
        read_pack_bytes(b"\x89PNG\r\n\x1a\n not a pack")
    assert exc.value.problems[0].code == "file.format"
    with pytest.raises(PackError) as exc:
        read_pack_bytes(b'{"type": "FeatureCollection", "features": []}')
    assert exc.value.problems[0].code == "file.no_manifest"
    with pytest.raises(PackError) as exc:
        read_pack_bytes(b'{"type": "FeatureCollection", "manifest": {}, "features": [')
    assert exc.value.problems[0].code == "file.json"
    # A real GeoPackage without the manifest, and one whose manifest row is gone.
    path = build_pack(tmp_path / "p.gpkg")
    con = sqlite3.connect(path)
    con.execute("DELETE FROM gpkg_metadata")
    con.commit()
    con.close()
    with pytest.raises(PackError) as exc:
        read_pack(path)
    assert exc.value.problems[0].code == "file.no_manifest"
    data = build_pack(tmp_path / "q.gpkg").read_bytes()
    with pytest.raises(PackError) as exc:
        read_pack_bytes(data[:4096] + b"\x00" * 4096)
    assert exc.value.problems[0].code in {"file.corrupt", "file.no_manifest"}


def test_gpkg_without_plots_layer_or_crs(tmp_path):
    path = build_pack(tmp_path / "p.gpkg")
    con = sqlite3.connect(path)
    con.execute("UPDATE gpkg_contents SET srs_id = 0 WHERE table_name = 'plots'")
    con.execute("UPDATE gpkg_geometry_columns SET srs_id = 0 WHERE table_name = 'plots'")
    con.commit()
    con.close()
    report = validate_pack(read_pack(path), today=TODAY)
    assert ("file.crs", None) in codes(report)
    assert not any(p.code.startswith("geometry.") for p in report.problems)
    con = sqlite3.connect(path)
    con.execute("ALTER TABLE plots RENAME TO parcels")
    con.execute(
        "UPDATE gpkg_contents SET table_name = 'parcels', identifier = 'parcels' WHERE table_name = 'plots'"
    )
    con.execute(
        "UPDATE gpkg_geometry_columns SET table_name = 'parcels' WHERE table_name = 'plots'"
    )
    con.commit()
    con.close()
    with pytest.raises(PackError) as exc:
        read_pack(path)
    assert exc.value.problems[0].code == "file.no_plots_layer"


def test_vertex_limit(tmp_path):
    import math

    cx, cy = near_origin(0, 0)
    ring = ",".join(
        f"{cx + 40 * math.cos(a / 5000 * 2 * math.pi)} {cy + 40 * math.sin(a / 5000 * 2 * math.pi)}"
        for a in range(5000)
    )
    wkb = wkt_wkb(f"POLYGON(({ring},{cx + 40} {cy}))")
    plots = with_plot_changes({}, geometry={0: wkb})
    from verite_core.pack import Limits
    from verite_core.pack.plot_geometry import GeometryLimits

    report = validate_pack(
        read_pack(build_pack(tmp_path / "p.gpkg", plots=plots)),
        Limits(geometry=GeometryLimits(max_vertices=1000)),
        today=TODAY,
    )
    assert ("geometry.too_many_vertices", "FTB-001") in codes(report)


def test_quality_formula_and_levels():
    full = Components(A=0.9, R=1.0, M=1.0, T=1.0, C=1.0, G=1.0)
    assert combine(full) == pytest.approx(100 * (0.35 * 0.9 + 0.20 + 0.15 * 3))
    no_r = Components(A=0.9, R=None, M=1.0, T=1.0, C=1.0, G=1.0)
    assert combine(no_r) == pytest.approx(100 * (0.35 * 0.9 + 0.45) / 0.80)
    coarse = Components(A=0.9, R=1.0, M=1.0, T=1.0, C=1.0, G=0.8)
    assert combine(coarse) == pytest.approx(0.8 * combine(full))
    assert [quality_level(s) for s in (80, 79.99, 65, 64.9, 50, 49.9)] == [
        "A",
        "B",
        "B",
        "C",
        "C",
        "D",
    ]
    assert reliability(0.9) == 0.9
    assert reliability(0.9, reviewed=10, confirmed=10) == pytest.approx(0.95)
    assert reliability(0.65, reviewed=30, confirmed=6) == pytest.approx((6.5 + 6) / 40)
    start, end = dt.date(2021, 4, 1), dt.date(2021, 9, 30)
    assert timeliness(dt.date(2021, 6, 1), start, end) == 1.0
    assert timeliness(dt.date(2022, 9, 30), start, end) == pytest.approx(1 - 365 / 1095)
    assert timeliness(dt.date(2010, 1, 1), start, end) == 0.0
    assert timeliness(dt.date(2021, 6, 1), None, None) == 0.5


def test_pack_quality_uses_method_expertise_and_accuracy(tmp_path):
    def edit(m):
        m["method"] = "sentinel2_interpretation"
        m["positional_accuracy_m"] = 20
        m["contributors"] = [{"name": "V", "expertise": "volunteer"}]

    report = validate_pack(
        read_pack(
            build_pack(
                tmp_path / "p.gpkg",
                edit,
                plots=with_plot_changes({i: {"collector": None} for i in range(10)}),
            )
        ),
        today=TODAY,
    )
    q = score_pack(report)
    c = q.plots["FTB-001"].components
    assert (c.A, c.M, c.G, c.R) == (0.65, 0.55, 0.8, None)
    assert q.score == pytest.approx(combine(c))
    assert q.level == quality_level(q.score) == "C"  # 100*0.8*(0.2275+0.0825+0.3)/0.8 = 61
    assert q.to_dict()["reference_available"] is False
    expert = validate_pack(read_pack(build_pack(tmp_path / "e.gpkg")), today=TODAY)
    by_collector = score_pack(expert).plots
    assert by_collector["FTB-001"].components.A == 0.90  # Camille Martin, expert
    assert by_collector["FTB-002"].components.A == 0.80  # Louis Bernard, student


def test_example_plots_are_inside_the_area():
    manifest = example_manifest()
    assert manifest["nomenclature"]["eagle_version"] == "3.1.2"
    assert len(example_plots()) == 10


def test_inside_area_pre_test_agrees_with_geos_on_a_concave_area_with_a_hole():
    """The cell pre-test of containment must never call a plot inside when GEOS says it
    is not: random plots all over a concave area with a hole, both answers compared."""
    import random

    from osgeo import ogr

    from verite_core.pack.plot_geometry import GeometryLimits, PlotGeometryChecker

    area = ogr.CreateGeometryFromWkt(
        "POLYGON ((2.60 48.40, 2.70 48.40, 2.70 48.46, 2.66 48.43, 2.62 48.46, 2.60 48.46, "
        "2.60 48.40), (2.63 48.41, 2.65 48.41, 2.65 48.42, 2.63 48.42, 2.63 48.41))"
    )
    checker = PlotGeometryChecker("EPSG:4326", area, GeometryLimits())
    rng = random.Random(7)
    outcomes = {True: 0, False: 0}
    for k in range(1500):
        lon, lat = rng.uniform(2.595, 2.705), rng.uniform(48.395, 48.465)
        half = rng.choice([0.0002, 0.0005, 0.002, 0.01])
        wkt = (f"POLYGON (({lon - half} {lat - half}, {lon + half} {lat - half}, "
               f"{lon + half} {lat + half}, {lon - half} {lat + half}, {lon - half} {lat - half}))")  # fmt: skip
        shape, problems = checker.check(ogr.CreateGeometryFromWkt(wkt).ExportToIsoWkb(), f"p{k}")
        assert shape is not None
        flagged = any(p.code == "geometry.outside_area" for p in problems)
        inside = checker.area_metric.Contains(shape.metric)
        assert flagged is not inside, (k, wkt)
        outcomes[inside] += 1
    assert min(outcomes.values()) > 200  # both cases well exercised
    assert checker._inside.cells  # the pre-test did run
