"""Check a plots layer as it is being edited (edit buffer included) with the server's own
rules, and find the features that problems are about."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qgis.core import QgsFeatureRequest, QgsProviderRegistry, QgsVectorLayer
from qgis.PyQt.QtCore import QDate, QDateTime, Qt, QTime, QVariant

from verite_core.pack import PackContent, PlotFeature, Problem, validate_pack

from .errors import PackFileError
from .i18n import tr
from .pack_file import read_manifest


@dataclass(frozen=True)
class LayerProblem:
    """A ``verite_core`` problem, with the ids of the features it is about."""

    code: str
    message: str
    field: str | None
    plot_id: str | None
    severity: str  # error | warning
    feature_ids: tuple[int, ...]


def python_value(value: Any) -> Any:
    """A feature attribute as the plain Python value a pack reader would give."""
    if isinstance(value, QVariant):  # NULL and anything PyQt did not convert
        return None if value.isNull() else python_value(value.value())
    if isinstance(value, QDate):
        return value.toString(Qt.ISODate) if value.isValid() else None
    if isinstance(value, QDateTime):
        return value.toString(Qt.ISODate) if value.isValid() else None
    if isinstance(value, QTime):
        return value.toString(Qt.ISODate) if value.isValid() else None
    return value


def layer_pack_path(layer: QgsVectorLayer) -> str:
    """The pack file a layer reads (OGR layers only); ``PackFileError`` otherwise."""
    if layer.providerType() == "ogr":
        path = QgsProviderRegistry.instance().decodeUri("ogr", layer.source()).get("path")
        if path:
            return str(path)
    raise PackFileError(
        tr("Layer {name} is not read from a pack file").format(name=layer.name()),
        [tr("Give the pack's manifest to check it.")],
    )


def _plot_id(value: Any, index: int) -> str:
    # The same fallback as verite_core's reader, so problems about plots without an id
    # ("#3") still lead to a feature.
    return f"#{index + 1}" if value in (None, "") else str(value)


def layer_content(
    layer: QgsVectorLayer, manifest: dict
) -> tuple[PackContent, dict[str, list[int]]]:
    """The layer's current features as a ``PackContent``, and feature ids by plot id."""
    names = [f.name() for f in layer.fields() if f.name() != "fid"]
    plots, ids_by_plot = [], {}
    for index, feature in enumerate(layer.getFeatures()):
        props = {name: python_value(feature.attribute(name)) for name in names}
        geom = feature.geometry()
        wkb = None if geom is None or geom.isNull() else bytes(geom.asWkb())
        plots.append(PlotFeature(props, wkb, index))
        ids_by_plot.setdefault(_plot_id(props.get("plot_id"), index), []).append(feature.id())
    crs = layer.crs()
    crs_id = (crs.authid() or crs.toWkt()) if crs.isValid() else None
    return PackContent(manifest, plots, crs_id, "gpkg"), ids_by_plot


def _layer_problem(problem: Problem, ids_by_plot: dict[str, list[int]]) -> LayerProblem:
    ids: list[int] = []
    if problem.plot_id is not None:
        ids += ids_by_plot.get(problem.plot_id, [])
    if problem.other_plot_id is not None:
        ids += ids_by_plot.get(problem.other_plot_id, [])
    return LayerProblem(
        problem.code,
        problem.message,
        problem.field,
        problem.plot_id,
        problem.severity,
        tuple(dict.fromkeys(ids)),
    )


def check_layer(
    layer: QgsVectorLayer, manifest: dict | None = None
) -> tuple[bool, list[LayerProblem]]:
    """(publishable, problems) of the layer's current features, edit buffer included.

    ``manifest`` defaults to the manifest of the pack file the layer reads. Nothing is
    written. A warning says when edits are not saved yet (only saved plots are published).
    """
    if manifest is None:
        manifest = read_manifest(layer_pack_path(layer))
    content, ids_by_plot = layer_content(layer, manifest)
    report = validate_pack(content)
    problems = [_layer_problem(p, ids_by_plot) for p in report.problems]
    if layer.isEditable() and layer.isModified():
        problems.append(
            LayerProblem(
                "layer.unsaved_edits",
                tr("The layer has unsaved edits: save them before publishing"),
                None,
                None,
                "warning",
                (),
            )
        )
    return report.ok, problems


def feature_ids_for_plots(layer: QgsVectorLayer, plot_ids: list[str]) -> list[int]:
    """Ids of the features whose plot_id is in ``plot_ids`` (``#n`` means the n-th plot)."""
    if layer.fields().indexOf("plot_id") < 0:
        raise PackFileError(tr("Layer {name} has no plot_id field").format(name=layer.name()))
    wanted = {str(p) for p in plot_ids}
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
    request.setSubsetOfAttributes(["plot_id"], layer.fields())
    return [
        feature.id()
        for index, feature in enumerate(layer.getFeatures(request))
        if _plot_id(python_value(feature.attribute("plot_id")), index) in wanted
    ]
