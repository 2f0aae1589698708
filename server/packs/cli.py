"""CLI of the packs domain: demo data and reference rasters."""

from __future__ import annotations

import os
import tempfile

import click
import sqlalchemy as sa
from flask import Flask
from flask.cli import AppGroup
from osgeo import gdal

from server.auth.models import User
from server.extensions import db
from server.packs.ingest import Uploader, prepare, publish
from server.packs.models import Pack, ReferenceRaster
from verite_core.pack import write_gpkg
from verite_core.pack.demo import CRS, example_manifest, example_plots

DEMO_USER = "demo"


def load_demo() -> tuple[Pack, bool]:
    """Publish the example pack as user 'demo' (idempotent: same content, no new version)."""
    user = db.session.scalar(sa.select(User).where(User.username == DEMO_USER))
    if user is None:
        user = User(
            username=DEMO_USER, role="contributor", expertise="expert", expertise_verified=True
        )
        db.session.add(user)
        db.session.commit()
    uploader = Uploader.of(user)
    db.session.rollback()
    fd, path = tempfile.mkstemp(suffix=".gpkg")
    os.close(fd)
    try:
        write_gpkg(path, example_manifest(), example_plots(), CRS)
        with open(path, "rb") as fh:
            data = fh.read()
    finally:
        os.unlink(path)
    # The GeoPackage holds timestamps, so compare on the pack's content instead of bytes.
    existing = db.session.scalar(
        sa.select(Pack)
        .join(User, Pack.owner_id == User.id)
        .where(User.username == DEMO_USER, Pack.title == example_manifest()["title"])
    )
    if existing is not None:
        return existing, False
    published = publish(prepare(data, "fontainebleau-forest-example.gpkg", uploader), uploader)
    return published.pack, published.created


def register(app: Flask) -> None:
    demo = app.cli.commands.get("demo") or AppGroup("demo", help="Demo data.")

    @demo.command("load")
    def demo_load() -> None:
        """Publish the example forest-structure pack (once)."""
        pack, created = load_demo()
        state = "published" if created else "already present"
        click.echo(f"Demo pack {state}: {pack.title} (id {pack.public_id})")

    if "demo" not in app.cli.commands:
        app.cli.add_command(demo)

    refs = AppGroup(
        "references", help="Reference land-cover rasters (e.g. CLC+ Backbone) for quality R."
    )

    @refs.command("add")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False))
    @click.option("--name", required=True, help="A unique name, e.g. clcplus-2021.")
    @click.option("--year", type=int, required=True, help="Reference year of the raster.")
    @click.option("--kind", default="clcplus", show_default=True)
    def refs_add(path: str, name: str, year: int, kind: str) -> None:
        """Register a CLC+ Backbone raster (GeoTIFF/COG, classes 1..11) used to compute R."""
        try:
            ds = gdal.Open(path)
        except RuntimeError:
            ds = None
        if ds is None or not ds.GetProjection():
            raise click.ClickException(f"{path} is not a georeferenced raster GDAL can read")
        if db.session.scalar(sa.select(ReferenceRaster).where(ReferenceRaster.name == name)):
            raise click.ClickException(f"a reference raster named {name!r} exists already")
        db.session.add(ReferenceRaster(name=name, path=os.path.abspath(path), year=year, kind=kind))
        db.session.commit()
        click.echo(f"Registered {name} ({year}): {os.path.abspath(path)}")

    @refs.command("list")
    def refs_list() -> None:
        for ref in db.session.scalars(sa.select(ReferenceRaster).order_by(ReferenceRaster.year)):
            click.echo(f"{ref.name}\t{ref.year}\t{ref.kind}\t{ref.path}")

    app.cli.add_command(refs)
