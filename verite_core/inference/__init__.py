"""Inference engine: an ONNX model (docs/model-format.md) over Sentinel-2 imagery, in
bounded memory, into GeoTIFFs. Pure Python (numpy, onnxruntime, GDAL); no Qt.

API (docs/dev/inference-api.md, user guide docs/inference.md)::

    model = OnnxModel("model.onnx")                 # GPU providers first when present
    image = open_image("S2B_MSIL2A_….SAFE.zip")     # or a GeoTIFF, a folder, a list of files
    result = run(model, image, RunOptions("classes.tif", "sealed.tif"), progress, is_canceled)

onnxruntime is imported only when a model is opened.
"""

from .engine import RunOptions, RunResult, check_image, run
from .errors import Canceled, InferenceError, ModelError, SourceError
from .model import ModelInfo, OnnxModel, available_providers, load_model_info
from .reader import read_window
from .sources import BandSource, ImageSource, open_image

__all__ = [
    "BandSource",
    "Canceled",
    "ImageSource",
    "InferenceError",
    "ModelError",
    "ModelInfo",
    "OnnxModel",
    "RunOptions",
    "RunResult",
    "SourceError",
    "available_providers",
    "check_image",
    "load_model_info",
    "open_image",
    "read_window",
    "run",
]
