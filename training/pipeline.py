"""From a run config to what every command needs: scenes, classes, split, statistics."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch

from .classes import ClassInfo, class_scheme, target_index
from .config import RunConfig
from .dataset import Normalization, band_statistics, class_counts, inverse_frequency
from .scenes import Scene, load_scenes
from .split import Chip, SplitPlan, eval_windows, plan_split

log = logging.getLogger(__name__)


@dataclass
class Prepared:
    cfg: RunConfig
    scenes: dict[str, Scene]
    classes: list[ClassInfo]
    target: int
    plan: SplitPlan
    norm: Normalization
    counts: np.ndarray  # labelled pixels per class in the training regions

    def windows(self, split: str) -> list[Chip]:
        """Evaluation windows of a split (capped by data.max_eval_windows)."""
        if split == "train":
            out = eval_windows(self.plan.regions_of("train"), self.cfg.data.eval_tile_px)
        else:
            out = self.plan.eval_windows[split]
        cap = self.cfg.data.max_eval_windows
        return out[:cap] if cap else out

    def split_names(self) -> dict[str, list[str]]:
        return {
            s: sorted(r.name for r in self.plan.regions_of(s)) for s in ("train", "val", "test")
        }

    def loss_weights(self) -> list[float] | None:
        t = self.cfg.train
        if t.class_weights is not None:
            if len(t.class_weights) != len(self.classes):
                raise ValueError(
                    f"{len(t.class_weights)} class_weights for {len(self.classes)} classes"
                )
            return list(t.class_weights)
        if t.class_weight_power == 0:
            return None
        return inverse_frequency(self.counts, t.class_weight_power).tolist()


def prepare(cfg: RunConfig, norm: dict[str, Any] | None = None) -> Prepared:
    """Load scenes, plan the split, and compute (or take) the band statistics."""
    scenes = {s.name: s for s in load_scenes(cfg.data)}
    classes = class_scheme(cfg.data.target, cfg.data.class_names)
    target = target_index(cfg.data.target)
    plan = plan_split(
        list(scenes.values()),
        cfg.split,
        target,
        cfg.data.chip_size,
        cfg.data.stride,
        cfg.data.eval_tile_px,
    )
    train_regions = plan.regions_of("train")
    if not plan.train_chips:
        raise ValueError("no training chip: regions smaller than chip_size, or no training region")
    if not plan.eval_windows["test"]:
        raise ValueError("no test region: add data or lower split.block_size_m")
    counts = class_counts(scenes, train_regions, len(classes))
    stats = (
        Normalization.from_dict(norm)
        if norm
        else band_statistics(scenes, train_regions, cfg.data.bands)
    )
    if list(stats.bands) != cfg.data.bands:
        raise ValueError(
            f"normalisation is for bands {list(stats.bands)}, config has {cfg.data.bands}"
        )
    log.info(
        "%d scenes; regions train/val/test = %s; %d training chips (%d dropped near held-out regions)",
        len(scenes),
        [len(plan.regions_of(s)) for s in ("train", "val", "test")],
        len(plan.train_chips),
        plan.dropped_train_chips,
    )
    return Prepared(cfg, scenes, classes, target, plan, stats, counts)


def split_record(prep: Prepared) -> dict[str, Any]:
    """The split as written to split.json: regions, chip and window footprints."""

    def entry(chip: Chip, split: str) -> dict[str, Any]:
        grid = prep.scenes[chip.scene].grid
        return {
            "scene": chip.scene,
            "region": chip.region,
            "split": split,
            "window": list(chip.window),
            "bounds": list(grid.window_bounds(chip.window)),
            "lonlat_envelope": list(grid.footprint_lonlat(chip.window).GetEnvelope()),
        }

    chips = [entry(c, "train") for c in prep.plan.train_chips]
    for split in ("val", "test"):
        chips += [entry(c, split) for c in prep.plan.eval_windows[split]]
    return {
        "regions": [
            {"name": r.name, "scene": r.scene, "split": r.split, "window": list(r.window)}
            for r in prep.plan.regions
        ],
        "class_pixels_train": prep.counts.tolist(),
        "dropped_train_chips": prep.plan.dropped_train_chips,
        "chips": chips,
    }


def write_split(prep: Prepared, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "split.json"
    path.write_text(json.dumps(split_record(prep)) + "\n", encoding="utf-8")
    return path


def set_seed(seed: int) -> None:
    torch.manual_seed(seed)
    np.random.seed(seed % 2**32)
