"""Target class schemes: binary sealed, or the 11 CLC+ Backbone classes.

Labels are uint8 class indices with ``IGNORE_INDEX`` (255) for pixels without a label
(CLC+ technical values 253/254/255, no data, outside plots, conflicting plots).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from verite_core.pack.reference import CLCPLUS_COLORS, CLCPLUS_TECHNICAL_VALUES, clcplus_classes

from .config import Target

IGNORE_INDEX = 255
SEALED_CODE = 1  # CLC+ Backbone class 1: Sealed
NOT_SEALED_COLOR = "#e6e6e6"


@dataclass(frozen=True)
class ClassInfo:
    """One output channel: index in the probability tensor, code written to maps, name, colour."""

    index: int
    code: int
    name: str
    color: str

    def as_dict(self) -> dict:
        return asdict(self)


def class_scheme(target: Target, names: list[str] | None = None) -> list[ClassInfo]:
    """The classes of a target; ``names`` replaces the display names (same order)."""
    if target == "sealed":
        classes = [
            ClassInfo(0, 0, "Not sealed", NOT_SEALED_COLOR),
            ClassInfo(1, SEALED_CODE, "Sealed", CLCPLUS_COLORS[SEALED_CODE]),
        ]
    elif target == "clcplus":
        classes = [
            ClassInfo(code - 1, code, name, CLCPLUS_COLORS[code])
            for code, name in sorted(clcplus_classes().items())
        ]
    else:
        raise ValueError(f"unknown target {target!r}")
    if names is not None:
        if len(names) != len(classes):
            raise ValueError(f"{len(names)} class names for {len(classes)} classes")
        classes = [
            ClassInfo(c.index, c.code, n, c.color) for c, n in zip(classes, names, strict=True)
        ]
    return classes


def target_index(target: Target) -> int:
    """The class whose IoU selects checkpoints and whose area bias is reported: sealed."""
    return 1 if target == "sealed" else SEALED_CODE - 1


def clcplus_lookup(target: Target) -> np.ndarray:
    """Lookup table CLC+ raster value (0..255) -> class index or IGNORE_INDEX."""
    table = np.full(256, IGNORE_INDEX, dtype=np.uint8)
    for code in clcplus_classes():
        if target == "sealed":
            table[code] = 1 if code == SEALED_CODE else 0
        else:
            table[code] = code - 1
    for code in CLCPLUS_TECHNICAL_VALUES:
        table[code] = IGNORE_INDEX
    return table


def clcplus_to_index(code: int | None, target: Target) -> int | None:
    """A plot's CLC+ class -> class index (None when the plot has no CLC+ mapping)."""
    if code is None:
        return None
    value = int(clcplus_lookup(target)[int(code)]) if 0 <= int(code) <= 255 else IGNORE_INDEX
    return None if value == IGNORE_INDEX else value
