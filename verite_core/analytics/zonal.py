"""Imperviousness share by zone: any polygons x a class raster (CLC+ Backbone or a
prediction) → sealed area, sealed share and valid share, with exact pixel-fraction
weighting at the polygon edges.

Definitions (``f`` = fraction of a pixel covered by the zone, exactly as exactextract's
``coverage``; ``area`` = the pixel's area in m²):

* ``sealed_m2 = sum f * area`` over valid pixels whose value is in ``sealed_values``;
* ``valid_m2 = sum f * area`` over valid pixels (not nodata, not in ``ignore_values``);
* ``zone_m2`` = the zone's area in the raster CRS — the whole polygon, also where it lies
  outside the raster, so that ``valid_share`` tells how much of the zone was measured;
* ``sealed_share = sealed_m2 / valid_m2`` (None when nothing valid), ``valid_share =
  valid_m2 / zone_m2`` (0 for an empty zone).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from verite_core.analytics.engine import measure_zones
from verite_core.analytics.grid import RasterGrid, open_raster
from verite_core.analytics.masks import ClassBand


@dataclass(frozen=True)
class ZoneShare:
    """Sealed and valid area of one zone. Areas in m², shares in 0..1."""

    zone_id: Any
    sealed_m2: float
    valid_m2: float
    zone_m2: float
    sealed_share: float | None
    valid_share: float


def sealed_shares(
    raster_path: str,
    zones: Iterable[tuple[Any, bytes]],
    zones_crs_wkt: str,
    sealed_values: Sequence[int] = (1,),
    ignore_values: Sequence[int] = (253, 254, 255),
    band: int = 1,
    *,
    progress: Callable[[float], None] | None = None,
    is_canceled: Callable[[], bool] | None = None,
) -> list[ZoneShare]:
    """Sealed share of every zone ((id, polygon WKB) pairs in ``zones_crs_wkt``), in order.

    Zones are reprojected to the raster's CRS (an empty ``zones_crs_wkt`` means "already
    in it"); the raster is read in windows. ``progress(fraction)`` is called when
    ``zones`` has a length; ``is_canceled()`` True raises ``AnalyticsCanceled``.
    Raises ``AnalyticsError`` (a ValueError) for an unreadable raster or zone.
    """
    ds = open_raster(raster_path)
    grid = RasterGrid.of(ds)
    reader = ClassBand(ds, band, ignore_values, [sealed_values])
    return [
        share(zone_id, float(sealed_m2), float(valid_m2), zone_m2)
        for zone_id, zone_m2, (valid_m2, sealed_m2) in measure_zones(
            grid, zones, zones_crs_wkt, reader.read, reader.table, progress, is_canceled
        )
    ]


def share(zone_id: Any, sealed_m2: float, valid_m2: float, zone_m2: float) -> ZoneShare:
    """A ZoneShare from its areas (tiny negative rounding residues clamped to 0)."""
    sealed_m2, valid_m2, zone_m2 = max(sealed_m2, 0.0), max(valid_m2, 0.0), max(zone_m2, 0.0)
    return ZoneShare(
        zone_id=zone_id,
        sealed_m2=sealed_m2,
        valid_m2=valid_m2,
        zone_m2=zone_m2,
        sealed_share=min(sealed_m2 / valid_m2, 1.0) if valid_m2 > 0 else None,
        valid_share=min(valid_m2 / zone_m2, 1.0) if zone_m2 > 0 else 0.0,
    )
