"""Where a pack's parts live inside its files (shared by the reader and the writer)."""

PLOTS_LAYER = "plots"
MANIFEST_STANDARD_URI = "urn:verite-terrain:pack:1.0"
MANIFEST_MIME = "application/json"
FORMAT_NAME = "verite-terrain-pack"
FORMAT_VERSION = "1.0"

#: Plot attributes every pack has; descriptor attributes come from the manifest.
CORE_FIELDS = ("plot_id", "class_code", "observed_on", "collector", "photos", "notes")

GPKG_MAGIC = b"SQLite format 3\x00"
#: GeoPackage application_id values (1.2+ 'GPKG', older 'GP10'/'GP11').
GPKG_APPLICATION_IDS = (b"GPKG", b"GP10", b"GP11")
