"""Problems as rows of the validation dock, whatever their source: the layer check
(``LayerProblem``), the shared contract (``verite_core`` ``Problem``, in
``LocalValidationFailed``) or the server (problem+json items of a ``ServerProblem``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..core.i18n import tr

#: Groups shown in the dock, in display order.
KINDS = ("invalid", "too_small", "overlapping", "out_of_area", "incomplete", "pack")

_KIND_BY_CODE = {
    "geometry.overlap": "overlapping",
    "geometry.too_small": "too_small",
    "geometry.small_core": "too_small",
    "geometry.outside_area": "out_of_area",
    "plot.class_missing": "incomplete",
    "plot.descriptor_missing": "incomplete",
    "plot.id_missing": "incomplete",
    "plot.date": "incomplete",
}


def kind_label(kind: str) -> str:
    labels = {
        "invalid": tr("Invalid"),
        "too_small": tr("Too small"),
        "overlapping": tr("Overlapping"),
        "out_of_area": tr("Outside the pack area"),
        "incomplete": tr("Incomplete"),
        "pack": tr("Pack and manifest"),
    }
    return labels.get(kind, kind)


def problem_kind(code: str, plot_id: str | None = None) -> str:
    """The dock group of a problem code (``geometry.overlap`` → ``overlapping``)."""
    if code in _KIND_BY_CODE:
        return _KIND_BY_CODE[code]
    if code == "schema.required" and plot_id:
        return "incomplete"
    if code.startswith(("geometry.", "plot.")) or plot_id:
        return "invalid"
    return "pack"


@dataclass(frozen=True)
class ProblemRow:
    kind: str
    severity: str  # error | warning
    code: str
    message: str
    plot_id: str | None
    field: str | None
    feature_ids: tuple[int, ...]


def from_layer_problem(p: Any) -> ProblemRow:
    """A row from a ``core.layer_check.LayerProblem``."""
    return ProblemRow(
        problem_kind(p.code, p.plot_id),
        p.severity,
        p.code,
        p.message,
        p.plot_id,
        p.field,
        tuple(p.feature_ids),
    )


def from_contract_problem(p: Any, ids_for_plot) -> ProblemRow:
    """A row from a ``verite_core`` ``Problem``; ``ids_for_plot(plot_id)`` → feature ids."""
    plot_id = getattr(p, "plot_id", None)
    ids = tuple(ids_for_plot(plot_id)) if plot_id else ()
    return ProblemRow(
        problem_kind(p.code, plot_id),
        getattr(p, "severity", "error"),
        p.code,
        p.message,
        plot_id,
        getattr(p, "field", None),
        ids,
    )


def from_server_problem(item: dict[str, Any], ids_for_plot) -> ProblemRow:
    """A row from one ``problems`` item of a problem+json answer."""
    plot_id = str(item["plot_id"]) if item.get("plot_id") else None
    code = str(item.get("code") or "")
    return ProblemRow(
        problem_kind(code, plot_id),
        str(item.get("severity") or "error"),
        code,
        str(item.get("message") or ""),
        plot_id,
        item.get("field"),
        tuple(ids_for_plot(plot_id)) if plot_id else (),
    )
