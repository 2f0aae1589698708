"""Training pipeline for the Sentinel-2 sealed-surface / CLC+ SegFormer.

``python -m training fit | evaluate | export | import-hf CONFIG``: see docs/models.md for
the shipped model and docs/model-format.md for the ONNX metadata contract.
"""

__version__ = "0.1.0"
