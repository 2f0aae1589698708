"""Tiny, seeded synthetic Sentinel-2 scenes and CLC+ rasters for the training tests.

A scene is vegetation (meadow and forest) with bare-soil fields and a lake, crossed by
roads and dotted with rectangular "buildings": the sealed pixels are bright and flat across
the spectrum (low NDVI), bare soil is a hard negative (also low NDVI, but redder and
brighter in SWIR). Images are uint16 DN GeoTIFFs with band descriptions B02..B12; labels
are CLC+ Backbone codes on the same grid (or reprojected by the tests).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from osgeo import gdal, osr

BANDS = ("B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B11", "B12")
#: Mean reflectance per band for each surface, and its CLC+ code.
SURFACES = {
    "sealed": (1, (0.10, 0.11, 0.12, 0.13, 0.14, 0.15, 0.16, 0.16, 0.20, 0.18)),
    "forest": (3, (0.02, 0.05, 0.03, 0.08, 0.22, 0.28, 0.32, 0.33, 0.15, 0.07)),
    "meadow": (6, (0.04, 0.07, 0.05, 0.11, 0.25, 0.30, 0.35, 0.36, 0.22, 0.11)),
    "bare": (9, (0.08, 0.10, 0.14, 0.17, 0.20, 0.22, 0.24, 0.25, 0.34, 0.28)),
    "water": (10, (0.06, 0.05, 0.03, 0.02, 0.015, 0.012, 0.01, 0.01, 0.005, 0.004)),
}
UTM31 = 32631
ORIGIN = (450_560.0, 5_400_320.0)  # UTM 31N, northern France; on the 1280 m block lattice


def synthetic_scene(seed: int, size: int = 256) -> tuple[np.ndarray, np.ndarray]:
    """(reflectance (10, size, size) float32, CLC+ codes (size, size) uint8)."""
    rng = np.random.default_rng(seed)
    codes = np.full((size, size), SURFACES["meadow"][0], np.uint8)

    def paint(name: str, r0: int, r1: int, c0: int, c1: int) -> None:
        codes[max(0, r0) : max(0, r1), max(0, c0) : max(0, c1)] = SURFACES[name][0]

    for _ in range(size // 40):  # forest patches and bare fields
        r, c = rng.integers(0, size - 40, 2)
        paint("forest", r, r + rng.integers(20, 60), c, c + rng.integers(20, 60))
        r, c = rng.integers(0, size - 30, 2)
        paint("bare", r, r + rng.integers(12, 30), c, c + rng.integers(12, 30))
    r, c = rng.integers(0, size - 40, 2)
    paint("water", r, r + 30, c, c + 35)
    for _ in range(3):  # roads: 2 px wide, straight
        if rng.random() < 0.5:
            r = rng.integers(0, size - 2)
            paint("sealed", r, r + 2, 0, size)
        else:
            c = rng.integers(0, size - 2)
            paint("sealed", 0, size, c, c + 2)
    for _ in range(size // 8):  # buildings and car parks
        r, c = rng.integers(0, size - 12, 2)
        h, w = rng.integers(3, 12, 2)
        paint("sealed", r, r + h, c, c + w)
    refl = np.zeros((len(BANDS), size, size), np.float32)
    for code, spectrum in SURFACES.values():
        mask = codes == code
        refl[:, mask] = np.asarray(spectrum, np.float32)[:, None]
    refl *= rng.normal(1.0, 0.06, (1, size, size)).astype(np.float32)  # illumination
    refl += rng.normal(0.0, 0.006, refl.shape).astype(np.float32)  # sensor noise
    return np.clip(refl, 0.001, 1.0), codes


def utm_grid(col0: int = 0, row0: int = 0, res: float = 10.0) -> tuple[float, ...]:
    return (ORIGIN[0] + col0 * res, res, 0.0, ORIGIN[1] - row0 * res, 0.0, -res)


def srs_wkt(epsg: int) -> str:
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    return srs.ExportToWkt()


def write_raster(
    path: Path, data: np.ndarray, transform, epsg: int, descriptions=None, nodata=None
) -> Path:
    """A DEFLATE GeoTIFF of (bands, h, w) or (h, w) uint8/uint16 data."""
    arr = data[None] if data.ndim == 2 else data
    kind = gdal.GDT_Byte if arr.dtype == np.uint8 else gdal.GDT_UInt16
    ds = gdal.GetDriverByName("GTiff").Create(
        str(path), arr.shape[2], arr.shape[1], arr.shape[0], kind, ["COMPRESS=DEFLATE"]
    )
    ds.SetGeoTransform(tuple(transform))
    ds.SetProjection(srs_wkt(epsg))
    for i, band in enumerate(arr):
        rb = ds.GetRasterBand(i + 1)
        rb.WriteArray(band)
        if descriptions:
            rb.SetDescription(descriptions[i])
        if nodata is not None:
            rb.SetNoDataValue(nodata)
    ds = None
    return Path(path)


def to_dn(refl: np.ndarray, offset_dn: int = 0) -> np.ndarray:
    """uint16 DN as a product would store them: reflectance * 10000 - offset_dn."""
    return np.clip(np.round(refl * 10000 - offset_dn), 1, 65535).astype(np.uint16)


def write_scene(folder: Path, name: str, seed: int, size: int = 256, col0: int = 0,
                offset_dn: int = 0) -> tuple[Path, Path]:  # fmt: skip
    """Image (B02..B12 descriptions) and CLC+ labels on the same UTM grid."""
    refl, codes = synthetic_scene(seed, size)
    gt = utm_grid(col0)
    image = write_raster(folder / f"{name}.tif", to_dn(refl, offset_dn), gt, UTM31, BANDS)
    labels = write_raster(folder / f"{name}_clcplus.tif", codes, gt, UTM31)
    return image, labels


def scenes_config(folder: Path, n: int = 3, size: int = 256, **train: object) -> Path:
    """A run config (TOML) over ``n`` synthetic scenes side by side, B0, small chips."""
    folder.mkdir(parents=True, exist_ok=True)
    blocks = []
    for i in range(n):
        image, labels = write_scene(
            folder, f"scene{i}", seed=100 + i, size=size, col0=i * (size + 150)
        )
        blocks.append(
            f'[[data.scenes]]\nname = "scene{i}"\nimage = "{image}"\nclcplus = "{labels}"\n'
            f'level = "L2A"\nprocessing_baseline = "03.01"\n'
        )
    settings = {"steps": 60, "batch_size": 8, "lr": 1e-3, "warmup_steps": 5, "eval_every": 30,
                "checkpoint_every": 30, "threads": 2} | train  # fmt: skip
    train_toml = "\n".join(f"{k} = {_toml(v)}" for k, v in settings.items())
    text = f"""name = "synthetic"
output_dir = "{folder / "run"}"
seed = 0

[data]
kind = "scenes"
target = "sealed"
chip_size = 64
eval_tile_px = 128

[split]
block_size_m = 1280
margin_px = 4
val_fraction = 0.15
test_fraction = 0.2
seed = 1

[model]
variant = "B0"

[train]
{train_toml}

[export]
model_name = "synthetic-test"
tile_size = 256
tile_overlap_px = 32

{"".join(blocks)}"""
    path = folder / "run.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return repr(value)
