"""Coverage-weighted sums of raster "channels" over many zones, in bounded memory.

A *reader* turns a pixel window of the raster(s) into uint8 codes, and a table
``table[code, k]`` (0/1) says which *channels* (for example "valid", "sealed") each code
belongs to; ``measure_zones`` returns, for every zone, the area of the zone (m², whole
polygon) and ``sum over pixels of coverage * pixel area * table[code, k]`` for each
channel k — exact pixel-fraction weighting at the polygon edges (see ``coverage``).

Zones are taken from the iterable in groups; within a group, zones whose window (bounding
box clipped to the raster) is small are sorted by place and batched, one raster read per
batch (a window of at most ``MAX_WINDOW`` pixels holding every zone of the batch);
a zone with a bigger window is scanned alone, in column strips and row blocks with running
column sums, so a national raster or a department-sized zone never loads more than
``MAX_WINDOW`` pixels at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import numpy as np

from verite_core.analytics.coverage import (
    Pieces,
    boundary_pieces,
    pieces_per_zone,
    zone_areas_m2,
)
from verite_core.analytics.geometry import zone_rings, zone_transform
from verite_core.analytics.grid import AnalyticsCanceled, RasterGrid

#: (x, y, width, height, transposed) of a pixel window → uint8 codes, shape (height, width),
#: or (width, height) when ``transposed``.
Reader = Callable[[int, int, int, int, bool], np.ndarray]

GROUP_SIZE = 4096  # zones parsed and sorted together...
GROUP_BYTES = 32 << 20  # ...and at most this much WKB (2M vertices)
MAX_PIECES = 4 << 20  # boundary pieces in memory at once (40 bytes each), but whole zones
MAX_WINDOW = 1 << 22  # pixels read at once (per channel: 4 MiB of masks, 16 MiB of sums)
TILE = 256  # spatial sort key of small zones
MAX_WASTE = 1  # a batch window may hold this many times its zones' window pixels (+ TILE²)
MAX_BLOCK_ROWS = 65535  # per-block pixel counts are packed in 16 bits
#: Windows narrower than this are read column-major, so that the prefix sums down the
#: columns run over contiguous memory (numpy's cumsum(axis=0) is ~15x slower).
TRANSPOSE_BELOW = 512


def measure_zones(
    grid: RasterGrid,
    zones: Iterable[tuple[Any, Any]],
    zones_crs_wkt: str,
    read: Reader,
    table: np.ndarray,
    progress: Callable[[float], None] | None = None,
    is_canceled: Callable[[], bool] | None = None,
) -> Iterator[tuple[Any, float, np.ndarray]]:
    """(zone id, zone m², m² of each channel) for every zone, in the order given."""
    transform = zone_transform(zones_crs_wkt, grid)
    total = len(zones) if isinstance(zones, Sequence) else 0
    done = 0  # zones measured before the current sub-group

    def report(fraction_of_subgroup: float, count: int) -> None:
        if progress is not None and total:
            progress(min(1.0, (done + fraction_of_subgroup * count) / total))

    for group in _groups(iter(zones)):
        rings = zone_rings(group, transform, grid)
        for first, stop in _subgroups(pieces_per_zone(rings, len(group))):
            count = stop - first
            pieces = boundary_pieces(rings.subset(first, stop))
            zone_m2 = zone_areas_m2(pieces, count, grid)
            inside = (pieces.col >= 0) & (pieces.col < grid.width)
            sums = _measure_group(
                grid,
                pieces.take(inside),
                count,
                read,
                table,
                is_canceled,
                lambda fraction, count=count: report(fraction, count),
            )
            if grid.pixel_area_m2 is not None:
                sums *= grid.pixel_area_m2
            for index in range(count):
                yield group[first + index][0], float(zone_m2[index]), sums[index]
            done += count
            report(0.0, 0)


def _groups(zones: Iterator[tuple[Any, Any]]) -> Iterator[list[tuple[Any, Any]]]:
    """Lists of at most GROUP_SIZE zones and about GROUP_BYTES of WKB."""
    group: list[tuple[Any, Any]] = []
    size = 0
    for zone in zones:
        group.append(zone)
        wkb = zone[1]
        size += wkb.WkbSize() if hasattr(wkb, "WkbSize") else len(wkb or b"")
        if len(group) >= GROUP_SIZE or size >= GROUP_BYTES:
            yield group
            group, size = [], 0
    if group:
        yield group


def _subgroups(estimates: np.ndarray) -> Iterator[tuple[int, int]]:
    """Consecutive zone ranges of at most about MAX_PIECES boundary pieces (one or more
    zones each)."""
    first, count = 0, 0
    for index, n in enumerate(estimates.tolist()):
        if count and count + n > MAX_PIECES:
            yield first, index
            first, count = index, 0
        count += n
    if len(estimates):
        yield first, len(estimates)


def _measure_group(
    grid: RasterGrid,
    pieces: Pieces,
    zones: int,
    read: Reader,
    table: np.ndarray,
    is_canceled: Callable[[], bool] | None,
    progress: Callable[[float], None],
) -> np.ndarray:
    """m² (or pixel counts on a projected grid) of each channel for each zone."""
    sums = np.zeros((zones, table.shape[1]))
    if len(pieces.row) == 0:
        return sums
    start = np.searchsorted(pieces.zone, np.arange(zones + 1))
    has = np.flatnonzero(start[1:] > start[:-1])
    first = start[has]
    c0 = np.minimum.reduceat(pieces.col, first)
    c1 = np.maximum.reduceat(pieces.col, first) + 1
    r0 = np.maximum(np.minimum.reduceat(pieces.row, first), 0)
    r1 = np.minimum(np.maximum.reduceat(pieces.row, first) + 1, grid.height)
    hit = r1 > r0
    has, c0, c1, r0, r1 = has[hit], c0[hit], c1[hit], r0[hit], r1[hit]
    size = (c1 - c0) * (r1 - r0)

    measured = 0

    def check(count: int) -> None:
        nonlocal measured
        if is_canceled is not None and is_canceled():
            raise AnalyticsCanceled("canceled")
        if measured:
            progress(measured / zones)
        measured += count

    for i in np.flatnonzero(size > MAX_WINDOW):
        check(1)
        zone = has[i]
        _scan_large(
            grid,
            pieces.take(slice(start[zone], start[zone + 1])),
            (c0[i], r0[i], c1[i], r1[i]),
            read,
            table,
            sums,
        )
    small = np.flatnonzero(size <= MAX_WINDOW)
    tile_row, tile_col = (r0 + r1)[small] // (2 * TILE), (c0 + c1)[small] // (2 * TILE)
    key = tile_row * (grid.width // TILE + 1) + tile_col  # row-major order of tiles
    for batch, window in _batches(small[np.argsort(key, kind="stable")], c0, r0, c1, r1, size):
        check(len(batch))
        zone = has[batch]
        lo, hi = start[zone], start[zone + 1]
        lengths = hi - lo
        index = np.repeat(lo - np.cumsum(lengths) + lengths, lengths) + np.arange(lengths.sum())
        _scan(grid, pieces.take(index), window, read, table, sums, window[3] - window[1])
    return sums


def _batches(
    order: np.ndarray,
    c0: np.ndarray,
    r0: np.ndarray,
    c1: np.ndarray,
    r1: np.ndarray,
    size: np.ndarray,
) -> Iterator[tuple[np.ndarray, tuple[int, int, int, int]]]:
    """Consecutive zones (in ``order``) grouped while their common window stays small."""
    batch: list[int] = []
    x0 = y0 = x1 = y1 = 0
    pixels = 0
    for i in order.tolist():
        if batch:
            nx0, ny0 = min(x0, c0[i]), min(y0, r0[i])
            nx1, ny1 = max(x1, c1[i]), max(y1, r1[i])
            area = (nx1 - nx0) * (ny1 - ny0)
            if area <= MAX_WINDOW and area <= MAX_WASTE * (pixels + size[i]) + TILE * TILE:
                batch.append(i)
                x0, y0, x1, y1 = nx0, ny0, nx1, ny1
                pixels += size[i]
                continue
            yield np.asarray(batch), (int(x0), int(y0), int(x1), int(y1))
        batch = [i]
        x0, y0, x1, y1 = c0[i], r0[i], c1[i], r1[i]
        pixels = size[i]
    if batch:
        yield np.asarray(batch), (int(x0), int(y0), int(x1), int(y1))


def _scan_large(
    grid: RasterGrid,
    pieces: Pieces,
    window: tuple[int, int, int, int],
    read: Reader,
    table: np.ndarray,
    sums: np.ndarray,
) -> None:
    """One big zone: column strips of at most 4096 pixels, each scanned in row blocks."""
    x0, y0, x1, y1 = (int(v) for v in window)
    strip = min(x1 - x0, 4096)
    order = np.argsort(pieces.col, kind="stable")
    pieces = pieces.take(order)
    for left in range(x0, x1, strip):
        right = min(left + strip, x1)
        lo, hi = np.searchsorted(pieces.col, [left, right])
        block = max(1, MAX_WINDOW // (right - left))
        _scan(grid, pieces.take(slice(lo, hi)), (left, y0, right, y1), read, table, sums, block)


def _scan(
    grid: RasterGrid,
    pieces: Pieces,
    window: tuple[int, int, int, int],
    read: Reader,
    table: np.ndarray,
    sums: np.ndarray,
    block_rows: int,
) -> None:
    """Add ``sum a * W + b * (W above)`` of ``pieces`` (all in the window's columns) to
    ``sums``, reading the window in blocks of at most ``block_rows`` rows."""
    x0, y0, x1, y1 = window
    width, (zones, channels) = x1 - x0, sums.shape
    tops = list(range(y0, y1, min(block_rows, MAX_BLOCK_ROWS)))
    if len(tops) > 1:
        pieces = pieces.take(np.argsort(pieces.row, kind="stable"))
    # Channel k of a code counts in bits 16k..16k+15 of one integer: one prefix sum for all.
    shifts = (16 * np.arange(channels)).astype(np.uint64)
    packed = (table.astype(np.uint64) << shifts).sum(axis=1)
    packed = packed.astype(np.uint32 if channels <= 2 else np.uint64)
    carry = np.zeros((channels, width))
    geographic = grid.pixel_area_m2 is None
    transposed = width < TRANSPOSE_BELOW and not geographic
    for top in tops:
        height = min(block_rows, MAX_BLOCK_ROWS, y1 - top)
        codes = read(x0, top, width, height, transposed)
        if len(tops) > 1:
            sel = slice(*np.searchsorted(pieces.row, [top, top + height]))
        else:
            sel = (pieces.row >= top) & (pieces.row < top + height)
        col = pieces.col[sel] - x0
        row = pieces.row[sel] - top
        flat = col * height + row if transposed else row * width + col
        own = table[codes.ravel()[flat]].T.astype(np.float64)  # (channels, pieces)
        if geographic:  # weight every row by its pixel area
            areas = grid.row_areas(np.arange(top, top + height))
            weights = np.ascontiguousarray(table[codes].transpose(2, 0, 1) * areas[:, None])
            for k in range(channels):
                _prefix_rows(weights[k])
            above = weights.reshape(channels, -1)[:, flat]
            last = weights[:, -1, :]
            own *= areas[row]
        elif transposed:  # codes are (width, height): prefix sums along the last axis
            counts = np.take(packed, codes)
            np.cumsum(counts, axis=1, out=counts)
            above = _unpack(counts.ravel()[flat], shifts)
            last = _unpack(counts[:, -1], shifts)
        else:
            counts = np.take(packed, codes)
            _prefix_rows(counts)
            above = _unpack(counts.ravel()[flat], shifts)
            last = _unpack(counts[-1], shifts)
        a, b, zone = pieces.a[sel], pieces.b[sel], pieces.zone[sel]
        for k in range(channels):
            above[k] += carry[k, col]
            sums[:, k] += np.bincount(zone, (a - b) * own[k] + b * above[k], minlength=zones)
        carry += last
    below = pieces.row >= y1  # below the raster: the whole column above counts
    if below.any():
        col, b, zone = pieces.col[below] - x0, pieces.b[below], pieces.zone[below]
        for k in range(channels):
            sums[:, k] += np.bincount(zone, b * carry[k, col], minlength=zones)


def _prefix_rows(values: np.ndarray) -> None:
    """In-place inclusive prefix sum down the rows of a 2D array. Row by row: numpy's
    ``cumsum(axis=0)`` walks each column with a large stride and is ~15x slower."""
    if values.shape[1] < 48:
        np.cumsum(values, axis=0, out=values)
        return
    for r in range(1, values.shape[0]):
        np.add(values[r], values[r - 1], out=values[r])


def _unpack(packed: np.ndarray, shifts: np.ndarray) -> np.ndarray:
    """(channels, n) float64 counts from packed 16-bit fields."""
    wide = packed.astype(np.uint64)
    return ((wide[None, :] >> shifts[:, None]) & np.uint64(0xFFFF)).astype(np.float64)
