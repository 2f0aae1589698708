"""Typed plugin settings, declared in one place (stored with QgsSettings under
``verite_terrain/``). The API token is never stored here: it lives in QGIS's
authentication database, and only the auth config id is kept."""

from __future__ import annotations

import os
from dataclasses import dataclass

from qgis.core import QgsApplication, QgsSettings

PREFIX = "verite_terrain"
DEFAULT_SERVER = "http://127.0.0.1:5000"


@dataclass(frozen=True)
class Setting:
    key: str
    default: object
    kind: type

    def get(self):
        value = QgsSettings().value(f"{PREFIX}/{self.key}", self.default, type=self.kind)
        return self.default if value is None else value

    def set(self, value) -> None:
        QgsSettings().setValue(f"{PREFIX}/{self.key}", value)

    def reset(self) -> None:
        QgsSettings().remove(f"{PREFIX}/{self.key}")


SERVER_URL = Setting("server_url", DEFAULT_SERVER, str)
AUTH_CONFIG_ID = Setting("auth_config_id", "", str)
CACHE_DIR = Setting("cache_dir", "", str)
REQUEST_TIMEOUT_S = Setting("request_timeout_s", 120, int)
SHOW_S2_GRID = Setting("show_s2_grid", False, bool)
#: JSON {"<server>|<file path>": "<pack id>"}: which server pack a local file was published as.
PUBLISHED_PACKS = Setting("published_packs", "{}", str)


def server_url() -> str:
    return str(SERVER_URL.get()).rstrip("/")


def cache_dir() -> str:
    """Where downloaded packs are kept (created on demand)."""
    path = str(CACHE_DIR.get()) or os.path.join(
        QgsApplication.qgisSettingsDirPath(), "verite_terrain", "packs"
    )
    os.makedirs(path, exist_ok=True)
    return path


def api_token() -> str | None:
    """The API token from the auth database (None when none is saved or it is locked)."""
    from .core.auth import load_token

    return load_token(str(AUTH_CONFIG_ID.get()))


def set_api_token(token: str) -> str:
    """Save the token in the auth database and remember its config id; returns the id."""
    from .core.auth import store_token

    config_id = store_token(token, config_id=str(AUTH_CONFIG_ID.get()))
    AUTH_CONFIG_ID.set(config_id)
    return config_id
