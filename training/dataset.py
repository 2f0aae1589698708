"""Chips as tensors: normalisation statistics, class weights, balanced sampling.

Per-band mean and standard deviation are computed on reflectance over the training
regions only (never validation or test) and are saved with the model. Inputs are
``(reflectance - mean) / std``; no-data pixels become 0 (the band mean).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch.utils.data import Dataset

from .classes import IGNORE_INDEX
from .scenes import Scene
from .split import Chip, Region


@dataclass(frozen=True)
class Normalization:
    """Per-band statistics of reflectance on the training split."""

    bands: tuple[str, ...]
    mean: tuple[float, ...]
    std: tuple[float, ...]

    def apply(self, reflectance: np.ndarray) -> np.ndarray:
        mean = np.asarray(self.mean, np.float32)[:, None, None]
        std = np.asarray(self.std, np.float32)[:, None, None]
        out = (reflectance - mean) / std
        return np.nan_to_num(out, nan=0.0).astype(np.float32)

    def as_dict(self) -> dict:
        return {"bands": list(self.bands), "mean": list(self.mean), "std": list(self.std)}

    @classmethod
    def from_dict(cls, d: dict) -> Normalization:
        return cls(tuple(d["bands"]), tuple(map(float, d["mean"])), tuple(map(float, d["std"])))


def band_statistics(
    scenes: dict[str, Scene], regions: list[Region], bands: list[str], max_pixels: int = 2_000_000
) -> Normalization:
    """Mean/std per band over the training regions (strided subsample, no-data excluded)."""
    total = sum(r.window[2] * r.window[3] for r in regions)
    step = max(1, int(np.sqrt(total / max_pixels)))
    sums = np.zeros(len(bands), np.float64)
    sq = np.zeros(len(bands), np.float64)
    count = 0
    for r in regions:
        refl = scenes[r.scene].reflectance(r.window)[:, ::step, ::step]
        valid = ~np.isnan(refl).any(axis=0)
        values = refl[:, valid].astype(np.float64)
        sums += values.sum(axis=1)
        sq += (values**2).sum(axis=1)
        count += values.shape[1]
    if count == 0:
        raise ValueError("no valid training pixel to compute band statistics")
    mean = sums / count
    std = np.sqrt(np.maximum(sq / count - mean**2, 1e-12))
    return Normalization(tuple(bands), tuple(mean.round(6)), tuple(np.maximum(std, 1e-4).round(6)))


def class_counts(scenes: dict[str, Scene], regions: list[Region], num_classes: int) -> np.ndarray:
    counts = np.zeros(num_classes, np.int64)
    for r in regions:
        lab = scenes[r.scene].label(r.window)
        counts += np.bincount(lab[lab != IGNORE_INDEX].ravel(), minlength=num_classes)[:num_classes]
    return counts


def inverse_frequency(counts: np.ndarray, power: float) -> np.ndarray:
    """freq^-power, normalised to a pixel-weighted mean of 1; absent classes get 0."""
    freq = counts / max(1, counts.sum())
    weights = np.where(freq > 0, np.power(np.maximum(freq, 1e-12), -power), 0.0)
    mean = (weights * freq).sum()
    return (weights / mean if mean > 0 else weights).astype(np.float32)


def chip_sampling_weights(
    scenes: dict[str, Scene], chips: list[Chip], pixel_weights: np.ndarray
) -> np.ndarray:
    """A chip's weight = sum of its labelled pixels' class weights (class balancing);
    chips without any label get none."""
    out = np.zeros(len(chips), np.float64)
    for i, chip in enumerate(chips):
        lab = scenes[chip.scene].label(chip.window)
        lab = lab[lab != IGNORE_INDEX]
        if lab.size:
            out[i] = pixel_weights[lab].sum()
    return out


class ChipDataset(Dataset):
    """(input, label) pairs for chips; random flips and 90-degree rotations when training."""

    def __init__(
        self,
        scenes: dict[str, Scene],
        chips: list[Chip],
        norm: Normalization,
        augment: bool = False,
        seed: int = 0,
    ):
        self.scenes, self.chips, self.norm, self.augment = scenes, chips, norm, augment
        self.rng = np.random.default_rng(seed)

    def __len__(self) -> int:
        return len(self.chips)

    def __getitem__(self, i: int) -> tuple[torch.Tensor, torch.Tensor]:
        chip = self.chips[i]
        scene = self.scenes[chip.scene]
        x = self.norm.apply(scene.reflectance(chip.window))
        y = scene.label(chip.window).astype(np.int64)
        if self.augment:
            k = int(self.rng.integers(4))
            x, y = np.rot90(x, k, axes=(1, 2)), np.rot90(y, k)
            if self.rng.random() < 0.5:
                x, y = x[:, :, ::-1], y[:, ::-1]
        return torch.from_numpy(np.ascontiguousarray(x)), torch.from_numpy(np.ascontiguousarray(y))
