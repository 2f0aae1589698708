"""``import-hf``: an existing SegFormer checkpoint folder (``save_pretrained`` format) plus
its band list and normalisation, exported to ONNX with our metadata.

The checkpoint is read from the local folder only (never downloaded). The band list must
match the model's ``num_channels``; mean/std are per band, in reflectance units (the
model's input is ``(reflectance - mean) / std``). Class names come from the checkpoint's
``id2label``; codes and colours can be given, else codes are indices and colours a palette.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from verite_core.model_metadata import build_metadata
from verite_core.sentinel2 import check_band_names

from . import __version__
from .config import from_dict
from .export import architecture, export_onnx, now_iso
from .model import load_pretrained

PALETTE = ("#e6e6e6", "#ff0100", "#238b23", "#80ff00", "#804000", "#ccf24d", "#feff80", "#ff81ff",
           "#bfbfbf", "#0080ff", "#00ffff", "#8c564b", "#9467bd", "#17becf")  # fmt: skip


@dataclass
class ImportConfig:
    """What a bare checkpoint does not say about itself."""

    checkpoint: str
    bands: list[str]
    mean: list[float]
    std: list[float]
    level: Literal["L1C", "L2A"]
    output: str
    offsets_dn: list[int] = dataclasses.field(default_factory=lambda: [-1000])
    name: str | None = None
    version: str = "0.0.0"
    description: str = "Imported SegFormer checkpoint."
    training_data: str = "Not described (imported checkpoint)."
    license: str = "NOASSERTION"
    resolution_m: float = 10.0
    tile_size: int = 512
    tile_overlap_px: int = 128
    class_codes: list[int] | None = None
    class_colors: list[str] | None = None
    opset: int = 17
    tolerance: float = 1e-4

    def __post_init__(self) -> None:
        self.bands = list(check_band_names(self.bands))
        if not (len(self.mean) == len(self.std) == len(self.bands)):
            raise ValueError(f"{len(self.bands)} bands need as many mean and std values")
        if any(s <= 0 for s in self.std):
            raise ValueError("std values must be > 0")
        if not set(self.offsets_dn) <= {0, -1000}:
            raise ValueError("offsets_dn are 0 (baseline < 04.00) and/or -1000 (>= 04.00)")
        if self.opset < 17 or self.tolerance <= 0:
            raise ValueError("opset >= 17 and tolerance > 0")


def load_import_config(path: str | Path | None, overrides: dict[str, Any]) -> ImportConfig:
    """The ``[import_hf]`` table of a TOML file (optional), then CLI values on top."""
    values: dict[str, Any] = {}
    if path:
        with open(path, "rb") as fh:
            values = tomllib.load(fh).get("import_hf", {})
    values.update({k: v for k, v in overrides.items() if v is not None})
    return from_dict(ImportConfig, values, "import_hf.")


def import_hf(cfg: ImportConfig) -> dict[str, Any]:
    """Load the checkpoint, check it against the bands, export with metadata."""
    if not (Path(cfg.checkpoint) / "config.json").is_file():
        raise FileNotFoundError(f"{cfg.checkpoint}: not a save_pretrained folder (no config.json)")
    model = load_pretrained(cfg.checkpoint).eval()
    channels = model.config.num_channels
    if channels != len(cfg.bands):
        raise ValueError(f"the checkpoint takes {channels} channels, {len(cfg.bands)} bands given")
    labels = {int(k): v for k, v in model.config.id2label.items()}
    k = model.config.num_labels
    codes = cfg.class_codes or list(range(k))
    colors = cfg.class_colors or [PALETTE[i % len(PALETTE)] for i in range(k)]
    if len(codes) != k or len(colors) != k:
        raise ValueError(f"the checkpoint has {k} classes: give as many class codes and colours")
    classes = [
        {"index": i, "code": int(codes[i]), "name": labels.get(i, f"class_{i}"), "color": colors[i]}
        for i in range(k)
    ]
    meta = build_metadata(
        model_name=cfg.name or Path(cfg.checkpoint).resolve().name,
        model_version=cfg.version,
        description=cfg.description,
        architecture=architecture(model, None, cfg.opset),
        classes=classes,
        bands=cfg.bands,
        level=cfg.level,
        offsets_seen=cfg.offsets_dn,
        mean=cfg.mean,
        std=cfg.std,
        resolution_m=cfg.resolution_m,
        tile_size=cfg.tile_size,
        tile_overlap_px=cfg.tile_overlap_px,
        training_data={"description": cfg.training_data, "imported_from": str(cfg.checkpoint)},
        metrics={"status": "not measured"},
        license=cfg.license,
        created=now_iso(),
        producer=f"verite-terrain training {__version__} (import-hf)",
    )
    return export_onnx(model, channels, cfg.output, meta, cfg.opset, cfg.tolerance)
