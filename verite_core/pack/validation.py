"""Validate a whole pack: the manifest, then every plot. Same rules offline (plugin) and
on the server."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .fileformat import CORE_FIELDS
from .manifest_checks import area_geometry, check_manifest
from .plot_attributes import PlotAttributes, check_attributes
from .plot_geometry import GeometryLimits, PlotGeometryChecker, PlotShape, overlap_problems
from .problems import Problem, errors_of
from .reader import PackContent
from .reference import EAGLE_VERSION  # noqa: F401  (re-exported for callers)


@dataclass(frozen=True)
class Limits:
    """Configurable limits (the server reads them from its config)."""

    geometry: GeometryLimits = field(default_factory=GeometryLimits)
    max_plots: int = 200_000
    max_problems: int = 1000  # enough to fix a pack; keeps answers small


@dataclass
class CheckedPlot:
    """A plot that passed validation, with everything quality scoring and storage need."""

    attributes: PlotAttributes
    shape: PlotShape
    wkb_source: bytes
    clcplus: int | None

    @property
    def plot_id(self) -> str:
        return self.attributes.plot_id


@dataclass
class ValidationReport:
    manifest: dict[str, Any]
    crs: str | None
    plots: list[CheckedPlot]
    problems: list[Problem]
    truncated: bool = False

    @property
    def errors(self) -> list[Problem]:
        return errors_of(self.problems)

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors


def validate_pack(
    content: PackContent, limits: Limits | None = None, today: dt.date | None = None
) -> ValidationReport:
    """Check a pack read by ``reader``; ``report.ok`` tells whether it can be published."""
    limits = limits or Limits()
    today = today or dt.date.today()
    manifest = content.manifest
    problems = check_manifest(manifest, today)
    if content.crs is None:
        problems.append(
            Problem("file.crs", "the plots layer has no coordinate reference system", "plots")
        )
    if not content.plots:
        problems.append(Problem("pack.empty", "the pack has no plots", "plots"))
    if len(content.plots) > limits.max_plots:
        problems.append(
            Problem(
                "pack.too_many_plots",
                f"{len(content.plots)} plots; the limit is {limits.max_plots}",
                "plots",
            )
        )
    nomenclature = (
        manifest.get("nomenclature") if isinstance(manifest.get("nomenclature"), dict) else {}
    )
    classes = {c.get("code"): c for c in nomenclature.get("classes") or [] if isinstance(c, dict)}
    checker = None
    if content.crs is not None:
        try:
            checker = PlotGeometryChecker(
                content.crs, area_geometry(manifest.get("area")), limits.geometry
            )
        except RuntimeError as exc:
            problems.append(
                Problem("file.crs", f"the plots' CRS {content.crs!r} is not usable: {exc}", "plots")
            )
    plots, shapes, seen = [], {}, set()
    for feature in content.plots:
        pid = feature.plot_id
        if feature.properties.get("plot_id") in (None, ""):
            problems.append(Problem("plot.id_missing", "plot_id is empty", "plot_id", pid))
        elif pid in seen:
            problems.append(
                Problem("plot.id_duplicate", "plot_id is used by another plot", "plot_id", pid)
            )
        seen.add(pid)
        attrs, found = check_attributes(feature.properties, pid, manifest, set(classes), today)
        problems += found
        shape = None
        if checker is not None:
            shape, found = checker.check(feature.wkb, pid)
            problems += found
        if shape is not None and not errors_of(found):
            shapes[pid] = shape
            cls = classes.get(attrs.class_code) or {}
            plots.append(CheckedPlot(attrs, shape, feature.wkb, cls.get("clcplus")))
    problems += overlap_problems(shapes)
    problems += _unknown_attributes(content, manifest)
    truncated = len(problems) > limits.max_problems
    # Errors first so that a truncated list still says why the pack was refused.
    problems.sort(key=lambda p: p.severity != "error")
    return ValidationReport(
        manifest, content.crs, plots, problems[: limits.max_problems], truncated
    )


def _unknown_attributes(content: PackContent, manifest: dict) -> list[Problem]:
    known = set(CORE_FIELDS) | {"fid", "id"}
    known |= {d.get("key") for d in manifest.get("descriptors") or [] if isinstance(d, dict)}
    unknown: dict[str, int] = {}
    for feature in content.plots:
        for key, value in feature.properties.items():
            if key not in known and value not in (None, ""):
                unknown[key] = unknown.get(key, 0) + 1
    return [
        Problem(
            "plot.unknown_attribute",
            f"attribute '{key}' ({count} plots) is not in the descriptor schema and is not published",
            key,
            severity="warning",
        )
        for key, count in sorted(unknown.items())
    ]
