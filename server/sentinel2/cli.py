"""``flask --app server s2 lookup``: (re)run the Sentinel-2 lookup of pack versions, e.g.
after the catalogue was down or when ``STAC_URL`` was configured after uploads."""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import AppGroup

from server.extensions import db, utcnow
from server.packs.models import AcquisitionLookup, Pack, PackVersion
from server.sentinel2.routes import STALE_AFTER

s2_cli = AppGroup("s2", help="Sentinel-2 acquisitions related to packs.")


@s2_cli.command("lookup")
@click.argument("public_id", required=False)
@click.option("--version", type=int, help="only this version (default: the latest)")
@click.option(
    "--missing", is_flag=True, help="every version never looked up, or whose lookup failed"
)
def lookup_command(public_id: str | None, version: int | None, missing: bool) -> None:
    """Look up one pack (latest version) or, with --missing, every version left without."""
    from server.sentinel2.lookup import run_lookup

    if not current_app.config.get("STAC_URL"):
        raise click.ClickException("STAC_URL is not configured")
    if (public_id is None) == (not missing):
        raise click.ClickException("give a pack id, or --missing")
    if missing:
        recent = utcnow() - STALE_AFTER
        done = sa.select(AcquisitionLookup.pack_version_id).where(
            (AcquisitionLookup.status == "done")
            | ((AcquisitionLookup.status == "pending") & (AcquisitionLookup.started_at > recent))
        )
        ids = list(db.session.scalars(sa.select(PackVersion.id).where(PackVersion.id.not_in(done))))
    else:
        pack = db.session.scalar(sa.select(Pack).where(Pack.public_id == public_id))
        if pack is None:
            raise click.ClickException(f"no pack {public_id}")
        number = version or pack.latest_version
        found = db.session.scalar(
            sa.select(PackVersion.id).where(
                PackVersion.pack_id == pack.id, PackVersion.version == number
            )
        )
        if found is None:
            raise click.ClickException(f"pack {public_id} has no version {number}")
        ids = [found]
    db.session.rollback()
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    for version_id in ids:
        click.echo(f"pack version {version_id}: {run_lookup(app, version_id)}")


def register(app: Flask) -> None:
    app.cli.add_command(s2_cli)
