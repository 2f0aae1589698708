"""The pack contract: format, validation and quality scoring of ground-truth packs.

One pure-Python implementation (stdlib + GDAL/OGR) used by the server, the QGIS plugin
(offline checks) and training (packs as labels). See docs/pack-format.md.
"""

from .fileformat import FORMAT_NAME, FORMAT_VERSION, MANIFEST_STANDARD_URI, PLOTS_LAYER
from .problems import PackError, Problem
from .quality import PackQuality, PlotQuality, quality_level, reliability, score_pack
from .reader import PackContent, PlotFeature, read_manifest, read_pack, read_pack_bytes
from .reference import bundled_descriptor_sets, bundled_nomenclatures, descriptors_for, nomenclature
from .schema import pack_schema, validate_against
from .validation import CheckedPlot, Limits, ValidationReport, validate_pack
from .writer import PlotRecord, to_geojson, update_manifest, write_geojson, write_gpkg

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "MANIFEST_STANDARD_URI",
    "PLOTS_LAYER",
    "PackError",
    "Problem",
    "PackQuality",
    "PlotQuality",
    "quality_level",
    "reliability",
    "score_pack",
    "PackContent",
    "read_manifest",
    "PlotFeature",
    "read_pack",
    "read_pack_bytes",
    "bundled_descriptor_sets",
    "bundled_nomenclatures",
    "descriptors_for",
    "nomenclature",
    "pack_schema",
    "validate_against",
    "CheckedPlot",
    "Limits",
    "ValidationReport",
    "validate_pack",
    "PlotRecord",
    "to_geojson",
    "update_manifest",
    "write_geojson",
    "write_gpkg",
]
