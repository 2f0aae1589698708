"""The model side of the inference engine: metadata read through onnxruntime only, checks
that list every problem, execution providers, and ``predict``."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnxruntime as ort
import pytest
from inference_data import SEALED_CLASSES, local_onnx, metadata

from verite_core.inference import ModelError, OnnxModel, available_providers, load_model_info
from verite_core.inference.model import sealed_index
from verite_core.model_metadata import write_metadata
from verite_core.sentinel2 import DEFAULT_BANDS

SHIPPED = Path(__file__).resolve().parents[1] / "onnx_models" / "verite-sealed-proxy-dw-l1c-b0.onnx"


def test_shipped_model_info_from_onnxruntime_metadata(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "onnx", None)  # QGIS users may only have onnxruntime
    info = load_model_info(str(SHIPPED))
    assert info.bands == DEFAULT_BANDS and info.level == "L1C"
    assert (info.tile_size, info.tile_overlap_px, info.resolution_m) == (512, 128, 10.0)
    assert [c["code"] for c in info.classes] == [0, 1] and info.codes == (0, 1)
    assert info.sealed_index == 1 and info.classes[1]["name"] == "Sealed (proxy)"
    assert len(info.mean) == len(info.std) == 10 and min(info.std) > 0
    assert info.metrics["status"] == "measured" and info.license


def test_predict_gives_probabilities_at_input_resolution():
    model = OnnxModel(str(SHIPPED), threads=1)
    assert model.providers == ["CPUExecutionProvider"]  # no GPU here
    x = np.random.default_rng(0).standard_normal((2, 10, 64, 96)).astype(np.float32)
    probs = model.predict(x)  # on CPU, tile by tile (no faster in one call, more memory)
    assert model.session_batch == 1 and probs.shape == (2, 2, 64, 96)
    one = model.session.run(None, {"input": x[1:]})[0]
    np.testing.assert_allclose(probs[1:], one, atol=1e-6)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-5)
    with pytest.raises(ValueError, match=r"expected \(N, 10, H, W\)"):
        model.predict(x[:, :4])


def test_available_providers_put_accelerators_first_and_skip_azure():
    providers = available_providers()
    assert providers[-1] == "CPUExecutionProvider"
    assert "AzureExecutionProvider" not in providers  # listed by onnxruntime, not a device
    assert set(providers) <= set(ort.get_available_providers())
    with pytest.raises(ValueError, match="none of the providers"):
        OnnxModel(str(SHIPPED), providers=["NoSuchExecutionProvider"])


def test_a_model_without_the_contract_is_refused_with_every_problem(tmp_path):
    path = local_onnx(tmp_path / "m.onnx")
    write_metadata(path, {})
    with pytest.raises(ModelError) as err:
        load_model_info(str(path))
    assert "missing key 'input_bands'" in str(err.value) and len(err.value.problems) > 20
    with pytest.raises(ModelError, match="no such file"):
        OnnxModel(str(tmp_path / "absent.onnx"))
    (tmp_path / "junk.onnx").write_bytes(b"not a model")
    with pytest.raises(ModelError, match="onnxruntime cannot load it"):
        load_model_info(str(tmp_path / "junk.onnx"))


def test_band_and_channel_mismatches_are_model_errors(tmp_path):
    path = local_onnx(tmp_path / "m.onnx")
    meta = metadata(bands=["B02", "B03", "B04", "B08"])  # the graph takes 10 channels
    write_metadata(path, meta)
    with pytest.raises(ModelError, match="takes 10 channels, input_bands lists 4"):
        load_model_info(str(path))
    write_metadata(path, metadata(bands=[*DEFAULT_BANDS[:9], "X1"]))
    with pytest.raises(ModelError, match="unknown Sentinel-2 bands"):
        load_model_info(str(path))


def test_sealed_index_by_name_or_binary_codes():
    assert sealed_index(SEALED_CLASSES) == 1
    clc = [{"index": i, "code": i + 1, "name": n, "color": "#000000"}
           for i, n in enumerate(["Sealed", "Woody needle leaved trees"])]  # fmt: skip
    assert sealed_index(clc) == 0
    binary = [{"index": 0, "code": 1, "name": "built", "color": "#000000"},
              {"index": 1, "code": 0, "name": "other", "color": "#000000"}]  # fmt: skip
    assert sealed_index(binary) == 0
    assert sealed_index([{"index": 0, "code": 3, "name": "Forest", "color": "#000000"}]) is None
