"""Quality scoring of plots and packs, every component kept.

``Q = 100 · G · (0.35·A + 0.20·R + 0.15·M + 0.15·T + 0.15·C)`` (docs/quality.md):
A collector reliability, R agreement with a reference map, M method, T timeliness,
C completeness, G geometry gate. When R cannot be computed (no reference raster) the
other weights are rescaled to sum to 1 and R is reported as not available.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass

from .validation import CheckedPlot, ValidationReport

WEIGHTS = {"A": 0.35, "R": 0.20, "M": 0.15, "T": 0.15, "C": 0.15}
EXPERTISE_PRIOR = {"expert": 0.90, "professional": 0.85, "student": 0.80, "volunteer": 0.65}
METHOD_SCORE = {
    "field": 1.0,
    "field_photos": 0.85,
    "vhr_photointerpretation": 0.75,
    "sentinel2_interpretation": 0.55,
}
#: How many reviewed plots weigh as much as the expertise prior.
PRIOR_STRENGTH = 10
#: T falls linearly from 1 to 0 over this many days away from the reference period.
TIMELINESS_HORIZON_DAYS = 3 * 365
#: T when the pack states no reference period nor Sentinel-2 acquisitions.
TIMELINESS_UNKNOWN = 0.5
#: G when the stated positional accuracy is worse than 10 m (one Sentinel-2 pixel).
COARSE_POSITION_GATE = 0.8
LEVELS = (("A", 80.0), ("B", 65.0), ("C", 50.0), ("D", float("-inf")))


def quality_level(score: float) -> str:
    """A >= 80, B 65-80, C 50-65, D < 50 (on the score as shown, rounded to 2 decimals)."""
    shown = round(score, 2)
    return next(level for level, floor in LEVELS if shown >= floor)


def reliability(
    prior: float, reviewed: int = 0, confirmed: int = 0, strength: int = PRIOR_STRENGTH
) -> float:
    """Collector reliability A: the expertise prior updated by the review record (a Beta mean)."""
    return (prior * strength + confirmed) / (strength + reviewed)


def timeliness(observed: dt.date | None, start: dt.date | None, end: dt.date | None) -> float:
    """T: 1 inside the reference period, falling to 0 three years away from it."""
    if observed is None or start is None or end is None:
        return TIMELINESS_UNKNOWN
    if start <= observed <= end:
        return 1.0
    gap = (start - observed).days if observed < start else (observed - end).days
    return max(0.0, 1.0 - gap / TIMELINESS_HORIZON_DAYS)


def reference_period(manifest: Mapping) -> tuple[dt.date | None, dt.date | None]:
    """The period labels should describe: stated, else the span of the related acquisitions."""
    period = manifest.get("reference_period")
    if isinstance(period, Mapping):
        return dt.date.fromisoformat(period["start"]), dt.date.fromisoformat(period["end"])
    dates = sorted(
        dt.date.fromisoformat(a["date"]) for a in manifest.get("sentinel2_acquisitions") or []
    )
    return (dates[0], dates[-1]) if dates else (None, None)


@dataclass(frozen=True)
class Components:
    A: float
    R: float | None
    M: float
    T: float
    C: float
    G: float


@dataclass(frozen=True)
class PlotQuality:
    score: float
    level: str
    components: Components

    def to_dict(self) -> dict:
        return {
            "score": round(self.score, 2),
            "level": self.level,
            "components": {
                k: (None if v is None else round(v, 4)) for k, v in asdict(self.components).items()
            },
        }


def combine(c: Components) -> float:
    """The quality score of a set of components (R renormalised away when missing)."""
    weights = {k: w for k, w in WEIGHTS.items() if not (k == "R" and c.R is None)}
    total = sum(weights.values())
    mix = sum(w * getattr(c, k) for k, w in weights.items()) / total
    return 100.0 * c.G * mix


def _collector_expertise(manifest: Mapping, collector: str | None) -> str:
    people = [p for p in manifest.get("contributors") or [] if isinstance(p, Mapping)]
    for person in people:
        if collector and person.get("name", "").strip().lower() == collector.strip().lower():
            return person["expertise"]
    # Unattributed plots get the least expert contributor's level: we cannot tell who
    # collected them, so we do not credit them with the best one.
    levels = [p["expertise"] for p in people if p.get("expertise") in EXPERTISE_PRIOR]
    return min(levels, key=EXPERTISE_PRIOR.__getitem__) if levels else "volunteer"


@dataclass(frozen=True)
class PackQuality:
    score: float
    level: str
    components: dict[str, float | None]
    plots: dict[str, PlotQuality]
    reference_available: bool
    notes: tuple[str, ...]

    def to_dict(self) -> dict:
        return {
            "score": round(self.score, 2),
            "level": self.level,
            "components": {
                k: (None if v is None else round(v, 4)) for k, v in self.components.items()
            },
            "weights": WEIGHTS,
            "formula": "Q = 100 * G * (0.35*A + 0.20*R + 0.15*M + 0.15*T + 0.15*C)",
            "reference_available": self.reference_available,
            "plot_levels": _count_levels(self.plots.values()),
            "notes": list(self.notes),
        }


def _count_levels(plots) -> dict[str, int]:
    counts = {level: 0 for level, _ in LEVELS}
    for q in plots:
        counts[q.level] += 1
    return counts


def score_pack(
    report: ValidationReport,
    reliability_of: Callable[[str], float] | None = None,
    agreement: Mapping[str, float | None] | None = None,
) -> PackQuality:
    """Score every valid plot and the pack (the mean of its plots, component by component).

    ``reliability_of(expertise_level)`` gives A (default: the expertise priors; the server
    passes one that includes the uploader's review record). ``agreement`` maps plot ids to R.
    """
    manifest = report.manifest
    reliability_of = reliability_of or EXPERTISE_PRIOR.__getitem__
    method = METHOD_SCORE.get(manifest.get("method"), min(METHOD_SCORE.values()))
    start, end = reference_period(manifest)
    obs = manifest.get("observation_period") or {}
    fallback_day = _midpoint(obs)
    coarse = float(manifest.get("positional_accuracy_m") or 0) > 10.0
    plots = {}
    for plot in report.plots:
        r = None if agreement is None else agreement.get(plot.plot_id)
        comp = Components(
            A=reliability_of(_collector_expertise(manifest, plot.attributes.collector)),
            R=r,
            M=method,
            T=timeliness(plot.attributes.observed_on or fallback_day, start, end),
            C=plot.attributes.completeness,
            G=_gate(plot, coarse),
        )
        score = combine(comp)
        plots[plot.plot_id] = PlotQuality(score, quality_level(score), comp)
    return _aggregate(plots, agreement is not None, start is None, coarse)


def _gate(plot: CheckedPlot, coarse: bool) -> float:
    if plot.shape.core_too_small:
        return 0.0
    return COARSE_POSITION_GATE if coarse else 1.0


def _midpoint(period: Mapping) -> dt.date | None:
    try:
        start, end = dt.date.fromisoformat(period["start"]), dt.date.fromisoformat(period["end"])
    except (KeyError, TypeError, ValueError):
        return None
    return start + (end - start) / 2


def _aggregate(
    plots: dict[str, PlotQuality], reference: bool, no_period: bool, coarse: bool
) -> PackQuality:
    notes = []
    if not reference:
        notes.append("R not available: no reference raster covers this pack; weights rescaled.")
    if no_period:
        notes.append("T uses 0.5: the pack gives no reference period nor Sentinel-2 acquisitions.")
    if coarse:
        notes.append("G is 0.8: positional accuracy is worse than 10 m.")
    if not plots:
        return PackQuality(
            0.0, "D", {k: None for k in ("A", "R", "M", "T", "C", "G")}, {}, reference, tuple(notes)
        )
    n = len(plots)
    comps: dict[str, float | None] = {}
    for key in ("A", "R", "M", "T", "C", "G"):
        values = [getattr(q.components, key) for q in plots.values()]
        present = [v for v in values if v is not None]
        comps[key] = sum(present) / len(present) if present else None
    score = sum(q.score for q in plots.values()) / n
    return PackQuality(
        score,
        quality_level(score),
        comps,
        plots,
        reference and comps["R"] is not None,
        tuple(notes),
    )
