"""Running a segmentation model on a raster in the background, and styling its results.

``InferenceParams`` (frozen) → ``InferenceTask`` (a QgsTask calling ``verite_core.inference``
with the task's progress and cancel) → ``InferenceSuccess`` with the output paths, the
model card's note and the execution provider that ran. The engine is imported only when a
task runs, after the dependency check (``core/dependencies.py``): onnxruntime is not part
of QGIS. The Processing algorithms reuse the helpers here (model lookup, errors, styling).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from qgis.core import QgsPalettedRasterRenderer, QgsRasterLayer
from qgis.PyQt.QtGui import QColor

from .dependencies import require_inference_packages
from .errors import Canceled, VtError
from .i18n import tr
from .task_base import VtTask

PLUGIN_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
#: The model shipped with the plugin (``models/`` in the zip, ``onnx_models/`` in a checkout).
SHIPPED_MODEL = "verite-sealed-proxy-dw-l1c-b0.onnx"


# ----------------------------------------------------------------------------- models


def model_search_dirs(profile_dir: str | None = None) -> list[str]:
    """Where models are looked for, in order: the plugin's ``models/`` folder (the zip
    ships the proxy model there), a development checkout's ``onnx_models/``, and
    ``<QGIS profile>/verite_terrain/models`` (models you add yourself)."""
    if profile_dir is None:
        from qgis.core import QgsApplication

        profile_dir = QgsApplication.qgisSettingsDirPath()
    return [
        os.path.join(PLUGIN_DIR, "models"),
        os.path.join(os.path.dirname(PLUGIN_DIR), "onnx_models"),
        os.path.join(profile_dir, "verite_terrain", "models"),
    ]


def available_models(profile_dir: str | None = None) -> list[str]:
    """ONNX files in the model folders, the shipped model first."""
    found: list[str] = []
    for folder in model_search_dirs(profile_dir):
        if os.path.isdir(folder):
            found += [
                os.path.join(folder, name)
                for name in sorted(os.listdir(folder))
                if name.lower().endswith(".onnx")
            ]
    return sorted(found, key=lambda p: os.path.basename(p) != SHIPPED_MODEL)


def default_model_path(profile_dir: str | None = None) -> str:
    """The shipped model when present, else the first model found, else ``""``."""
    models = available_models(profile_dir)
    return models[0] if models else ""


def load_model(path: str, providers: Sequence[str] | None = None):
    """An ``OnnxModel``; VtError naming every metadata problem of a file we cannot use."""
    require_inference_packages()
    from verite_core.inference import OnnxModel

    if not path or not os.path.isfile(path):
        raise VtError(tr("The model file {path} does not exist").format(path=path or "?"))
    try:
        return OnnxModel(path, providers=providers)
    except ValueError as exc:  # ModelError: the metadata contract is not followed
        raise VtError(
            tr("{path} is not a usable Vérité Terrain model").format(path=os.path.basename(path)),
            _problems(exc),
        ) from None
    except Exception as exc:  # noqa: BLE001 - onnxruntime refusing the file
        raise VtError(
            tr("onnxruntime cannot load {path}").format(path=os.path.basename(path)),
            [f"{type(exc).__name__}: {exc}"],
        ) from None


def _problems(exc: BaseException) -> list[str]:
    problems = getattr(exc, "problems", None)
    if problems:
        return [str(p) for p in problems]
    return [line for line in str(exc).split("; ") if line]


def model_note(info: Any) -> str:
    """What the model card says users must know: its description, and a warning when it
    was trained on pseudo-labels rather than ground truth."""
    note = str(getattr(info, "description", "") or "").strip()
    training = getattr(info, "training_data", None) or {}
    if training.get("pseudo_labels"):
        note += " " + tr("Trained on pseudo-labels (another model's output), not ground truth.")
    return note.strip()


def provider_label(providers: Sequence[str]) -> str:
    """``"GPU (CUDA)"`` or ``"CPU"``: what ran, for people."""
    for name in providers:
        short = name.replace("ExecutionProvider", "")
        if short != "CPU":
            return tr("GPU ({name})").format(name=short)
    return tr("CPU")


def image_path_of_source(source: str) -> str:
    """What ``open_image`` takes for a raster layer's source: the file itself, or the
    SAFE folder / zip of a layer opened with GDAL's Sentinel-2 driver
    (``SENTINEL2_L2A:/path/X.SAFE/MTD_MSIL2A.xml:10m:EPSG_32631``)."""
    match = re.match(r"^SENTINEL2_L[12][AC]:(.+?\.xml):", source, re.IGNORECASE)
    if match is None:
        return source.split("|")[0]
    xml = match.group(1)
    if xml.lower().startswith("/vsizip/"):
        inner = xml[len("/vsizip/") :].lstrip("{")
        zipped = re.match(r"^(.+?\.zip)(}|/|\\|$)", inner, re.IGNORECASE)
        if zipped:
            return zipped.group(1)
    return os.path.dirname(xml)


def unique_path(folder: str, stem: str, suffix: str) -> str:
    """``folder/stem+suffix``, or with ``_2``, ``_3``... when that file exists already."""
    path = os.path.join(folder, stem + suffix)
    n = 2
    while os.path.exists(path):
        path = os.path.join(folder, f"{stem}_{n}{suffix}")
        n += 1
    return path


# ----------------------------------------------------------------------------- styling


def class_table(classes: Sequence[Mapping[str, Any]]) -> dict[int, tuple[str | None, str]]:
    """``{code: (color, name)}`` from a model's classes (``index, code, name, color``)."""
    return {int(c["code"]): (c.get("color"), str(c.get("name", c["code"]))) for c in classes}


def style_paletted(
    layer: QgsRasterLayer, table: Mapping[int, tuple[str | None, str]], band: int = 1
) -> None:
    """A paletted renderer with one class per ``{value: (color, label)}``; a ``None``
    colour keeps the raster's own colour-table entry (random when it has none)."""
    provider = layer.dataProvider()
    own = {
        int(c.value): c.color
        for c in QgsPalettedRasterRenderer.colorTableToClassData(provider.colorTable(band))
    }
    classes = []
    for value, (color, label) in sorted(table.items()):
        qcolor = (
            QColor(color) if color else own.get(value, QColor.fromHsv((value * 67) % 360, 180, 220))
        )
        classes.append(QgsPalettedRasterRenderer.Class(value, qcolor, label))
    layer.setRenderer(QgsPalettedRasterRenderer(provider, band, classes))
    layer.triggerRepaint()


def class_layer(path: str, name: str, classes: Sequence[Mapping[str, Any]]) -> QgsRasterLayer:
    """The class GeoTIFF as a layer with the model's class colours and names."""
    layer = QgsRasterLayer(path, name, "gdal")
    if not layer.isValid():
        raise VtError(tr("QGIS cannot open {path}").format(path=path))
    style_paletted(layer, class_table(classes))
    return layer


# ----------------------------------------------------------------------------- the task


@dataclass(frozen=True)
class InferenceParams:
    image: str  # a raster file, SAFE folder or zip (see ``image_path_of_source``)
    model_path: str
    output_dir: str
    name: str  # output files: <name>_classes.tif, <name>_sealed_probability.tif
    extent: tuple[float, float, float, float] | None = None  # in the image's CRS
    batch_size: int = 4
    probability: bool = True


@dataclass(frozen=True)
class InferenceSuccess:
    classes_path: str
    probability_path: str | None
    model_name: str
    classes: tuple[dict, ...]
    note: str
    providers: tuple[str, ...]
    seconds: float
    width: int
    height: int
    class_pixel_counts: dict
    warnings: tuple[str, ...] = ()  # the engine's: level or offset assumed, out of distribution

    @property
    def provider_label(self) -> str:
        return provider_label(self.providers)


class InferenceTask(VtTask):
    """Loads the model, opens the image and runs the engine with progress and cancel."""

    def __init__(self, params: InferenceParams, on_done: Callable[[Any], None]):
        super().__init__(tr("Mapping sealed surfaces: {name}").format(name=params.name), on_done)
        self.params = params

    def work(self) -> InferenceSuccess:
        p = self.params
        model = load_model(p.model_path)
        from verite_core.inference import RunOptions, check_image, open_image, run

        self._check_canceled()
        try:
            image = open_image(p.image)
            check_image(model.info, image)
        except ValueError as exc:  # SourceError: bands missing, not Sentinel-2...
            raise VtError(
                tr("{path} cannot be used as a Sentinel-2 image").format(path=p.image),
                _problems(exc),
            ) from None
        os.makedirs(p.output_dir, exist_ok=True)
        options = RunOptions(
            output_classes=unique_path(p.output_dir, f"{p.name}_classes", ".tif"),
            output_probability=(
                unique_path(p.output_dir, f"{p.name}_sealed_probability", ".tif")
                if p.probability
                else None
            ),
            extent=p.extent,
            batch_size=p.batch_size,
        )
        self.setProgress(2)
        try:
            result = run(
                model,
                image,
                options,
                progress=lambda done: self.setProgress(2 + 98 * engine_fraction(done)),
                is_canceled=self.isCanceled,
            )
        except Exception as exc:
            if self.isCanceled():
                raise Canceled(tr("Canceled")) from None
            if isinstance(exc, ValueError):
                raise VtError(tr("The model could not run on this image"), _problems(exc)) from None
            raise
        self._check_canceled()
        info = model.info
        return InferenceSuccess(
            classes_path=result.output_classes,
            probability_path=result.output_probability,
            model_name=info.name,
            classes=tuple(dict(c) for c in info.classes),
            note=model_note(info),
            providers=tuple(result.providers),
            seconds=float(result.seconds),
            width=int(result.width),
            height=int(result.height),
            class_pixel_counts=dict(result.class_pixel_counts),
            warnings=tuple(getattr(result, "warnings", ())),
        )


def engine_fraction(value: float) -> float:
    """The engine's progress as a fraction 0..1, whether it reports 0..1 or 0..100."""
    value = float(value)
    return max(0.0, min(1.0, value / 100.0 if value > 1.0 else value))
