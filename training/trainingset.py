"""Build a dataset-A training set: Sentinel-2 stacks from a STAC catalogue + CLC+ Backbone.

``python -m training build-trainingset CONFIG`` reads a TOML file listing regions (a name
and a lon/lat bounding box) and years (a season's date range, optionally its own CLC+
raster). For every region and year it

1. searches the catalogue (``verite_core.s2access.search``, ranked by cloud over the region)
   and builds a 10 m stack of the best scene or the median of the few best
   (``build_stack``) → ``<output_dir>/<region>_<year>/image.tif``;
2. warps the CLC+ Backbone raster (a local file, or an http(s) URL read through
   ``/vsicurl/``: only the needed window is fetched) onto the stack's grid with nearest
   neighbour → ``labels.tif`` (uint8, 255 = no data; 253/254 kept: training ignores them);
3. records the result in ``manifest.json``.

It then writes ``dataset-a.toml``: a run config whose ``[[data.scenes]]`` are the stacks
built, loadable as is by ``python -m training fit`` (copy its ``[data]`` into your own run
config to change the model or training settings). A region-year that fails (no scene under
the cloud limit, catalogue down) is recorded and the others go on; finished ones are kept
and skipped on the next run unless ``--overwrite``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import os
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from osgeo import gdal

from verite_core.pack.gdal_env import gdal_exceptions
from verite_core.sentinel2 import DEFAULT_BANDS, check_band_names

from .config import Target, from_dict

log = logging.getLogger(__name__)

LABEL_NODATA = 255
MANIFEST = "manifest.json"
RUN_CONFIG = "dataset-a.toml"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


# ----------------------------------------------------------------------------- config


@dataclass
class RegionConfig:
    """An area to cover: a file-name-safe name and a lon/lat box [west, south, east, north]."""

    name: str
    bbox: list[float]

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ValueError(f"region name {self.name!r}: letters, digits, '_', '.', '-' only")
        if len(self.bbox) != 4:
            raise ValueError(f"region {self.name!r}: bbox is [west, south, east, north]")
        self.bbox = [float(v) for v in self.bbox]
        w, s, e, n = self.bbox
        if not (-180 <= w < e <= 180 and -90 <= s < n <= 90):
            raise ValueError(f"region {self.name!r}: bbox {self.bbox} is not a lon/lat box")


@dataclass
class YearConfig:
    """A season: the dates searched, and the CLC+ raster of that year when not the default."""

    year: int
    start: str  # ISO date
    end: str
    clcplus: str | None = None

    def __post_init__(self) -> None:
        start, end = dt.date.fromisoformat(self.start), dt.date.fromisoformat(self.end)
        if end < start:
            raise ValueError(f"year {self.year}: end {self.end} is before start {self.start}")

    @property
    def dates(self) -> tuple[dt.date, dt.date]:
        return dt.date.fromisoformat(self.start), dt.date.fromisoformat(self.end)


@dataclass
class TrainingSetConfig:
    """One training set, as written in one TOML file (training/configs/trainingset-example.toml)."""

    name: str
    output_dir: str
    regions: list[RegionConfig]
    years: list[YearConfig]
    clcplus: str | None = None  # CLC+ Backbone raster: a path or an http(s) URL
    catalog: str = "earth-search"  # a preset id (earth-search, cdse, planetary-computer) or URL
    level: Literal["L1C", "L2A"] = "L2A"
    bands: list[str] = field(default_factory=lambda: list(DEFAULT_BANDS))
    max_cloud: float = 20.0  # scene cloud cover (%) of the scenes searched
    composite: Literal["none", "median"] = "median"
    max_scenes: int = 5  # scenes in a median composite (the best ranked)
    mask_clouds: bool = True
    token_env: str | None = None  # environment variable holding the catalogue's token
    cache_dir: str | None = None  # downloaded windows, reused by later runs
    target: Target = "sealed"  # the target written into dataset-a.toml
    run_output_dir: str | None = None  # output_dir of dataset-a.toml's run
    source: str | None = None  # the TOML file this came from

    def __post_init__(self) -> None:
        self.bands = list(check_band_names(self.bands))
        if not self.regions or not self.years:
            raise ValueError("list at least one [[regions]] and one [[years]]")
        for what, names in (("region", [r.name for r in self.regions]),
                            ("year", [y.year for y in self.years])):  # fmt: skip
            if len(set(names)) != len(names):
                raise ValueError(f"{what}s must be unique")
        missing = [y.year for y in self.years if not (y.clcplus or self.clcplus)]
        if missing:
            raise ValueError(f"no CLC+ raster for year(s) {missing}: set clcplus")
        if not 0 <= self.max_cloud <= 100:
            raise ValueError("max_cloud is a percentage (0-100)")
        if self.max_scenes < 1:
            raise ValueError("max_scenes must be >= 1")


def load_trainingset_config(path: str | Path) -> TrainingSetConfig:
    """Read a training-set config from TOML (unknown keys are errors)."""
    with open(path, "rb") as fh:
        values = tomllib.load(fh)
    cfg = from_dict(TrainingSetConfig, values)
    cfg.source = str(path)
    return cfg


# ----------------------------------------------------------------------------- results


@dataclass
class SceneResult:
    """One region-year in the manifest."""

    name: str
    region: str
    year: int
    bbox: list[float]
    status: Literal["ok", "failed", "no-scene"]
    image: str | None = None
    labels: str | None = None
    error: str | None = None
    level: str | None = None
    offset_dn: int | None = None
    product_ids: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    processing_baselines: list[str] = field(default_factory=list)
    composite: str | None = None
    crs: str | None = None
    width: int | None = None
    height: int | None = None
    label_coverage: float | None = None  # share of pixels with a CLC+ class (1-11)
    clcplus: str | None = None


def clcplus_source(path_or_url: str) -> str:
    """What GDAL opens: ``/vsicurl/<url>`` for http(s) URLs, else the path (must exist)."""
    if path_or_url.startswith(("http://", "https://")):
        return "/vsicurl/" + path_or_url
    if path_or_url.startswith("/vsi"):
        return path_or_url
    if not Path(path_or_url).exists():
        raise FileNotFoundError(f"{path_or_url}: no such CLC+ raster")
    return path_or_url


def warp_labels(clcplus: str, image: str, output: str) -> float:
    """CLC+ warped onto ``image``'s grid (nearest) into ``output`` (uint8, nodata 255,
    atomically); returns the share of pixels holding a CLC+ class 1-11."""
    import numpy as np

    with gdal_exceptions():
        ref = gdal.Open(image)
        gt = ref.GetGeoTransform()
        width, height = ref.RasterXSize, ref.RasterYSize
        bounds = (gt[0], gt[3] + height * gt[5], gt[0] + width * gt[1], gt[3])
        tmp = output + ".part.tif"
        try:
            ds = gdal.Warp(
                tmp,
                clcplus_source(clcplus),
                format="GTiff",
                outputBounds=bounds,
                width=width,
                height=height,
                dstSRS=ref.GetProjection(),
                resampleAlg="near",
                outputType=gdal.GDT_Byte,
                dstNodata=LABEL_NODATA,
                creationOptions=["TILED=YES", "COMPRESS=DEFLATE"],
            )
            values = ds.GetRasterBand(1).ReadAsArray()
            ds.GetRasterBand(1).SetDescription("CLC+ Backbone class")
            ds.SetMetadataItem("CLCPLUS_SOURCE", clcplus)
            ds = None
            os.replace(tmp, output)
        finally:
            if os.path.exists(tmp):
                os.remove(tmp)
    return float(np.isin(values, np.arange(1, 12)).mean())


def stack_metadata(image: str) -> dict[str, Any]:
    """The ``S2_*`` metadata items and the grid of a stack built by ``build_stack``."""
    with gdal_exceptions():
        ds = gdal.Open(image)
        meta = ds.GetMetadata() or {}
        srs = ds.GetSpatialRef()
        crs = None
        if srs is not None:
            authority = srs.GetAuthorityName(None)
            code = srs.GetAuthorityCode(None)
            crs = f"{authority}:{code}" if authority and code else srs.ExportToWkt()
        size = (ds.RasterXSize, ds.RasterYSize)

    def items(key: str) -> list[str]:
        return [v.strip() for v in str(meta.get(key, "")).split(",") if v.strip()]

    offset = meta.get("S2_OFFSET_DN")
    return {
        "level": meta.get("S2_LEVEL"),
        "offset_dn": int(offset) if offset not in (None, "") else None,
        "product_ids": items("S2_PRODUCT_IDS"),
        "dates": items("S2_DATES"),
        "processing_baselines": items("S2_PROCESSING_BASELINES"),
        "composite": meta.get("S2_COMPOSITE"),
        "crs": crs,
        "width": size[0],
        "height": size[1],
    }


# ----------------------------------------------------------------------------- building


def build_trainingset(
    cfg: TrainingSetConfig,
    overwrite: bool = False,
    only: Sequence[str] | None = None,
    output_dir: str | None = None,
) -> dict[str, Any]:
    """Build every region-year (or those of the regions in ``only``); returns a summary.
    ValueError when not one of them could be built (the manifest is written anyway)."""
    from verite_core.s2access import catalogs

    out = Path(output_dir or cfg.output_dir)
    out.mkdir(parents=True, exist_ok=True)
    regions = [r for r in cfg.regions if not only or r.name in only]
    unknown = sorted(set(only or ()) - {r.name for r in cfg.regions})
    if unknown:
        raise ValueError(f"unknown region(s) {unknown}")
    catalog = catalogs.catalog(cfg.catalog)
    token = os.environ.get(cfg.token_env) if cfg.token_env else None
    if cfg.token_env and not token:
        raise ValueError(f"the environment variable {cfg.token_env} (the token) is not set")
    previous = {r["name"]: r for r in _read_manifest(out).get("scenes", [])}
    results: list[SceneResult] = []
    for year in cfg.years:
        for region in regions:
            result = _build_one(cfg, catalog, token, region, year, out, overwrite)
            results.append(result)
            previous.pop(result.name, None)
    # Region-years of earlier runs (e.g. other --only regions) stay in the manifest.
    kept = [r for r in previous.values() if isinstance(r, dict)]
    all_scenes = kept + [dataclasses.asdict(r) for r in results]
    manifest = {
        "name": cfg.name,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "config": cfg.source,
        "catalog": catalog.url,
        "level": cfg.level,
        "bands": cfg.bands,
        "composite": cfg.composite,
        "scenes": sorted(all_scenes, key=lambda r: r["name"]),
    }
    _write_atomic(out / MANIFEST, json.dumps(manifest, indent=2) + "\n")
    ok = [r for r in manifest["scenes"] if r["status"] == "ok"]
    run_config = out / RUN_CONFIG
    if ok:
        _write_atomic(run_config, run_config_text(cfg, ok))
    summary = {
        "manifest": str(out / MANIFEST),
        "run_config": str(run_config) if ok else None,
        "built": [r.name for r in results if r.status == "ok"],
        "failed": {r.name: r.error for r in results if r.status != "ok"},
    }
    if not any(r.status == "ok" for r in results) and results:
        raise ValueError(f"no region-year could be built: {summary['failed']}")
    return summary


def _build_one(
    cfg: TrainingSetConfig,
    catalog: Any,
    token: str | None,
    region: RegionConfig,
    year: YearConfig,
    out: Path,
    overwrite: bool,
) -> SceneResult:
    from verite_core.s2access import errors
    from verite_core.s2access.search import SearchQuery, search
    from verite_core.s2access.stack import StackRequest, build_stack

    name = f"{region.name}_{year.year}"
    folder = out / name
    image, labels = folder / "image.tif", folder / "labels.tif"
    clcplus = year.clcplus or cfg.clcplus or ""
    result = SceneResult(name, region.name, year.year, list(region.bbox), "ok", clcplus=clcplus)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if overwrite or not image.exists():
            start, end = year.dates
            query = SearchQuery(tuple(region.bbox), start, end, cfg.max_cloud, cfg.level)
            log.info("%s: searching %s, %s to %s", name, catalog.url, start, end)
            scenes = search(catalog, query, token=token, rank_by_area=True)
            if not scenes:
                raise errors.NoSceneFound(f"no scene under {cfg.max_cloud:g} % cloud")
            chosen = scenes[:1] if cfg.composite == "none" else scenes[: cfg.max_scenes]
            request = StackRequest(
                bbox=tuple(region.bbox),
                bands=tuple(cfg.bands),
                composite=cfg.composite,
                mask_clouds=cfg.mask_clouds,
            )
            log.info("%s: stacking %s", name, ", ".join(s.id for s in chosen))
            build_stack(chosen, request, str(image), cache_dir=cfg.cache_dir)
        if overwrite or not labels.exists():
            log.info("%s: CLC+ labels from %s", name, clcplus)
            result.label_coverage = warp_labels(clcplus, str(image), str(labels))
        else:
            result.label_coverage = _label_coverage(str(labels))
    except errors.NoSceneFound as exc:
        log.warning("%s: %s", name, exc)
        return dataclasses.replace(result, status="no-scene", error=str(exc))
    except (errors.S2AccessError, OSError, RuntimeError) as exc:  # GDAL errors are RuntimeError
        log.error("%s: %s: %s", name, type(exc).__name__, exc)
        return dataclasses.replace(result, status="failed", error=f"{type(exc).__name__}: {exc}")
    meta = stack_metadata(str(image))
    return dataclasses.replace(result, image=str(image), labels=str(labels), **meta)


def _label_coverage(path: str) -> float:
    import numpy as np

    with gdal_exceptions():
        ds = gdal.Open(path)  # kept alive while its band is read
        values = ds.GetRasterBand(1).ReadAsArray()
    return float(np.isin(values, np.arange(1, 12)).mean())


def _read_manifest(out: Path) -> dict[str, Any]:
    try:
        return json.loads((out / MANIFEST).read_text())
    except (OSError, ValueError):
        return {}


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


# ----------------------------------------------------------------------------- run config


def _toml(value: Any) -> str:
    """A TOML value for strings, numbers, booleans and lists of them."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # a TOML basic string


def run_config_text(cfg: TrainingSetConfig, scenes: Sequence[dict[str, Any]]) -> str:
    """A ``python -m training`` run config (dataset A) using the scenes built."""
    lines = [
        f"# Dataset A written by `python -m training build-trainingset {cfg.source or ''}`.",
        "# Images: Sentinel-2 stacks from the STAC catalogue; labels: CLC+ Backbone warped",
        "# onto each stack (nearest). Train with `python -m training fit <this file>`, or copy",
        "# [data] into your own run config (see training/configs/clcplus-sealed-b2.toml).",
        f"name = {_toml(cfg.name)}",
        f"output_dir = {_toml(cfg.run_output_dir or f'training/runs/{cfg.name}')}",
        "",
        "[data]",
        'kind = "scenes"',
        f"target = {_toml(cfg.target)}",
        f"bands = {_toml(cfg.bands)}",
    ]
    for scene in scenes:
        lines += ["", "[[data.scenes]]", f"name = {_toml(scene['name'])}"]
        lines.append(f"image = {_toml(scene['image'])}")
        lines.append(f"level = {_toml(scene.get('level') or cfg.level)}")
        if scene.get("offset_dn") is not None:
            lines.append(f"offset_dn = {_toml(int(scene['offset_dn']))}")
        if scene.get("dates"):
            lines.append(f"sensing_date = {_toml(scene['dates'][0])}")
        if scene.get("product_ids"):  # STAC item ids are not always product names: a note
            kind = "median of" if len(scene["product_ids"]) > 1 else "from"
            lines.append(f"# {kind} {', '.join(scene['product_ids'])}")
        lines.append(f"clcplus = {_toml(scene['labels'])}")
    return "\n".join(lines) + "\n"
