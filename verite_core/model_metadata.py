"""The ONNX metadata contract (``verite_terrain_format`` 1.0), see docs/model-format.md.

Every value in the model's ``metadata_props`` is a JSON document (a string value is a JSON
string, e.g. ``"Segmentor"`` with its quotes), so readers decode all keys the same way.
This module builds, checks, writes and reads the metadata; it needs only the standard
library (plus ``onnx`` for reading/writing files), so an inference engine can reuse it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

FORMAT_KEY = "verite_terrain_format"
FORMAT_VERSION = "1.0"
QUANTIFICATION_VALUE = 10000
BASELINE_OFFSET_DN = -1000

#: Our keys (required), in documentation order.
CORE_KEYS = (
    FORMAT_KEY,
    "model_name",
    "model_version",
    "model_description",
    "architecture",
    "input",
    "output",
    "classes",
    "input_bands",
    "input_level",
    "reflectance_scaling",
    "normalization",
    "resolution_m",
    "tile_size",
    "tile_overlap_px",
    "training_data",
    "metrics",
    "license",
    "created",
    "producer",
)
#: Keys read by the Deepness QGIS plugin (also required, derived from ours).
DEEPNESS_KEYS = (
    "model_type",
    "class_names",
    "resolution",
    "tiles_overlap",
    "standardization_mean",
    "standardization_std",
)
REQUIRED_KEYS = CORE_KEYS + DEEPNESS_KEYS
INPUT_NAME, OUTPUT_NAME = "input", "probabilities"


def reflectance_scaling(level: str, offsets_seen: Sequence[int]) -> dict[str, Any]:
    """How DN become the reflectance the model expects (for L1C and L2A alike)."""
    return {
        "formula": "reflectance = (DN + offset_dn) / quantification_value",
        "quantification_value": QUANTIFICATION_VALUE,
        "offset_dn_before_baseline_04.00": 0,
        "offset_dn_from_baseline_04.00": BASELINE_OFFSET_DN,
        "baseline_switch": "04.00",
        "baseline_switch_date": "2022-01-25",
        "applies_to_levels": ["L1C", "L2A"],
        "nodata_dn": 0,
        "trained_level": level,
        "trained_offsets_dn": sorted({int(o) for o in offsets_seen}),
        "deepness_assumes_offset_dn": _deepness_offset(offsets_seen),
    }


def _deepness_offset(offsets_seen: Sequence[int]) -> int:
    """Deepness feeds raw DN: its statistics assume one offset, the most recent one seen."""
    return min(int(o) for o in offsets_seen) if offsets_seen else 0


def deepness_standardization(
    mean: Sequence[float], std: Sequence[float], offset_dn: int
) -> tuple[list[float], list[float]]:
    """Deepness computes (DN / 255 - m) / s; with m = (mean * Q - offset) / 255 and
    s = std * Q / 255 this equals our ((DN + offset) / Q - mean) / std."""
    q = QUANTIFICATION_VALUE
    return (
        [round((m * q - offset_dn) / 255.0, 6) for m in mean],
        [round(s * q / 255.0, 6) for s in std],
    )


def build_metadata(
    *,
    model_name: str,
    model_version: str,
    description: str,
    architecture: Mapping[str, Any],
    classes: Sequence[Mapping[str, Any]],
    bands: Sequence[str],
    level: str,
    offsets_seen: Sequence[int],
    mean: Sequence[float],
    std: Sequence[float],
    resolution_m: float,
    tile_size: int,
    tile_overlap_px: int,
    training_data: Mapping[str, Any],
    metrics: Mapping[str, Any],
    license: str,
    created: str,
    producer: str,
) -> dict[str, Any]:
    """All keys of the contract as Python values (``encode`` turns them into strings)."""
    scaling = reflectance_scaling(level, offsets_seen)
    d_mean, d_std = deepness_standardization(mean, std, scaling["deepness_assumes_offset_dn"])
    meta = {
        FORMAT_KEY: FORMAT_VERSION,
        "model_name": model_name,
        "model_version": model_version,
        "model_description": description,
        "architecture": dict(architecture),
        "input": {
            "name": INPUT_NAME,
            "layout": "NCHW",
            "dtype": "float32",
            "dynamic_axes": ["batch", "height", "width"],
            "content": "(reflectance - normalization.mean) / normalization.std per band, "
            "bands in input_bands order; no-data pixels set to 0",
        },
        "output": {
            "name": OUTPUT_NAME,
            "layout": "NCHW",
            "dtype": "float32",
            "content": "softmax class probabilities at input resolution; channel i = classes[i]",
        },
        "classes": [dict(c) for c in classes],
        "input_bands": list(bands),
        "input_level": level,
        "reflectance_scaling": scaling,
        "normalization": {
            "mean": [float(m) for m in mean],
            "std": [float(s) for s in std],
            "formula": "(reflectance - mean) / std",
            "nodata_value": 0.0,
        },
        "resolution_m": float(resolution_m),
        "tile_size": int(tile_size),
        "tile_overlap_px": int(tile_overlap_px),
        "training_data": dict(training_data),
        "metrics": dict(metrics),
        "license": license,
        "created": created,
        "producer": producer,
        "model_type": "Segmentor",
        "class_names": {str(c["index"]): c["name"] for c in classes},
        "resolution": float(resolution_m) * 100.0,  # Deepness: centimetres per pixel
        "tiles_overlap": int(round(100.0 * tile_overlap_px / tile_size)),  # Deepness: percent
        "standardization_mean": d_mean,
        "standardization_std": d_std,
    }
    problems = check_metadata(meta)
    if problems:
        raise ValueError("invalid model metadata: " + "; ".join(problems))
    return meta


def encode(meta: Mapping[str, Any]) -> dict[str, str]:
    """metadata_props values: every value as a JSON document."""
    return {k: json.dumps(v, ensure_ascii=False) for k, v in meta.items()}


def decode(props: Mapping[str, str]) -> dict[str, Any]:
    """Decode metadata_props; ValueError names a value that is not JSON."""
    out = {}
    for key, text in props.items():
        try:
            out[key] = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"metadata key {key!r} is not JSON: {exc}") from None
    return out


def check_metadata(meta: Mapping[str, Any]) -> list[str]:
    """Problems with decoded metadata (an empty list when it follows the contract)."""
    problems = [f"missing key {k!r}" for k in REQUIRED_KEYS if k not in meta]
    if problems:
        return problems
    if str(meta[FORMAT_KEY]).split(".")[0] != FORMAT_VERSION.split(".")[0]:
        problems.append(f"unsupported {FORMAT_KEY} {meta[FORMAT_KEY]!r}")
    classes, bands = meta["classes"], meta["input_bands"]
    if [c.get("index") for c in classes] != list(range(len(classes))):
        problems.append("classes must be listed by index 0..K-1")
    for c in classes:
        if not {"index", "code", "name", "color"} <= set(c):
            problems.append(f"class {c} lacks index/code/name/color")
        elif not (isinstance(c["color"], str) and len(c["color"]) == 7 and c["color"][0] == "#"):
            problems.append(f"class {c['name']!r}: color must be '#rrggbb'")
    norm = meta["normalization"]
    for key in ("mean", "std"):
        if len(norm.get(key, [])) != len(bands) or len(meta[f"standardization_{key}"]) != len(
            bands
        ):
            problems.append(f"normalization {key} must have one value per input band")
    if any(s <= 0 for s in norm.get("std", [])):
        problems.append("normalization std must be > 0")
    if meta["input_level"] not in ("L1C", "L2A"):
        problems.append("input_level must be 'L1C' or 'L2A'")
    if meta["class_names"] != {str(c["index"]): c["name"] for c in classes if "index" in c}:
        problems.append("class_names must match classes")
    if meta["model_type"] != "Segmentor":
        problems.append("model_type must be 'Segmentor'")
    if not (
        isinstance(meta["tile_size"], int) and 0 <= meta["tile_overlap_px"] < meta["tile_size"]
    ):
        problems.append("tile_size must be an int above tile_overlap_px")
    return problems


def write_metadata(onnx_path: str | Path, meta: Mapping[str, Any]) -> None:
    """Replace the file's metadata_props by ``meta`` (encoded)."""
    import onnx

    model = onnx.load(str(onnx_path))
    del model.metadata_props[:]
    for key, value in encode(meta).items():
        entry = model.metadata_props.add()
        entry.key, entry.value = key, value
    onnx.save(model, str(onnx_path))


def read_metadata(onnx_path: str | Path) -> dict[str, Any]:
    """Decoded metadata of an ONNX file (no check: see ``check_metadata``)."""
    import onnx

    model = onnx.load(str(onnx_path), load_external_data=False)
    return decode({p.key: p.value for p in model.metadata_props})
