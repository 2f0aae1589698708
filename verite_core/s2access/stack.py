"""Build an analysis-ready stack for an area from searched scenes.

Only the requested bands, and only the area's window of each (``/vsicurl/`` range
requests on COGs), are read; 20 m bands are resampled to 10 m (bilinear, SCL nearest);
clouds and shadows are masked with SCL; several dates make a per-pixel median composite.
The stack format is in ``docs/dev/sentinel2-access-api.md`` and ``docs/sentinel2.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from osgeo import gdal

from verite_core.pack.gdal_env import srs_from_user_input
from verite_core.sentinel2 import DEFAULT_BANDS, check_band_names, offset_for

from .compose import write_stack
from .errors import NoSceneFound, S2AccessError
from .gdalio import checked, gdal_path, grid_for_bbox, same_site, with_retries
from .layers import Layer, ProductSource
from .search import Scene

#: The largest stack in pixels (300 km x 300 km at 10 m; a Sentinel-2 tile is 110 km).
MAX_PIXELS = 30_000 * 30_000


@dataclass(frozen=True)
class StackRequest:
    bbox: tuple[float, float, float, float]
    bbox_crs: str = "EPSG:4326"
    bands: tuple[str, ...] = DEFAULT_BANDS
    target_crs: str | None = None  # default: the (first) scene's UTM zone
    composite: str = "none"  # none: the first (best ranked) scene | median: every scene
    mask_clouds: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "bands", check_band_names(self.bands))
        if self.composite not in ("none", "median"):
            raise ValueError(f"composite must be 'none' or 'median', not {self.composite!r}")
        x0, y0, x1, y1 = self.bbox
        if not (x0 < x1 and y0 < y1):
            raise ValueError(f"bbox {self.bbox} is not (xmin, ymin, xmax, ymax)")


def build_stack(
    scenes: Sequence[Scene],
    request: StackRequest,
    output: str,
    cache_dir: str | None = None,
    progress: Callable[[float], None] | None = None,
    is_canceled: Callable[[], bool] | None = None,
    retries: int = 3,
    token: str | None = None,
) -> str:
    """Write the stack of ``scenes`` (ranked, e.g. by ``search``) over the request's area
    to ``output`` and return its path. ``token``: the bearer token for catalogs that need
    one to read assets (sent only to asset hosts of the catalog's own site). ``cache_dir``: where downloaded windows are kept for next time.
    Errors: ``S2AccessError`` subclasses; the output is then not created (or left as it was)."""
    if not scenes:
        raise NoSceneFound("No scene to build the stack from: search first.")
    chosen = list(scenes[:1] if request.composite == "none" else scenes)
    levels = sorted({s.level for s in chosen})
    if len(levels) > 1:
        raise S2AccessError(f"Cannot stack scenes of different levels ({', '.join(levels)}).")
    products = [_product(scene, request) for scene in chosen]
    crs = _target_crs(request, chosen[0], retries, token, is_canceled)
    grid = grid_for_bbox(request.bbox, request.bbox_crs, crs)
    if grid.width * grid.height > MAX_PIXELS:
        km = f"{grid.width / 100:.0f} km x {grid.height / 100:.0f} km"
        raise S2AccessError(
            f"The area is too large for one stack ({km} at 10 m): split it in parts of at "
            f"most {MAX_PIXELS**0.5 / 100:.0f} km a side."
        )
    return write_stack(
        products,
        request.bands,
        grid,
        output,
        composite=request.composite,
        mask_clouds=request.mask_clouds,
        source="stac",
        cache_dir=cache_dir,
        retries=retries,
        token=token,
        progress=progress,
        is_canceled=is_canceled,
    )


def _product(scene: Scene, request: StackRequest) -> ProductSource:
    missing = [b for b in request.bands if b not in scene.assets]
    if missing:
        raise S2AccessError(f"Scene {scene.id} has no asset for band {', '.join(missing)}.")
    bands = {b: Layer(gdal_path(scene.assets[b]), "dn", scene.assets[b]) for b in request.bands}
    masks: tuple[Layer, ...] = ()
    if "SCL" in scene.assets:
        masks = (Layer(gdal_path(scene.assets["SCL"]), "scl", scene.assets["SCL"]),)
    offset = scene.offset_dn
    if offset is None:
        offset = offset_for(scene.processing_baseline, scene.datetime.date())
    return ProductSource(
        product_id=scene.product_id or scene.id,
        date=scene.datetime.date(),
        level=scene.level,
        baseline=scene.processing_baseline,
        offset_dn=offset,
        bands=bands,
        masks=masks,
        mask_name="scl" if masks else "none",
        remote=True,
        gdal_options=dict(scene.gdal_options),
        send_token=same_site(scene.assets[request.bands[0]], scene.catalog_url),
    )


def _target_crs(
    request: StackRequest,
    scene: Scene,
    retries: int,
    token: str | None,
    is_canceled: Callable[[], bool] | None,
) -> str:
    """The requested CRS, else the scene's (its UTM zone): from the item, or the header
    of its first band."""
    if request.target_crs:
        return srs_from_user_input(request.target_crs).ExportToWkt()
    if scene.epsg:
        return srs_from_user_input(f"EPSG:{scene.epsg}").ExportToWkt()
    href = scene.assets[request.bands[0]]
    path = gdal_path(href)
    return with_retries(
        lambda messages: checked(gdal.Open(path), messages).GetProjection(),
        f"the header of {scene.id}",
        retries=retries,
        token=token if same_site(href, scene.catalog_url) else None,
        options=scene.gdal_options,
        is_canceled=is_canceled,
        clear_prefix=path,
    )
