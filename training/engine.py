"""Training loop (AdamW, warm-up + schedule, checkpoints, resume) and prediction.

Batches are drawn with a generator seeded by (seed, step): a resumed run sees exactly the
batches an uninterrupted one would have seen. ``checkpoints/last.pt`` is written every
``checkpoint_every`` steps and at the end, ``checkpoints/best.pt`` whenever the validation
metric improves.
"""

from __future__ import annotations

import json
import logging
import math
import os
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch
from tqdm import tqdm

from .config import RunConfig, as_dict
from .dataset import ChipDataset, chip_sampling_weights, inverse_frequency
from .losses import build_loss
from .metrics import accumulate, confusion, summarize, target_iou
from .model import build_model, count_parameters, upsampled_logits
from .pipeline import Prepared, prepare, set_seed, write_split
from .split import Chip

log = logging.getLogger(__name__)


def lr_factor(step: int, total: int, warmup: int, schedule: str) -> float:
    """Multiplier of the base learning rate at ``step`` (linear warm-up, then decay)."""
    if warmup and step < warmup:
        return (step + 1) / warmup
    progress = min(1.0, (step - warmup) / max(1, total - warmup))
    if schedule == "cosine":
        return 0.5 * (1 + math.cos(math.pi * progress))
    if schedule == "linear":
        return 1 - progress
    if schedule == "poly":
        return (1 - progress) ** 0.9
    return 1.0


def checkpoint_dir(cfg: RunConfig) -> Path:
    return cfg.out / "checkpoints"


def save_checkpoint(path: Path, state: dict[str, Any]) -> None:
    """Write atomically: a crash never leaves a truncated checkpoint."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    torch.save(state, tmp)
    os.replace(tmp, path)


def load_checkpoint(path: str | Path) -> dict[str, Any]:
    return torch.load(path, map_location="cpu", weights_only=False)


MIN_INPUT_PX = 32  # SegFormer's spatial-reduction convolutions need at least 32 x 32


@torch.no_grad()
def predict_array(model: torch.nn.Module, x: np.ndarray) -> np.ndarray:
    """Class probabilities (K, h, w) of a normalised input (bands, h, w); inputs smaller
    than 32 px are padded by edge replication and cropped back."""
    h, w = x.shape[1:]
    padded = np.pad(
        x, ((0, 0), (0, max(0, MIN_INPUT_PX - h)), (0, max(0, MIN_INPUT_PX - w))), mode="edge"
    )
    logits = upsampled_logits(model, torch.from_numpy(np.ascontiguousarray(padded))[None])
    return torch.softmax(logits, dim=1)[0, :, :h, :w].numpy()


def predict_window(model: torch.nn.Module, prep: Prepared, chip: Chip) -> np.ndarray:
    """Class probabilities (K, h, w) of one window."""
    return predict_array(model, prep.norm.apply(prep.scenes[chip.scene].reflectance(chip.window)))


def evaluate_windows(
    model: torch.nn.Module, prep: Prepared, windows: list[Chip]
) -> dict[str, np.ndarray]:
    """Confusion matrices for all windows ("all"), per data source and per stratum."""
    model.eval()
    k = len(prep.classes)
    out: dict[str, np.ndarray] = {"all": np.zeros((k, k), np.int64)}
    for chip in windows:
        pred = predict_window(model, prep, chip).argmax(axis=0)
        scene = prep.scenes[chip.scene]
        accumulate(out, confusion(scene.label(chip.window), pred, k), scene.source, scene.stratum)
    return out


def _batch(data: ChipDataset, weights: np.ndarray, size: int, seed: int, step: int):
    rng = np.random.default_rng([seed, step])
    idx = rng.choice(len(data), size=size, replace=True, p=weights)
    data.rng = rng
    xs, ys = zip(*(data[int(i)] for i in idx), strict=True)
    return torch.stack(xs), torch.stack(ys)


def fit(cfg: RunConfig, resume: bool = False) -> dict[str, Any]:
    """Train, validate, checkpoint; returns a summary (steps, best metric, timings)."""
    if cfg.train.threads:
        torch.set_num_threads(cfg.train.threads)
    started = time.time()
    ckpt_path = checkpoint_dir(cfg) / "last.pt"
    state = load_checkpoint(ckpt_path) if resume and ckpt_path.exists() else None
    if resume and state is None:
        log.warning("no checkpoint at %s: starting from scratch", ckpt_path)
    prep = prepare(cfg, norm=state["normalization"] if state else None)
    if state and state["split"] != prep.split_names():
        raise ValueError("the split differs from the checkpoint's: data or split config changed")
    write_split(prep, cfg.out)
    (cfg.out / "normalization.json").write_text(json.dumps(prep.norm.as_dict(), indent=2) + "\n")
    set_seed(cfg.seed)
    model = build_model(cfg.model, len(cfg.data.bands), prep.classes)
    opt = torch.optim.AdamW(
        model.parameters(), lr=cfg.train.lr, weight_decay=cfg.train.weight_decay
    )
    t = cfg.train
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: lr_factor(s, t.steps, t.warmup_steps, t.schedule)
    )
    step, best = 0, {"metric": -1.0, "step": None}
    if state:
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["optimizer"])
        sched.load_state_dict(state["scheduler"])
        step, best = state["step"], state["best"]
        torch.set_rng_state(state["torch_rng"])  # drop-path draws continue where they stopped
        log.info("resumed from %s at step %d", ckpt_path, step)
    weights = prep.loss_weights()
    loss_fn = build_loss(t.loss, weights)
    chips = prep.plan.train_chips
    sampling = chip_sampling_weights(
        prep.scenes, chips, inverse_frequency(prep.counts, cfg.data.sampling_power)
    )
    if cfg.data.max_train_chips and len(chips) > cfg.data.max_train_chips:
        keep = np.argsort(-sampling, kind="stable")[: cfg.data.max_train_chips]
        chips, sampling = [chips[i] for i in keep], sampling[keep]
    if sampling.sum() <= 0:
        raise ValueError("no labelled pixel in any training chip")
    data = ChipDataset(prep.scenes, chips, prep.norm, augment=t.augment)
    probs = sampling / sampling.sum()
    log.info(
        "SegFormer-%s, %d parameters, class weights %s",
        cfg.model.variant,
        count_parameters(model),
        weights,
    )

    def snapshot() -> dict[str, Any]:
        return {
            "model": model.state_dict(),
            "optimizer": opt.state_dict(),
            "scheduler": sched.state_dict(),
            "step": step,
            "best": best,
            "torch_rng": torch.get_rng_state(),
            "config": as_dict(cfg),
            "normalization": prep.norm.as_dict(),
            "classes": [c.as_dict() for c in prep.classes],
            "split": prep.split_names(),
            "scaling": {
                "level": next(iter(prep.scenes.values())).scaling.level,
                "offsets_dn": sorted({s.scaling.offset_dn for s in prep.scenes.values()}),
            },
        }

    logf = open(cfg.out / "train_log.jsonl", "a", encoding="utf-8")  # noqa: SIM115
    bar = tqdm(total=t.steps, initial=step, desc=f"fit {cfg.name}", file=sys.stderr,
               mininterval=1.0 if sys.stderr.isatty() else 30.0, dynamic_ncols=True)  # fmt: skip
    try:
        while step < t.steps:
            model.train()
            x, y = _batch(data, probs, t.batch_size, cfg.seed, step)
            loss = loss_fn(upsampled_logits(model, x), y)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            if t.grad_clip:
                torch.nn.utils.clip_grad_norm_(model.parameters(), t.grad_clip)
            opt.step()
            sched.step()
            step += 1
            bar.update(1)
            bar.set_postfix(
                loss=f"{loss.item():.4f}", lr=f"{sched.get_last_lr()[0]:.2e}", refresh=False
            )
            record: dict[str, Any] = {"step": step, "loss": round(loss.item(), 5)}
            if step % t.eval_every == 0 or step == t.steps:
                record["val"] = _validate(model, prep, best, step)
                if record["val"]["improved"]:
                    save_checkpoint(checkpoint_dir(cfg) / "best.pt", snapshot())
            if step % t.checkpoint_every == 0 or step == t.steps:
                save_checkpoint(ckpt_path, snapshot())
            if "val" in record or step % 25 == 0:
                logf.write(json.dumps(record) + "\n")
                logf.flush()
    finally:
        bar.close()
        logf.close()
    return {"steps": step, "best": best, "seconds": round(time.time() - started, 1)}


def _validate(
    model: torch.nn.Module, prep: Prepared, best: dict[str, Any], step: int
) -> dict[str, Any]:
    """Validation metrics; updates ``best`` in place when the selection metric improves."""
    windows = prep.windows("val") or prep.windows("train")  # no val split: train fit only
    cms = evaluate_windows(model, prep, windows)
    summary = summarize(cms["all"], prep.classes, prep.target, prep.cfg.data.resolution_m**2)
    metric = (
        target_iou(summary)
        if prep.cfg.train.selection_metric == "iou_target"
        else (summary["mean_iou"] or 0.0)
    )
    improved = metric > best["metric"]
    if improved:
        best.update(metric=metric, step=step)
    log.info(
        "step %d: validation %s = %.4f (best %.4f at %s)",
        step,
        prep.cfg.train.selection_metric,
        metric,
        best["metric"],
        best["step"],
    )
    return {"metric": metric, "improved": improved, "mean_iou": summary["mean_iou"]}
