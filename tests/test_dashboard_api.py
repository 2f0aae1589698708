"""Dashboard API, CLI, tiles and STAC items, on SpatiaLite and PostGIS.

The data are built here: three class rasters on one EPSG:3035 10 m grid (CLC+ 2018 and
2021, a binary prediction for 2024; tiled COGs with overviews) and a GeoPackage of three
"communes" in EPSG:3035 whose areas are known in pixels, so that sealed, valid, gained
and lost areas can be counted by hand (one pixel = 100 m²). The grid covers the example
pack's area (Fontainebleau), so packs can be analysed too.

Pixel layout (row, col ranges are half-open; value 1 = sealed):
- A (rows 0-100, cols 0-100): sealed in every year (stable).
- B (rows 0-100, cols 100-150): class 5 in 2018, sealed in 2021 (gained).
- C (rows 100-150, cols 0-50): sealed in 2018, class 6 in 2021 (lost).
- rows 200-220 = 254, rows 220-225 = 253, rows 225-230 = 255 (cols 0-200): not data.
- rows 250-260, cols 0-200: sealed in both; rows 260-270, cols 0-100: gained in 2021.
- D (rows 0-50, cols 200-250): sealed in both; E (rows 100-120, cols 300-350): gained.
- col 399 (the last), rows 0-150: sealed in both.
Everything else: classes 2..11 (never 1).
"""

from __future__ import annotations

import csv
import io
import json
import math
import uuid
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal, ogr, osr
from packfactory import build_pack

from server.dashboard.rasters import CLCPLUS_CAVEAT, PREDICTION_CAVEAT
from server.dashboard.tiles import ORIGIN
from verite_core.analytics import change_by_zone, sealed_shares
from verite_core.analytics.change import CODES, GAINED, LOST, STABLE_SEALED
from verite_core.pack.demo import example_manifest

PROBLEM = "application/problem+json"
SIZE = 800  # pixels per side of the test rasters
PIXEL_M2 = 100.0
EPSG_3035 = "EPSG:3035"


def _srs(text: str) -> osr.SpatialReference:
    srs = osr.SpatialReference()
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    srs.SetFromUserInput(text)
    return srs


def _grid_origin() -> tuple[float, float]:
    """Top-left corner (EPSG:3035) of a grid that covers the example pack's area."""
    area = ogr.CreateGeometryFromJson(json.dumps(example_manifest()["area"]))
    area.Transform(osr.CoordinateTransformation(_srs("EPSG:4326"), _srs(EPSG_3035)))
    min_x, _max_x, _min_y, max_y = area.GetEnvelope()
    return math.floor((min_x - 1500) / 10) * 10, math.ceil((max_y + 1500) / 10) * 10


X0, Y0 = _grid_origin()


def pixel_box(r0: float, c0: float, r1: float, c1: float) -> ogr.Geometry:
    """A rectangle in EPSG:3035 from pixel rows/columns of the test grid."""
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for r, c in ((r0, c0), (r0, c1), (r1, c1), (r1, c0), (r0, c0)):
        ring.AddPoint_2D(X0 + 10 * c, Y0 - 10 * r)
    poly = ogr.Geometry(ogr.wkbPolygon)
    poly.AddGeometry(ring)
    return poly


def to_lonlat(geom: ogr.Geometry) -> ogr.Geometry:
    geom = geom.Clone()
    geom.Transform(osr.CoordinateTransformation(_srs(EPSG_3035), _srs("EPSG:4326")))
    return geom


def lonlat_json(geom: ogr.Geometry) -> dict:
    return json.loads(to_lonlat(geom).ExportToJson(["COORDINATE_PRECISION=12"]))


# Communes: A = rows 0-150 x cols 0-150; B = rows 150-300 x cols 0-200; C = rows -10-150 x
# cols 150-399.5 (10 rows above the raster, half of the last column).
COMMUNES = {
    "77001": ("Alpha", (0, 0, 150, 150)),
    "77002": ("Bravo", (150, 0, 300, 200)),
    "77003": ("Charlie", (-10, 150, 150, 399.5)),
}
# Hand counts, in pixels: (2018 sealed, 2021 sealed, valid, zone, gained, lost, stable).
EXPECTED = {
    "77001": (12_500, 15_000, 22_500, 22_500, 5_000, 2_500, 10_000),
    "77002": (2_000, 3_000, 24_000, 30_000, 1_000, 0, 2_000),
    "77003": (2_575, 3_575, 37_425, 39_920, 1_000, 0, 2_575),
}


def _classes_2018() -> np.ndarray:
    rows, cols = np.indices((SIZE, SIZE))
    data = ((rows + cols) % 10 + 2).astype(np.uint8)  # classes 2..11
    data[0:100, 0:100] = 1
    data[0:100, 100:150] = 5
    data[100:150, 0:50] = 1
    data[200:220, 0:200] = 254
    data[220:225, 0:200] = 253
    data[225:230, 0:200] = 255
    data[250:260, 0:200] = 1
    data[0:50, 200:250] = 1
    data[0:150, 399] = 1
    return data


def _classes_2021() -> np.ndarray:
    data = _classes_2018()
    data[0:100, 100:150] = 1
    data[100:150, 0:50] = 6
    data[260:270, 0:100] = 1
    data[100:120, 300:350] = 1
    return data


def _prediction_2024() -> np.ndarray:
    data = (_classes_2021() == 1).astype(np.uint8)
    data[300:320, 0:300] = 1
    data[0:20, 0:20] = 0
    data[_classes_2021() >= 253] = 255
    return data


def write_cog(path: Path, data: np.ndarray, nodata: int | None = None) -> Path:
    mem = gdal.GetDriverByName("MEM").Create("", SIZE, SIZE, 1, gdal.GDT_Byte)
    mem.SetGeoTransform((X0, 10.0, 0.0, Y0, 0.0, -10.0))
    mem.SetProjection(_srs(EPSG_3035).ExportToWkt())
    mem.GetRasterBand(1).WriteArray(data)
    if nodata is not None:
        mem.GetRasterBand(1).SetNoDataValue(nodata)
    gdal.Translate(
        str(path),
        mem,
        format="COG",
        creationOptions=["BLOCKSIZE=256", "COMPRESS=DEFLATE", "OVERVIEW_RESAMPLING=NEAREST"],
    )
    return path


def write_communes(path: Path, crs: str = EPSG_3035) -> Path:
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    layer = ds.CreateLayer("communes", _srs(crs), ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("INSEE_COM", ogr.OFTString))
    layer.CreateField(ogr.FieldDefn("NOM", ogr.OFTString))
    for code, (name, box) in COMMUNES.items():
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("INSEE_COM", code)
        feature.SetField("NOM", name)
        feature.SetGeometry(pixel_box(*box))
        layer.CreateFeature(feature)
    ds = None
    return path


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dashboard-data")
    write_cog(folder / "clcplus_2018.tif", _classes_2018())
    write_cog(folder / "clcplus_2021.tif", _classes_2021())
    write_cog(folder / "prediction_2024.tif", _prediction_2024(), nodata=255)
    write_communes(folder / "communes.gpkg")
    return folder


def cli_ok(runner, *args: str) -> str:
    result = runner.invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def dash(client, runner, data_dir) -> dict[str, int]:
    """The three rasters and the communes registered (with precomputed numbers); name → id."""
    d = data_dir
    cli_ok(runner, "rasters", "add", str(d / "clcplus_2018.tif"), "--name", "clcplus-2018",
           "--year", "2018", "--kind", "clcplus")  # fmt: skip
    cli_ok(runner, "rasters", "add", str(d / "clcplus_2021.tif"), "--name", "clcplus-2021",
           "--year", "2021", "--kind", "clcplus", "--no-precompute")  # fmt: skip
    cli_ok(runner, "boundaries", "add", str(d / "communes.gpkg"), "--name", "communes",
           "--id-field", "INSEE_COM", "--name-field", "NOM", "--precompute")  # fmt: skip
    # Added after the layer: precomputed for it at once.
    out = cli_ok(runner, "rasters", "add", str(d / "prediction_2024.tif"), "--name",
                 "segformer-2024", "--year", "2024", "--kind", "prediction", "--model",
                 "vt-segformer-b0", "--ignore-values", "")  # fmt: skip
    assert "communes: 1 raster(s), 2 pair(s)" in out
    items = client.get("/api/v1/dashboard/rasters").json["items"]
    return {r["name"]: r["id"] for r in items}


def analyze(client, body: dict, suffix: str = ""):
    return client.post(f"/api/v1/dashboard/analyze{suffix}", json=body)


def problem(resp, status: int, code: str) -> dict:
    assert resp.status_code == status, resp.data[:500]
    assert resp.mimetype == PROBLEM
    body = resp.get_json(force=True)
    assert body["status"] == status and body["code"] == code, body
    return body


def stored_zone(app, unit_id: str) -> bytes:
    """The WKB (EPSG:4326) of a unit as stored in the database."""
    import sqlalchemy as sa

    from server.dashboard.models import BoundaryUnit
    from server.extensions import db
    from server.spatial import wkb_of

    with app.app_context():
        geom = db.session.scalar(
            sa.select(BoundaryUnit.geom).where(BoundaryUnit.unit_id == unit_id)
        )
        return wkb_of(geom)


# --------------------------------------------------------------------------- listings / CLI


def test_rasters_and_boundaries_are_listed(client, dash, runner, data_dir):
    items = client.get("/api/v1/dashboard/rasters").json["items"]
    assert [(r["name"], r["year"], r["kind"]) for r in items] == [
        ("clcplus-2018", 2018, "clcplus"),
        ("clcplus-2021", 2021, "clcplus"),
        ("segformer-2024", 2024, "prediction"),
    ]
    assert items[0]["caveat"] == CLCPLUS_CAVEAT
    assert items[2]["caveat"] == f"{PREDICTION_CAVEAT} (model: vt-segformer-b0)"
    west, south, east, north = items[0]["bounds_wgs84"]
    assert 2.4 < west < east < 3.0 and 48.2 < south < north < 48.6
    assert items[0]["crs"] == EPSG_3035

    layers = client.get("/api/v1/dashboard/boundaries").json["items"]
    assert len(layers) == 1 and layers[0]["name"] == "communes"
    assert layers[0]["unit_count"] == 3 and layers[0]["id_field"] == "INSEE_COM"
    assert layers[0]["precomputed_rasters"] == sorted(dash.values())

    listed = cli_ok(runner, "rasters", "list")
    assert "clcplus-2021\t2021\tclcplus" in listed
    assert "communes\t3\tINSEE_COM\tNOM" in cli_ok(runner, "boundaries", "list")
    # Already complete: nothing recomputed unless forced.
    assert "0 raster(s), 0 pair(s)" in cli_ok(runner, "boundaries", "precompute", "communes")
    assert "3 raster(s), 3 pair(s)" in cli_ok(
        runner, "boundaries", "precompute", "communes", "--force"
    )


def test_cli_refuses_bad_input(runner, dash, data_dir, tmp_path):
    d = data_dir

    def fails(*args: str) -> str:
        result = runner.invoke(args=list(args))
        assert result.exit_code != 0
        return result.output

    assert "exists already" in fails(
        "rasters", "add", str(d / "clcplus_2018.tif"), "--name", "clcplus-2018", "--year", "2018",
        "--kind", "clcplus",
    )  # fmt: skip
    text = tmp_path / "not-a-raster.tif"
    text.write_text("hello")
    assert "not a raster" in fails(
        "rasters", "add", str(text), "--name", "x", "--year", "2020", "--kind", "clcplus"
    )
    assert "both sealed and ignored" in fails(
        "rasters", "add", str(d / "clcplus_2018.tif"), "--name", "y", "--year", "2020",
        "--kind", "clcplus", "--sealed-values", "1,254",
    )  # fmt: skip
    assert "Invalid value" in fails(
        "rasters", "add", str(d / "clcplus_2018.tif"), "--name", "z", "--year", "2020",
        "--kind", "landsat",
    )  # fmt: skip
    assert "no field 'CODE'" in fails("boundaries", "add", str(d / "communes.gpkg"), "--name",
                                      "other", "--id-field", "CODE")  # fmt: skip
    assert "exists already" in fails("boundaries", "add", str(d / "communes.gpkg"), "--name",
                                     "communes", "--id-field", "INSEE_COM")  # fmt: skip
    assert "no boundary layer" in fails("boundaries", "precompute", "nowhere")


def test_units_search_bbox_and_limit(client, dash):
    url = "/api/v1/dashboard/boundaries/communes/units"
    every = client.get(url).json
    assert every["type"] == "FeatureCollection" and every["truncated"] is False
    assert [f["id"] for f in every["features"]] == ["77001", "77002", "77003"]
    first = every["features"][0]
    assert first["properties"]["name"] == "Alpha"
    assert first["properties"]["area_m2"] == pytest.approx(22_500 * PIXEL_M2, rel=1e-3)
    assert first["geometry"]["type"] == "Polygon"

    assert [f["id"] for f in client.get(f"{url}?q=rav").json["features"]] == ["77002"]
    assert [f["id"] for f in client.get(f"{url}?q=77003").json["features"]] == ["77003"]
    assert client.get(f"{url}?q=100%25").json["features"] == []  # % is literal
    limited = client.get(f"{url}?limit=2").json
    assert len(limited["features"]) == 2 and limited["truncated"] is True

    # bbox around commune Bravo's lower half only.
    lon0, lat0, lon1, lat1 = _lonlat_bounds(pixel_box(260, 10, 290, 190))
    found = client.get(f"{url}?bbox={lon0},{lat0},{lon1},{lat1}").json["features"]
    assert [f["id"] for f in found] == ["77002"]

    problem(client.get("/api/v1/dashboard/boundaries/nowhere/units"), 404, "boundary-not-found")
    problem(client.get(f"{url}?bbox=1,2,3"), 400, "invalid-parameter")
    problem(client.get(f"{url}?limit=0"), 400, "invalid-parameter")
    problem(client.get(f"{url}?limit=abc"), 400, "invalid-parameter")


def _lonlat_bounds(geom: ogr.Geometry) -> tuple[float, float, float, float]:
    min_x, max_x, min_y, max_y = to_lonlat(geom).GetEnvelope()
    return min_x, min_y, max_x, max_y


# --------------------------------------------------------------------------- analysis


@pytest.mark.parametrize("unit", sorted(COMMUNES))
def test_boundary_unit_matches_hand_counts_and_analytics(client, app, dash, data_dir, unit):
    resp = analyze(client, {"boundary": "communes", "unit": unit})
    assert resp.status_code == 200, resp.json
    body = resp.json
    assert body["precomputed"] is True and body["computed_in_ms"] >= 0
    assert body["source"] == {
        "type": "boundary",
        "boundary": "communes",
        "unit": unit,
        "name": COMMUNES[unit][0],
        "bbox": body["source"]["bbox"],
    }
    s18, s21, valid, zone, gained, lost, stable = EXPECTED[unit]
    y18, y21, y24 = body["years"]
    assert (y18["name"], y21["name"], y24["name"]) == ("clcplus-2018", "clcplus-2021",
                                                       "segformer-2024")  # fmt: skip
    # Units are stored in lon/lat: the EPSG:3035 → 4326 → 3035 round trip moves vertices
    # by a fraction of a millimetre, hence a tolerance of 1 m² (1/100 pixel).
    approx = lambda px: pytest.approx(px * PIXEL_M2, abs=1.0)  # noqa: E731
    assert y18["sealed_m2"] == approx(s18) and y21["sealed_m2"] == approx(s21)
    assert y18["valid_m2"] == approx(valid) and y18["zone_m2"] == approx(zone)
    assert y18["sealed_share"] == pytest.approx(s18 / valid, rel=1e-6)
    assert y18["valid_share"] == pytest.approx(valid / zone, rel=1e-6)
    assert y18["caveat"] == CLCPLUS_CAVEAT and y24["kind"] == "prediction"
    assert y24["model_name"] == "vt-segformer-b0"

    pairs = [(c["from_year"], c["to_year"]) for c in body["changes"]]
    assert pairs == [(2018, 2021), (2021, 2024), (2018, 2024)]
    change = body["changes"][0]
    assert (change["from"], change["to"]) == (dash["clcplus-2018"], dash["clcplus-2021"])
    assert change["gained_m2"] == approx(gained) and change["lost_m2"] == approx(lost)
    assert change["stable_sealed_m2"] == approx(stable)
    assert change["net_m2"] == approx(gained - lost)
    assert CLCPLUS_CAVEAT in change["caveat"]
    mixed = body["changes"][1]
    assert PREDICTION_CAVEAT in mixed["caveat"] and "model prediction" in mixed["caveat"]

    # Precomputed: the very numbers of verite_core.analytics run over the stored layer.
    zones = [(u, stored_zone(app, u)) for u in sorted(COMMUNES)]
    index = sorted(COMMUNES).index(unit)
    paths = {n: str(data_dir / f) for n, f in (("2018", "clcplus_2018.tif"),
             ("2021", "clcplus_2021.tif"), ("2024", "prediction_2024.tif"))}  # fmt: skip
    direct = sealed_shares(paths["2018"], zones, "EPSG:4326")[index]
    assert (y18["sealed_m2"], y18["valid_m2"], y18["zone_m2"], y18["sealed_share"]) == (
        direct.sealed_m2, direct.valid_m2, direct.zone_m2, direct.sealed_share)  # fmt: skip
    direct24 = sealed_shares(paths["2024"], zones, "EPSG:4326", ignore_values=())[index]
    assert y24["sealed_m2"] == direct24.sealed_m2 and y24["valid_m2"] == direct24.valid_m2
    dc = change_by_zone(paths["2018"], paths["2021"], zones, "EPSG:4326")[index]
    assert (change["gained_m2"], change["lost_m2"], change["net_m2"], change["valid_m2"]) == (
        dc.gained_m2, dc.lost_m2, dc.net_m2, dc.valid_m2)  # fmt: skip

    # On the fly: analytics on this one zone, exactly; the same as precomputed up to the
    # order of floating-point sums (zones are batched differently).
    fresh = analyze(client, {"boundary": "communes", "unit": unit, "use_precomputed": False}).json
    assert fresh["precomputed"] is False
    (alone,) = change_by_zone(paths["2018"], paths["2021"], [zones[index]], "EPSG:4326")
    assert fresh["changes"][0]["gained_m2"] == alone.gained_m2
    assert fresh["changes"][0]["lost_m2"] == alone.lost_m2
    for now, stored in zip(fresh["years"] + fresh["changes"], body["years"] + body["changes"],
                           strict=True):  # fmt: skip
        assert now == {k: pytest.approx(v, rel=1e-12) if isinstance(v, float) else v
                       for k, v in stored.items()}  # fmt: skip


def test_drawn_area_is_computed_on_the_fly(client, dash):
    geometry = lonlat_json(pixel_box(*COMMUNES["77001"][1]))
    body = analyze(client, {"geometry": geometry}).json
    assert body["precomputed"] is False and body["source"]["type"] == "geometry"
    assert body["area_m2"] == pytest.approx(22_500 * PIXEL_M2, rel=1e-3)
    unit = analyze(client, {"boundary": "communes", "unit": "77001"}).json
    for mine, stored in zip(body["years"] + body["changes"], unit["years"] + unit["changes"],
                            strict=True):  # fmt: skip
        for key, value in stored.items():
            if key.endswith("_m2") or key.endswith("_share"):
                assert mine[key] == pytest.approx(value, rel=1e-9, abs=1e-6), key

    # A Feature and a FeatureCollection are accepted too; only some rasters; explicit pairs.
    feature = {"type": "Feature", "properties": {}, "geometry": geometry}
    chosen = [dash["clcplus-2018"], dash["segformer-2024"]]
    two = analyze(client, {"geometry": feature, "rasters": chosen}).json
    assert [y["raster_id"] for y in two["years"]] == chosen
    assert [(c["from"], c["to"]) for c in two["changes"]] == [tuple(chosen)]
    collection = {"type": "FeatureCollection", "features": [feature]}
    back = analyze(client, {"geometry": collection, "pairs": [chosen[::-1]]}).json
    assert len(back["years"]) == 3
    assert [(c["from"], c["to"]) for c in back["changes"]] == [tuple(chosen[::-1])]
    assert back["changes"][0]["net_m2"] == pytest.approx(-two["changes"][0]["net_m2"], abs=0.5)


def test_half_pixels_and_area_outside_the_raster(client, dash):
    # Half of one column, and rows above the raster: exact fractions, zone > valid.
    geometry = lonlat_json(pixel_box(-20, 390.5, 10, 399.5))
    body = analyze(client, {"geometry": geometry, "rasters": [dash["clcplus-2018"]]}).json
    (year,) = body["years"]
    assert year["zone_m2"] == pytest.approx(30 * 9 * PIXEL_M2, abs=0.1)
    assert year["valid_m2"] == pytest.approx(10 * 9 * PIXEL_M2, abs=0.1)
    assert year["sealed_m2"] == pytest.approx(10 * 0.5 * PIXEL_M2, abs=0.1)

    far = {"type": "Polygon", "coordinates": [[[10, 10], [10.01, 10], [10.01, 10.01], [10, 10]]]}
    (nothing,) = analyze(client, {"geometry": far, "rasters": [dash["clcplus-2018"]]}).json["years"]
    assert nothing["valid_m2"] == 0 and nothing["sealed_share"] is None


def test_pack_area(client, auth, dash, app, data_dir, tmp_path):
    headers = auth.headers("camille", expertise="expert", verified=True)
    path = build_pack(tmp_path / "pack.gpkg")
    resp = client.post(
        "/api/v1/packs",
        data={"file": (io.BytesIO(path.read_bytes()), "pack.gpkg")},
        headers=headers,
        content_type="multipart/form-data",
    )
    pid = resp.json["id"]
    body = analyze(client, {"pack": pid}).json
    assert body["source"]["type"] == "pack" and body["source"]["pack"] == pid
    assert body["source"]["version"] == 1 and body["precomputed"] is False
    assert body["area_m2"] == pytest.approx(5200**2, rel=2e-3)
    area = ogr.CreateGeometryFromJson(json.dumps(example_manifest()["area"]))
    (direct,) = sealed_shares(
        str(data_dir / "clcplus_2018.tif"), [("p", area.ExportToIsoWkb())], "EPSG:4326"
    )
    assert body["years"][0]["sealed_m2"] == pytest.approx(direct.sealed_m2, rel=1e-6)
    assert 0.99 < body["years"][0]["valid_share"] < 1  # a corner holds ignored values
    problem(analyze(client, {"pack": pid, "version": 7}), 404, "version-not-found")
    problem(analyze(client, {"pack": str(uuid.uuid4())}), 404, "pack-not-found")


def test_csv_and_geojson_exports(client, dash):
    body = {"boundary": "communes", "unit": "77001"}
    numbers = analyze(client, body).json
    resp = analyze(client, body, ".csv")
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    assert "attachment" in resp.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(resp.data.decode())))
    years = [r for r in rows if r["row"] == "year"]
    changes = [r for r in rows if r["row"] == "change"]
    assert [(r["raster_name"], r["year"]) for r in years] == [
        ("clcplus-2018", "2018"), ("clcplus-2021", "2021"), ("segformer-2024", "2024"),
    ]  # fmt: skip
    assert float(years[0]["sealed_m2"]) == numbers["years"][0]["sealed_m2"]
    assert float(years[1]["sealed_share"]) == numbers["years"][1]["sealed_share"]
    assert years[0]["caveat"] == CLCPLUS_CAVEAT and "vt-segformer-b0" in years[2]["caveat"]
    assert (changes[0]["from_raster"], changes[0]["to_raster"]) == ("clcplus-2018",
                                                                    "clcplus-2021")  # fmt: skip
    assert float(changes[0]["gained_m2"]) == numbers["changes"][0]["gained_m2"]
    assert changes[0]["caveat"] and all(r["source"] == "communes 77001 Alpha" for r in rows)

    resp = analyze(client, body, ".geojson")
    assert resp.status_code == 200 and resp.mimetype == "application/geo+json"
    doc = json.loads(resp.data)
    (feature,) = doc["features"]
    props = feature["properties"]
    assert feature["geometry"]["type"] == "Polygon"
    assert props["clcplus-2018_sealed_m2"] == numbers["years"][0]["sealed_m2"]
    assert props["clcplus-2018_to_clcplus-2021_net_m2"] == numbers["changes"][0]["net_m2"]
    assert CLCPLUS_CAVEAT in props["caveats"] and props["years"] == numbers["years"]
    problem(analyze(client, {}, ".csv"), 400, "area-required")


def test_analyze_problems(client, dash, make_app):
    square = lonlat_json(pixel_box(0, 0, 10, 10))
    bowtie = {"type": "Polygon", "coordinates": [[[2.6, 48.4], [2.61, 48.41], [2.61, 48.4],
                                                   [2.6, 48.41], [2.6, 48.4]]]}  # fmt: skip
    projected = {"type": "Polygon", "coordinates": [[[X0, Y0], [X0 + 100, Y0], [X0 + 100, Y0 - 100],
                                                      [X0, Y0]]]}  # fmt: skip
    post = client.post
    problem(post("/api/v1/dashboard/analyze", data="x", content_type="text/plain"), 415,
            "json-required")  # fmt: skip
    problem(post("/api/v1/dashboard/analyze", data="{", content_type="application/json"), 400,
            "malformed-json")  # fmt: skip
    problem(post("/api/v1/dashboard/analyze", json=[1]), 400, "json-object-required")
    problem(analyze(client, {}), 400, "area-required")
    problem(analyze(client, {"geometry": square, "pack": "x"}), 400, "area-required")
    problem(analyze(client, {"geometry": "POLYGON"}), 400, "invalid-geometry-json")
    problem(analyze(client, {"geometry": {"type": "Polygon", "coordinates": "x"}}), 400,
            "invalid-geometry-json")  # fmt: skip
    point = {"type": "Point", "coordinates": [2.6, 48.4]}
    problem(analyze(client, {"geometry": {"type": "Feature", "geometry": point}}), 422,
            "validation-failed")  # fmt: skip
    body = problem(analyze(client, {"geometry": bowtie}), 422, "validation-failed")
    assert body["problems"][0]["code"] == "invalid-geometry"
    body = problem(analyze(client, {"geometry": projected}), 422, "validation-failed")
    assert body["problems"][0]["code"] == "coordinates-not-lonlat"
    problem(analyze(client, {"pack": 12}), 400, "invalid-parameter")
    problem(analyze(client, {"boundary": "communes"}), 400, "invalid-parameter")
    problem(analyze(client, {"boundary": "nowhere", "unit": "1"}), 404, "boundary-not-found")
    problem(analyze(client, {"boundary": "communes", "unit": "99999"}), 404, "unit-not-found")
    problem(analyze(client, {"geometry": square, "rasters": []}), 400, "invalid-parameter")
    problem(analyze(client, {"geometry": square, "rasters": ["a"]}), 400, "invalid-parameter")
    problem(analyze(client, {"geometry": square, "rasters": [999]}), 404, "raster-not-found")
    problem(analyze(client, {"geometry": square, "pairs": [[1]]}), 400, "invalid-parameter")
    problem(analyze(client, {"geometry": square, "pairs": [[1, 1]]}), 400, "invalid-parameter")
    problem(analyze(client, {"geometry": square, "rasters": [dash["clcplus-2018"]],
                             "pairs": [[dash["clcplus-2018"], dash["clcplus-2021"]]]}),
            400, "invalid-parameter")  # fmt: skip
    problem(analyze(client, {"geometry": square, "use_precomputed": "no"}), 400,
            "invalid-parameter")  # fmt: skip

    small = make_app(DASHBOARD_MAX_AREA_KM2=0.5).test_client()
    big = lonlat_json(pixel_box(0, 0, 100, 100))  # 1 km²
    body = problem(analyze(small, {"geometry": big}), 422, "validation-failed")
    assert body["problems"][0]["code"] == "area-too-large" and "1 km²" in body["detail"]
    few = make_app(DASHBOARD_MAX_VERTICES=4).test_client()
    body = problem(analyze(few, {"geometry": square}), 422, "validation-failed")
    assert body["problems"][0]["code"] == "too-many-vertices"


def test_missing_raster_file_is_a_503(client, dash, data_dir, tmp_path, runner):
    moved = tmp_path / "gone.tif"
    moved.write_bytes((data_dir / "clcplus_2018.tif").read_bytes())
    cli_ok(runner, "rasters", "add", str(moved), "--name", "gone", "--year", "2019", "--kind",
           "clcplus", "--no-precompute")  # fmt: skip
    moved.unlink()
    rid = {r["name"]: r["id"] for r in client.get("/api/v1/dashboard/rasters").json["items"]}
    square = lonlat_json(pixel_box(0, 0, 10, 10))
    body = problem(analyze(client, {"geometry": square, "rasters": [rid["gone"]]}), 503,
                   "raster-unavailable")  # fmt: skip
    assert "gone" in body["detail"]
    x, y, _col, _row = tile_of(*centre_lonlat(0, 0, 100, 100), 15)
    problem(client.get(f"/api/v1/dashboard/tiles/{rid['gone']}/15/{x}/{y}.png"), 503,
            "raster-unavailable")  # fmt: skip


# --------------------------------------------------------------------------- upload-area


def _upload(client, data: bytes, name: str):
    return client.post(
        "/api/v1/dashboard/upload-area",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_upload_area_geojson_and_geopackage(client, dash, data_dir, tmp_path):
    square = lonlat_json(pixel_box(0, 0, 100, 100))
    doc = json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": square}]}).encode()  # fmt: skip
    body = _upload(client, doc, "area.geojson").json
    assert body["geometry"]["type"] == "Polygon"
    assert body["area_m2"] == pytest.approx(1e6, rel=1e-3) and body["vertices"] == 5
    bare = _upload(client, json.dumps(square).encode(), "a.json").json
    assert bare["area_m2"] == pytest.approx(body["area_m2"])

    # GeoPackage in EPSG:3035, three communes: the union of its polygons, in lon/lat.
    gpkg = _upload(client, (data_dir / "communes.gpkg").read_bytes(), "communes.gpkg").json
    expected = sum(EXPECTED[u][3] for u in COMMUNES) * PIXEL_M2
    assert gpkg["area_m2"] == pytest.approx(expected, rel=1e-3)
    west, south, east, north = gpkg["bbox"]
    assert 2 < west < east < 3.5 and 48 < south < north < 49
    # The uploaded area analyses like the units it is made of.
    total = analyze(client, {"geometry": gpkg["geometry"], "rasters": [dash["clcplus-2018"]]})
    sealed = sum(EXPECTED[u][0] for u in COMMUNES) * PIXEL_M2
    assert total.json["years"][0]["sealed_m2"] == pytest.approx(sealed, abs=5.0)

    # A GeoJSON with an old-style "crs" member is reprojected.
    projected = json.loads(pixel_box(0, 0, 100, 100).ExportToJson())
    old = {"type": "FeatureCollection",
           "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3035"}},
           "features": [{"type": "Feature", "properties": {}, "geometry": projected}]}  # fmt: skip
    assert _upload(client, json.dumps(old).encode(), "old.geojson").json["area_m2"] == (
        pytest.approx(1e6, rel=1e-3)
    )


def test_upload_area_problems(client, dash, tmp_path):
    problem(client.post("/api/v1/dashboard/upload-area", json={}), 415, "multipart-required")
    problem(
        client.post("/api/v1/dashboard/upload-area", data={}, content_type="multipart/form-data"),
        400,
        "file-missing",
    )
    problem(_upload(client, b"", "a.geojson"), 400, "file-empty")
    problem(_upload(client, b"\x00\x01garbage", "a.bin"), 400, "unsupported-area-file")
    points = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [2, 48]}}
    ]}  # fmt: skip
    body = problem(_upload(client, json.dumps(points).encode(), "p.geojson"), 422,
                   "validation-failed")  # fmt: skip
    assert body["problems"][0]["code"] == "not-a-polygon"
    empty = {"type": "FeatureCollection", "features": []}
    problem(_upload(client, json.dumps(empty).encode(), "e.geojson"), 422, "validation-failed")

    path = tmp_path / "points.gpkg"
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    layer = ds.CreateLayer("pts", _srs("EPSG:4326"), ogr.wkbPoint)
    feature = ogr.Feature(layer.GetLayerDefn())
    feature.SetGeometry(ogr.CreateGeometryFromWkt("POINT (2 48)"))
    layer.CreateFeature(feature)
    ds = None
    body = problem(_upload(client, path.read_bytes(), "points.gpkg"), 422, "validation-failed")
    assert body["problems"][0]["code"] == "no-polygon-layer"
    corrupt = b"SQLite format 3\x00" + b"\x00" * 200
    problem(_upload(client, corrupt, "bad.gpkg"), 400, "unsupported-area-file")


# --------------------------------------------------------------------------- tiles


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int, int, int]:
    """XYZ tile (x, y) of a point and the point's pixel (column, row) in that tile."""
    n = 2**z
    fx = (lon + 180) / 360 * n
    fy = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n
    return int(fx), int(fy), int((fx % 1) * 256), int((fy % 1) * 256)


def decode_png(data: bytes) -> np.ndarray:
    path = f"/vsimem/test-{uuid.uuid4().hex}.png"
    gdal.FileFromMemBuffer(path, data)
    try:
        ds = gdal.Open(path)
        assert ds.GetDriver().ShortName == "PNG"
        assert (ds.RasterXSize, ds.RasterYSize, ds.RasterCount) == (256, 256, 4)
        return ds.ReadAsArray()
    finally:
        gdal.Unlink(path)


def centre_lonlat(r0: float, c0: float, r1: float, c1: float) -> tuple[float, float]:
    point = ogr.Geometry(ogr.wkbPoint)
    point.AddPoint_2D(X0 + 10 * (c0 + c1) / 2, Y0 - 10 * (r0 + r1) / 2)
    point = to_lonlat(point)
    return point.GetX(), point.GetY()


def test_sealed_tiles(client, dash):
    z = 15
    rid = dash["clcplus-2018"]
    lon, lat = centre_lonlat(0, 0, 100, 100)  # block A: sealed
    x, y, col, row = tile_of(lon, lat, z)
    resp = client.get(f"/api/v1/dashboard/tiles/{rid}/{z}/{x}/{y}.png")
    assert resp.status_code == 200 and resp.mimetype == "image/png"
    assert "public" in resp.headers["Cache-Control"] and "max-age=" in resp.headers["Cache-Control"]
    rgba = decode_png(resp.data)
    assert rgba[3, row, col] > 0 and tuple(rgba[:3, row, col]) == (200, 30, 45)

    # Commune Bravo's middle (classes 2..11, never sealed): transparent.
    lon, lat = centre_lonlat(160, 110, 190, 190)
    x2, y2, col2, row2 = tile_of(lon, lat, z)
    rgba2 = decode_png(client.get(f"/api/v1/dashboard/tiles/{rid}/{z}/{x2}/{y2}.png").data)
    assert rgba2[3, row2, col2] == 0

    # Conditional request: 304 with the same ETag.
    again = client.get(
        f"/api/v1/dashboard/tiles/{rid}/{z}/{x}/{y}.png",
        headers={"If-None-Match": resp.headers["ETag"]},
    )
    assert again.status_code == 304

    # Far away (and a zoomed-out tile): fully transparent, still 256 x 256.
    assert decode_png(client.get(f"/api/v1/dashboard/tiles/{rid}/{z}/0/0.png").data)[3].max() == 0
    world = decode_png(client.get(f"/api/v1/dashboard/tiles/{rid}/0/0/0.png").data)
    assert world.shape == (4, 256, 256)

    for bad in ("25/0/0", "3/8/0", "3/0/-1", "a/0/0", "3/0/1.5"):
        problem(client.get(f"/api/v1/dashboard/tiles/{rid}/{bad}.png"), 400, "invalid-tile")
    problem(client.get(f"/api/v1/dashboard/tiles/999/{z}/{x}/{y}.png"), 404, "raster-not-found")
    problem(client.get(f"/api/v1/dashboard/tiles/abc/{z}/{x}/{y}.png"), 404, "raster-not-found")


def test_change_tiles(client, dash):
    z = 15
    a, b = dash["clcplus-2018"], dash["clcplus-2021"]
    expected = {
        (0, 0, 100, 100): STABLE_SEALED,  # block A
        (0, 100, 100, 150): GAINED,  # block B
        (100, 0, 150, 50): LOST,  # block C
    }
    for box, code in expected.items():
        lon, lat = centre_lonlat(*box)
        x, y, col, row = tile_of(lon, lat, z)
        resp = client.get(f"/api/v1/dashboard/change-tiles/{a}/{b}/{z}/{x}/{y}.png")
        assert resp.status_code == 200 and resp.mimetype == "image/png"
        rgba = decode_png(resp.data)
        assert tuple(rgba[:3, row, col]) == CODES[code][1][:3], box
        assert rgba[3, row, col] > 0
    lon, lat = centre_lonlat(160, 110, 190, 190)  # stable not sealed: transparent
    x, y, col, row = tile_of(lon, lat, z)
    rgba = decode_png(client.get(f"/api/v1/dashboard/change-tiles/{a}/{b}/{z}/{x}/{y}.png").data)
    assert rgba[3, row, col] == 0
    problem(client.get(f"/api/v1/dashboard/change-tiles/{a}/999/{z}/{x}/{y}.png"), 404,
            "raster-not-found")  # fmt: skip
    problem(client.get(f"/api/v1/dashboard/change-tiles/{a}/{b}/1/5/5.png"), 400, "invalid-tile")


def test_tile_grid_constant():
    assert ORIGIN == pytest.approx(math.pi * 6378137.0)


# --------------------------------------------------------------------------- STAC


STAC_ITEM_REQUIRED = {"type", "stac_version", "id", "geometry", "bbox", "properties", "links",
                      "assets"}  # fmt: skip
LABEL_REQUIRED = {"label:properties", "label:description", "label:type"}


def check_stac_label_item(item: dict) -> None:
    """Structural check of a STAC 1.0 Item with the label extension (the JSON Schemas
    themselves are on the network)."""
    assert STAC_ITEM_REQUIRED <= set(item) and item["type"] == "Feature"
    assert item["stac_version"] == "1.0.0"
    assert any("stac-extensions.github.io/label/" in e for e in item["stac_extensions"])
    props = item["properties"]
    assert LABEL_REQUIRED <= set(props)
    assert "datetime" in props
    if props["datetime"] is None:
        assert props["start_datetime"] <= props["end_datetime"]
    assert props["label:type"] in ("vector", "raster")
    assert isinstance(props["label:properties"], list) and props["label:properties"]
    for cls in props["label:classes"]:
        assert set(cls) == {"name", "classes"} and isinstance(cls["name"], str)
        assert all(isinstance(c, str) for c in cls["classes"])
    for overview in props["label:overviews"]:
        assert overview["property_key"] in props["label:properties"]
        assert all(isinstance(c["name"], str) and isinstance(c["count"], int)
                   for c in overview["counts"])  # fmt: skip
    unknown = {k for k in props if k.startswith("label:")} - {
        "label:properties", "label:classes", "label:description", "label:type", "label:tasks",
        "label:methods", "label:overviews",
    }  # fmt: skip
    assert not unknown
    assert len(item["bbox"]) == 4 and item["bbox"][0] < item["bbox"][2]
    assert item["geometry"]["type"] in ("Polygon", "MultiPolygon")
    for link in item["links"]:
        assert {"rel", "href"} <= set(link)
    for asset in item["assets"].values():
        assert "href" in asset and asset["href"].startswith("http")


def test_stac_item(client, auth, tmp_path):
    headers = auth.headers("camille", expertise="expert", verified=True)
    path = build_pack(tmp_path / "pack.gpkg")
    pid = client.post(
        "/api/v1/packs",
        data={"file": (io.BytesIO(path.read_bytes()), "pack.gpkg")},
        headers=headers,
        content_type="multipart/form-data",
    ).json["id"]
    resp = client.get(f"/api/v1/packs/{pid}/stac")
    assert resp.status_code == 200 and resp.mimetype == "application/geo+json"
    item = resp.json
    check_stac_label_item(item)
    props = item["properties"]
    assert item["id"] == f"{pid}-v1"
    assert props["label:type"] == "vector" and props["label:properties"] == ["class_code"]
    assert props["label:tasks"] == ["classification"]
    detail = client.get(f"/api/v1/packs/{pid}").json
    codes = [c["code"] for c in detail["classes"]]
    assert props["label:classes"] == [{"name": "class_code", "classes": codes}]
    counts = {c["name"]: c["count"] for c in props["label:overviews"][0]["counts"]}
    assert {k: v for k, v in counts.items() if v} == detail["class_counts"]
    assert props["start_datetime"] == "2024-05-02T00:00:00Z"
    assert props["end_datetime"] == "2024-07-31T23:59:59Z" and props["datetime"] is None
    assert props["license"] == "CC-BY-4.0"
    assert item["bbox"] == pytest.approx(detail["bbox"])
    area = ogr.CreateGeometryFromJson(json.dumps(example_manifest()["area"]))
    assert ogr.CreateGeometryFromJson(json.dumps(item["geometry"])).Equals(area) or (
        ogr.CreateGeometryFromJson(json.dumps(item["geometry"])).SymDifference(area).GetArea()
        < 1e-12
    )
    assets = item["assets"]
    assert assets["labels"]["type"] == "application/geopackage+sqlite3"
    assert "labels" in assets["labels"]["roles"]
    assert assets["labels-geojson"]["type"] == "application/geo+json"
    gpkg = client.get(assets["labels"]["href"].replace("http://localhost", ""))
    assert gpkg.status_code == 200 and gpkg.mimetype == "application/geopackage+sqlite3"
    rels = {link["rel"]: link for link in item["links"]}
    assert rels["self"]["href"].endswith(f"/api/v1/packs/{pid}/stac?version=1")
    assert rels["license"]["href"] == "https://spdx.org/licenses/CC-BY-4.0.html"

    pystac = pytest.importorskip("pystac")
    from pystac.extensions.label import LabelExtension

    parsed = pystac.Item.from_dict(item)
    label = LabelExtension.ext(parsed)
    assert label.label_type == "vector" and label.label_properties == ["class_code"]
    assert [c.name for c in label.label_classes] == ["class_code"]

    assert client.get(f"/api/v1/packs/{pid}/stac?version=1").json == item
    problem(client.get(f"/api/v1/packs/{pid}/stac?version=2"), 404, "version-not-found")
    problem(client.get(f"/api/v1/packs/{pid}/stac?version=x"), 400, "invalid-parameter")
    problem(client.get(f"/api/v1/packs/{uuid.uuid4()}/stac"), 404, "pack-not-found")


def test_cli_removes_rasters_and_boundary_layers(client, dash, runner):
    assert "Removed clcplus-2021" in cli_ok(runner, "rasters", "remove", "clcplus-2021")
    assert "clcplus-2021" not in cli_ok(runner, "rasters", "list")
    assert "Removed communes" in cli_ok(runner, "boundaries", "remove", "communes")
    assert "communes" not in cli_ok(runner, "boundaries", "list")
    for group, name in (("rasters", "clcplus-2021"), ("boundaries", "communes")):
        result = runner.invoke(args=[group, "remove", name])
        assert result.exit_code != 0 and f"named '{name}'" in result.output
