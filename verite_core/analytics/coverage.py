"""Exact pixel coverage of polygons, from their boundary only.

The fraction of pixel ``(r, c)`` covered by a polygon (area of intersection / pixel
area, the definition exactextract uses) is, with edges oriented so that the polygon's
winding number is +1 inside and 0 in holes:

    coverage(r, c) = A(r, c) + sum over k > r of B(k, c)

where the ring edges are cut at every grid line into *pieces* that each lie inside one
pixel, and a piece from (u0, v0) to (u1, v1) in pixel (row, col) adds
``du * (v_mid - row)`` to A of its own pixel and ``du`` to B (``du = u1 - u0``, signed):
the trapezoid between the piece and the top of the pixel, and a full pixel-width strip for
every pixel above it in the column (a per-column version of the shoelace formula).

So a coverage-weighted sum over a raster window, ``sum coverage * W``, never needs the
coverage grid itself: it is ``sum over pieces of a * W(row, col) + b * P(row, col)`` with
``P`` the column-wise prefix sum of ``W`` above the piece (see ``engine``). That costs
O(boundary pieces) per polygon plus O(window pixels) for the prefix sums, exactly.
``coverage_grid`` builds the dense grid anyway (tests, small windows).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from verite_core.analytics.geometry import Rings
from verite_core.analytics.grid import RasterGrid


@dataclass(frozen=True, slots=True)
class Pieces:
    """Ring edges cut at grid lines; each piece lies inside pixel (row, col)."""

    zone: np.ndarray  # int64, index of the zone in its group (nondecreasing)
    row: np.ndarray  # int64
    col: np.ndarray  # int64
    a: np.ndarray  # float64, signed area (in pixels) added to its own pixel
    b: np.ndarray  # float64, signed area (in pixels) added to each pixel above in the column

    def take(self, index: np.ndarray | slice) -> Pieces:
        return Pieces(
            self.zone[index], self.row[index], self.col[index], self.a[index], self.b[index]
        )


#: Edges are cut in chunks of about this many pieces (bounds the temporary arrays).
CHUNK_PIECES = 1 << 20


def boundary_pieces(rings: Rings) -> Pieces:
    """Cut every ring edge at the grid's vertical then horizontal lines."""
    u0, v0, u1, v1, edge_ring = _edges(rings)
    if len(u0) == 0:
        z = np.zeros(0, np.int64)
        return Pieces(z, z, z, np.zeros(0), np.zeros(0))
    # Orientation: +1 for rings whose "bottom" runs towards +u (exterior), -1 for holes.
    signed = np.bincount(edge_ring, (u1 - u0) * (v0 + v1), minlength=len(rings.exterior))
    factor = np.sign(signed) * np.where(rings.exterior, 1.0, -1.0)
    weight, zone = factor[edge_ring], rings.zone[edge_ring]
    total = np.cumsum(_crossings(u0, u1) + _crossings(v0, v1) + 1)
    cuts = np.searchsorted(total, np.arange(CHUNK_PIECES, total[-1], CHUNK_PIECES))
    bounds = [0, *np.unique(cuts).tolist(), len(u0)]
    parts = [
        _edge_pieces(u0[i:j], v0[i:j], u1[i:j], v1[i:j], weight[i:j], zone[i:j])
        for i, j in zip(bounds[:-1], bounds[1:], strict=True)
        if j > i
    ]
    return Pieces(*(np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(Pieces)))


def pieces_per_zone(rings: Rings, zones: int) -> np.ndarray:
    """About how many pieces ``boundary_pieces`` makes for each zone (memory planning)."""
    u0, v0, u1, v1, edge_ring = _edges(rings)
    estimate = _crossings(u0, u1) + _crossings(v0, v1) + 1
    return np.bincount(rings.zone[edge_ring], estimate, minlength=zones)


def _edges(rings: Rings) -> tuple[np.ndarray, ...]:
    """(u0, v0, u1, v1, ring) of every ring edge."""
    count = len(rings.u)
    lengths = np.diff(rings.start)
    not_last = np.ones(count, bool)
    not_last[rings.start[1:] - 1] = False
    i0 = np.flatnonzero(not_last)
    ring = np.repeat(np.arange(len(lengths)), lengths)[i0]
    return rings.u[i0], rings.v[i0], rings.u[i0 + 1], rings.v[i0 + 1], ring


def _crossings(a0: np.ndarray, a1: np.ndarray) -> np.ndarray:
    """How many integers lie strictly between a0 and a1."""
    lo, hi = np.minimum(a0, a1), np.maximum(a0, a1)
    return np.maximum(np.ceil(hi) - np.floor(lo) - 1.0, 0.0).astype(np.int64)


def _edge_pieces(
    u0: np.ndarray,
    v0: np.ndarray,
    u1: np.ndarray,
    v1: np.ndarray,
    weight: np.ndarray,
    zone: np.ndarray,
) -> Pieces:
    parent1, (su0, sv0, su1, sv1) = _split(u0, v0, u1, v1)
    parent2, (pv0, pu0, pv1, pu1) = _split(sv0, su0, sv1, su1)
    du = pu1 - pu0
    keep = np.flatnonzero(du != 0)
    edge = parent1[parent2[keep]]
    du = du[keep]
    v_mid = 0.5 * (pv0[keep] + pv1[keep])
    row = np.floor(v_mid)
    col = np.floor(0.5 * (pu0[keep] + pu1[keep])).astype(np.int64)
    b = weight[edge] * du
    return Pieces(zone[edge], row.astype(np.int64), col, b * (v_mid - row), b)


def _split(
    a0: np.ndarray, b0: np.ndarray, a1: np.ndarray, b1: np.ndarray
) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """Cut segments (a0, b0)→(a1, b1) where ``a`` crosses an integer; keep their order.

    Returns the index of each sub-segment's parent and the sub-segments' ends. Crossing
    points get ``a`` exactly integer, and the end of one sub-segment is bit-identical to
    the start of the next.
    """
    n = _crossings(a0, a1)
    parent = np.repeat(np.arange(len(a0)), n + 1)
    i = np.arange(len(parent)) - (np.cumsum(n + 1) - (n + 1))[parent]
    up = a1 > a0
    step = np.where(up, 1.0, -1.0)[parent]
    k_end = np.where(up, np.floor(a0) + 1.0, np.ceil(a0) - 1.0)[parent] + step * i
    k_start = k_end - step
    span = a1 - a0
    slope = (b1 - b0) / np.where(span == 0, 1.0, span)
    pa0, pb0, ps = a0[parent], b0[parent], slope[parent]
    first, last = i == 0, i == n[parent]
    sa = np.where(first, pa0, k_start)
    sb = np.where(first, pb0, pb0 + (k_start - pa0) * ps)
    ea = np.where(last, a1[parent], k_end)
    eb = np.where(last, b1[parent], pb0 + (k_end - pa0) * ps)
    return parent, (sa, sb, ea, eb)


def zone_areas_m2(pieces: Pieces, zones: int, grid: RasterGrid) -> np.ndarray:
    """Area of each zone in m², whole polygon (also its part outside the raster)."""
    if len(pieces.row) == 0:
        return np.zeros(zones)
    # Area of the zone = sum a * area(row) + b * (area of the pixels above in the column),
    # measured from any reference row (the column sums of b are zero): each zone's first
    # piece keeps the numbers small.
    first = np.searchsorted(pieces.zone, np.arange(zones))
    ref = pieces.row[np.minimum(first, len(pieces.row) - 1)][pieces.zone]
    if grid.pixel_area_m2 is not None:
        weight = pieces.a + pieces.b * (pieces.row - ref)
        return np.bincount(pieces.zone, weight, minlength=zones) * grid.pixel_area_m2
    above = grid.cumulative_area(pieces.row) - grid.cumulative_area(ref)
    weight = pieces.a * grid.row_areas(pieces.row) + pieces.b * above
    return np.bincount(pieces.zone, weight, minlength=zones)


def coverage_grid(pieces: Pieces, x0: int, y0: int, width: int, height: int) -> np.ndarray:
    """Dense coverage fractions (height x width, float64) of all ``pieces`` (one zone, or
    the sum of several) over the pixel window starting at column x0, row y0."""
    inside = (pieces.col >= x0) & (pieces.col < x0 + width)
    col = pieces.col[inside] - x0
    row = np.clip(pieces.row[inside] - y0, -1, height)
    in_rows = (row >= 0) & (row < height)
    size = (height + 2) * width
    flat = (row + 1) * width + col
    a = np.bincount(flat[in_rows], pieces.a[inside][in_rows], minlength=size)
    b = np.bincount(flat, pieces.b[inside], minlength=size).reshape(height + 2, width)
    below = np.cumsum(b[::-1], axis=0)[::-1]  # sum of b over rows >= r
    return a.reshape(height + 2, width)[1:-1] + below[2:]
