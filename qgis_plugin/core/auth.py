"""The API token in QGIS's authentication database.

QGIS 3.22 has no header-token auth method, so the token is kept as the password of a
"Basic" configuration (encrypted with the user's master password) and sent by us as
``Authorization: Bearer``; the configuration is never attached to requests itself.
"""

from __future__ import annotations

from qgis.core import QgsApplication, QgsAuthMethodConfig

from .errors import VtError
from .i18n import tr

TOKEN_USER = "verite-terrain-token"


def store_token(token: str, name: str = "Vérité Terrain", config_id: str = "") -> str:
    """Save (or replace) the token; returns the auth config id to keep in settings."""
    if not token or not token.strip():
        raise VtError(tr("The API token is empty"))
    manager = QgsApplication.authManager()
    cfg = QgsAuthMethodConfig("Basic")
    if config_id:
        manager.loadAuthenticationConfig(config_id, cfg, True)
        cfg.setMethod("Basic")
    cfg.setName(name)
    cfg.setConfig("username", TOKEN_USER)
    cfg.setConfig("password", token.strip())
    if config_id and cfg.id():
        ok = manager.updateAuthenticationConfig(cfg)
    else:
        ok = manager.storeAuthenticationConfig(cfg)
    if not ok:
        raise VtError(
            tr("The token could not be saved in the QGIS authentication database"),
            [tr("Set a master password in Settings › Options › Authentication.")],
        )
    return cfg.id()


def load_token(config_id: str) -> str | None:
    """The token of an auth config, or None when there is none."""
    if not config_id:
        return None
    cfg = QgsAuthMethodConfig()
    if not QgsApplication.authManager().loadAuthenticationConfig(config_id, cfg, True):
        return None
    return cfg.config("password") or None
