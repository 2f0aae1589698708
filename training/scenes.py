"""Scenes: one Sentinel-2 image (DN, kept as uint16) with its labels on the same grid.

``load_scenes`` builds them from a run config: dataset A (CLC+ rasters), dataset B (packs)
or both on one image (packs override CLC+ inside plots), or the Dynamic World proxy data.
Images stay in memory as DN (2 bytes per band and pixel) and are converted to reflectance
chip by chip; crop large images with ``window`` in the scene config.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np

from verite_core.sentinel2 import NODATA_DN, ReflectanceScaling

from .classes import IGNORE_INDEX
from .config import DataConfig, SceneConfig
from .labels import clcplus_labels, merge_labels, pack_labels
from .rasters import Grid, Window, read_bands

log = logging.getLogger(__name__)


@dataclass
class Scene:
    """An image and its labels. ``group`` ties small scenes to one region of the split;
    ``stratum`` is used to spread regions evenly over the splits (e.g. EuroSAT class)."""

    name: str
    dn: np.ndarray  # (bands, H, W) uint16
    labels: np.ndarray  # (H, W) uint8, IGNORE_INDEX = no label
    grid: Grid
    scaling: ReflectanceScaling
    source: str
    stratum: str | None = None

    @property
    def height(self) -> int:
        return self.labels.shape[0]

    @property
    def width(self) -> int:
        return self.labels.shape[1]

    def reflectance(self, window: Window) -> np.ndarray:
        """Float32 reflectance of a window (bands, h, w); NaN where DN is no data."""
        x0, y0, w, h = window
        return self.scaling.apply(self.dn[:, y0 : y0 + h, x0 : x0 + w])

    def label(self, window: Window) -> np.ndarray:
        x0, y0, w, h = window
        return self.labels[y0 : y0 + h, x0 : x0 + w]


def finish_scene(scene: Scene) -> Scene:
    """Pixels with no data in any band get no label."""
    nodata = (scene.dn == NODATA_DN).any(axis=0)
    scene.labels = np.where(nodata, IGNORE_INDEX, scene.labels).astype(np.uint8)
    return scene


def load_scene(cfg: SceneConfig, data: DataConfig) -> Scene:
    """One dataset A/B scene: image bands, CLC+ and/or pack labels on the image grid."""
    window = cfg.window
    if data.max_scene_px:  # smoke runs: the top-left corner of the (windowed) image
        x0, y0, w, h = window or (0, 0, data.max_scene_px, data.max_scene_px)
        window = [x0, y0, min(w, data.max_scene_px), min(h, data.max_scene_px)]
    dn, grid = read_bands(cfg.image, data.bands, cfg.band_order, tuple(window) if window else None)  # type: ignore[arg-type]
    if abs(grid.res - data.resolution_m) > 1e-6:
        raise ValueError(f"{cfg.name}: pixel size {grid.res} m, config says {data.resolution_m}")
    scaling = ReflectanceScaling.for_product(
        cfg.level, cfg.processing_baseline, cfg.sensing_date, cfg.product_id, cfg.offset_dn
    )
    dense = clcplus_labels(cfg.clcplus, grid, data.target) if cfg.clcplus else None
    sparse = None
    if cfg.packs:
        sparse, stats = pack_labels(cfg.packs, grid, data.target, data.pack_geometry)
        for s in stats:
            log.info(
                "%s: %s: %d plots, %d burnt, %d without CLC+ class, %d without core, %d outside",
                cfg.name, s.pack, s.plots, s.burnt, s.no_clcplus, s.no_core, s.outside,
            )  # fmt: skip
    source = "+".join(k for k, v in (("clcplus", dense), ("packs", sparse)) if v is not None)
    scene = Scene(cfg.name, dn, merge_labels(dense, sparse), grid, scaling, source)
    return finish_scene(scene)


def load_scenes(data: DataConfig) -> list[Scene]:
    """All scenes of a run config, labels included."""
    if data.kind == "dynamicworld":
        from .dynamicworld import load_dynamicworld

        scenes = load_dynamicworld(data)
    else:
        scenes = [load_scene(s, data) for s in data.scenes]
    levels = {s.scaling.level for s in scenes}
    if len(levels) > 1:
        raise ValueError(
            f"scenes mix product levels {sorted(levels)}: train one model per level "
            "(L1C top-of-atmosphere and L2A surface reflectance differ)"
        )
    return scenes
