"""Dashboard benchmark: `POST /api/v1/dashboard/analyze` on commune-sized areas over a
national-scale 10 m raster, computed on the fly and precomputed; and map tiles.

    .venv/bin/python -m bench.bench_dashboard [--size 30000] [--communes 200]
                                              [--queries 30] [--backend spatialite|postgis]

Data (cached under /tmp/vt-bench-dashboard/, rebuilt only when missing): two CLC+-like
uint8 rasters, EPSG:3035, 10 m, `--size`² pixels (30000² = 300 x 300 km, 900 M pixels),
written as COGs (256 px tiles, DEFLATE, nearest overviews): classes 2..11 in 50 m
blocks, ~20 % sealed (class 1) in town-like clusters plus speckle, 2 % of 254 and 1 % of
253; the second year seals ~2 % more blocks and unseals a few. A GeoPackage of
`--communes` commune-like polygons (star shapes of 1.5-4 km radius, 200-600 vertices,
EPSG:3035) spread over the raster.

Then, on a migrated database (SpatiaLite by default), through the Flask test client:
1. `rasters add` x 2 and `boundaries add --precompute` (timed: the CLI's work);
2. analyze on the fly: `{"geometry": <commune in lon/lat>}` for `--queries` communes;
3. analyze precomputed: `{"boundary": ..., "unit": ...}` for the same communes;
4. analyze on the fly of two bigger areas (~300 and ~3000 km², 3 runs each);
5. sealed tiles and change tiles at zooms 8, 11, 14 over the raster's centre.
Reports p50/p95/max of the wall time per request and of `computed_in_ms`; target: p95
under 1 s on the fly, under 50 ms precomputed. Writes bench/results/dashboard-<time>.json.
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from osgeo import gdal, ogr, osr  # noqa: E402

from bench.common import (  # noqa: E402
    PostgresCluster,
    dispose,
    migrated_app,
    print_table,
    spatialite_url,
    summary,
    write_results,
)

DATA = Path("/tmp/vt-bench-dashboard")
ORIGIN = (3_500_000.0, 3_000_000.0)  # EPSG:3035, northern France
RES = 10.0
STRIP = 1024


def srs(code: str) -> osr.SpatialReference:
    s = osr.SpatialReference()
    s.SetFromUserInput(code)
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return s


def make_rasters(size: int, seed: int = 7) -> tuple[Path, Path]:
    """The two yearly COGs (cached): year 1, and year 2 with some blocks sealed/unsealed."""
    DATA.mkdir(parents=True, exist_ok=True)
    paths = (DATA / f"clc-{size}-2018.tif", DATA / f"clc-{size}-2021.tif")
    if all(p.exists() for p in paths):
        return paths
    rng = np.random.default_rng(seed)
    options = ["TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256", "COMPRESS=DEFLATE",
               "BIGTIFF=YES", "NUM_THREADS=ALL_CPUS"]  # fmt: skip
    tmp = [DATA / f"strips-{size}-{i}.tif" for i in (0, 1)]
    dsets = []
    for path in tmp:
        ds = gdal.GetDriverByName("GTiff").Create(str(path), size, size, 1, gdal.GDT_Byte, options)
        ds.SetGeoTransform((ORIGIN[0], RES, 0.0, ORIGIN[1], 0.0, -RES))
        ds.SetProjection(srs("EPSG:3035").ExportToWkt())
        ds.GetRasterBand(1).SetNoDataValue(255)
        dsets.append(ds)
    block = 5
    towns = rng.random((size // 500 + 2, size // 500 + 2))
    started = time.perf_counter()
    for top in range(0, size, STRIP):
        rows = min(STRIP, size - top)
        brows, bcols = rows // block + 1, size // block + 1
        coarse = rng.integers(2, 12, (brows, bcols), dtype=np.uint8)
        # "Town density" of each 50 m block: one value per 5 km cell (100 blocks).
        block_rows = (top // block + np.arange(brows)) // 100
        density = towns[np.ix_(block_rows, np.arange(bcols) // 100)]
        r = rng.random(coarse.shape)
        coarse[r < density * 0.35] = 1
        later = coarse.copy()
        later[(coarse != 1) & (rng.random(coarse.shape) < density * 0.05)] = 1  # sealed
        later[(coarse == 1) & (rng.random(coarse.shape) < 0.01)] = 3  # unsealed
        noise = rng.random((rows, size), dtype=np.float32)
        for ds, grid in zip(dsets, (coarse, later), strict=True):
            values = np.repeat(np.repeat(grid, block, 0), block, 1)[:rows, :size]
            values[noise < 0.03] = 1
            values[noise > 0.98] = 254
            values[(noise > 0.97) & (noise <= 0.98)] = 253
            ds.GetRasterBand(1).WriteArray(values, 0, top)
        if top % (STRIP * 8) == 0:
            print(f"  raster rows {top}/{size} ({time.perf_counter() - started:.0f} s)", flush=True)
    ds = dsets = None  # closes (and flushes) both files
    for src, dst in zip(tmp, paths, strict=True):
        print(f"  COG {dst.name}", flush=True)
        gdal.Translate(str(dst), str(src), format="COG", creationOptions=[
            "BLOCKSIZE=256", "COMPRESS=DEFLATE", "OVERVIEW_RESAMPLING=NEAREST",
            "BIGTIFF=YES", "NUM_THREADS=ALL_CPUS"])  # fmt: skip
        src.unlink()
    return paths


def star(cx: float, cy: float, radius: float, vertices: int, rng: np.random.Generator):
    ring = ogr.Geometry(ogr.wkbLinearRing)
    phase = rng.random() * 2 * math.pi
    for i in range(vertices):
        a = phase + 2 * math.pi * i / vertices
        r = radius * (0.75 + 0.25 * math.sin(5 * a) + 0.05 * rng.random())
        ring.AddPoint_2D(cx + r * math.cos(a), cy + r * math.sin(a))
    ring.CloseRings()
    poly = ogr.Geometry(ogr.wkbPolygon)
    poly.AddGeometry(ring)
    return poly


def make_communes(size: int, count: int, seed: int = 11) -> Path:
    path = DATA / f"communes-{size}-{count}.gpkg"
    if path.exists():
        return path
    rng = np.random.default_rng(seed)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    layer = ds.CreateLayer("communes", srs("EPSG:3035"), ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("INSEE_COM", ogr.OFTString))
    layer.CreateField(ogr.FieldDefn("NOM", ogr.OFTString))
    extent = size * RES
    layer.StartTransaction()
    for i in range(count):
        radius = rng.uniform(1500, 4000)
        cx = ORIGIN[0] + rng.uniform(radius, extent - radius)
        cy = ORIGIN[1] - rng.uniform(radius, extent - radius)
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("INSEE_COM", f"{10000 + i}")
        feature.SetField("NOM", f"Commune {i}")
        feature.SetGeometry(star(cx, cy, radius, int(rng.integers(200, 600)), rng))
        layer.CreateFeature(feature)
    layer.CommitTransaction()
    ds = None
    return path


def lonlat_geojson(geom: ogr.Geometry) -> dict[str, Any]:
    import json

    geom = geom.Clone()
    geom.Transform(osr.CoordinateTransformation(srs("EPSG:3035"), srs("EPSG:4326")))
    return json.loads(geom.ExportToJson(["COORDINATE_PRECISION=9"]))


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
    n = 2**z
    return int((lon + 180) / 360 * n), int(
        (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n
    )


def run(url: str, instance: Path, rasters: tuple[Path, Path], communes: Path, queries: int):
    app = migrated_app(url, instance)
    runner, client = app.test_cli_runner(), app.test_client()
    timings: dict[str, Any] = {}

    def cli(*args: str) -> float:
        t = time.perf_counter()
        result = runner.invoke(args=list(args))
        if result.exit_code != 0:
            raise RuntimeError(result.output)
        print("  " + result.output.strip().replace("\n", "\n  "), flush=True)
        return time.perf_counter() - t

    for path, year in zip(rasters, (2018, 2021), strict=True):
        cli("rasters", "add", str(path), "--name", f"clc-{year}", "--year", str(year),
            "--kind", "clcplus", "--no-precompute")  # fmt: skip
    timings["import_and_precompute_s"] = cli(
        "boundaries", "add", str(communes), "--name", "communes", "--id-field", "INSEE_COM",
        "--name-field", "NOM", "--precompute",
    )  # fmt: skip

    ds = ogr.Open(str(communes))
    layer = ds.GetLayer(0)
    picked = []
    for feature in layer:
        if len(picked) == queries:
            break
        geom = feature.GetGeometryRef()
        picked.append((feature.GetField("INSEE_COM"), lonlat_geojson(geom), geom.GetArea()))
    ds = None

    def timed_analyze(body: dict) -> tuple[float, float, dict]:
        t = time.perf_counter()
        resp = client.post("/api/v1/dashboard/analyze", json=body)
        wall = (time.perf_counter() - t) * 1000
        if resp.status_code != 200:
            raise RuntimeError(resp.get_data(as_text=True))
        return wall, resp.json["computed_in_ms"], resp.json

    fly, fly_inner, stored, stored_inner, areas, diffs = [], [], [], [], [], []
    timed_analyze({"geometry": picked[0][1]})  # warm-up (imports, GDAL caches)
    for unit, geometry, area in picked:
        w, inner, on_the_fly = timed_analyze({"geometry": geometry})
        fly.append(w)
        fly_inner.append(inner)
        w, inner, pre = timed_analyze({"boundary": "communes", "unit": unit})
        assert pre["precomputed"] is True
        stored.append(w)
        stored_inner.append(inner)
        areas.append(area / 1e6)
        diffs.append(
            max(
                abs(a["sealed_share"] - b["sealed_share"])
                for a, b in zip(on_the_fly["years"], pre["years"], strict=True)
            )  # fmt: skip
        )
    timings["commune_km2"] = summary(areas)
    timings["analyze_on_the_fly_ms"] = summary(fly)
    timings["analyze_on_the_fly_computed_in_ms"] = summary(fly_inner)
    timings["analyze_precomputed_ms"] = summary(stored)
    timings["analyze_precomputed_computed_in_ms"] = summary(stored_inner)
    timings["max_share_diff_on_the_fly_vs_precomputed"] = max(diffs)

    # Bigger areas on the fly: an intercommunality (~300 km²) and a department (~3000 km²).
    rng = np.random.default_rng(5)
    centre = (ORIGIN[0] + 150_000, ORIGIN[1] - 150_000)
    for label, radius in (("300km2", 11_000), ("3000km2", 35_000)):
        geometry = lonlat_geojson(star(*centre, radius, 800, rng))
        samples = [timed_analyze({"geometry": geometry})[0] for _ in range(3)]
        timings[f"analyze_on_the_fly_{label}_ms"] = summary(samples)

    info = client.get("/api/v1/dashboard/rasters").json["items"]
    a, b = info[0]["id"], info[1]["id"]
    west, south, east, north = info[0]["bounds_wgs84"]
    lon, lat = (west + east) / 2, (south + north) / 2
    for z in (8, 11, 14):
        x, y = tile_of(lon, lat, z)
        for kind, url_path in (("sealed", f"tiles/{a}"), ("change", f"change-tiles/{a}/{b}")):
            samples = []
            for dx in range(-2, 3):
                t = time.perf_counter()
                resp = client.get(f"/api/v1/dashboard/{url_path}/{z}/{x + dx}/{y}.png")
                samples.append((time.perf_counter() - t) * 1000)
                assert resp.status_code == 200
            timings[f"tile_{kind}_z{z}_ms"] = summary(samples)
    dispose(app)
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=30000)
    parser.add_argument("--communes", type=int, default=200)
    parser.add_argument("--queries", type=int, default=30)
    parser.add_argument("--backend", choices=("spatialite", "postgis"), default="spatialite")
    args = parser.parse_args()

    gdal.UseExceptions()
    print(f"data: {args.size}² rasters, {args.communes} communes in {DATA}", flush=True)
    rasters = make_rasters(args.size)
    communes = make_communes(args.size, args.communes)
    with tempfile.TemporaryDirectory(prefix="vt-bench-dash-") as folder:
        instance = Path(folder)
        if args.backend == "postgis":
            with PostgresCluster() as cluster:
                url = cluster.url(cluster.create_database())
                timings = run(url, instance, rasters, communes, args.queries)
        else:
            url = spatialite_url(instance / "bench.sqlite")
            timings = run(url, instance, rasters, communes, args.queries)

    rows = [
        [name.removesuffix("_ms"), s["p50"], s["p95"], s["max"]]
        for name, s in timings.items()
        if isinstance(s, dict) and name.endswith("_ms")
    ]
    print_table(["measure (ms)", "p50", "p95", "max"], rows,
                f"analyze and tiles, {args.size}² 10 m raster, {args.backend}")  # fmt: skip
    print(f"\ncommune area km²: {timings['commune_km2']}")
    print(f"boundaries add --precompute: {timings['import_and_precompute_s']:.1f} s")
    print(f"max |share on the fly - precomputed|: "
          f"{timings['max_share_diff_on_the_fly_vs_precomputed']:.2e}")  # fmt: skip
    write_results("dashboard", {"args": vars(args), "timings": timings})
    ok = timings["analyze_on_the_fly_ms"]["p95"] < 1000
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
