"""Export to ONNX: softmax probabilities at input resolution, dynamic batch/height/width,
the metadata contract, and a parity check of onnxruntime against PyTorch.

The file is written under a temporary name and only renamed into place once the ONNX
checker and the parity check pass, so a failed export never leaves a usable-looking model.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from verite_core.model_metadata import INPUT_NAME, OUTPUT_NAME, build_metadata, write_metadata

from . import __version__
from .model import ProbabilityModel, count_parameters


class ParityError(RuntimeError):
    """onnxruntime and PyTorch disagree beyond the tolerance."""


def _onnx_probabilities(path: Path, x: np.ndarray) -> np.ndarray:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.log_severity_level = 3
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    return session.run([OUTPUT_NAME], {INPUT_NAME: x})[0]


def check_parity(
    module: nn.Module, onnx_path: str | Path, num_channels: int, tolerance: float, seed: int = 0
) -> float:
    """Max |p_onnx - p_torch| on random inputs of two shapes; ParityError above tolerance."""
    if not isinstance(module, ProbabilityModel):  # a bare SegFormer: compare probabilities
        module = ProbabilityModel(module)
    rng = np.random.default_rng(seed)
    worst = 0.0
    module.eval()
    for shape in ((2, num_channels, 96, 80), (1, num_channels, 64, 128)):
        x = rng.standard_normal(shape).astype(np.float32)
        with torch.no_grad():
            expected = module(torch.from_numpy(x)).numpy()
        got = _onnx_probabilities(Path(onnx_path), x)
        if got.shape != expected.shape:
            raise ParityError(f"ONNX output shape {got.shape}, PyTorch {expected.shape}")
        worst = max(worst, float(np.abs(got - expected).max()))
    if not worst <= tolerance:
        raise ParityError(
            f"onnxruntime differs from PyTorch by {worst:.3g} > tolerance {tolerance:.3g}"
        )
    return worst


def export_onnx(
    model: nn.Module,
    num_channels: int,
    output: str | Path,
    metadata: dict[str, Any],
    opset: int = 17,
    tolerance: float = 1e-4,
) -> dict[str, Any]:
    """Export a SegFormer (``transformers``) as ``ProbabilityModel``; returns parity info."""
    import onnx

    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(output.name + ".tmp")
    module = ProbabilityModel(model).eval()
    dummy = torch.zeros(1, num_channels, 64, 64)
    axes = {0: "batch", 2: "height", 3: "width"}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # tracer warnings about shape arithmetic
            torch.onnx.export(
                module,
                (dummy,),
                str(tmp),
                dynamo=False,
                opset_version=opset,
                input_names=[INPUT_NAME],
                output_names=[OUTPUT_NAME],
                dynamic_axes={INPUT_NAME: axes, OUTPUT_NAME: axes},
                do_constant_folding=True,
            )
        write_metadata(tmp, metadata)
        onnx.checker.check_model(str(tmp))
        worst = check_parity(module, tmp, num_channels, tolerance)
        os.replace(tmp, output)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return {
        "path": str(output),
        "max_abs_diff": worst,
        "tolerance": tolerance,
        "bytes": output.stat().st_size,
    }


def architecture(model: nn.Module, variant: str | None, opset: int) -> dict[str, Any]:
    import transformers

    cfg = model.config
    return {
        "family": "SegFormer",
        "variant": variant or "custom",
        "hidden_sizes": list(cfg.hidden_sizes),
        "depths": list(cfg.depths),
        "parameters": count_parameters(model),
        "library": f"transformers {transformers.__version__}, torch {torch.__version__}",
        "opset": opset,
    }


def compact_metrics(report: dict[str, Any] | None) -> dict[str, Any]:
    """The measured metrics kept in the model: test split, model and baselines."""
    if not report:
        return {"status": "not measured"}

    def short(summary: dict[str, Any]) -> dict[str, Any]:
        return {
            "pixels": summary["pixels"],
            "overall_accuracy": summary["overall_accuracy"],
            "mean_iou": summary["mean_iou"],
            "per_class": {
                name: {k: m[k] for k in ("iou", "f1", "precision", "recall")}
                for name, m in summary["per_class"].items()
            },
            "target_area_relative_bias": summary["target_area"]["relative_bias"],
        }

    return {
        "status": "measured",
        "split": report["split"],
        "reference": report["labels"],
        "regions": report["regions"],
        "model": {g: short(s) for g, s in report["metrics"].items() if "/" not in g},
        "baselines": {
            name: {g: short(s) for g, s in b["metrics"].items() if "/" not in g}
            for name, b in report["baselines"].items()
        },
    }


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def export_checkpoint(
    cfg, checkpoint: str | Path | None = None, output: str | Path | None = None
) -> dict[str, Any]:
    """Export a trained run: checkpoint + report.json of the run folder -> ONNX."""
    from .classes import ClassInfo
    from .engine import load_checkpoint
    from .evaluate import find_checkpoint
    from .model import build_model

    path = find_checkpoint(cfg, checkpoint)
    state = load_checkpoint(path)
    classes = [ClassInfo(**c) for c in state["classes"]]
    model = build_model(cfg.model, len(cfg.data.bands), classes)
    model.load_state_dict(state["model"])
    report_path = cfg.out / "report.json"
    report = json.loads(report_path.read_text(encoding="utf-8")) if report_path.exists() else None
    if report and report["model"]["checkpoint"] != str(path):
        report = None  # measured on another checkpoint: do not claim its numbers
    e, norm, scaling = cfg.export, state["normalization"], state["scaling"]
    meta = build_metadata(
        model_name=e.model_name,
        model_version=e.model_version,
        description=e.description,
        architecture=architecture(model, cfg.model.variant, e.opset),
        classes=state["classes"],
        bands=norm["bands"],
        level=scaling["level"],
        offsets_seen=scaling["offsets_dn"],
        mean=norm["mean"],
        std=norm["std"],
        resolution_m=cfg.data.resolution_m,
        tile_size=e.tile_size,
        tile_overlap_px=e.tile_overlap_px,
        training_data={
            "description": e.training_data,
            "config": Path(cfg.source).name if cfg.source else None,
            "checkpoint_step": state["step"],
            "split": {k: len(v) for k, v in state["split"].items()},
            "pseudo_labels": cfg.data.kind == "dynamicworld",
        },
        metrics=compact_metrics(report),
        license=e.license,
        created=now_iso(),
        producer=f"verite-terrain training {__version__}",
    )
    out = output or e.output or cfg.out / "model.onnx"
    return export_onnx(model, len(cfg.data.bands), out, meta, e.opset, e.tolerance)
