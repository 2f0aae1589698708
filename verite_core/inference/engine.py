"""``run``: a model over an image, tile by tile, into a class GeoTIFF (and a probability one).

The image is processed one row of tiles at a time (``strips.py``): the reader gives that
strip's DN on the image grid (20 m bands resampled), tiles are scaled to reflectance with
the image's DN offset, normalised with the model's mean/std, batched and run; predictions
are blended into an accumulator one tile high and the rows no later tile touches are
written out. Memory is a few strips, whatever the image height; see docs/inference.md.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np

from verite_core.sentinel2 import QUANTIFICATION_VALUE

from .errors import SourceError
from .masks import MaskRasterizer, mask_geometry, processing_window
from .model import ModelInfo, OnnxModel
from .reader import BandReader
from .sources import ImageSource
from .strips import Progress, StripLoop
from .tiling import layout
from .writer import (
    CLASS_NODATA,
    PROBABILITY_MAX,
    PROBABILITY_NODATA,
    OutputRaster,
    output_metadata,
)

RESOLUTION_TOLERANCE = 0.05


@dataclass(frozen=True)
class RunOptions:
    output_classes: str  # class GeoTIFF path
    output_probability: str | None = None  # sealed-probability GeoTIFF
    extent: tuple[float, float, float, float] | None = None  # in the image CRS
    mask_wkb: bytes | None = None  # polygon(s) in the image CRS: outside -> no data
    batch_size: int = 4
    tile_size: int | None = None  # default: the model's
    overlap_px: int | None = None  # default: the model's
    providers: tuple[str, ...] | None = None  # default: the model's session
    probability_dtype: Literal["uint8", "float32"] = "uint8"  # uint8: round(p * 250), 255 nodata

    def __post_init__(self) -> None:
        if self.batch_size < 1:
            raise ValueError("batch_size must be >= 1")
        if self.probability_dtype not in ("uint8", "float32"):
            raise ValueError("probability_dtype must be 'uint8' or 'float32'")
        if self.output_probability and self.output_probability == self.output_classes:
            raise ValueError("the class and probability outputs must be different files")


@dataclass(frozen=True)
class RunResult:
    output_classes: str
    output_probability: str | None
    width: int
    height: int
    tiles: int  # tiles run through the model (tiles with no valid pixel are skipped)
    seconds: float
    providers: tuple[str, ...]
    class_pixel_counts: dict[int, int]  # class code -> pixels; 255 -> no data
    warnings: tuple[str, ...] = ()


def check_image(info: ModelInfo, image: ImageSource) -> list[str]:
    """SourceError when the model cannot run on the image; warnings when it runs out of
    distribution or on assumptions."""
    missing = image.missing(info.bands)
    if missing:
        raise SourceError(
            f"the image lacks band(s) {', '.join(missing)} needed by the model "
            f"(model bands: {', '.join(info.bands)}; found: {', '.join(image.bands) or 'none'})"
        )
    if abs(image.resolution - info.resolution_m) > RESOLUTION_TOLERANCE * info.resolution_m:
        raise SourceError(
            f"the image grid has {image.resolution:g} pixels, the model expects "
            f"{info.resolution_m:g} m: resample it first (gdalwarp -tr {info.resolution_m:g})"
        )
    warnings = []
    if image.level is None:
        warnings.append(
            f"product level unknown (no product name or metadata): assumed {info.level} as "
            "the model was trained on; pass level='L1C' or 'L2A'"
        )
    elif image.level != info.level:
        warnings.append(
            f"the model was trained on {info.level} products and the input is {image.level}: "
            "it runs, but out of distribution; expect worse results"
        )
    if image.offset_dn is None:
        warnings.append(
            "DN offset unknown (no processing baseline): assumed 0 (baseline < 04.00); "
            "pass offset_dn=-1000 for products of baseline 04.00 or later (from 2022-01-25)"
        )
    return warnings


def _scaling(info: ModelInfo, offset_dn: int) -> tuple[np.ndarray, np.ndarray]:
    """x = DN * a + b = ((DN + offset) / Q - mean) / std, per band."""
    mean, std = np.asarray(info.mean, np.float64), np.asarray(info.std, np.float64)
    a = 1.0 / (QUANTIFICATION_VALUE * std)
    b = (offset_dn / QUANTIFICATION_VALUE - mean) / std
    return a.astype(np.float32)[:, None, None], b.astype(np.float32)[:, None, None]


def run(
    model: OnnxModel,
    image: ImageSource,
    options: RunOptions,
    progress: Callable[[float], None] | None = None,
    is_canceled: Callable[[], bool] | None = None,
) -> RunResult:
    """Run ``model`` over ``image`` (see the module docstring); Canceled leaves no output."""
    started = time.perf_counter()
    if options.providers and list(options.providers) != model.providers[: len(options.providers)]:
        model = OnnxModel(model.path, options.providers)
    info = model.info
    warnings = check_image(info, image)
    if options.output_probability and info.sealed_index is None:
        raise ValueError(f"model {info.name} has no 'Sealed' class: no probability output")
    mask = mask_geometry(options.mask_wkb) if options.mask_wkb else None
    x0, y0, width, height = processing_window(image, options.extent, mask)
    tile = options.tile_size or info.tile_size
    overlap = info.tile_overlap_px if options.overlap_px is None else options.overlap_px
    rows, cols = layout(height, tile, overlap), layout(width, tile, overlap)
    a, b = _scaling(info, image.offset_dn or 0)
    gt = image.geotransform
    grid = (gt[0] + x0 * gt[1], gt[1], 0.0, gt[3] + y0 * gt[5], 0.0, gt[5])
    paths = [image.bands[n].path for n in info.bands]
    source = image.product_id or (paths[0] if len(set(paths)) == 1 else os.path.commonpath(paths))
    extra = {"input": source,
             "input_level": image.level or "unknown", "offset_dn": image.offset_dn,
             "tile_size": tile, "overlap_px": overlap}  # fmt: skip
    meta = output_metadata(info, extra)
    track = Progress(progress, is_canceled)
    track.check()
    reader = BandReader(image, info.bands)
    outputs: list[OutputRaster] = []
    try:
        classes = OutputRaster(options.output_classes, width, height, grid, image.crs_wkt,
                               np.uint8, CLASS_NODATA, meta, "class code")  # fmt: skip
        outputs.append(classes)
        classes.set_classes(info.classes)
        prob = None
        if options.output_probability:
            float_out = options.probability_dtype == "float32"
            name = info.classes[info.sealed_index]["name"]  # type: ignore[index]
            prob = OutputRaster(
                options.output_probability, width, height, grid, image.crs_wkt,
                np.float32 if float_out else np.uint8,
                float("nan") if float_out else PROBABILITY_NODATA, meta,
                f"P({name})" if float_out else f"P({name}) x {PROBABILITY_MAX}", average=True,
            )  # fmt: skip
            outputs.append(prob)
            if not float_out:
                prob.set_scale(1.0 / PROBABILITY_MAX)
        masker = MaskRasterizer(mask, image) if mask is not None else None
        loop = StripLoop(model, reader, masker, rows, cols, (x0, y0, width, height), (a, b))
        ran, counts = loop.run(options.batch_size, classes, prob, track)
        for out in outputs:
            out.finish()
        track.check()
        for out in outputs:
            out.commit()
    except BaseException:
        for out in outputs:
            out.discard()
        raise
    finally:
        reader.close()
    track(1.0)
    return RunResult(
        output_classes=str(options.output_classes),
        output_probability=str(options.output_probability) if options.output_probability else None,
        width=width,
        height=height,
        tiles=ran,
        seconds=time.perf_counter() - started,
        providers=tuple(model.providers),
        class_pixel_counts={int(c): int(counts[c]) for c in sorted(set(info.codes))}
        | ({CLASS_NODATA: int(counts[CLASS_NODATA])} if counts[CLASS_NODATA] else {}),
        warnings=tuple(warnings),
    )
