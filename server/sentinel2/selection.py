"""Which Sentinel-2 acquisitions relate to a pack: the dates to search and the ranking.

Pure functions (no database, no network). Observations are date intervals: one per plot
observation date (``plots.observed_on``) or, when plots carry no date, the version's
observation period. The catalogue is searched ``window_days`` before and after each group
of observations; an acquisition's distance is the number of days to the nearest
observation (0 inside the observation period).

Ranking, best first: cloud cover by steps of 10 % (0-10 % before 10-20 %...), then the
fewest days from an observation, then the exact cloud cover. So a clear image a few days
away is preferred to a cloudier one on the day, while among clear images the nearest wins.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

Interval = tuple[dt.date, dt.date]
#: Searches per lookup at most: observations spread over more groups are merged.
MAX_WINDOWS = 6
CLOUD_STEP = 10.0


@dataclass(frozen=True)
class Candidate:
    """A scene found in the catalogue, reduced to what ranking and storage need."""

    item_id: str
    acquired_at: dt.datetime
    level: str
    cloud_cover: float | None
    processing_baseline: str | None = None
    product_id: str | None = None  # the ESA product name, when the item gives it

    @classmethod
    def of(cls, scene: Any) -> Candidate:
        """From a ``verite_core.s2access.Scene`` (the area's cloud cover when known)."""
        cloud = scene.area_cloud_cover if scene.area_cloud_cover is not None else scene.cloud_cover
        when = scene.datetime
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        return cls(
            scene.id,
            when,
            scene.level,
            cloud,
            scene.processing_baseline,
            getattr(scene, "product_id", None),
        )


@dataclass(frozen=True)
class Ranked:
    candidate: Candidate
    rank: int
    days_from_observation: int


def observations(
    plot_dates: Iterable[dt.date | None], period: tuple[dt.date | None, dt.date | None]
) -> list[Interval]:
    """The observation intervals: each plot date, else the observation period (or its one
    known end); empty when there is no date at all."""
    days = sorted({d for d in plot_dates if d is not None})
    if days:
        return [(d, d) for d in days]
    start, end = period
    start, end = start or end, end or start
    if start is None or end is None:
        return []
    return [(min(start, end), max(start, end))]


def search_windows(
    observed: Sequence[Interval], window_days: int, max_windows: int = MAX_WINDOWS
) -> list[Interval]:
    """Date ranges to search: each observation widened by ``window_days``, overlapping
    ranges merged; past ``max_windows`` the closest neighbours are merged too."""
    pad = dt.timedelta(days=max(0, window_days))
    windows: list[list[dt.date]] = []
    for start, end in sorted(observed):
        lo, hi = start - pad, end + pad
        if windows and lo <= windows[-1][1] + dt.timedelta(days=1):
            windows[-1][1] = max(windows[-1][1], hi)
        else:
            windows.append([lo, hi])
    while len(windows) > max(1, max_windows):
        gaps = [(windows[i + 1][0] - windows[i][1], i) for i in range(len(windows) - 1)]
        _, i = min(gaps)
        windows[i][1] = max(windows[i][1], windows[i + 1][1])
        del windows[i + 1]
    return [(lo, hi) for lo, hi in windows]


def days_from(day: dt.date, observed: Sequence[Interval]) -> int:
    """Days between ``day`` and the nearest observation interval (0 inside one)."""
    return min(max(0, (start - day).days, (day - end).days) for start, end in observed)


def rank(
    candidates: Iterable[Candidate],
    observed: Sequence[Interval],
    max_cloud: float,
    keep: int,
) -> list[Ranked]:
    """The ``keep`` best candidates under ``max_cloud`` (unknown cover: last), one per
    item, best first (see the module's ranking)."""
    unique: dict[str, Candidate] = {}
    for c in candidates:
        if c.cloud_cover is not None and c.cloud_cover > max_cloud:
            continue
        unique.setdefault(c.item_id, c)

    def key(c: Candidate) -> tuple[float, int, float, str]:
        cloud = c.cloud_cover if c.cloud_cover is not None else float("inf")
        step = cloud // CLOUD_STEP if cloud != float("inf") else float("inf")
        return (step, days_from(c.acquired_at.date(), observed), cloud, c.item_id)

    best = sorted(unique.values(), key=key)[: max(0, keep)]
    return [Ranked(c, i + 1, days_from(c.acquired_at.date(), observed)) for i, c in enumerate(best)]


def level_of_collection(collection: str) -> str:
    """``L1C`` for a collection id naming it (``sentinel-2-l1c``), else ``L2A``."""
    return "L1C" if "l1c" in collection.lower() else "L2A"
