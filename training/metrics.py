"""Segmentation metrics from a confusion matrix, and the evaluation report (JSON + Markdown).

Rows of the confusion matrix are the reference class, columns the predicted class;
unlabelled pixels are left out. Sealed-area bias compares the predicted with the reference
sealed area over the labelled pixels: ``(predicted - reference) / reference``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from .classes import IGNORE_INDEX, ClassInfo


def confusion(reference: np.ndarray, predicted: np.ndarray, num_classes: int) -> np.ndarray:
    """Confusion counts (num_classes x num_classes) over labelled pixels."""
    valid = reference != IGNORE_INDEX
    ref = reference[valid].astype(np.int64)
    pred = predicted[valid].astype(np.int64)
    return np.bincount(ref * num_classes + pred, minlength=num_classes**2).reshape(
        num_classes, num_classes
    )


def accumulate(
    out: dict[str, np.ndarray], cm: np.ndarray, source: str, stratum: str | None
) -> None:
    """Add a window's confusion to the groups it belongs to: "all", its data source, and
    "source/stratum" (e.g. "eurosat/Residential") when the scene has a stratum."""
    groups = ["all", source] + ([f"{source}/{stratum}"] if stratum else [])
    for group in groups:
        out[group] = out[group] + cm if group in out else cm.copy()


def _ratio(a: float, b: float) -> float | None:
    return float(a / b) if b > 0 else None


def summarize(
    cm: np.ndarray, classes: list[ClassInfo], target: int, pixel_area_m2: float
) -> dict[str, Any]:
    """Per-class IoU/F1/precision/recall, overall accuracy, mean IoU, sealed-area bias."""
    cm = np.asarray(cm, dtype=np.int64)
    tp = np.diag(cm).astype(float)
    ref, pred = cm.sum(axis=1).astype(float), cm.sum(axis=0).astype(float)
    per_class = {}
    for c in classes:
        i = c.index
        precision, recall = _ratio(tp[i], pred[i]), _ratio(tp[i], ref[i])
        f1 = _ratio(2 * tp[i], ref[i] + pred[i])
        per_class[c.name] = {
            "index": i,
            "code": c.code,
            "iou": _ratio(tp[i], ref[i] + pred[i] - tp[i]),
            "f1": f1,
            "precision": precision,
            "recall": recall,
            "reference_px": int(ref[i]),
            "predicted_px": int(pred[i]),
        }
    ious = [v["iou"] for v in per_class.values() if v["iou"] is not None and v["reference_px"] > 0]
    ref_t, pred_t = ref[target], pred[target]
    return {
        "pixels": int(cm.sum()),
        "overall_accuracy": _ratio(tp.sum(), cm.sum()),
        "mean_iou": float(np.mean(ious)) if ious else None,
        "per_class": per_class,
        "target_class": classes[target].name,
        "target_area": {
            "reference_km2": ref_t * pixel_area_m2 / 1e6,
            "predicted_km2": pred_t * pixel_area_m2 / 1e6,
            "bias_km2": (pred_t - ref_t) * pixel_area_m2 / 1e6,
            "relative_bias": _ratio(pred_t - ref_t, ref_t),
        },
        "confusion_matrix": cm.tolist(),
    }


def target_iou(summary: dict[str, Any]) -> float:
    value = summary["per_class"][summary["target_class"]]["iou"]
    return float(value) if value is not None else 0.0


def _fmt(value: Any, pct: bool = False) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value * 100:+.1f} %" if pct else f"{value:.3f}"
    return str(value)


def markdown_report(report: dict[str, Any]) -> str:
    """A readable version of the JSON report: a summary table, then details."""
    lines = [f"# Evaluation: {report['model']['name']} ({report['split']} split)", ""]
    lines += [report.get("labels", ""), "", f"Regions: {', '.join(report['regions'])}", ""]
    lines += _overview_md(report)
    for group, summary in report["metrics"].items():
        if "/" not in group:
            lines += _summary_md(f"Model, {group}", summary)
    for name, baseline in report.get("baselines", {}).items():
        lines += [f"## Baseline `{name}`", "", baseline.get("description", ""), ""]
        for group, summary in baseline["metrics"].items():
            if "/" not in group:
                lines += _summary_md(f"{name}, {group}", summary, level="###")
    return "\n".join(lines) + "\n"


def _overview_md(report: dict[str, Any]) -> list[str]:
    """Target-class IoU / F1 / area bias per group, model next to every baseline."""
    names = ["model", *report.get("baselines", {})]
    target = next(iter(report["metrics"].values()))["target_class"]
    head = "| group | pixels | " + " | ".join(f"{n} IoU / F1 / bias" for n in names) + " |"
    lines = [f"## Summary: {target}", "", head, "|---|---|" + "---|" * len(names)]
    for group, summary in report["metrics"].items():
        cells = []
        for n in names:
            s = summary if n == "model" else report["baselines"][n]["metrics"][group]
            m = s["per_class"][target]
            cells.append(
                f"{_fmt(m['iou'])} / {_fmt(m['f1'])} / {_fmt(s['target_area']['relative_bias'], pct=True)}"
            )
        lines.append(f"| {group} | {summary['pixels']} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def _summary_md(title: str, s: dict[str, Any], level: str = "##") -> list[str]:
    area = s["target_area"]
    lines = [
        f"{level} {title}",
        "",
        f"Labelled pixels: {s['pixels']}; overall accuracy {_fmt(s['overall_accuracy'])}; "
        f"mean IoU {_fmt(s['mean_iou'])}; {s['target_class']} area: reference "
        f"{area['reference_km2']:.3f} km², predicted {area['predicted_km2']:.3f} km², "
        f"bias {_fmt(area['relative_bias'], pct=True)}.",
        "",
        "| class | IoU | F1 | precision | recall | reference px | predicted px |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, m in s["per_class"].items():
        lines.append(
            f"| {name} | {_fmt(m['iou'])} | {_fmt(m['f1'])} | {_fmt(m['precision'])} | "
            f"{_fmt(m['recall'])} | {m['reference_px']} | {m['predicted_px']} |"
        )
    lines += ["", "Confusion matrix (rows: reference, columns: predicted):", ""]
    lines += ["    " + json.dumps(row) for row in s["confusion_matrix"]]
    return [*lines, ""]


def write_report(
    report: dict[str, Any], folder: str | Path, stem: str = "report"
) -> tuple[Path, Path]:
    """report.json and report.md in ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    jpath, mpath = folder / f"{stem}.json", folder / f"{stem}.md"
    jpath.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    mpath.write_text(markdown_report(report), encoding="utf-8")
    return jpath, mpath
