"""CLI of the dashboard: `flask --app server rasters ...` and `... boundaries ...`."""

from __future__ import annotations

import time

import click
import sqlalchemy as sa
from flask import Flask
from flask.cli import AppGroup

from server.dashboard.boundaries import BoundaryError, import_layer, precompute
from server.dashboard.models import RASTER_KINDS, BoundaryLayer, SealedRaster
from server.dashboard.rasters import (
    DEFAULT_IGNORE_VALUES,
    RasterError,
    all_rasters,
    register_raster,
)
from server.errors import ProblemError
from server.extensions import db

rasters_cli = AppGroup(
    "rasters", help="Sealed-surface rasters per year (CLC+ Backbone, predictions)."
)
boundaries_cli = AppGroup(
    "boundaries", help="Boundary layers (communes ...) and their precomputed numbers."
)


def _values(text: str, option: str) -> list[int]:
    try:
        values = [int(v) for v in text.replace(" ", "").split(",") if v != ""]
    except ValueError:
        raise click.BadParameter("a comma-separated list of integers", param_hint=option) from None
    return values


def _precompute_all() -> None:
    for layer in db.session.scalars(sa.select(BoundaryLayer).order_by(BoundaryLayer.name)):
        _precompute(layer)


def _precompute(layer: BoundaryLayer, force: bool = False) -> None:
    started = time.perf_counter()
    try:
        report = precompute(layer, force=force, echo=click.echo)
    except ProblemError as exc:
        db.session.rollback()
        raise click.ClickException(f"{exc.code}: {exc.detail or exc.title}") from exc
    db.session.commit()
    click.echo(
        f"{layer.name}: {report.rasters} raster(s), {report.pairs} pair(s), {report.rows} rows "
        f"in {time.perf_counter() - started:.1f} s"
    )


@rasters_cli.command("add")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--name", required=True, help="A unique name, e.g. clcplus-2018.")
@click.option("--year", type=int, required=True, help="Year the raster describes.")
@click.option("--kind", type=click.Choice(RASTER_KINDS), required=True)
@click.option(
    "--sealed-values", default="1", show_default=True, help="Sealed class values, e.g. 1 or 1,2."
)
@click.option(
    "--ignore-values",
    default=",".join(map(str, DEFAULT_IGNORE_VALUES)),
    show_default=True,
    help="Values that are not data (besides the raster's nodata).",
)
@click.option("--caveat", default=None, help="Shown with every figure (default: per kind).")
@click.option("--model", "model_name", default=None, help="Model name (predictions).")
@click.option("--precompute/--no-precompute", default=True, show_default=True,
              help="Compute the numbers of every unit of every boundary layer now.")  # fmt: skip
def rasters_add(
    path: str,
    name: str,
    year: int,
    kind: str,
    sealed_values: str,
    ignore_values: str,
    caveat: str | None,
    model_name: str | None,
    precompute: bool,
) -> None:
    """Register a sealed raster (GeoTIFF/COG, one band of class values) for one year."""
    try:
        raster = register_raster(
            path,
            name=name,
            year=year,
            kind=kind,
            sealed_values=_values(sealed_values, "--sealed-values"),
            ignore_values=_values(ignore_values, "--ignore-values"),
            caveat=caveat,
            model_name=model_name,
        )
    except RasterError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(
        f"Registered {raster.name} ({raster.year}, {raster.kind}, id {raster.id}): {raster.path}"
    )
    if precompute:
        _precompute_all()


@rasters_cli.command("list")
def rasters_list() -> None:
    """Registered rasters: id, name, year, kind, path."""
    for r in all_rasters():
        click.echo(f"{r.id}\t{r.name}\t{r.year}\t{r.kind}\t{r.path}")


@rasters_cli.command("remove")
@click.argument("name")
def rasters_remove(name: str) -> None:
    """Unregister a raster (its precomputed numbers go with it; the file stays)."""
    _remove_named(SealedRaster, name, "sealed raster")


@boundaries_cli.command("add")
@click.argument("path", type=click.Path(exists=True))
@click.option("--name", required=True, help="A unique layer name, e.g. communes.")
@click.option("--id-field", required=True, help="Field with each unit's id, e.g. INSEE_COM.")
@click.option("--name-field", default=None, help="Field with each unit's name, e.g. NOM.")
@click.option("--layer", "layer_name", default=None, help="Layer of the file (default: first).")
@click.option("--crs", "source_crs", default=None, help="CRS of a file that declares none.")
@click.option("--precompute", is_flag=True, help="Precompute the numbers of every unit now.")
def boundaries_add(
    path: str,
    name: str,
    id_field: str,
    name_field: str | None,
    layer_name: str | None,
    source_crs: str | None,
    precompute: bool,
) -> None:
    """Import a boundary layer from any vector file OGR reads (stored in EPSG:4326)."""
    started = time.perf_counter()
    try:
        report = import_layer(
            path,
            name=name,
            id_field=id_field,
            name_field=name_field,
            layer_name=layer_name,
            source_crs=source_crs,
        )
    except BoundaryError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(
        f"Imported {report.units} units into {name} in {time.perf_counter() - started:.1f} s"
        + (f"; skipped (no polygon): {', '.join(report.skipped[:20])}" if report.skipped else "")
    )
    if precompute:
        _precompute(report.layer)


@boundaries_cli.command("precompute")
@click.argument("name")
@click.option("--force", is_flag=True, help="Recompute numbers that exist already.")
def boundaries_precompute(name: str, force: bool) -> None:
    """Compute each unit's sealed share per raster and change per pair of rasters."""
    layer = db.session.scalar(sa.select(BoundaryLayer).where(BoundaryLayer.name == name))
    if layer is None:
        raise click.ClickException(f"no boundary layer named {name!r}")
    _precompute(layer, force=force)


@boundaries_cli.command("list")
def boundaries_list() -> None:
    """Boundary layers: name, units, id field, name field, source."""
    for layer in db.session.scalars(sa.select(BoundaryLayer).order_by(BoundaryLayer.name)):
        fields = (
            layer.name,
            layer.unit_count,
            layer.id_field,
            layer.name_field or "",
            layer.source,
        )
        click.echo("\t".join(str(f) for f in fields))


@boundaries_cli.command("remove")
@click.argument("name")
def boundaries_remove(name: str) -> None:
    """Delete a boundary layer, its units and their numbers."""
    _remove_named(BoundaryLayer, name, "boundary layer")


def _remove_named(model: type, name: str, what: str) -> None:
    """Delete the row of ``model`` called ``name`` (cascades do the rest)."""
    row = db.session.scalar(sa.select(model).where(model.name == name))
    if row is None:
        raise click.ClickException(f"no {what} named {name!r}")
    db.session.delete(row)
    db.session.commit()
    click.echo(f"Removed {name}")


def register(app: Flask) -> None:
    app.cli.add_command(rasters_cli)
    app.cli.add_command(boundaries_cli)
