"""The split is by region: no training chip shares ground with a test window."""

from __future__ import annotations

import numpy as np
import pytest
from training_data import BANDS, UTM31, srs_wkt, synthetic_scene, to_dn

from training.config import SplitConfig
from training.rasters import Grid
from training.scenes import Scene
from training.split import plan_split
from verite_core.pack.gdal_env import srs_from_user_input, transformer, wgs84
from verite_core.sentinel2 import ReflectanceScaling

L2A = ReflectanceScaling("L2A", 0)


def _scene(name: str, seed: int, x0: float, y0: float, size: int = 256, epsg: int = UTM31,
           stratum: str | None = None) -> Scene:  # fmt: skip
    refl, codes = synthetic_scene(seed, size)
    grid = Grid(srs_wkt(epsg), (x0, 10.0, 0.0, y0, 0.0, -10.0), size, size)
    labels = (codes == 1).astype(np.uint8)
    return Scene(name, to_dn(refl), labels, grid, L2A, "synthetic", stratum)


def _assert_disjoint(plan, scenes):
    by_name = {s.name: s for s in scenes}
    train = [(c, by_name[c.scene].grid.footprint_lonlat(c.window)) for c in plan.train_chips]
    held = [
        (c, by_name[c.scene].grid.footprint_lonlat(c.window))
        for split in ("val", "test")
        for c in plan.eval_windows[split]
    ]
    assert train and held
    for chip, fp in train:
        for other, ofp in held:
            assert not fp.Intersects(ofp), (chip, other)
            if chip.scene == other.scene:  # and not a single pixel in common on the grid
                ax, ay, aw, ah = chip.window
                bx, by, bw, bh = other.window
                assert ax + aw <= bx or bx + bw <= ax or ay + ah <= by or by + bh <= ay


def test_blocks_and_scenes_are_split_without_overlap():
    scenes = [
        _scene("a-2021", 1, 450_000, 5_400_000),
        _scene("a-2023", 2, 450_000, 5_400_000),  # same place, another date
        _scene("b", 3, 470_000, 5_400_000),
        _scene("c", 4, 450_000, 5_440_000),
    ]
    cfg = SplitConfig(block_size_m=1280, margin_px=4, val_fraction=0.2, test_fraction=0.2, seed=3)
    plan = plan_split(scenes, cfg, target=1, chip=64, stride=32, eval_px=128)
    splits = {r.split for r in plan.regions}
    assert splits == {"train", "val", "test"}
    # Both dates of a place always land in the same split (same map-anchored block keys).
    by_key: dict[str, set[str]] = {}
    for r in plan.regions:
        by_key.setdefault(r.key, set()).add(r.split)
    assert all(len(v) == 1 for v in by_key.values())
    assert {r.key for r in plan.regions if r.scene == "a-2021"} == {
        r.key for r in plan.regions if r.scene == "a-2023"
    }
    _assert_disjoint(plan, scenes)
    # Every test window covers a region core exactly once.
    test_px = sum(c.window[2] * c.window[3] for c in plan.eval_windows["test"])
    assert test_px == sum(r.window[2] * r.window[3] for r in plan.regions_of("test"))
    # Strata: each split gets blocks with sealed pixels.
    for split in ("train", "val", "test"):
        assert any((next(s for s in scenes if s.name == r.scene).label(r.window) == 1).any()
                   for r in plan.regions_of(split))  # fmt: skip


def test_small_scenes_near_each_other_share_a_split():
    # Ten 64 px patches in one stratum; p0 and p1 are 300 m apart: one unit.
    scenes = [
        _scene(f"p{i}", 10 + i, 300_000 + i * 20_000, 5_000_000, 64, stratum="s") for i in range(10)
    ]
    scenes[1] = _scene("p1", 11, 300_000 + 940, 5_000_000, 64, stratum="s")
    for seed in range(5):
        cfg = SplitConfig(min_gap_m=1000, val_fraction=0.2, test_fraction=0.3, seed=seed)
        plan = plan_split(scenes, cfg, target=1, chip=64, stride=32, eval_px=128)
        split_of = {r.name: r.split for r in plan.regions}
        assert split_of["p0"] == split_of["p1"]
        assert sorted(split_of.values()).count("test") >= 2
        _assert_disjoint(plan, scenes)


def test_overlapping_scenes_in_two_crs_are_purged():
    """A UTM 31N image and a UTM 32N image of the same ground: the guard drops training
    chips of one that touch the other's test windows."""
    big = _scene("utm31", 30, 640_000, 5_300_000, 384)
    ll = big.grid.footprint_lonlat((100, 100, 64, 64)).Centroid()
    to32 = transformer(wgs84(), srs_from_user_input("EPSG:32632"))
    x32, y32, _ = to32.TransformPoint(ll.GetX(), ll.GetY())
    other = _scene("utm32", 31, round(x32, -1) - 640, round(y32, -1) + 640, 128, epsg=32632)
    scenes = [big, other]
    cfg = SplitConfig(block_size_m=1280, margin_px=4, fixed={"utm31": "train", "utm32": "test"})
    plan = plan_split(scenes, cfg, target=1, chip=64, stride=32, eval_px=128)
    assert plan.dropped_train_chips > 0
    assert {r.split for r in plan.regions if r.scene == "utm31"} == {"train"}
    by_name = {s.name: s for s in scenes}
    test_fp = [by_name[c.scene].grid.footprint_lonlat(c.window) for c in plan.eval_windows["test"]]
    for chip in plan.train_chips:
        fp = by_name[chip.scene].grid.footprint_lonlat(chip.window)
        assert not any(fp.Intersects(t) for t in test_fp)


def test_fixed_assignment_and_unknown_names():
    scenes = [_scene("a", 1, 450_000, 5_400_000)]
    cfg = SplitConfig(block_size_m=1280, fixed={"a": "train", "a@0,0": "test", "a@1,1": "val"})
    plan = plan_split(scenes, cfg, target=1, chip=64, stride=32, eval_px=128)
    split_of = {r.name: r.split for r in plan.regions}
    assert split_of["a@0,0"] == "test" and split_of["a@1,1"] == "val"
    assert {v for k, v in split_of.items() if k not in ("a@0,0", "a@1,1")} == {"train"}
    with pytest.raises(ValueError, match="names no region"):
        plan_split(scenes, SplitConfig(fixed={"a@9,9": "test"}), 1, 64, 32, 128)


def test_band_order_of_synthetic_images_is_the_default():
    from verite_core.sentinel2 import DEFAULT_BANDS

    assert tuple(BANDS) == DEFAULT_BANDS
