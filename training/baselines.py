"""Trivial baselines measured on the same windows as the model.

* ``all_not_sealed``: predicts the majority class everywhere (sealed IoU 0, bias -100 %).
* ``ndvi_ndbi_fixed``: sealed where NDVI < 0.3 and NDBI > 0, with NDBI = (B11 - B08) /
  (B11 + B08): a textbook spectral rule, thresholds not tuned.
* ``ndvi_ndbi_tuned``: the same rule with both thresholds chosen on the training regions
  (grid search maximising sealed IoU), then applied unchanged to the evaluated split.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from verite_core.sentinel2 import ndvi

from .classes import IGNORE_INDEX
from .metrics import accumulate, confusion
from .pipeline import Prepared
from .split import Chip, eval_windows

Rule = Callable[[np.ndarray], np.ndarray]  # reflectance (bands, h, w) -> class indices (h, w)
NDVI_GRID = np.round(np.arange(-0.1, 0.61, 0.05), 2)
NDBI_GRID = np.round(np.arange(-0.5, 0.31, 0.05), 2)


def _indices(prep: Prepared, refl: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    b = prep.cfg.data.bands
    red, nir, swir = (np.nan_to_num(refl[b.index(n)]) for n in ("B04", "B08", "B11"))
    return ndvi(red, nir), ndvi(nir, swir)  # ndvi(nir, swir) = (swir - nir) / (swir + nir)


def spectral_rule(prep: Prepared, ndvi_max: float, ndbi_min: float) -> Rule:
    def rule(refl: np.ndarray) -> np.ndarray:
        v, b = _indices(prep, refl)
        return ((v < ndvi_max) & (b > ndbi_min)).astype(np.uint8)

    return rule


def tune_rule(prep: Prepared, max_windows: int = 200) -> tuple[float, float, float]:
    """(ndvi_max, ndbi_min, train IoU) maximising sealed IoU on the training regions."""
    windows = eval_windows(prep.plan.regions_of("train"), prep.cfg.data.eval_tile_px)[:max_windows]
    inter = np.zeros((len(NDVI_GRID), len(NDBI_GRID)))
    union = np.zeros_like(inter)
    for chip in windows:
        scene = prep.scenes[chip.scene]
        lab = scene.label(chip.window)
        valid = lab != IGNORE_INDEX
        v, b = _indices(prep, scene.reflectance(chip.window))
        v, b, ref = v[valid], b[valid], lab[valid] == prep.target
        for i, vmax in enumerate(NDVI_GRID):
            low = v < vmax
            for j, bmin in enumerate(NDBI_GRID):
                pred = low & (b > bmin)
                inter[i, j] += np.count_nonzero(pred & ref)
                union[i, j] += np.count_nonzero(pred | ref)
    iou = np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
    i, j = np.unravel_index(int(iou.argmax()), iou.shape)
    return float(NDVI_GRID[i]), float(NDBI_GRID[j]), float(iou[i, j])


def _run(prep: Prepared, windows: list[Chip], rule: Rule) -> dict[str, np.ndarray]:
    k = len(prep.classes)
    out: dict[str, np.ndarray] = {"all": np.zeros((k, k), np.int64)}
    for chip in windows:
        scene = prep.scenes[chip.scene]
        cm = confusion(scene.label(chip.window), rule(scene.reflectance(chip.window)), k)
        accumulate(out, cm, scene.source, scene.stratum)
    return out


def run_baselines(prep: Prepared, windows: list[Chip]) -> dict[str, dict[str, Any]]:
    """Confusion matrices (per source) and a description for each applicable baseline."""
    counts = prep.counts
    majority = int(np.argmax(counts))
    out: dict[str, dict[str, Any]] = {
        "majority_class": {
            "description": f"Predicts the training split's majority class "
            f"('{prep.classes[majority].name}') everywhere.",
            "confusion": _run(prep, windows, lambda r: np.full(r.shape[1:], majority, np.uint8)),
        }
    }
    if prep.cfg.data.target != "sealed" or not {"B04", "B08", "B11"} <= set(prep.cfg.data.bands):
        return out
    out["ndvi_ndbi_fixed"] = {
        "description": "Sealed where NDVI < 0.3 and NDBI > 0 (NDBI = (B11 - B08) / (B11 + B08)); "
        "thresholds not tuned.",
        "thresholds": {"ndvi_max": 0.3, "ndbi_min": 0.0},
        "confusion": _run(prep, windows, spectral_rule(prep, 0.3, 0.0)),
    }
    vmax, bmin, train_iou = tune_rule(prep)
    out["ndvi_ndbi_tuned"] = {
        "description": f"Sealed where NDVI < {vmax} and NDBI > {bmin}: thresholds chosen on the "
        f"training regions by grid search (training sealed IoU {train_iou:.3f}).",
        "thresholds": {"ndvi_max": vmax, "ndbi_min": bmin, "train_iou": train_iou},
        "confusion": _run(prep, windows, spectral_rule(prep, vmax, bmin)),
    }
    return out
