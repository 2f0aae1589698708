"""Tile layout and blending weights for the sliding window.

Along each axis, tiles of ``tile`` pixels start every ``tile - overlap`` pixels; the last
one is shifted back to end on the border (no padding), so edge tiles see only real pixels.
An axis shorter than a tile gets one tile, reflect-padded up to a multiple of 32 (at least
32 px, SegFormer's minimum).

Each tile's prediction is weighted by a smooth ramp (sin², never exactly 0) over its
``overlap`` pixels on every side that has a neighbour, and by 1 on sides on the image
border; overlapping predictions are averaged with these weights and divided by their sum,
so tile borders leave no seam and a constant prediction stays constant.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MIN_INPUT = 32


@dataclass(frozen=True)
class Axis:
    """Tiles along one axis of ``length`` pixels."""

    length: int
    tile: int  # real pixels per tile (<= length)
    input: int  # model input size (>= tile: reflect padding for short axes)
    starts: tuple[int, ...]
    ramp: int  # blending ramp length in pixels

    def weights(self, i: int) -> np.ndarray:
        """Blending weights of the i-th tile (length ``tile``)."""
        w = np.ones(self.tile, np.float32)
        r = min(self.ramp, self.tile // 2)
        if r <= 0:
            return w
        up = np.sin(0.5 * np.pi * (np.arange(r, dtype=np.float64) + 0.5) / r) ** 2
        if self.starts[i] > 0:
            w[:r] *= up.astype(np.float32)
        if self.starts[i] + self.tile < self.length:
            w[-r:] *= up[::-1].astype(np.float32)
        return w


def layout(length: int, tile: int, overlap: int) -> Axis:
    """Tile starts along an axis (see the module docstring)."""
    if length <= 0:
        raise ValueError("cannot tile an empty axis")
    if tile < MIN_INPUT or not 0 <= overlap < tile:
        raise ValueError(f"tile size {tile} must be >= {MIN_INPUT} and above overlap {overlap}")
    if length <= tile:
        padded = max(MIN_INPUT, -(-length // 32) * 32) if length < tile else tile
        return Axis(length, length, padded, (0,), overlap)
    stride = tile - overlap
    starts = list(range(0, length - tile, stride))
    starts.append(length - tile)
    return Axis(length, tile, tile, tuple(sorted(set(starts))), overlap)


def tile_weights(rows: Axis, cols: Axis, i: int, j: int) -> np.ndarray:
    """2-D weights (tile rows, tile cols) of tile (i, j)."""
    return np.outer(rows.weights(i), cols.weights(j))


def pad_tile(x: np.ndarray, rows: Axis, cols: Axis) -> np.ndarray:
    """Reflect-pad (..., h, w) up to the model input size of short axes."""
    ph, pw = rows.input - x.shape[-2], cols.input - x.shape[-1]
    if ph == 0 and pw == 0:
        return x
    pad = [(0, 0)] * (x.ndim - 2) + [(0, ph), (0, pw)]
    mode = "reflect" if min(x.shape[-2:]) > 1 else "edge"
    return np.pad(x, pad, mode=mode)
