"""``python -m training build-trainingset``: stacks from the loopback STAC API and a
constructed CLC+ Backbone raster (EPSG:3035, local file and URL), in the layout and run
config that ``training`` reads."""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal, osr
from s2_fixtures import X0, Y0, SceneSpec, add_stac_scene, lonlat_bbox
from stac_server import StacServer

from training.cli import main
from training.config import load_config
from training.scenes import load_scenes
from training.trainingset import load_trainingset_config, run_config_text

SIZE10 = 160  # the fixture tile: 160 x 160 pixels of 10 m
CLC_RES = 10.0


def _transformer(src_epsg: int, dst_epsg: int) -> osr.CoordinateTransformation:
    src, dst = osr.SpatialReference(), osr.SpatialReference()
    src.ImportFromEPSG(src_epsg)
    dst.ImportFromEPSG(dst_epsg)
    for s in (src, dst):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return osr.CoordinateTransformation(src, dst)


def clc_value(row: np.ndarray, col: np.ndarray) -> np.ndarray:
    """The constructed CLC+ classes: 1..11 in 200 m squares; a band of 254 (outside area)."""
    values = 1 + ((row // 20 + col // 20) % 11)
    return np.where(row % 97 < 3, 254, values)


def make_clcplus(path: Path) -> tuple[float, float]:
    """A CLC+ Backbone-like raster (EPSG:3035, 10 m, uint8, nodata 255) over the tile;
    returns its upper-left corner."""
    x0, y0, x1, y1 = _transformer(32631, 3035).TransformBounds(
        X0 - 500, Y0 - SIZE10 * 10 - 500, X0 + SIZE10 * 10 + 500, Y0 + 500, 21
    )
    left, top = np.floor(x0 / 10) * 10, np.ceil(y1 / 10) * 10
    width, height = int((x1 - left) // CLC_RES) + 1, int((top - y0) // CLC_RES) + 1
    rows, cols = np.mgrid[0:height, 0:width]
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(3035)
    ds = gdal.GetDriverByName("GTiff").Create(str(path), width, height, 1, gdal.GDT_Byte)
    ds.SetGeoTransform((left, CLC_RES, 0, top, 0, -CLC_RES))
    ds.SetProjection(srs.ExportToWkt())
    ds.GetRasterBand(1).WriteArray(clc_value(rows, cols).astype(np.uint8))
    ds.GetRasterBand(1).SetNoDataValue(255)
    ds = None
    return left, top


@pytest.fixture
def stac(tmp_path):
    server = StacServer()
    server.start()
    folder = tmp_path / "cogs"
    folder.mkdir()
    for spec in (
        SceneSpec("2024-06-12", cloud_cover=5.0, clouds=(40, 60, 40, 60)),
        SceneSpec("2024-06-20", cloud_cover=8.0),
        SceneSpec("2023-07-01", cloud_cover=3.0, baseline="05.09"),
        SceneSpec("2022-07-01", cloud_cover=90.0),  # too cloudy for the limit
    ):
        add_stac_scene(server, str(folder), spec, SIZE10)
    yield server
    server.stop()


def write_config(tmp_path: Path, stac_url: str, clc_local: str, clc_url: str) -> Path:
    north, south = lonlat_bbox(10, 10, 70, 90), lonlat_bbox(90, 10, 150, 90)
    text = textwrap.dedent(
        f"""
        name = "test-set"
        output_dir = "{tmp_path / "set"}"
        run_output_dir = "{tmp_path / "run"}"
        catalog = "{stac_url}"
        level = "L2A"
        bands = ["B02", "B03", "B04", "B08", "B11"]
        max_cloud = 20
        composite = "median"
        max_scenes = 2
        cache_dir = "{tmp_path / "cache"}"
        clcplus = "{clc_local}"

        [[regions]]
        name = "north"
        bbox = {list(north)}

        [[regions]]
        name = "south"
        bbox = {list(south)}

        [[years]]
        year = 2024
        start = "2024-06-01"
        end = "2024-06-30"

        [[years]]
        year = 2023
        start = "2023-06-15"
        end = "2023-07-15"
        clcplus = "{clc_url}"

        [[years]]
        year = 2022
        start = "2022-06-15"
        end = "2022-07-15"
        """
    )
    path = tmp_path / "trainingset.toml"
    path.write_text(text)
    return path


def test_build_trainingset_end_to_end(stac, tmp_path, capsys) -> None:
    clc = tmp_path / "clcplus_3035.tif"
    left, top = make_clcplus(clc)
    clc_url = stac.serve_file(str(clc))
    config = write_config(tmp_path, stac.url, str(clc), clc_url)

    assert main(["build-trainingset", str(config)]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert sorted(summary["built"]) == ["north_2023", "north_2024", "south_2023", "south_2024"]
    assert set(summary["failed"]) == {"north_2022", "south_2022"}

    out = tmp_path / "set"
    manifest = json.loads((out / "manifest.json").read_text())
    by_name = {s["name"]: s for s in manifest["scenes"]}
    assert by_name["north_2022"]["status"] == "no-scene"
    north = by_name["north_2024"]
    assert north["status"] == "ok" and north["composite"] == "median"
    assert north["image"] == str(out / "north_2024" / "image.tif")
    assert sorted(north["dates"]) == ["2024-06-12", "2024-06-20"] and north["offset_dn"] == -1000
    assert north["crs"] == "EPSG:32631"  # the lon/lat box of 80 x 60 pixels, on the UTM grid:
    assert 80 <= north["width"] <= 86 and 60 <= north["height"] <= 66
    assert north["label_coverage"] > 0.9  # all but the 254 rows
    # the 2023 labels came over HTTP (/vsicurl/, range requests)
    assert by_name["south_2023"]["clcplus"] == clc_url
    assert any(r.range for r in stac.file_requests("clcplus_3035.tif"))

    # labels.tif is on the stack's grid, nearest neighbour of the CLC+ raster
    for name in ("north_2024", "south_2023"):
        image = gdal.Open(str(out / name / "image.tif"))
        labels = gdal.Open(str(out / name / "labels.tif"))
        assert labels.GetGeoTransform() == image.GetGeoTransform()
        assert (labels.RasterXSize, labels.RasterYSize) == (image.RasterXSize, image.RasterYSize)
        assert labels.GetRasterBand(1).GetNoDataValue() == 255
        got = labels.GetRasterBand(1).ReadAsArray()
        gt = image.GetGeoTransform()
        to_clc = _transformer(32631, 3035)
        rows, cols = np.mgrid[0 : got.shape[0] : 7, 0 : got.shape[1] : 7]
        same = 0
        for r, c in zip(rows.ravel(), cols.ravel(), strict=True):
            x, y, _ = to_clc.TransformPoint(gt[0] + (c + 0.5) * gt[1], gt[3] + (r + 0.5) * gt[5])
            expected = clc_value(
                np.array(int((top - y) // CLC_RES)), np.array(int((x - left) // CLC_RES))
            )
            same += int(got[r, c] == expected)
        assert same >= 0.97 * rows.size

    # The run config is ready for `python -m training`: scenes load with their labels.
    cfg = load_config(out / "dataset-a.toml")
    assert [s.name for s in cfg.data.scenes] == [
        "north_2023", "north_2024", "south_2023", "south_2024",
    ]  # fmt: skip
    assert cfg.output_dir == str(tmp_path / "run") and cfg.data.bands == [
        "B02",
        "B03",
        "B04",
        "B08",
        "B11",
    ]
    scenes = load_scenes(cfg.data)
    scene = next(s for s in scenes if s.name == "north_2024")
    assert scene.scaling.level == "L2A" and scene.scaling.offset_dn == -1000
    assert scene.dn.shape == (5, north["height"], north["width"])
    raw = gdal.Open(str(out / "north_2024" / "labels.tif")).ReadAsArray()
    valid = (scene.dn != 0).all(axis=0)
    sealed = raw == 1
    assert (scene.labels[valid & sealed] == 1).all() and (
        scene.labels[valid & (raw == 5)] == 0
    ).all()
    assert (scene.labels[raw == 254] == 255).all()  # ignored

    # A second run keeps what is built; --only limits the region-years.
    mtime = os.path.getmtime(out / "north_2024" / "image.tif")
    assert main(["build-trainingset", str(config), "--only", "north"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert sorted(summary["built"]) == ["north_2023", "north_2024"]
    assert os.path.getmtime(out / "north_2024" / "image.tif") == mtime
    manifest = json.loads((out / "manifest.json").read_text())
    assert len([s for s in manifest["scenes"] if s["status"] == "ok"]) == 4  # south kept


def test_catalogue_down_fails_cleanly(tmp_path, capsys) -> None:
    server = StacServer()
    url = server.start()
    server.stop()
    clc = tmp_path / "clcplus_3035.tif"
    make_clcplus(clc)
    config = write_config(tmp_path, url, str(clc), str(clc))
    assert main(["build-trainingset", str(config), "--only", "north"]) == 2
    assert "no region-year could be built" in capsys.readouterr().err
    manifest = json.loads((tmp_path / "set" / "manifest.json").read_text())
    assert {s["status"] for s in manifest["scenes"]} == {"failed"}
    assert not (tmp_path / "set" / "dataset-a.toml").exists()
    assert not list((tmp_path / "set").glob("*/image.tif"))


def test_config_errors_are_reported(tmp_path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        'name = "x"\noutput_dir = "o"\n[[regions]]\nname = "a b"\nbbox = [0, 0, 1, 1]\n'
        '[[years]]\nyear = 2024\nstart = "2024-06-01"\nend = "2024-06-30"\n'
    )
    with pytest.raises(ValueError, match="region name"):
        load_trainingset_config(path)
    path.write_text(
        'name = "x"\noutput_dir = "o"\n[[regions]]\nname = "a"\nbbox = [0, 0, 1, 1]\n'
        '[[years]]\nyear = 2024\nstart = "2024-06-01"\nend = "2024-06-30"\n'
    )
    with pytest.raises(ValueError, match="no CLC\\+ raster"):
        load_trainingset_config(path)
    example = load_trainingset_config("training/configs/trainingset-example.toml")
    assert [r.name for r in example.regions] == ["paris-east", "lyon", "toulouse-north"]
    text = run_config_text(example, [])
    assert 'kind = "scenes"' in text and "[[data.scenes]]" not in text
