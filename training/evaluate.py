"""``evaluate``: the trained model and the baselines on the held-out test regions.

Writes ``report.json`` and ``report.md`` in the run folder: per-class IoU, F1, precision
and recall, overall accuracy, mean IoU, confusion matrix and target (sealed) area bias, for
all test windows and per data source, for the model and for each baseline.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from .baselines import run_baselines
from .config import RunConfig
from .engine import checkpoint_dir, evaluate_windows, load_checkpoint
from .metrics import summarize, write_report
from .model import build_model
from .pipeline import Prepared, prepare


def find_checkpoint(cfg: RunConfig, checkpoint: str | Path | None = None) -> Path:
    """The given checkpoint, else best.pt, else last.pt of the run."""
    if checkpoint:
        return Path(checkpoint)
    for name in ("best.pt", "last.pt"):
        path = checkpoint_dir(cfg) / name
        if path.exists():
            return path
    raise FileNotFoundError(f"no checkpoint in {checkpoint_dir(cfg)}: run `fit` first")


def load_trained(cfg: RunConfig, checkpoint: str | Path | None = None):
    """(model in eval mode, prepared data with the checkpoint's statistics, checkpoint)."""
    path = find_checkpoint(cfg, checkpoint)
    state = load_checkpoint(path)
    prep = prepare(cfg, norm=state["normalization"])
    if state["split"] != prep.split_names():
        raise ValueError(f"{path}: trained on another split than this config gives")
    model = build_model(cfg.model, len(cfg.data.bands), prep.classes)
    model.load_state_dict(state["model"])
    model.eval()
    state["path"] = str(path)
    return model, prep, state


def labels_description(prep: Prepared) -> str:
    data = prep.cfg.data
    if data.kind == "dynamicworld":
        thr = data.dynamicworld.ndvi_threshold  # type: ignore[union-attr]
        return (
            "Reference = PSEUDO-LABELS: 'sealed (proxy)' where Dynamic World's argmax class is "
            f"built and NDVI (L1C TOA) < {thr}; not ground truth, not CLC+."
        )
    geometry = "plot cores (10 m inward buffer)" if data.pack_geometry == "core" else "whole plots"
    return (
        f"Reference = CLC+ Backbone (nearest-neighbour reprojection; 253/254/255 ignored) and/or "
        f"pack plots ({geometry}) mapped to CLC+ classes; target '{data.target}'."
    )


def evaluate(
    cfg: RunConfig, checkpoint: str | Path | None = None, split: str = "test"
) -> dict[str, Any]:
    """Measure the model and the baselines on a split; writes report.json / report.md."""
    model, prep, state = load_trained(cfg, checkpoint)
    windows = prep.windows(split)
    area = cfg.data.resolution_m**2

    def summaries(cms):
        return {group: summarize(cm, prep.classes, prep.target, area) for group, cm in cms.items()}

    baselines = run_baselines(prep, windows)
    report = {
        "model": {
            "name": cfg.export.model_name,
            "variant": f"SegFormer-{cfg.model.variant}",
            "checkpoint": state["path"],
            "step": state["step"],
            "best_validation": state["best"],
        },
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "config": cfg.source,
        "split": split,
        "labels": labels_description(prep),
        "classes": [c.as_dict() for c in prep.classes],
        "resolution_m": cfg.data.resolution_m,
        "regions": sorted(r.name for r in prep.plan.regions_of(split)),
        "windows": len(windows),
        "metrics": summaries(evaluate_windows(model, prep, windows)),
        "baselines": {
            name: {k: v for k, v in b.items() if k != "confusion"}
            | {"metrics": summaries(b["confusion"])}
            for name, b in baselines.items()
        },
    }
    write_report(report, cfg.out)
    return report
