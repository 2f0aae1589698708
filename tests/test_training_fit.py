"""End to end on synthetic scenes: fit (SegFormer-B0, a few dozen steps), evaluate on
held-out regions, export; resume; smoke runs; the CLI."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
import torch
from training_data import scenes_config

from training import engine
from training.cli import main
from training.config import load_config
from training.dataset import band_statistics
from training.pipeline import prepare
from verite_core.model_metadata import check_metadata, read_metadata


@pytest.fixture(scope="module")
def fitted(tmp_path_factory):
    """One short training run shared by the tests of this module (CLI all the way)."""
    folder = tmp_path_factory.mktemp("fit")
    cfg_path = scenes_config(folder, n=3, size=224, steps=50, eval_every=25, checkpoint_every=25)
    assert main(["fit", str(cfg_path)]) == 0
    assert main(["evaluate", str(cfg_path)]) == 0
    assert main(["export", str(cfg_path)]) == 0
    return load_config(cfg_path)


def test_fit_beats_chance_on_held_out_regions(fitted):
    report = json.loads((fitted.out / "report.json").read_text())
    assert report["split"] == "test" and report["regions"]
    sealed = report["metrics"]["all"]["per_class"]["Sealed"]
    prevalence = sealed["reference_px"] / report["metrics"]["all"]["pixels"]
    assert 0.01 < prevalence < 0.2
    # A random guess at the right rate has IoU ~ prevalence / 2; the model must do far better.
    assert sealed["iou"] > 0.3, sealed
    assert sealed["recall"] > 0.5 and sealed["precision"] > 0.2
    majority = report["baselines"]["majority_class"]["metrics"]["all"]
    assert majority["per_class"]["Sealed"]["iou"] == 0.0
    assert majority["target_area"]["relative_bias"] == -1.0
    assert set(report["baselines"]) == {"majority_class", "ndvi_ndbi_fixed", "ndvi_ndbi_tuned"}
    md = (fitted.out / "report.md").read_text()
    assert "| Sealed |" in md and "Confusion matrix" in md and "bias" in md


def test_run_folder_holds_checkpoints_split_and_statistics(fitted):
    for name in ("checkpoints/last.pt", "checkpoints/best.pt", "split.json", "normalization.json",
                 "train_log.jsonl", "model.onnx"):  # fmt: skip
        assert (fitted.out / name).is_file(), name
    state = engine.load_checkpoint(fitted.out / "checkpoints" / "last.pt")
    assert state["step"] == 50 and state["scaling"] == {"level": "L2A", "offsets_dn": [0]}
    split = json.loads((fitted.out / "split.json").read_text())
    train = [c for c in split["chips"] if c["split"] == "train"]
    test = [c for c in split["chips"] if c["split"] == "test"]
    assert train and test
    for a in train:  # footprints (scene CRS bounds) never meet: no shared ground
        for b in test:
            if a["scene"] == b["scene"]:
                ax0, ay0, ax1, ay1 = a["bounds"]
                bx0, by0, bx1, by1 = b["bounds"]
                assert ax1 <= bx0 or bx1 <= ax0 or ay1 <= by0 or by1 <= ay0


def test_normalisation_comes_from_the_training_regions_only(fitted):
    saved = json.loads((fitted.out / "normalization.json").read_text())
    prep = prepare(fitted)
    train = band_statistics(prep.scenes, prep.plan.regions_of("train"), fitted.data.bands)
    test = band_statistics(prep.scenes, prep.plan.regions_of("test"), fitted.data.bands)
    np.testing.assert_allclose(saved["mean"], train.mean, rtol=1e-5)
    assert not np.allclose(saved["mean"], test.mean, rtol=1e-4)
    meta = read_metadata(fitted.out / "model.onnx")
    np.testing.assert_allclose(meta["normalization"]["mean"], train.mean, rtol=1e-5)


def test_export_carries_the_measured_metrics(fitted):
    meta = read_metadata(fitted.out / "model.onnx")
    assert check_metadata(meta) == []
    report = json.loads((fitted.out / "report.json").read_text())
    got = meta["metrics"]["model"]["all"]["per_class"]["Sealed"]["iou"]
    assert got == pytest.approx(report["metrics"]["all"]["per_class"]["Sealed"]["iou"])
    assert meta["input_level"] == "L2A" and meta["reflectance_scaling"]["trained_offsets_dn"] == [0]
    assert meta["architecture"]["variant"] == "B0" and meta["tile_size"] == 256


def test_resume_continues_exactly(tmp_path, monkeypatch):
    cfg_path = scenes_config(tmp_path / "a", n=3, size=128, steps=6, batch_size=2,
                             eval_every=6, checkpoint_every=3)  # fmt: skip
    straight = load_config(cfg_path)
    engine.fit(straight)
    expected = engine.load_checkpoint(straight.out / "checkpoints" / "last.pt")["model"]

    interrupted = load_config(cfg_path)
    interrupted.output_dir = str(tmp_path / "b")
    real_save = engine.save_checkpoint

    def crash_after_step_3(path, state):
        real_save(path, state)
        if state["step"] == 3 and path.name == "last.pt":
            raise KeyboardInterrupt

    monkeypatch.setattr(engine, "save_checkpoint", crash_after_step_3)
    with pytest.raises(KeyboardInterrupt):
        engine.fit(interrupted)
    monkeypatch.setattr(engine, "save_checkpoint", real_save)
    assert engine.load_checkpoint(interrupted.out / "checkpoints" / "last.pt")["step"] == 3
    summary = engine.fit(interrupted, resume=True)
    assert summary["steps"] == 6
    got = engine.load_checkpoint(interrupted.out / "checkpoints" / "last.pt")["model"]
    for key, value in expected.items():
        assert torch.allclose(value, got[key], atol=1e-6), key


def test_smoke_run_and_cli_errors(tmp_path, capsys):
    cfg_path = scenes_config(tmp_path, n=3, size=128)
    assert main(["fit", str(cfg_path), "--smoke"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["steps"] == 3
    smoke_dir = tmp_path / "run-smoke"
    assert (smoke_dir / "checkpoints" / "last.pt").is_file()
    shutil.rmtree(smoke_dir / "checkpoints")
    assert main(["evaluate", str(cfg_path), "--smoke"]) == 2  # no checkpoint: a clear error
    assert "run `fit` first" in capsys.readouterr().err
    bad = tmp_path / "bad.toml"
    bad.write_text(cfg_path.read_text().replace("chip_size = 64", "chip_sise = 64"))
    assert main(["fit", str(bad)]) == 2
    assert "unknown keys ['chip_sise']" in capsys.readouterr().err


def test_committed_configs_parse():
    from pathlib import Path

    from training.hf_import import load_import_config

    folder = Path(__file__).resolve().parents[1] / "training" / "configs"
    names = sorted(p.name for p in folder.glob("*.toml"))
    assert "proxy-dynamicworld-b0.toml" in names and "clcplus-sealed-b2.toml" in names
    for name in names:
        if name.startswith("trainingset"):
            from training.trainingset import load_trainingset_config

            assert load_trainingset_config(folder / name).regions
            continue
        if name.startswith("import-hf"):
            assert load_import_config(folder / name, {}).level == "L2A"
            continue
        cfg = load_config(folder / name)
        assert cfg.output_dir.startswith("training/runs/"), name
    shipped = load_config(folder / "proxy-dynamicworld-b0.toml")
    assert shipped.model.variant == "B0" and shipped.export.output.startswith("onnx_models/")
    assert load_config(folder / "clcplus-sealed-b2.toml").model.variant == "B2"


def test_smoke_never_overwrites_the_shipped_model():
    from pathlib import Path

    from training.config import smoke_overrides

    folder = Path(__file__).resolve().parents[1] / "training" / "configs"
    smoke = smoke_overrides(load_config(folder / "proxy-dynamicworld-b0.toml"))
    assert smoke.export.output is None and smoke.output_dir.endswith("-smoke")
    assert smoke.train.steps == 3 and smoke.data.max_scene_px == 384
