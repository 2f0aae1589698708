"""Sealed-surface analytics on class rasters: imperviousness share by zone and change.

Pure Python (numpy + GDAL ``osgeo``): shared by the QGIS Processing algorithms and the
server. ``zonal.sealed_shares`` and ``change.change_raster`` / ``change.change_by_zone``
are the entry points; see ``docs/analytics.md``.
"""

from verite_core.analytics.change import ChangeSummary, change_by_zone, change_raster
from verite_core.analytics.grid import AnalyticsCanceled, AnalyticsError
from verite_core.analytics.zonal import ZoneShare, sealed_shares

__all__ = [
    "AnalyticsCanceled",
    "AnalyticsError",
    "ChangeSummary",
    "ZoneShare",
    "change_by_zone",
    "change_raster",
    "sealed_shares",
]
