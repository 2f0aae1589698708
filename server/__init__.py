"""Vérité Terrain: a ground-truth server for Sentinel-2 land cover (Flask app factory)."""

from __future__ import annotations

import importlib
import logging
import os
from collections.abc import Mapping
from typing import Any

from flask import Flask

from verite_core.pack.gdal_env import use_exceptions_globally

log = logging.getLogger(__name__)

MIB = 1024 * 1024

# Domains that another part of the code base provides; the app starts without them.
OPTIONAL_DOMAINS = (
    "server.packs",
    "server.ogc",
    "server.web",
    "server.api_docs",
    "server.sentinel2",
    "server.dashboard",
)


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: defaults, then DATABASE_URL, instance config.py, VT_* env, test_config.

    `test_config` may also carry INSTANCE_PATH (else env VT_INSTANCE_PATH, else ./instance).
    """
    test_config = dict(test_config or {})
    # Requests run in threads: GDAL's process-wide exception mode is set once, not toggled.
    use_exceptions_globally()
    instance_path = test_config.get("INSTANCE_PATH") or os.environ.get("VT_INSTANCE_PATH")
    if instance_path:
        instance_path = os.path.abspath(instance_path)
    app = Flask(__name__, instance_relative_config=True, instance_path=instance_path)
    os.makedirs(app.instance_path, exist_ok=True)

    app.config.from_mapping(
        SECRET_KEY="dev",
        SQLALCHEMY_DATABASE_URI="sqlite:///" + os.path.join(app.instance_path, "verite.sqlite"),
        MAX_UPLOAD_MB=64,
        MIN_PLOT_AREA_M2=900,
        MAX_PLOT_VERTICES=10_000,
        MAX_PLOTS_PER_PACK=200_000,
        PAGE_SIZE_MAX=100,
        # Related Sentinel-2 acquisitions of a pack, looked up after upload (server.sentinel2).
        STAC_URL=None,  # a STAC API root; None: no lookup
        STAC_COLLECTION="sentinel-2-l2a",
        STAC_TOKEN=None,  # bearer token, when the catalogue needs one
        STAC_TIMEOUT_S=30,  # the whole lookup of one version, never more
        STAC_WINDOW_DAYS=15,  # searched before the first and after the last observation
        STAC_MAX_CLOUD=30,  # scene cloud cover (%) above which an acquisition is left out
        STAC_MAX_ACQUISITIONS=5,  # kept per pack version
    )
    database_url = os.environ.get("DATABASE_URL")
    if database_url:
        app.config["SQLALCHEMY_DATABASE_URI"] = database_url
    if not test_config:
        app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("VT")
    app.config.update(test_config)
    _finish_config(app, test_config)

    from server import models  # noqa: F401  (complete metadata before mappers configure)
    from server.extensions import db
    from server.spatial import install_engine_hooks

    db.init_app(app)
    with app.app_context():
        for engine in db.engines.values():
            install_engine_hooks(engine)

    from server import auth, cli, errors

    errors.register(app)
    auth.register(app)
    cli.register(app)  # before the domains: they may add commands to its groups ("demo")
    for name in OPTIONAL_DOMAINS:
        _register_optional(app, name)
    return app


def _finish_config(app: Flask, test_config: Mapping[str, Any]) -> None:
    """Derive settings that depend on others (upload limit, URL spelling, engine options)."""
    if "MAX_CONTENT_LENGTH" not in test_config:
        app.config["MAX_CONTENT_LENGTH"] = int(float(app.config["MAX_UPLOAD_MB"]) * MIB)
    uri = str(app.config["SQLALCHEMY_DATABASE_URI"])
    # SQLAlchemy 2.1 maps a bare postgresql:// to psycopg 3, which is not installed;
    # "postgres://" is the spelling of some hosting platforms.
    for bare in ("postgres://", "postgresql://"):
        if uri.startswith(bare):
            uri = "postgresql+psycopg2://" + uri.removeprefix(bare)
    app.config["SQLALCHEMY_DATABASE_URI"] = uri
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    if uri.startswith("postgresql"):
        options.setdefault("pool_pre_ping", True)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def _register_optional(app: Flask, name: str) -> None:
    # Only a missing domain module is tolerated; an import error inside it is a bug.
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        log.debug("domain %s not present yet", name)
        return
    register = getattr(module, "register", None)
    if register is not None:
        register(app)
