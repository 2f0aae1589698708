"""Settings: server URL, timeout, download folder, and the API token.

The token goes to QGIS's authentication database (``core.auth.store_token``); only the auth
config id is kept in the plugin settings. "Log in" exchanges a user name and password for
a new token (POST /api/v1/auth/login) in a background task.
"""

from __future__ import annotations

from qgis.core import QgsApplication, QgsTask
from qgis.gui import QgsFileWidget
from qgis.PyQt import sip
from qgis.PyQt.QtWidgets import QWidget

from .. import settings
from ..core.errors import VtError
from ..core.i18n import tr
from .messages import show_error, show_success
from .uiloader import load_ui

FORM, BASE = load_ui("settings_dialog")


def check_server_url(url: str) -> str:
    """The URL without a trailing slash; VtError unless it is http(s)."""
    url = url.strip().rstrip("/")
    if not url.startswith(("http://", "https://")) or len(url) < 10:
        raise VtError(
            tr("The server URL must start with http:// or https://"),
            [url or tr("(empty)")],
        )
    return url


class SettingsDialog(BASE, FORM):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setupUi(self)
        self._login_task: QgsTask | None = None
        self.serverEdit.setText(settings.server_url())
        self.timeoutSpin.setValue(int(settings.REQUEST_TIMEOUT_S.get()))
        self.cacheDirWidget.setStorageMode(QgsFileWidget.GetDirectory)
        self.cacheDirWidget.setFilePath(str(settings.CACHE_DIR.get()))
        self.cacheDirWidget.lineEdit().setPlaceholderText(tr("Default: inside the QGIS profile"))
        self.loginButton.clicked.connect(self.log_in)
        self.forgetButton.clicked.connect(self.forget_token)
        self.buttonBox.accepted.connect(self.accept)
        self._show_auth_status()

    def _show_auth_status(self) -> None:
        config_id = str(settings.AUTH_CONFIG_ID.get())
        if config_id and config_id in QgsApplication.authManager().configIds():
            text = tr(
                "A token is stored in the QGIS authentication database (configuration {id})."
            ).format(id=config_id)
        else:
            text = tr("No token stored: publishing needs one.")
        self.authStatusLabel.setText(text)
        self.forgetButton.setEnabled(bool(config_id))

    def accept(self) -> None:
        """Save; stays open with the error shown if something cannot be saved."""
        self.messageBar.clearWidgets()
        try:
            url = check_server_url(self.serverEdit.text())
            token = self.tokenEdit.text().strip()
            if token:
                self.save_token(token)
            settings.SERVER_URL.set(url)
            settings.REQUEST_TIMEOUT_S.set(int(self.timeoutSpin.value()))
            settings.CACHE_DIR.set(self.cacheDirWidget.filePath().strip())
        except Exception as err:  # noqa: BLE001 - VtError or bug, both shown
            show_error(self.messageBar, err)
            return
        super().accept()

    def save_token(self, token: str) -> str:
        config_id = settings.set_api_token(token)
        self.tokenEdit.clear()
        self._show_auth_status()
        return config_id

    def forget_token(self) -> None:
        config_id = str(settings.AUTH_CONFIG_ID.get())
        manager = QgsApplication.authManager()
        if config_id and config_id in manager.configIds():
            manager.removeAuthenticationConfig(config_id)
        settings.AUTH_CONFIG_ID.set("")
        self._show_auth_status()

    def log_in(self) -> QgsTask | None:
        """POST /api/v1/auth/login in a background task; the token is stored on success."""
        from ..core.client import ApiClient

        self.messageBar.clearWidgets()
        try:
            url = check_server_url(self.serverEdit.text())
        except VtError as err:
            show_error(self.messageBar, err)
            return None
        payload = {
            "username": self.usernameEdit.text().strip(),
            "password": self.passwordEdit.text(),
            "token_name": "QGIS",
        }
        client = ApiClient(url, timeout_s=int(self.timeoutSpin.value()))

        def work(_task):  # worker thread: no widgets here
            return client.post_json("/api/v1/auth/login", payload)

        task = QgsTask.fromFunction(
            tr("Logging in to Vérité Terrain"),
            work,
            on_finished=self.logged_in,
        )
        self._login_task = task
        self.loginButton.setEnabled(False)
        QgsApplication.taskManager().addTask(task)
        return task

    def logged_in(self, exception: BaseException | None, result: dict | None = None) -> None:
        """Main thread: store the token the server returned, or show why not."""
        if sip.isdeleted(self) or self._login_task is None:  # closed meanwhile
            return
        self._login_task = None
        self.loginButton.setEnabled(True)
        try:
            if exception is not None:
                raise exception
            if not result or not result.get("token"):
                raise VtError(tr("The server returned no token"))
            self.save_token(result["token"])
        except Exception as err:  # noqa: BLE001 - VtError or bug, both shown
            show_error(self.messageBar, err)
            return
        self.passwordEdit.clear()
        show_success(
            self.messageBar,
            tr("Logged in"),
            tr("The new token is stored."),
            duration=5,
        )

    def done(self, result: int) -> None:
        task, self._login_task = self._login_task, None
        if task is not None and not sip.isdeleted(task):
            task.cancel()
        super().done(result)
