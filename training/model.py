"""SegFormer (``transformers``) built from a config: MiT-B0 ... B5, any number of bands.

Weights start random (no download): ``SegformerConfig`` with ``num_channels`` = number of
bands. SegFormer's logits come out at H/4 x W/4; ``upsampled_logits`` brings them back to
the input size for the loss and metrics, and ``ProbabilityModel`` (softmax at input
resolution) is what gets exported to ONNX.
"""

from __future__ import annotations

from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn
from transformers import SegformerConfig, SegformerForSemanticSegmentation

from .classes import ClassInfo
from .config import ModelConfig

#: The published Mix Transformer sizes (Xie et al., 2021); heads and reduction ratios shared.
VARIANTS: dict[str, dict] = {
    "B0": {"hidden_sizes": [32, 64, 160, 256], "depths": [2, 2, 2, 2], "decoder_hidden_size": 256},
    "B1": {"hidden_sizes": [64, 128, 320, 512], "depths": [2, 2, 2, 2], "decoder_hidden_size": 256},
    "B2": {"hidden_sizes": [64, 128, 320, 512], "depths": [3, 4, 6, 3], "decoder_hidden_size": 768},
    "B3": {
        "hidden_sizes": [64, 128, 320, 512],
        "depths": [3, 4, 18, 3],
        "decoder_hidden_size": 768,
    },
    "B4": {
        "hidden_sizes": [64, 128, 320, 512],
        "depths": [3, 8, 27, 3],
        "decoder_hidden_size": 768,
    },
    "B5": {
        "hidden_sizes": [64, 128, 320, 512],
        "depths": [3, 6, 40, 3],
        "decoder_hidden_size": 768,
    },
}


def segformer_config(
    cfg: ModelConfig, num_channels: int, classes: list[ClassInfo]
) -> SegformerConfig:
    return SegformerConfig(
        num_channels=num_channels,
        num_labels=len(classes),
        id2label={c.index: c.name for c in classes},
        label2id={c.name: c.index for c in classes},
        num_attention_heads=[1, 2, 5, 8],
        sr_ratios=[8, 4, 2, 1],
        drop_path_rate=cfg.drop_path_rate,
        classifier_dropout_prob=cfg.classifier_dropout,
        **VARIANTS[cfg.variant],
    )


def build_model(
    cfg: ModelConfig, num_channels: int, classes: list[ClassInfo]
) -> SegformerForSemanticSegmentation:
    """A randomly initialised SegFormer for ``num_channels`` bands and ``classes``."""
    return SegformerForSemanticSegmentation(segformer_config(cfg, num_channels, classes))


def load_pretrained(folder: str | Path) -> SegformerForSemanticSegmentation:
    """A SegFormer saved with ``save_pretrained`` (local folder only, never downloads)."""
    return SegformerForSemanticSegmentation.from_pretrained(str(folder), local_files_only=True)


def upsampled_logits(model: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """Logits (N, K, H, W) at input resolution (bilinear from H/4 x W/4)."""
    logits = model(pixel_values=x).logits
    return F.interpolate(logits, size=x.shape[-2:], mode="bilinear", align_corners=False)


class ProbabilityModel(nn.Module):
    """input (N, bands, H, W) normalised reflectance -> softmax probabilities (N, K, H, W)."""

    def __init__(self, model: nn.Module):
        super().__init__()
        self.model = model

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.softmax(upsampled_logits(self.model, x), dim=1)


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())
