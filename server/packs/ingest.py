"""Publishing a pack file: read, validate, score, then store one version atomically.

All the expensive work (parsing, geometry checks, quality) happens before the database
write transaction begins, so that concurrent uploads only queue for the short insert.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from osgeo import ogr

from server.auth.models import User
from server.errors import Conflict, Forbidden, NotFound, UnsupportedMediaType, ValidationFailed
from server.extensions import db, utcnow
from server.packs.copy import copy_plots
from server.packs.models import Pack, PackClass, PackFile, PackVersion, Plot, ReferenceRaster
from server.spatial import geometry_value
from verite_core.pack import (
    Limits,
    PackError,
    ValidationReport,
    read_pack_bytes,
    score_pack,
    validate_pack,
)
from verite_core.pack.agreement import reference_agreement
from verite_core.pack.manifest_checks import area_geometry
from verite_core.pack.plot_geometry import GeometryLimits
from verite_core.pack.quality import EXPERTISE_PRIOR, PackQuality, reliability
from verite_core.pack.reader import sniff_format

#: Until a reviewer verifies a user's declared expertise, their plots are credited at most
#: the 'student' prior (0.80): declaring 'expert' alone must not buy a quality level.
UNVERIFIED_PRIOR_CAP = EXPERTISE_PRIOR["student"]
#: ``app.extensions`` key: callables ``hook(version)`` that other domains run once a new
#: version is committed (e.g. the Sentinel-2 lookup). Their failures never fail an upload.
AFTER_PUBLISH_HOOKS = "vt_after_publish_hooks"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Uploader:
    """What scoring needs to know about the uploading account (read before validation)."""

    id: int
    expertise_verified: bool
    reviewed_plots: int
    confirmed_plots: int

    @classmethod
    def of(cls, user: User) -> Uploader:
        return cls(user.id, user.expertise_verified, user.reviewed_plots, user.confirmed_plots)

    def reliability_of(self, expertise: str) -> float:
        """A for a plot collected at ``expertise`` level by this account's contributors."""
        prior = EXPERTISE_PRIOR.get(expertise, EXPERTISE_PRIOR["volunteer"])
        if not self.expertise_verified:
            prior = min(prior, UNVERIFIED_PRIOR_CAP)
        return reliability(prior, self.reviewed_plots, self.confirmed_plots)


@dataclass
class Prepared:
    data: bytes
    filename: str
    file_format: str
    content_hash: str
    report: ValidationReport
    quality: PackQuality


@dataclass
class Published:
    pack: Pack
    version: PackVersion
    created: bool  # False: the same file was already published (idempotent re-upload)


def limits_from_config() -> Limits:
    cfg = current_app.config
    geometry = GeometryLimits(
        min_area_m2=float(cfg["MIN_PLOT_AREA_M2"]), max_vertices=int(cfg["MAX_PLOT_VERTICES"])
    )
    return Limits(geometry=geometry, max_plots=int(cfg["MAX_PLOTS_PER_PACK"]))


def prepare(
    data: bytes, filename: str, uploader: Uploader, today: dt.date | None = None
) -> Prepared:
    """Read, validate and score an upload; raises a 4xx problem when it cannot be published."""
    kind = sniff_format(data[:100])
    if kind is None:
        raise UnsupportedMediaType(
            f"{filename or 'the file'} is neither a GeoPackage nor a GeoJSON pack",
            code="unsupported-pack-format",
        )
    limits = limits_from_config()
    try:
        content = read_pack_bytes(data, max_plots=limits.max_plots)
    except PackError as exc:
        raise ValidationFailed(
            [p.to_dict() for p in exc.problems],
            "the file cannot be read as a pack",
            code="unreadable-pack",
        ) from None
    report = validate_pack(content, limits, today)
    if not report.ok:
        raise ValidationFailed(
            [p.to_dict() for p in report.problems],
            f"{len(report.errors)} problem(s) prevent publishing this pack; nothing was stored",
            code="invalid-pack",
            truncated=report.truncated,
        )
    agreement = _agreement(report)
    quality = score_pack(report, uploader.reliability_of, agreement)
    digest = hashlib.sha256(data).hexdigest()
    return Prepared(data, filename, kind, digest, report, quality)


def _agreement(report: ValidationReport) -> dict[str, float | None] | None:
    """R from the registered reference raster nearest in time, if any covers the plots."""
    rasters = db.session.scalars(sa.select(ReferenceRaster).order_by(ReferenceRaster.year)).all()
    db.session.rollback()  # release the read snapshot before the long computation
    if not rasters:
        return None
    obs = report.manifest.get("observation_period") or {}
    year = int(str(obs.get("start", "2021"))[:4])
    raster = min(rasters, key=lambda r: abs((r.year or year) - year))
    shares = reference_agreement(raster.path, report.plots)
    return shares if any(v is not None for v in shares.values()) else None


def publish(prepared: Prepared, uploader: Uploader, pack_public_id: str | None = None) -> Published:
    """Store a prepared upload as a new pack, or as a new version of an existing one."""
    if pack_public_id is None:
        existing = _same_file(prepared.content_hash, owner_id=uploader.id)
        if existing is not None:
            return Published(existing.pack, existing, created=False)
        pack = Pack(owner_id=uploader.id, title=prepared.report.manifest["title"], latest_version=0)
        db.session.add(pack)
    else:
        pack = db.session.scalar(
            sa.select(Pack).where(Pack.public_id == pack_public_id).with_for_update()
        )
        if pack is None:
            raise NotFound(f"no pack {pack_public_id}", code="pack-not-found")
        if pack.owner_id != uploader.id:
            raise Forbidden("only the pack's owner can publish new versions", code="not-pack-owner")
        same = db.session.scalar(
            sa.select(PackVersion).where(
                PackVersion.pack_id == pack.id, PackVersion.content_hash == prepared.content_hash
            )
        )
        if same is not None:
            return Published(pack, same, created=False)
    version = _new_version(pack, prepared, uploader)
    try:
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        raise Conflict(
            "another version of this pack was published at the same time; retry",
            code="version-race",
        ) from None
    _after_publish(version)
    return Published(pack, version, created=True)


def _after_publish(version: PackVersion) -> None:
    """Run the after-publish hooks; an error in one is logged and never reaches the upload."""
    for hook in current_app.extensions.get(AFTER_PUBLISH_HOOKS, ()):
        try:
            hook(version)
        except Exception:  # noqa: BLE001 - the version is stored: the upload succeeded
            db.session.rollback()
            log.exception("after-publish hook %r failed for pack version %s", hook, version.id)


def _same_file(content_hash: str, owner_id: int) -> PackVersion | None:
    return db.session.scalar(
        sa.select(PackVersion)
        .join(Pack)
        .where(PackVersion.content_hash == content_hash, Pack.owner_id == owner_id)
        .limit(1)
    )


def _new_version(pack: Pack, prepared: Prepared, uploader: Uploader) -> PackVersion:
    manifest = prepared.report.manifest
    area = area_geometry(manifest["area"])
    minx, maxx, miny, maxy = area.GetEnvelope()
    obs = manifest.get("observation_period") or {}
    pack.latest_version += 1
    pack.title = manifest["title"]
    pack.theme = manifest["theme"]
    pack.license = manifest["license"]
    pack.updated_at = utcnow()
    version = PackVersion(
        pack=pack,
        version=pack.latest_version,
        content_hash=prepared.content_hash,
        uploaded_by_id=uploader.id,
        file_format=prepared.file_format,
        filename=prepared.filename[:255],
        size_bytes=len(prepared.data),
        manifest=manifest,
        title=manifest["title"],
        description=manifest.get("description"),
        theme=manifest["theme"],
        license=manifest["license"],
        citation=manifest.get("citation"),
        contributors="; ".join(p["name"] for p in manifest["contributors"]),
        method=manifest["method"],
        observed_from=_day(obs.get("start")),
        observed_to=_day(obs.get("end")),
        positional_accuracy_m=manifest.get("positional_accuracy_m"),
        footprint=geometry_value(bytes(ogr.ForceToMultiPolygon(area).ExportToIsoWkb())),
        min_x=minx,
        min_y=miny,
        max_x=maxx,
        max_y=maxy,
        plot_count=len(prepared.report.plots),
        quality_score=prepared.quality.score,
        quality_level=prepared.quality.level,
        quality=prepared.quality.to_dict(),
        crs=(prepared.report.crs or "")[:64],
    )
    version.file = PackFile(data=prepared.data)
    # Only classes that plots use: class filters find packs that have such plots, not
    # every pack whose legend merely lists the class.
    used = {plot.attributes.class_code for plot in prepared.report.plots}
    for cls in manifest["nomenclature"]["classes"]:
        if cls["code"] not in used:
            continue
        eagle = cls.get("eagle") or {}
        codes = (eagle.get("lcc") or []) + (eagle.get("lch") or [])
        # ';'-delimited on both ends so that a LIKE '%;CODE;%' matches whole codes only.
        version.classes.append(
            PackClass(
                code=cls["code"],
                name=cls["name"],
                clcplus_code=cls.get("clcplus"),
                eagle_codes=(";" + ";".join(codes) + ";") if codes else None,
                color=cls.get("color"),
            )
        )
    db.session.add(version)
    db.session.flush()
    _insert_plots(version.id, prepared)
    return version


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _insert_plots(version_id: int, prepared: Prepared) -> None:
    """Bulk insert in the session's transaction: COPY on PostgreSQL (2-3x faster than
    multi-row INSERTs for big packs), one executemany elsewhere (per-object ORM adds are
    ~10x slower)."""
    rows = plot_rows(version_id, prepared)
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        copy_plots(connection, rows)
    else:
        insert_plot_rows(rows)


def plot_rows(version_id: int, prepared: Prepared) -> list[dict]:
    """The ``plots`` rows of a prepared pack (``wkb``: the geometry, WKB in EPSG:4326)."""
    crs = (prepared.report.crs or "")[:64]
    rows = []
    for plot in prepared.report.plots:
        attrs = plot.attributes
        q = prepared.quality.plots[plot.plot_id]
        rows.append(
            {
                "pack_version_id": version_id,
                "plot_id": plot.plot_id[:120],
                "class_code": attrs.class_code,
                "clcplus_code": plot.clcplus,
                "observed_on": attrs.observed_on,
                "collector": attrs.collector,
                "descriptors": attrs.descriptors,
                "photos": attrs.photos,
                "notes": attrs.notes,
                "area_m2": plot.shape.area_m2,
                "wkb": plot.shape.wkb_wgs84,
                "geom_original_wkb": plot.wkb_source,
                "original_crs": crs,
                "quality_score": q.score,
                "quality_level": q.level,
                "quality": q.to_dict(),
            }
        )
    return rows


def insert_plot_rows(rows: list[dict]) -> None:
    """``plot_rows`` through executemany (any backend)."""
    # Geometry from WKB in SQL (both backends have ST_GeomFromWKB): no WKT round trip.
    stmt = sa.insert(Plot.__table__).values(
        geom=sa.func.ST_GeomFromWKB(sa.bindparam("wkb", type_=sa.LargeBinary), 4326)
    )
    for start in range(0, len(rows), 5000):
        db.session.execute(stmt, rows[start : start + 5000])
