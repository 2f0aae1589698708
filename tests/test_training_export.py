"""ONNX export: dynamic shapes, parity with PyTorch (and failure when it breaks), the
metadata contract and its documentation, and ``import-hf`` from a save_pretrained folder."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest
import torch
from transformers import SegformerConfig, SegformerForSemanticSegmentation

from training import export as export_mod
from training.classes import class_scheme
from training.cli import main
from training.config import ModelConfig
from training.export import ParityError, architecture, check_parity, export_onnx
from training.model import build_model
from verite_core.model_metadata import (
    DEEPNESS_KEYS,
    REQUIRED_KEYS,
    build_metadata,
    check_metadata,
    decode,
    deepness_standardization,
    read_metadata,
)

DOC = Path(__file__).resolve().parents[1] / "docs" / "model-format.md"
BANDS = ["B02", "B03", "B04", "B08"]


def tiny_segformer(channels: int = 4, labels: int = 2) -> SegformerForSemanticSegmentation:
    torch.manual_seed(0)
    cfg = SegformerConfig(
        num_channels=channels,
        num_labels=labels,
        hidden_sizes=[8, 16, 24, 32],
        depths=[1, 1, 1, 1],
        num_attention_heads=[1, 1, 1, 1],
        decoder_hidden_size=32,
        id2label={0: "not sealed", 1: "sealed"} if labels == 2 else None,
    )
    return SegformerForSemanticSegmentation(cfg).eval()


def metadata_for(model, mean=(0.05, 0.07, 0.06, 0.25), std=(0.03, 0.03, 0.04, 0.1)) -> dict:
    return build_metadata(
        model_name="test",
        model_version="0.0.1",
        description="test model",
        architecture=architecture(model, None, 17),
        classes=[c.as_dict() for c in class_scheme("sealed")],
        bands=BANDS,
        level="L2A",
        offsets_seen=[0, -1000],
        mean=mean,
        std=std,
        resolution_m=10.0,
        tile_size=256,
        tile_overlap_px=32,
        training_data={"description": "random"},
        metrics={"status": "not measured"},
        license="EUPL-1.2",
        created="2026-01-01T00:00:00+00:00",
        producer="tests",
    )


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    model = tiny_segformer()
    path = tmp_path_factory.mktemp("onnx") / "tiny.onnx"
    result = export_onnx(model, 4, path, metadata_for(model))
    return model, path, result


def test_onnx_has_dynamic_batch_height_width_and_softmax_output(exported):
    model, path, result = exported
    assert result["max_abs_diff"] <= 1e-4
    proto = onnx.load(str(path))
    assert max(o.version for o in proto.opset_import if o.domain in ("", "ai.onnx")) >= 17
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    (inp,), (out,) = session.get_inputs(), session.get_outputs()
    assert (inp.name, out.name) == ("input", "probabilities")
    assert (
        isinstance(inp.shape[0], str)
        and isinstance(inp.shape[2], str)
        and isinstance(inp.shape[3], str)
    )
    for shape in ((1, 4, 64, 64), (3, 4, 100, 36)):
        probs = session.run(
            None, {"input": np.random.default_rng(1).standard_normal(shape, dtype=np.float32)}
        )[0]
        assert probs.shape == (shape[0], 2, shape[2], shape[3])  # input resolution
        np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-5)


def test_parity_check_fails_on_a_corrupted_model(exported, tmp_path):
    model, path, _ = exported
    proto = onnx.load(str(path))
    weights = max(proto.graph.initializer, key=lambda t: int(np.prod(t.dims)))
    arr = onnx.numpy_helper.to_array(weights).copy()
    arr += np.random.default_rng(0).normal(0.0, 0.5, arr.shape).astype(arr.dtype)  # not a constant:
    # a constant shift of a layer feeding a LayerNorm would cancel out
    weights.CopyFrom(onnx.numpy_helper.from_array(arr, weights.name))
    broken = tmp_path / "broken.onnx"
    onnx.save(proto, str(broken))
    with pytest.raises(ParityError, match="differs from PyTorch"):
        check_parity(model, broken, 4, tolerance=1e-4)
    assert check_parity(model, path, 4, tolerance=1e-4) <= 1e-4


def test_export_fails_and_leaves_no_file_above_tolerance(tmp_path, monkeypatch):
    model = tiny_segformer()
    real = export_mod._onnx_probabilities
    monkeypatch.setattr(export_mod, "_onnx_probabilities", lambda p, x: real(p, x) + 1e-3)
    out = tmp_path / "m.onnx"
    with pytest.raises(ParityError):
        export_onnx(model, 4, out, metadata_for(model), tolerance=1e-4)
    assert not out.exists() and not list(tmp_path.iterdir())


def test_metadata_is_complete_json_and_consistent(exported):
    _, path, _ = exported
    proto = onnx.load(str(path))
    props = {p.key: p.value for p in proto.metadata_props}
    assert set(REQUIRED_KEYS) <= set(props)
    meta = decode(props)  # every value is a JSON document
    assert check_metadata(meta) == []
    assert meta["model_type"] == "Segmentor" and props["model_type"] == '"Segmentor"'
    assert meta["class_names"] == {"0": "Not sealed", "1": "Sealed"}
    assert meta["resolution"] == 1000.0  # Deepness: centimetres per pixel
    assert meta["tiles_overlap"] == 12  # 32 px of 256, in percent
    assert meta["input_bands"] == BANDS and meta["verite_terrain_format"] == "1.0"
    session_meta = ort.InferenceSession(
        str(path), providers=["CPUExecutionProvider"]
    ).get_modelmeta()
    assert json.loads(session_meta.custom_metadata_map["classes"])[1]["code"] == 1
    broken = dict(meta, normalization={"mean": [0.1], "std": [0.1]})
    assert any("one value per input band" in p for p in check_metadata(broken))
    assert check_metadata({k: v for k, v in meta.items() if k != "license"}) == [
        "missing key 'license'"
    ]


def test_deepness_standardization_reproduces_our_normalisation():
    """Deepness computes (DN / 255 - m) / s; it must equal ((DN + offset) / 1e4 - mean) / std."""
    mean, std = [0.05, 0.3], [0.02, 0.1]
    dn = np.array([[1200.0, 4000.0], [0.0 + 1, 9000.0]])
    for offset in (0, -1000):
        m, s = deepness_standardization(mean, std, offset)
        ours = ((dn + offset) / 10000 - np.array(mean)) / np.array(std)
        theirs = (dn / 255 - np.array(m)) / np.array(s)
        np.testing.assert_allclose(theirs, ours, rtol=1e-4, atol=1e-4)


def test_every_key_is_documented():
    text = DOC.read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", text, flags=re.M))
    assert set(REQUIRED_KEYS) <= documented, sorted(set(REQUIRED_KEYS) - documented)
    assert documented <= set(REQUIRED_KEYS), sorted(documented - set(REQUIRED_KEYS))
    for key in DEEPNESS_KEYS:
        assert f"`{key}`" in text


def test_import_hf_from_a_save_pretrained_folder(tmp_path, capsys):
    folder = tmp_path / "ckpt"
    model = tiny_segformer(channels=4, labels=3)
    model.config.id2label = {0: "water", 1: "sealed", 2: "vegetation"}
    model.save_pretrained(folder)
    out = tmp_path / "imported.onnx"
    args = ["import-hf", str(folder), "--bands", ",".join(BANDS), "--mean", "0.05,0.07,0.06,0.25",
            "--std", "0.03,0.03,0.04,0.1", "--level", "L2A", "--output", str(out),
            "--class-codes", "10,1,6", "--license", "CC-BY-4.0"]  # fmt: skip
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out)["max_abs_diff"] <= 1e-4
    meta = read_metadata(out)
    assert check_metadata(meta) == []
    assert [c["name"] for c in meta["classes"]] == ["water", "sealed", "vegetation"]
    assert [c["code"] for c in meta["classes"]] == [10, 1, 6]
    assert meta["metrics"] == {"status": "not measured"} and meta["license"] == "CC-BY-4.0"
    assert meta["model_name"] == "ckpt"
    # A wrong band count is refused with a clear message.
    assert main([*args[:3], "B02,B03", *args[4:]]) == 2
    assert "mean and std" in capsys.readouterr().err
    args[3] = "B02,B03,B04,B05,B08"
    assert main([*args[:5], "0.1,0.1,0.1,0.1,0.1", "--std", "0.1,0.1,0.1,0.1,0.1", *args[8:]]) == 2
    assert "takes 4 channels" in capsys.readouterr().err


def test_import_hf_from_a_config_file(tmp_path):
    folder = tmp_path / "ckpt"
    tiny_segformer().save_pretrained(folder)
    cfg = tmp_path / "import.toml"
    cfg.write_text(
        f'[import_hf]\ncheckpoint = "{folder}"\nbands = {json.dumps(BANDS)}\n'
        'mean = [0.05, 0.07, 0.06, 0.25]\nstd = [0.03, 0.03, 0.04, 0.1]\nlevel = "L1C"\n'
        f'output = "{tmp_path / "m.onnx"}"\noffsets_dn = [0]\nname = "from-config"\n'
    )
    assert main(["import-hf", "--config", str(cfg), "--version", "2.0.0"]) == 0
    meta = read_metadata(tmp_path / "m.onnx")
    assert (meta["model_name"], meta["model_version"], meta["input_level"]) == (
        "from-config",
        "2.0.0",
        "L1C",
    )
    assert meta["reflectance_scaling"]["deepness_assumes_offset_dn"] == 0


def test_pipeline_model_variants_build():
    classes = class_scheme("clcplus")
    for variant, width in (("B0", 32), ("B2", 64)):
        model = build_model(ModelConfig(variant=variant), 10, classes)
        assert model.config.num_channels == 10 and model.config.num_labels == 11
        assert model.config.hidden_sizes[0] == width
    assert build_model(ModelConfig(variant="B2"), 10, classes).config.depths == [3, 4, 6, 3]
