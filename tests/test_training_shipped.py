"""The model shipped in onnx_models/: loads in onnxruntime, complete metadata, model card."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnxruntime as ort
import pytest

from verite_core.model_metadata import check_metadata, read_metadata

ROOT = Path(__file__).resolve().parents[1]
MODELS = sorted((ROOT / "onnx_models").glob("*.onnx"))
CARD = ROOT / "docs" / "models.md"


def test_a_model_is_shipped_and_small():
    assert MODELS, "no .onnx file in onnx_models/"
    for path in MODELS:
        assert path.stat().st_size < 25 * 2**20, path.name


@pytest.mark.parametrize("path", MODELS, ids=[p.name for p in MODELS])
def test_shipped_model_runs_and_has_complete_metadata(path):
    meta = read_metadata(path)
    assert check_metadata(meta) == []
    assert meta["metrics"]["status"] == "measured"
    assert meta["metrics"]["model"]["all"]["per_class"]
    assert set(meta["metrics"]["baselines"]) >= {
        "majority_class",
        "ndvi_ndbi_fixed",
        "ndvi_ndbi_tuned",
    }
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    bands = meta["input_bands"]
    x = np.random.default_rng(0).standard_normal((2, len(bands), 96, 64)).astype(np.float32)
    probs = session.run(["probabilities"], {"input": x})[0]
    assert probs.shape == (2, len(meta["classes"]), 96, 64)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-5)


@pytest.mark.parametrize("path", MODELS, ids=[p.name for p in MODELS])
def test_proxy_model_says_what_it_is(path):
    """Trained on pseudo-labels: its name, metadata and card must say so."""
    meta = read_metadata(path)
    if not meta["training_data"].get("pseudo_labels"):
        pytest.fail(f"{path.name}: only the proxy model is expected in onnx_models/ for now")
    assert "proxy" in meta["model_name"] and "proxy" in path.name
    described = meta["training_data"]["description"].lower()
    for phrase in (
        "pseudo-labels",
        "not clc+",
        "l1c top-of-atmosphere",
        "dn / 10000",
        "before 04.00",
    ):
        assert phrase in described, phrase
    assert "not trained on clc+" in meta["model_description"].lower()
    assert meta["input_level"] == "L1C"
    assert meta["reflectance_scaling"]["trained_offsets_dn"] == [0]  # DN / 10000, pre-04.00
    card = CARD.read_text(encoding="utf-8")
    assert path.name in card
    for phrase in ("pseudo-label", "proxy", "must not", "python -m training fit", "L1C"):
        assert phrase in card.lower() or phrase in card, phrase
