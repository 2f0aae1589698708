"""Sealed area and share per year, and change between years, for one area.

The numbers come only from `verite_core.analytics` (`sealed_shares`, `change_by_zone`),
the code the QGIS Processing algorithms run: either now, on the area's polygon with
windowed reads of the rasters ("on the fly"), or earlier, by `flask boundaries precompute`
on the units of a boundary layer (stored in `unit_stats` / `unit_changes`).

Database rows are copied into frozen snapshots (`RasterRef`, `Area`) before computing, so
the request's transaction can be closed first (SQLite: a POST request holds the write lock
for its whole transaction).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from osgeo import ogr

from server.dashboard.models import SealedRaster, UnitChange, UnitStat
from server.dashboard.rasters import MIXED_KINDS_CAVEAT
from server.errors import ProblemError, ValidationFailed, problem_item
from server.extensions import db
from verite_core.analytics import (
    AnalyticsError,
    ChangeSummary,
    ZoneShare,
    change_by_zone,
    sealed_shares,
)
from verite_core.analytics.zonal import share

log = logging.getLogger(__name__)

#: The CRS of every stored geometry (boundary units, pack areas, analysed areas).
ZONES_CRS = "EPSG:4326"


class RasterUnavailable(ProblemError):
    """A registered raster cannot be read (moved, deleted, corrupt): an operator problem."""

    status, code, title = 503, "raster-unavailable", "Raster Unavailable"


@dataclass(frozen=True)
class RasterRef:
    """What the computation needs of a `SealedRaster` row."""

    id: int
    name: str
    year: int
    kind: str
    path: str
    sealed_values: tuple[int, ...]
    ignore_values: tuple[int, ...]
    caveat: str
    model_name: str | None

    @classmethod
    def of(cls, raster: SealedRaster) -> RasterRef:
        return cls(
            raster.id,
            raster.name,
            raster.year,
            raster.kind,
            raster.path,
            tuple(raster.sealed_values),
            tuple(raster.ignore_values),
            raster.caveat,
            raster.model_name,
        )


@dataclass(frozen=True)
class Area:
    """The analysed polygon (lon/lat), where it comes from, and its unit row if any."""

    geometry: ogr.Geometry = field(compare=False)
    area_m2: float
    source: dict[str, Any]
    unit_pk: int | None = None  # boundary_units.id: numbers may be precomputed

    @property
    def wkb(self) -> bytes:
        return bytes(self.geometry.ExportToIsoWkb())


@dataclass
class Precomputed:
    """Stored numbers of one unit: (sealed, valid, zone m²) per raster id, and (gained,
    lost, stable sealed, net, valid m²) per (from id, to id)."""

    stats: dict[int, tuple[float, float, float]]
    changes: dict[tuple[int, int], tuple[float, float, float, float, float]]

    @classmethod
    def load(
        cls, unit_pk: int, rasters: Sequence[RasterRef], pairs: Sequence[tuple[int, int]]
    ) -> Precomputed:
        ids = [r.id for r in rasters]
        stats = db.session.execute(
            sa.select(
                UnitStat.raster_id, UnitStat.sealed_m2, UnitStat.valid_m2, UnitStat.zone_m2
            ).where(UnitStat.unit_id == unit_pk, UnitStat.raster_id.in_(ids))
        )
        changes = db.session.execute(
            sa.select(
                UnitChange.from_raster_id,
                UnitChange.to_raster_id,
                UnitChange.gained_m2,
                UnitChange.lost_m2,
                UnitChange.stable_sealed_m2,
                UnitChange.net_m2,
                UnitChange.valid_m2,
            ).where(UnitChange.unit_id == unit_pk, UnitChange.from_raster_id.in_(ids))
        )
        wanted = set(pairs)
        return cls(
            {row[0]: tuple(row[1:]) for row in stats},
            {(row[0], row[1]): tuple(row[2:]) for row in changes if (row[0], row[1]) in wanted},
        )


def default_pairs(rasters: Sequence[RasterRef]) -> list[tuple[int, int]]:
    """Each raster with the next one in time, and the first with the last (if > 2)."""
    pairs = [(a.id, b.id) for a, b in zip(rasters, rasters[1:], strict=False)]
    if len(rasters) > 2:
        pairs.append((rasters[0].id, rasters[-1].id))
    return pairs


def year_entry(raster: RasterRef, sealed_m2: float, valid_m2: float, zone_m2: float) -> dict:
    s = share(raster.id, sealed_m2, valid_m2, zone_m2)
    return {
        "raster_id": raster.id,
        "name": raster.name,
        "year": raster.year,
        "kind": raster.kind,
        "model_name": raster.model_name,
        "caveat": raster.caveat,
        "sealed_m2": s.sealed_m2,
        "valid_m2": s.valid_m2,
        "zone_m2": s.zone_m2,
        "sealed_share": s.sealed_share,
        "valid_share": s.valid_share,
    }


def change_caveat(before: RasterRef, after: RasterRef) -> str:
    caveats = [before.caveat]
    if after.caveat != before.caveat:
        caveats.append(after.caveat)
    if before.kind != after.kind:
        caveats.append(MIXED_KINDS_CAVEAT)
    return ". ".join(c.rstrip(". ") for c in caveats) + "."


def change_entry(
    before: RasterRef,
    after: RasterRef,
    gained_m2: float,
    lost_m2: float,
    stable_sealed_m2: float,
    net_m2: float,
    valid_m2: float,
) -> dict:
    return {
        "from": before.id,
        "to": after.id,
        "from_year": before.year,
        "to_year": after.year,
        "from_name": before.name,
        "to_name": after.name,
        "gained_m2": gained_m2,
        "lost_m2": lost_m2,
        "stable_sealed_m2": stable_sealed_m2,
        "net_m2": net_m2,
        "valid_m2": valid_m2,
        "caveat": change_caveat(before, after),
    }


def _problem(exc: AnalyticsError, what: str) -> ProblemError:
    """The area's fault (it cannot be put on the raster grid: 422) or the raster's (503)."""
    message = str(exc)
    if message.startswith("zone ") or "reproject zones" in message:
        return ValidationFailed(
            [problem_item("area-not-measurable", message, field="geometry")],
            detail=f"the area cannot be measured on {what}: {message}",
        )
    log.warning("%s cannot be read: %s", what, message)
    # The message may name server paths: logged for the operator, not shown to clients.
    return RasterUnavailable(f"{what} cannot be read (details in the server log)")


def compute_shares(raster: RasterRef, zones: Sequence[tuple[Any, bytes]]) -> list[ZoneShare]:
    """`sealed_shares` of `zones` (WKB in EPSG:4326) over one raster."""
    try:
        return sealed_shares(
            raster.path, zones, ZONES_CRS, raster.sealed_values, raster.ignore_values
        )
    except AnalyticsError as exc:
        raise _problem(exc, f"raster {raster.name!r}") from exc


def change_ignore(before: RasterRef, after: RasterRef) -> tuple[int, ...]:
    """Values ignored in a change: those of either raster."""
    return tuple(sorted(set(before.ignore_values) | set(after.ignore_values)))


def compute_changes(
    before: RasterRef, after: RasterRef, zones: Sequence[tuple[Any, bytes]]
) -> list[ChangeSummary]:
    """`change_by_zone` of `zones` (WKB in EPSG:4326) from `before` to `after`; pixels
    ignored in either raster are left out of both."""
    try:
        return change_by_zone(
            before.path,
            after.path,
            zones,
            ZONES_CRS,
            before.sealed_values,
            after.sealed_values,
            change_ignore(before, after),
        )
    except AnalyticsError as exc:
        raise _problem(exc, f"change {before.name!r} → {after.name!r}") from exc


def analyze(
    area: Area,
    rasters: Sequence[RasterRef],
    pairs: Sequence[tuple[int, int]],
    precomputed: Precomputed | None = None,
    started: float | None = None,
) -> dict[str, Any]:
    """The analysis document (see docs/dashboard.md) of `area` over `rasters`.

    Stored numbers are used where `precomputed` has them; the rest is computed now.
    `precomputed` in the answer is True only when nothing had to be computed now.
    """
    started = time.perf_counter() if started is None else started
    by_id = {r.id: r for r in rasters}
    zones = [(area.source.get("unit") or "area", area.wkb)]
    fresh = False
    years = []
    for raster in rasters:
        stored = precomputed.stats.get(raster.id) if precomputed else None
        if stored is not None:
            years.append(year_entry(raster, *stored))
            continue
        fresh = True
        (result,) = compute_shares(raster, zones)
        years.append(year_entry(raster, result.sealed_m2, result.valid_m2, result.zone_m2))
    changes = []
    for from_id, to_id in pairs:
        before, after = by_id[from_id], by_id[to_id]
        stored = precomputed.changes.get((from_id, to_id)) if precomputed else None
        if stored is not None:
            changes.append(change_entry(before, after, *stored))
            continue
        fresh = True
        (c,) = compute_changes(before, after, zones)
        changes.append(
            change_entry(
                before, after, c.gained_m2, c.lost_m2, c.stable_sealed_m2, c.net_m2, c.valid_m2
            )
        )
    return {
        "area_m2": area.area_m2,
        "source": area.source,
        "years": years,
        "changes": changes,
        "computed_in_ms": round((time.perf_counter() - started) * 1000, 1),
        "precomputed": precomputed is not None and not fresh,
    }
