"""The model side: the ONNX metadata contract read through onnxruntime, and a thin session.

Only numpy and onnxruntime are needed (no ``onnx`` package: QGIS users may have only
onnxruntime). The metadata is read with ``InferenceSession.get_modelmeta()`` and decoded
and checked with ``verite_core.model_metadata`` (see docs/model-format.md).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from verite_core.model_metadata import INPUT_NAME, OUTPUT_NAME, check_metadata, decode
from verite_core.sentinel2 import check_band_names

from .errors import ModelError

#: Execution providers chosen automatically, in order of preference (accelerators first).
#: Others onnxruntime may list (Azure, TensorRT with its per-shape engine builds, ...) are
#: used only when asked for by name.
PREFERRED_PROVIDERS = (
    "CUDAExecutionProvider",
    "ROCMExecutionProvider",
    "DmlExecutionProvider",
    "CoreMLExecutionProvider",
    "CPUExecutionProvider",
)
CPU = "CPUExecutionProvider"
_SEALED_NAME = re.compile(r"^\s*sealed\b", re.I)


@dataclass(frozen=True)
class ModelInfo:
    """Everything the engine needs, decoded from the model's metadata_props."""

    path: str
    name: str
    version: str
    description: str
    classes: tuple[dict, ...]  # {index, code, name, color}, by output channel
    bands: tuple[str, ...]  # Sentinel-2 band names in input-channel order
    level: str  # "L1C" or "L2A": the product level the model was trained on
    resolution_m: float
    mean: tuple[float, ...]  # reflectance units, one per band
    std: tuple[float, ...]
    tile_size: int
    tile_overlap_px: int
    training_data: dict
    metrics: dict
    license: str
    sealed_index: int | None  # output channel of class "Sealed" (binary or CLC+ code 1)

    @property
    def codes(self) -> tuple[int, ...]:
        """The value written to class maps for each output channel."""
        return tuple(int(c["code"]) for c in self.classes)


def _ort() -> Any:
    try:
        import onnxruntime
    except ImportError as exc:
        raise ImportError(
            "onnxruntime is not installed: `pip install onnxruntime` "
            "(or onnxruntime-gpu for NVIDIA GPUs; install only one of them)"
        ) from exc
    return onnxruntime


def available_providers() -> list[str]:
    """Usable execution providers, accelerators (CUDA/ROCm/DirectML/CoreML) first, then CPU."""
    present = set(_ort().get_available_providers())
    chosen = [p for p in PREFERRED_PROVIDERS if p in present]
    return chosen if CPU in chosen else [*chosen, CPU]


def sealed_index(classes: Sequence[Mapping[str, Any]]) -> int | None:
    """The output channel of "Sealed": a class named "Sealed…", else code 1 of a 0/1 model."""
    for c in classes:
        if _SEALED_NAME.match(str(c.get("name", ""))):
            return int(c["index"])
    if sorted(int(c["code"]) for c in classes) == [0, 1]:
        return next(int(c["index"]) for c in classes if int(c["code"]) == 1)
    return None


def model_info(path: str, meta: Mapping[str, Any]) -> ModelInfo:
    """ModelInfo from decoded metadata; ModelError listing every problem."""
    problems = check_metadata(meta)
    if not problems:
        try:
            bands = check_band_names(meta["input_bands"])
        except ValueError as exc:
            problems.append(f"input_bands: {exc}")
        if not float(meta["resolution_m"]) > 0:
            problems.append("resolution_m must be > 0")
    if problems:
        raise ModelError(path, problems)
    norm = meta["normalization"]
    classes = tuple(dict(c) for c in meta["classes"])
    return ModelInfo(
        path=path,
        name=str(meta["model_name"]),
        version=str(meta["model_version"]),
        description=str(meta["model_description"]),
        classes=classes,
        bands=bands,
        level=str(meta["input_level"]),
        resolution_m=float(meta["resolution_m"]),
        mean=tuple(float(m) for m in norm["mean"]),
        std=tuple(float(s) for s in norm["std"]),
        tile_size=int(meta["tile_size"]),
        tile_overlap_px=int(meta["tile_overlap_px"]),
        training_data=dict(meta["training_data"]),
        metrics=dict(meta["metrics"]),
        license=str(meta["license"]),
        sealed_index=sealed_index(classes),
    )


def _session(path: str, providers: Sequence[str], threads: int | None, optimize: bool) -> Any:
    ort = _ort()
    if not Path(path).is_file():
        raise ModelError(path, ["no such file"])
    options = ort.SessionOptions()
    options.log_severity_level = 3
    if threads:
        options.intra_op_num_threads = int(threads)
        options.inter_op_num_threads = 1
    # The CPU arena keeps the largest allocation pattern ever seen and rounds it up:
    # SegFormer-B0 at batch 4 x 512 px grew by ~1.5 GB with it, ~0.7 GB without.
    options.enable_cpu_mem_arena = False
    if not optimize:  # metadata only: skip graph optimisations (faster to open)
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    try:
        return ort.InferenceSession(str(path), options, providers=list(providers))
    except Exception as exc:  # onnxruntime raises its own exception types
        raise ModelError(path, [f"onnxruntime cannot load it: {exc}"]) from None


def _info_from_session(path: str, session: Any) -> ModelInfo:
    try:
        meta = decode(session.get_modelmeta().custom_metadata_map)
    except ValueError as exc:
        raise ModelError(path, [str(exc)]) from None
    info = model_info(path, meta)
    problems = []
    inputs = {i.name: i for i in session.get_inputs()}
    outputs = {o.name: o for o in session.get_outputs()}
    if INPUT_NAME not in inputs or len(inputs[INPUT_NAME].shape) != 4:
        problems.append(f"the graph needs a 4-D input named {INPUT_NAME!r}")
    elif isinstance(inputs[INPUT_NAME].shape[1], int) and inputs[INPUT_NAME].shape[1] != len(
        info.bands
    ):
        problems.append(
            f"the graph takes {inputs[INPUT_NAME].shape[1]} channels, "
            f"input_bands lists {len(info.bands)}"
        )
    if OUTPUT_NAME not in outputs:
        problems.append(f"the graph needs an output named {OUTPUT_NAME!r}")
    elif isinstance(outputs[OUTPUT_NAME].shape[1], int) and outputs[OUTPUT_NAME].shape[1] != len(
        info.classes
    ):
        problems.append(
            f"the graph gives {outputs[OUTPUT_NAME].shape[1]} channels, "
            f"classes lists {len(info.classes)}"
        )
    if problems:
        raise ModelError(path, problems)
    return info


def load_model_info(path: str) -> ModelInfo:
    """Read and check a model's metadata (no inference session is kept)."""
    return _info_from_session(str(path), _session(str(path), [CPU], 1, optimize=False))


class OnnxModel:
    """A checked model and its onnxruntime session.

    ``providers`` defaults to ``available_providers()`` (GPU first when present);
    ``self.providers`` is what onnxruntime actually uses (it falls back to CPU when a GPU
    provider cannot start).
    """

    def __init__(
        self, path: str, providers: Sequence[str] | None = None, threads: int | None = None
    ):
        present = _ort().get_available_providers()
        wanted = list(providers) if providers else available_providers()
        chosen = [p for p in wanted if p in present]
        if not chosen:
            raise ValueError(f"none of the providers {wanted} is available here: {present}")
        self.path = str(path)
        self._session = _session(self.path, chosen, threads, optimize=True)
        self.info: ModelInfo = _info_from_session(self.path, self._session)
        self.providers: list[str] = list(self._session.get_providers())
        # On CPU onnxruntime already uses every core inside each operator: a batch is no
        # faster (SegFormer-B0, 512 px: 0.21 s/tile one by one, 0.24 s/tile by 4) and needs
        # its activations all at once (0.35 GB vs 0.8 GB). Accelerators get whole batches.
        self.session_batch = 1 if self.providers == [CPU] else None

    @property
    def session(self) -> Any:
        """The onnxruntime InferenceSession."""
        return self._session

    def predict(self, batch: np.ndarray) -> np.ndarray:
        """Normalised input (N, bands, H, W) float32 -> class probabilities (N, K, H, W)."""
        x = np.ascontiguousarray(batch, dtype=np.float32)
        if x.ndim != 4 or x.shape[1] != len(self.info.bands):
            raise ValueError(f"expected (N, {len(self.info.bands)}, H, W), got {x.shape}")
        step = self.session_batch or x.shape[0]
        if step >= x.shape[0]:
            return self._session.run([OUTPUT_NAME], {INPUT_NAME: x})[0]
        parts = [
            self._session.run([OUTPUT_NAME], {INPUT_NAME: x[i : i + step]})[0]
            for i in range(0, x.shape[0], step)
        ]
        return np.concatenate(parts)

    def __repr__(self) -> str:
        return f"OnnxModel({self.info.name} {self.info.version}, providers={self.providers})"
