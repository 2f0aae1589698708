"""R: agreement with a reference raster, on a constructed CLC+-like GeoTIFF (EPSG:3035)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from osgeo import gdal, ogr, osr
from packfactory import build_pack

from verite_core.pack import PlotRecord, read_pack, score_pack, validate_pack
from verite_core.pack.agreement import reference_agreement
from verite_core.pack.demo import example_plots


def _to_3035(wkb: bytes) -> ogr.Geometry:
    src, dst = osr.SpatialReference(), osr.SpatialReference()
    src.ImportFromEPSG(2154)
    dst.ImportFromEPSG(3035)
    for s in (src, dst):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    geom = ogr.CreateGeometryFromWkb(wkb)
    geom.Transform(osr.CoordinateTransformation(src, dst))
    return geom


def make_reference(path, fill: int, blocks: dict[int, int]) -> str:
    """A 10 m EPSG:3035 raster over the example area: ``fill`` everywhere, and the value
    blocks[i] under (a margin around) example plot i."""
    plots = example_plots()
    envs = [_to_3035(p.wkb).GetEnvelope() for p in plots]
    minx = min(e[0] for e in envs) - 500
    maxy = max(e[3] for e in envs) + 500
    width = int((max(e[1] for e in envs) + 500 - minx) / 10)
    height = int((maxy - (min(e[2] for e in envs) - 500)) / 10)
    data = np.full((height, width), fill, dtype=np.uint8)
    for i, value in blocks.items():
        ex0, ex1, ey0, ey1 = envs[i]
        c0, c1 = int((ex0 - minx) / 10) - 5, int((ex1 - minx) / 10) + 5
        r0, r1 = int((maxy - ey1) / 10) - 5, int((maxy - ey0) / 10) + 5
        data[r0:r1, c0:c1] = value
    ds = gdal.GetDriverByName("GTiff").Create(
        str(path), width, height, 1, gdal.GDT_Byte, ["COMPRESS=DEFLATE"]
    )
    ds.SetGeoTransform((minx, 10, 0, maxy, 0, -10))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(3035)
    ds.SetProjection(srs.ExportToWkt())
    ds.GetRasterBand(1).WriteArray(data)
    ds = None
    return str(path)


def test_agreement_per_plot(tmp_path):
    # Everything class 3 (broadleaved deciduous), plot 3 (needle-leaved, CLC+ 2) on class 2,
    # plot 6 (broadleaved deciduous) on 'no data' (255), plot 1 on needle-leaved (2).
    raster = make_reference(tmp_path / "clc.tif", 3, {1: 2, 3: 2, 6: 255})
    report = validate_pack(read_pack(build_pack(tmp_path / "p.gpkg")), today=dt.date(2026, 1, 1))
    shares = reference_agreement(raster, report.plots)
    assert shares["FTB-001"] == 1.0  # deciduous on deciduous
    assert shares["FTB-002"] == 0.0  # deciduous on needle-leaved
    assert shares["FTB-004"] == 1.0  # needle-leaved on needle-leaved
    assert shares["FTB-003"] == 0.0  # needle-leaved on deciduous
    assert shares["FTB-005"] is None  # mixed forest has no CLC+ class
    assert shares["FTB-007"] is None  # only technical values under it
    quality = score_pack(report, agreement=shares)
    assert quality.plots["FTB-001"].components.R == 1.0
    assert quality.plots["FTB-001"].score > quality.plots["FTB-002"].score
    assert quality.to_dict()["reference_available"] is True
    assert quality.components["R"] == pytest.approx(
        np.mean([v for v in shares.values() if v is not None])
    )


def test_agreement_uses_the_inward_buffer(tmp_path):
    """Pixels within 10 m of the plot edge do not count: a 100 m square plot (EPSG:3035,
    on the pixel grid) whose outer pixel ring is grassland and core deciduous forest has
    R = 1, where counting every pixel would give 64/100."""
    origin = _to_3035(ogr.CreateGeometryFromWkt("POINT (671000 6810500)").ExportToIsoWkb())
    x0, y0 = round(origin.GetX(), -1), round(origin.GetY(), -1)
    square = ogr.CreateGeometryFromWkt(
        f"POLYGON(({x0} {y0},{x0 + 100} {y0},{x0 + 100} {y0 + 100},{x0} {y0 + 100},{x0} {y0}))"
    )
    plots = [
        PlotRecord(
            {
                "plot_id": "SQ",
                "class_code": "broadleaved_deciduous_forest",
                "tree_height_class": "10_20",
                "pct_deciduous": 100,
                "pct_evergreen": 0,
                "undergrowth_type": "none",
            },
            bytes(square.ExportToIsoWkb()),
        )
    ]
    report = validate_pack(
        read_pack(build_pack(tmp_path / "p.gpkg", plots=plots, crs="EPSG:3035")),
        today=dt.date(2026, 1, 1),
    )
    assert report.ok, [str(p) for p in report.problems]
    data = np.full((30, 30), 6, dtype=np.uint8)  # 300 m around, top-left at (x0-100, y0+200)
    data[11:19, 11:19] = 3  # the plot's core: x0+10..x0+90, y0+10..y0+90
    ds = gdal.GetDriverByName("GTiff").Create(str(tmp_path / "ring.tif"), 30, 30, 1, gdal.GDT_Byte)
    ds.SetGeoTransform((x0 - 100, 10, 0, y0 + 200, 0, -10))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(3035)
    ds.SetProjection(srs.ExportToWkt())
    ds.GetRasterBand(1).WriteArray(data)
    ds = None
    assert reference_agreement(tmp_path / "ring.tif", report.plots)["SQ"] == 1.0
    data[10:20, 10:20] = 3
    data[11:19, 11:19] = 6  # now only the outer ring is forest, the core is grassland
    ds = gdal.Open(str(tmp_path / "ring.tif"), gdal.GA_Update)
    ds.GetRasterBand(1).WriteArray(data)
    ds = None
    assert reference_agreement(tmp_path / "ring.tif", report.plots)["SQ"] == 0.0
