"""Catalogue search over the latest version of every pack."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from server.auth.models import User
from server.errors import BadRequest
from server.extensions import db
from server.packs.models import Pack, PackClass, PackVersion
from server.spatial import bbox_intersects

QUALITY_ORDER = ("A", "B", "C", "D")


@dataclass(frozen=True)
class PackFilters:
    """Parsed query parameters of GET /api/v1/packs (see the OpenAPI description)."""

    bbox: tuple[float, float, float, float] | None = None
    theme: str | None = None
    class_code: str | None = None
    clcplus: int | None = None
    eagle: str | None = None
    min_quality: str | None = None
    license: str | None = None
    contributor: str | None = None
    observed_from: dt.date | None = None
    observed_to: dt.date | None = None
    q: str | None = None

    @classmethod
    def from_args(cls, args) -> PackFilters:
        return cls(
            bbox=parse_bbox(args.get("bbox")),
            theme=args.get("theme") or None,
            class_code=args.get("class") or None,
            clcplus=_int(args.get("clcplus"), "clcplus", 1, 11),
            eagle=args.get("eagle") or None,
            min_quality=_quality(args.get("min_quality")),
            license=args.get("license") or None,
            contributor=args.get("contributor") or None,
            observed_from=_date(args.get("observed_from"), "observed_from"),
            observed_to=_date(args.get("observed_to"), "observed_to"),
            q=args.get("q") or None,
        )


def parse_bbox(text: str | None) -> tuple[float, float, float, float] | None:
    """'minlon,minlat,maxlon,maxlat' -> floats; 400 problem when malformed."""
    if not text:
        return None
    try:
        values = tuple(float(v) for v in text.split(","))
    except ValueError:
        values = ()
    if len(values) != 4 or values[0] > values[2] or values[1] > values[3]:
        raise BadRequest(
            "bbox must be 'minlon,minlat,maxlon,maxlat' with min <= max",
            code="invalid-bbox",
            field="bbox",
        )
    if not (
        -180 <= values[0] <= 180
        and -180 <= values[2] <= 180
        and -90 <= values[1] <= 90
        and -90 <= values[3] <= 90
    ):
        raise BadRequest(
            "bbox is in longitude/latitude (EPSG:4326)", code="invalid-bbox", field="bbox"
        )
    return values  # type: ignore[return-value]


def _int(text: str | None, name: str, lo: int, hi: int) -> int | None:
    if text in (None, ""):
        return None
    try:
        value = int(text)
    except ValueError:
        value = lo - 1
    if not lo <= value <= hi:
        raise BadRequest(
            f"{name} must be an integer in {lo}..{hi}", code="invalid-parameter", field=name
        )
    return value


def _date(text: str | None, name: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise BadRequest(
            f"{name} must be a date (YYYY-MM-DD)", code="invalid-parameter", field=name
        ) from None


def _quality(text: str | None) -> str | None:
    if not text:
        return None
    if text.upper() not in QUALITY_ORDER:
        raise BadRequest(
            "min_quality must be one of A, B, C, D", code="invalid-parameter", field="min_quality"
        )
    return text.upper()


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_statement(f: PackFilters) -> sa.Select:
    """SELECT of (Pack, PackVersion) rows for the latest versions matching the filters."""
    stmt = sa.select(Pack, PackVersion).join(
        PackVersion,
        sa.and_(PackVersion.pack_id == Pack.id, PackVersion.version == Pack.latest_version),
    )
    if f.bbox:
        stmt = stmt.where(bbox_intersects(PackVersion.footprint, *f.bbox))
    if f.theme:
        stmt = stmt.where(PackVersion.theme == f.theme)
    if f.license:
        stmt = stmt.where(PackVersion.license == f.license)
    if f.min_quality:
        allowed = QUALITY_ORDER[: QUALITY_ORDER.index(f.min_quality) + 1]
        stmt = stmt.where(PackVersion.quality_level.in_(allowed))
    classes = []
    if f.class_code:
        classes.append(PackClass.code == f.class_code)
    if f.clcplus:
        classes.append(PackClass.clcplus_code == f.clcplus)
    if f.eagle:
        code = _like(f.eagle.strip())
        # Whole codes, or their children in the EAGLE hierarchy (LCC-2_1 finds LCC-2_1_1).
        classes.append(
            sa.or_(
                PackClass.eagle_codes.like(f"%;{code};%", escape="\\"),
                PackClass.eagle_codes.like(f"%;{code}\\_%", escape="\\"),
            )
        )
    for cond in classes:
        stmt = stmt.where(sa.exists().where(PackClass.pack_version_id == PackVersion.id, cond))
    if f.contributor:
        pattern = f"%{_like(f.contributor.lower())}%"
        owner = sa.select(User.id).where(sa.func.lower(User.username) == f.contributor.lower())
        stmt = stmt.where(
            sa.or_(
                sa.func.lower(PackVersion.contributors).like(pattern, escape="\\"),
                Pack.owner_id.in_(owner),
            )
        )
    if f.observed_from:
        stmt = stmt.where(
            sa.or_(PackVersion.observed_to.is_(None), PackVersion.observed_to >= f.observed_from)
        )
    if f.observed_to:
        stmt = stmt.where(
            sa.or_(PackVersion.observed_from.is_(None), PackVersion.observed_from <= f.observed_to)
        )
    if f.q:
        pattern = f"%{_like(f.q.lower())}%"
        stmt = stmt.where(
            sa.or_(
                sa.func.lower(PackVersion.title).like(pattern, escape="\\"),
                sa.func.lower(PackVersion.description).like(pattern, escape="\\"),
            )
        )
    return stmt


def search(f: PackFilters, page: int, per_page: int) -> tuple[list[tuple[Pack, PackVersion]], int]:
    """One page of results (newest first) and the total count."""
    stmt = search_statement(f)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery()))
    rows = db.session.execute(
        stmt.options(selectinload(Pack.owner), selectinload(PackVersion.classes))
        .order_by(Pack.updated_at.desc(), Pack.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return [(r[0], r[1]) for r in rows], int(total or 0)
