"""Small helpers around GDAL/OGR/OSR used by the pack contract.

GDAL's exception mode (Python bindings, GDAL 3.6) is process-wide. Programs that own
their process (server, CLIs, training) switch it on once with ``use_exceptions_globally``.
In a shared process like QGIS, ``gdal_exceptions`` switches it on only around our own
calls and restores it afterwards, holding a lock so that two of our threads (a QgsTask
and the main thread) never toggle it under each other.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

from osgeo import gdal, ogr, osr

_MODULES = (gdal, ogr, osr)
_TOGGLE_LOCK = threading.RLock()
_global = False


def use_exceptions_globally() -> None:
    """Turn GDAL exceptions on for the whole process, once (servers, CLIs, training).

    The exception mode is process-wide state: toggling it per call, as ``gdal_exceptions``
    does for a shared process like QGIS, races between threads. Multi-threaded programs
    call this at start-up, after which ``gdal_exceptions`` leaves the mode alone.
    """
    global _global
    with _TOGGLE_LOCK:
        for m in _MODULES:
            if not m.GetUseExceptions():
                m.UseExceptions()
        _global = True


@contextlib.contextmanager
def gdal_exceptions() -> Iterator[None]:
    """Raise RuntimeError on GDAL/OGR/OSR errors inside the block, restoring the mode after."""
    if _global:
        yield
        return
    with _TOGGLE_LOCK:
        previous = [m.GetUseExceptions() for m in _MODULES]
        for m in _MODULES:
            if not m.GetUseExceptions():
                m.UseExceptions()
        gdal.PushErrorHandler("CPLQuietErrorHandler")
        try:
            yield
        finally:
            gdal.PopErrorHandler()
            # GDAL keeps a stack of error handlers: undo in reverse order.
            for m, was in reversed(list(zip(_MODULES, previous, strict=True))):
                if not was:
                    m.DontUseExceptions()


def srs_from_user_input(text: str) -> osr.SpatialReference:
    """An SRS in longitude/latitude (x/y) axis order from 'EPSG:2154', WKT, PROJ, or a URN."""
    srs = osr.SpatialReference()
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    with gdal_exceptions():
        srs.SetFromUserInput(text)
    return srs


def wgs84() -> osr.SpatialReference:
    return srs_from_user_input("EPSG:4326")


def srs_identifier(srs: osr.SpatialReference) -> str:
    """'AUTH:CODE' when the SRS has an authority code, else its WKT."""
    name, code = srs.GetAuthorityName(None), srs.GetAuthorityCode(None)
    if name and code:
        return f"{name}:{code}"
    with gdal_exceptions():
        matches = srs.FindMatches() if hasattr(srs, "FindMatches") else []
    for candidate, confidence in matches:
        if confidence >= 90 and candidate.GetAuthorityName(None):
            return f"{candidate.GetAuthorityName(None)}:{candidate.GetAuthorityCode(None)}"
    return srs.ExportToWkt()


def local_equal_area(lon: float, lat: float) -> osr.SpatialReference:
    """A Lambert azimuthal equal-area projection centred on a point: metric areas and
    buffers with negligible distortion over a pack-sized region, anywhere on Earth."""
    return srs_from_user_input(
        f"+proj=laea +lat_0={lat:.6f} +lon_0={lon:.6f} +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs"
    )


def transformer(
    src: osr.SpatialReference, dst: osr.SpatialReference
) -> osr.CoordinateTransformation:
    with gdal_exceptions():
        return osr.CoordinateTransformation(src, dst)
