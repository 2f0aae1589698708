"""Losses on logits at input resolution, ignoring unlabelled pixels.

``ce``: (class-weighted) cross-entropy; ``dice``: soft multi-class Dice over the classes
present in the batch; ``ce+dice``: their sum.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import torch
import torch.nn.functional as F

from .classes import IGNORE_INDEX

Loss = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]


def dice_loss(logits: torch.Tensor, target: torch.Tensor, eps: float = 1.0) -> torch.Tensor:
    """1 - mean soft Dice over classes that occur in the target or the prediction."""
    valid = (target != IGNORE_INDEX).unsqueeze(1)
    probs = torch.softmax(logits, dim=1) * valid
    onehot = F.one_hot(target.clamp(max=logits.shape[1] - 1), logits.shape[1])
    onehot = onehot.permute(0, 3, 1, 2).to(probs.dtype) * valid
    dims = (0, 2, 3)
    inter = (probs * onehot).sum(dims)
    total = probs.sum(dims) + onehot.sum(dims)
    dice = (2 * inter + eps) / (total + eps)
    present = onehot.sum(dims) > 0
    return 1 - (dice[present].mean() if present.any() else dice.mean())


def build_loss(kind: str, class_weights: Sequence[float] | None = None) -> Loss:
    """The configured loss; class weights apply to the cross-entropy term."""
    weight = torch.tensor(class_weights, dtype=torch.float32) if class_weights is not None else None

    def ce(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        if not (target != IGNORE_INDEX).any():
            return logits.sum() * 0.0
        return F.cross_entropy(logits, target, weight=weight, ignore_index=IGNORE_INDEX)

    if kind == "ce":
        return ce
    if kind == "dice":
        return dice_loss
    if kind == "ce+dice":
        return lambda logits, target: ce(logits, target) + dice_loss(logits, target)
    raise ValueError(f"unknown loss {kind!r}")
