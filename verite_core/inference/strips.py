"""The strip loop: rows of tiles read, normalised, predicted, blended and written.

The next strip is read in a worker thread while the model runs on the current one (GDAL
decoding and numpy release the GIL), into the other of two strip buffers; the first one,
read before the model has anything to do, is read with two threads. A third thread
scales and normalises the next batch of tiles while the model runs. Predictions are
blended into an accumulator one tile high (``Blender``); the rows that no later tile
touches are turned into class codes and probabilities and handed to a writer thread
(compression and overviews overlap the next strip's predictions; at most one strip's
rows wait there).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from .errors import Canceled
from .masks import MaskRasterizer
from .model import OnnxModel
from .reader import BandReader, Window
from .tiling import Axis, pad_tile, tile_weights
from .writer import CLASS_NODATA, PROBABILITY_MAX, PROBABILITY_NODATA, OutputRaster

#: Niceness added to the helper threads (read, prepare, write): on a machine whose cores
#: onnxruntime already keeps busy, they take the cycles it leaves idle instead of slowing
#: it down (the model is the critical path; the helpers have a strip's time to finish).
HELPER_NICENESS = 5


def _lower_priority() -> None:
    """Lower the calling thread's scheduling priority (Linux: per thread; elsewhere: no-op)."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), HELPER_NICENESS)
    except (AttributeError, OSError):  # no setpriority (Windows), or not allowed
        pass


class Progress:
    """Monotonic progress in [0, 1]; ``check`` raises Canceled when asked to stop."""

    def __init__(self, report: Callable[[float], None] | None, canceled: Callable[[], bool] | None):
        self.report, self.canceled, self.value = report, canceled, 0.0

    def __call__(self, value: float) -> None:
        self.value = min(1.0, max(self.value, float(value)))
        if self.report is not None:
            self.report(self.value)

    def is_canceled(self) -> bool:
        return bool(self.canceled is not None and self.canceled())

    def check(self) -> None:
        if self.is_canceled():
            raise Canceled("canceled")


class Blender:
    """Weighted sums of tile probabilities for the rows of one tile row."""

    def __init__(self, classes: int, rows: Axis, width: int):
        self.acc = np.zeros((classes, rows.tile, width), np.float32)
        self.wsum = np.zeros((rows.tile, width), np.float32)
        self.y = 0

    def move_to(self, y: int) -> None:
        shift = y - self.y
        if shift >= self.wsum.shape[0]:
            self.acc[:], self.wsum[:] = 0, 0
        elif shift > 0:
            self.acc[:, :-shift] = self.acc[:, shift:]
            self.acc[:, -shift:] = 0
            self.wsum[:-shift] = self.wsum[shift:]
            self.wsum[-shift:] = 0
        self.y = y

    def add(self, probs: np.ndarray, weights: np.ndarray, x: int) -> None:
        h, w = weights.shape
        self.acc[:, :h, x : x + w] += probs[:, :h, :w] * weights
        self.wsum[:h, x : x + w] += weights

    def take(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        """Blended probabilities (K, n, width) of the first n rows, and where any tile ran."""
        covered = self.wsum[:n] > 0
        return self.acc[:, :n] / np.where(covered, self.wsum[:n], 1.0), covered


class StripLoop:
    """Rows of tiles, top to bottom (see the module docstring)."""

    def __init__(
        self,
        model: OnnxModel,
        reader: BandReader,
        masker: MaskRasterizer | None,
        rows: Axis,
        cols: Axis,
        window: Window,
        scaling: tuple[np.ndarray, np.ndarray],
    ):
        self.model, self.reader, self.masker = model, reader, masker
        self.rows, self.cols, self.window, self.scaling = rows, cols, window, scaling
        bands, shape = len(model.info.bands), (rows.tile, window[2])
        # Two strip buffers: one being read, one being predicted.
        self.strips = [np.zeros((bands, *shape), np.uint16) for _ in range(2)]
        self.valids = [np.zeros(shape, bool) for _ in range(2)]

    def _load(self, ri: int, workers: int = 1) -> tuple[np.ndarray, np.ndarray]:
        """Strip ``ri``: the rows it shares with strip ``ri - 1`` are copied from it (that
        buffer is only read meanwhile), the others are read and resampled."""
        x0, y0, width, _ = self.window
        y, th = self.rows.starts[ri], self.rows.tile
        dn, valid = self.strips[ri % 2], self.valids[ri % 2]
        keep = 0
        if ri > 0:
            before = self.rows.starts[ri - 1]
            keep = max(0, before + th - y)
            dn[:, :keep] = self.strips[(ri - 1) % 2][:, y - before :]
            valid[:keep] = self.valids[(ri - 1) % 2][y - before :]
        window = (x0, y0 + y + keep, width, th - keep)
        _, fresh = self.reader.read(window, out=dn[:, keep:], workers=workers)
        if self.masker is not None:
            fresh &= self.masker.strip(window)
        valid[keep:] = fresh
        return dn, valid

    def run(
        self,
        batch_size: int,
        classes: OutputRaster,
        prob: OutputRaster | None,
        track: Progress,
    ) -> tuple[int, np.ndarray]:
        """Predict, blend and write every row; returns (tiles run, pixel counts by value)."""
        info, rows, cols = self.model.info, self.rows, self.cols
        height = self.window[3]
        a, b = self.scaling
        blender = Blender(len(info.classes), rows, self.window[2])
        # Two input buffers: the next batch is prepared while the model runs on this one.
        inputs = [np.zeros((batch_size, len(info.bands), rows.input, cols.input), np.float32)
                  for _ in range(2)]  # fmt: skip
        codes = np.asarray(info.codes, np.uint8)
        counts = np.zeros(256, np.int64)
        total, done, ran = len(rows.starts) * len(cols.starts), 0, 0
        written = None  # the write of the previous strip's rows

        def write(cls: np.ndarray, sealed: np.ndarray | None) -> None:
            classes.write_rows(cls)
            if prob is not None and sealed is not None:
                prob.write_rows(sealed)

        def prepare(n: int, batch: list, dn: np.ndarray, valid: np.ndarray) -> np.ndarray:
            x = inputs[n % 2][: len(batch)]
            for slot, (_, xs) in zip(x, batch, strict=True):
                _tile_input(slot, dn, valid, xs, rows, cols, a, b)
            return x

        # Leaving the with-block waits for the workers, also after an error or a cancel:
        # the outputs are never closed or discarded under a running read or write.
        def helper(name: str) -> ThreadPoolExecutor:
            return ThreadPoolExecutor(1, f"verite-{name}", initializer=_lower_priority)

        with helper("read") as pool, helper("prep") as prep, helper("write") as out:
            future = pool.submit(self._load, 0, 2)
            for ri, y in enumerate(rows.starts):
                dn, valid = future.result()
                if ri + 1 < len(rows.starts):
                    future = pool.submit(self._load, ri + 1)
                blender.move_to(y)
                todo = [(cj, x) for cj, x in enumerate(cols.starts) if valid[:, x : x + cols.tile].any()]  # fmt: skip
                done += len(cols.starts) - len(todo)
                batches = [todo[k : k + batch_size] for k in range(0, len(todo), batch_size)]
                ready = prep.submit(prepare, 0, batches[0], dn, valid) if batches else None
                for n, batch in enumerate(batches):
                    track.check()
                    x = ready.result()  # type: ignore[union-attr]
                    if n + 1 < len(batches):
                        ready = prep.submit(prepare, n + 1, batches[n + 1], dn, valid)
                    probs = self.model.predict(x)
                    for (cj, xs), p in zip(batch, probs, strict=True):
                        blender.add(p, tile_weights(rows, cols, ri, cj), xs)
                    done, ran = done + len(batch), ran + len(batch)
                    track(done / total)
                end = rows.starts[ri + 1] - y if ri + 1 < len(rows.starts) else height - y
                p, covered = blender.take(end)
                ok = valid[:end] & covered
                cls = np.where(ok, codes[_argmax0(p)], CLASS_NODATA).astype(np.uint8)
                counts += np.bincount(cls.ravel(), minlength=256)
                sealed = None
                if prob is not None:
                    sealed = p[info.sealed_index]
                    if prob.dtype == np.float32:
                        sealed = np.where(ok, sealed, np.nan).astype(np.float32)
                    else:
                        q = np.rint(np.clip(sealed, 0, 1) * PROBABILITY_MAX)
                        sealed = np.where(ok, q, PROBABILITY_NODATA).astype(np.uint8)
                if written is not None:
                    written.result()  # raises the writer's error, bounds what waits
                written = out.submit(write, cls, sealed)
                track(done / total)
                track.check()
            if written is not None:
                written.result()
        return ran, counts


def _tile_input(
    out: np.ndarray,
    dn: np.ndarray,
    valid: np.ndarray,
    x: int,
    rows: Axis,
    cols: Axis,
    a: np.ndarray,
    b: np.ndarray,
) -> None:
    """One tile's model input into ``out``: scaled, normalised, no data -> 0, padded."""
    h, w = rows.tile, cols.tile
    t = out[:, :h, :w]
    np.multiply(dn[:, :h, x : x + w], a, out=t, casting="unsafe")
    t += b
    ok = valid[:h, x : x + w]
    if not ok.all():  # most tiles have no no-data: skip a pass over the tile
        t *= ok
    if (h, w) != out.shape[1:]:
        out[:] = pad_tile(t.copy(), rows, cols)


def _argmax0(p: np.ndarray) -> np.ndarray:
    """argmax over the first axis (K, h, w), first maximum wins; a loop over classes is
    several times faster than ``np.argmax(p, axis=0)`` on these strided arrays."""
    best, index = p[0].copy(), np.zeros(p.shape[1:], np.uint8)
    for k in range(1, p.shape[0]):
        better = p[k] > best
        index[better] = k
        np.maximum(best, p[k], out=best)
    return index
