"""Schema, migrations and spatial queries, on SpatiaLite and PostGIS."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from flask import Flask
from geoalchemy2 import WKTElement

from server import migrate
from server.extensions import db
from server.migrate import include_object
from server.models import Pack, PackClass, PackFile, PackVersion, Plot, PlotReview, User
from server.spatial import bbox_intersects, geometry_value, spatial_index_exists

TABLES = {
    "users",
    "api_tokens",
    "packs",
    "pack_versions",
    "pack_files",
    "pack_classes",
    "plots",
    "plot_reviews",
    "reference_rasters",
}


def _square(x: float, y: float, size: float = 0.01) -> WKTElement:
    ring = f"{x} {y}, {x + size} {y}, {x + size} {y + size}, {x} {y + size}, {x} {y}"
    return WKTElement(f"POLYGON(({ring}))", srid=4326)


def _add_pack(squares: dict[str, tuple[float, float]]) -> PackVersion:
    owner = User(username="owner")
    pack = Pack(owner=owner, title="Test pack", theme="land-cover", license="CC-BY-4.0")
    version = PackVersion(
        pack=pack,
        version=1,
        content_hash="0" * 64,
        uploaded_by=owner,
        file_format="geojson",
        filename="pack.geojson",
        size_bytes=3,
        manifest={"title": "Test pack"},
        title="Test pack",
        footprint=_square(0, 0, 10),
        min_x=0,
        min_y=0,
        max_x=10,
        max_y=10,
        plot_count=len(squares),
    )
    version.file = PackFile(data=b"{}\n")
    version.classes.append(PackClass(code="crop", name="Cropland", clcplus_code=5))
    db.session.add(version)
    db.session.flush()
    for plot_id, (x, y) in squares.items():
        version.plots.add(Plot(plot_id=plot_id, class_code="crop", geom=_square(x, y)))
    db.session.commit()
    return version


def test_migrated_schema_matches_models(app: Flask) -> None:
    with app.app_context():
        inspector = sa.inspect(db.engine)
        assert TABLES <= set(inspector.get_table_names())
        assert migrate.current_revision(app) == migrate.head_revision()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"include_object": include_object, "compare_type": True}
            )
            assert compare_metadata(context, db.metadata) == []
            assert spatial_index_exists(conn, "plots", "geom")
            assert spatial_index_exists(conn, "pack_versions", "footprint")
            assert not spatial_index_exists(conn, "packs", "title")
        uniques = {u["name"] for u in inspector.get_unique_constraints("pack_versions")}
        assert {
            "uq_pack_versions_pack_id_version",
            "uq_pack_versions_pack_id_content_hash",
        } <= uniques


def test_upgrade_from_blank_database_is_idempotent_and_reversible(
    blank_database_url: str, make_app: Callable[..., Flask]
) -> None:
    app = make_app(SQLALCHEMY_DATABASE_URI=blank_database_url)
    assert migrate.current_revision(app) is None
    migrate.upgrade(app)
    migrate.upgrade(app)  # second run: nothing to do, no error
    assert migrate.current_revision(app) == migrate.head_revision()
    with app.app_context():
        assert TABLES <= set(sa.inspect(db.engine).get_table_names())
    migrate.downgrade(app, "base")
    with app.app_context():
        assert not TABLES & set(sa.inspect(db.engine).get_table_names())
    migrate.upgrade(app)
    with app.app_context(), db.engine.connect() as conn:
        assert spatial_index_exists(conn, "plots", "geom")


def test_bbox_query_uses_geometry_functions(app: Flask) -> None:
    with app.app_context():
        _add_pack({"a": (1.0, 1.0), "b": (5.0, 5.0), "c": (8.0, 1.0)})
        envelope = sa.func.ST_MakeEnvelope(0.5, 0.5, 5.5, 5.5, 4326)
        plain = db.session.scalars(
            sa.select(Plot.plot_id)
            .where(sa.func.ST_Intersects(Plot.geom, envelope))
            .order_by(Plot.plot_id)
        ).all()
        assert plain == ["a", "b"]
        indexed = db.session.scalars(
            sa.select(Plot.plot_id)
            .where(bbox_intersects(Plot.geom, 0.5, 0.5, 5.5, 5.5))
            .order_by(Plot.plot_id)
        ).all()
        assert indexed == ["a", "b"]
        outside = db.session.scalars(
            sa.select(Plot.plot_id).where(~bbox_intersects(Plot.geom, 0.5, 0.5, 5.5, 5.5))
        ).all()
        assert outside == ["c"]
        assert (
            db.session.scalars(
                sa.select(Plot.id).where(bbox_intersects(Plot.geom, 20, 20, 30, 30))
            ).all()
            == []
        )
        wkt = db.session.scalar(sa.select(sa.func.ST_AsText(Plot.geom)).where(Plot.plot_id == "a"))
        assert wkt.replace(" ", "").startswith("POLYGON((11,1.011")
        assert db.session.scalar(sa.select(sa.func.ST_SRID(Plot.geom)).limit(1)) == 4326


def test_models_round_trip_and_cascade(app: Flask) -> None:
    with app.app_context():
        version = _add_pack({"p1": (1.0, 1.0)})
        plot = db.session.scalars(version.plots.select()).one()
        reviewer = User(username="rev", role="reviewer")
        plot.reviews.append(PlotReview(reviewer=reviewer, verdict="confirm"))
        plot.observed_on = date(2024, 6, 1)
        db.session.commit()
        db.session.expire_all()

        pack = db.session.scalars(sa.select(Pack)).one()
        assert len(pack.public_id) == 36
        assert [v.version for v in pack.versions] == [1]
        assert pack.versions[0].file.data == b"{}\n"
        assert pack.versions[0].classes[0].clcplus_code == 5
        assert pack.created_at.tzinfo is UTC  # aware UTC on both backends
        assert pack.created_at <= datetime.now(UTC)
        assert pack.versions[0].manifest == {"title": "Test pack"}

        db.session.delete(pack)
        db.session.commit()
        for model in (PackVersion, PackFile, PackClass, Plot, PlotReview):
            assert db.session.scalar(sa.select(sa.func.count()).select_from(model)) == 0


def test_wrong_srid_is_rejected(app: Flask) -> None:
    with app.app_context():
        version = _add_pack({})
        version.plots.add(
            Plot(
                plot_id="x", class_code="crop", geom=WKTElement("POINT(700000 6600000)", srid=2154)
            )
        )
        with pytest.raises(sa.exc.DatabaseError):
            db.session.commit()
        db.session.rollback()


def test_concurrent_writers_do_not_fail(app: Flask) -> None:
    """Threads writing at once wait for each other instead of 'database is locked'."""
    errors: list[BaseException] = []

    def write(i: int) -> None:
        try:
            with app.app_context():
                db.session.execute(sa.select(User.id)).all()  # read first, then write
                db.session.add(User(username=f"user{i:02d}"))
                db.session.commit()
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 20


def test_geometry_value_from_wkb(app: Flask) -> None:
    from osgeo import ogr

    wkb = ogr.CreateGeometryFromWkt("POINT Z (2.5 48.25 30)").ExportToIsoWkb()
    with app.app_context():
        version = _add_pack({})
        version.plots.add(Plot(plot_id="w", class_code="crop", geom=geometry_value(wkb)))
        db.session.commit()
        wkt = db.session.scalar(sa.select(sa.func.ST_AsText(Plot.geom)))
        assert wkt.replace(" ", "") == "POINT(2.548.25)"
    with pytest.raises(ValueError):
        geometry_value(b"not wkb")
