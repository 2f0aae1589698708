"""Vérité Terrain core: pure-Python modules shared by the server, the QGIS plugin and training.

Nothing here imports Qt, QGIS or Flask. GDAL/OGR (``osgeo``) is the only geospatial
dependency, because every QGIS installation ships it.
"""

__version__ = "0.1.0"
