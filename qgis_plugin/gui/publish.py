"""Publishing a pack layer in one click: save edits (asked, never silent) → ``UploadParams``
→ ``UploadTask`` on the QGIS task manager (its progress bar and cancel button) → the
result in the message bar, and the server's or the contract's reasons in the validation
dock with the failing plots selected.

Which server pack a file was published as is kept in the user's settings (``PublishedPacks``),
keyed by server and file path, never in the pack file itself.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable

from qgis.core import QgsApplication, QgsProject, QgsTask, QgsVectorLayer
from qgis.PyQt import sip
from qgis.PyQt.QtWidgets import QMessageBox, QWidget

from .. import settings
from ..core.errors import AuthRefused, LocalValidationFailed, ServerProblem, VtError
from ..core.i18n import tr
from ..core.tasks import TaskCanceled, TaskFailed, UploadParams, UploadSuccess, UploadTask
from .layers import pack_path_of
from .messages import link, show_error, show_success

#: ask(title, text, [(key, button label), ...]) -> the chosen key, or None (canceled).
Ask = Callable[[str, str, list[tuple[str, str]]], str | None]


class PublishedPacks:
    """Server pack ids of published files, kept in the user's QGIS settings (by server and
    file path): unlike project entries they survive an unsaved project, so the next
    publication of a changed file becomes a new version. Never written into the pack file."""

    def _all(self) -> dict[str, str]:
        try:
            found = json.loads(settings.PUBLISHED_PACKS.get() or "{}")
        except ValueError:
            return {}
        return found if isinstance(found, dict) else {}

    @staticmethod
    def _key(path: str, server_url: str) -> str:
        return f"{server_url.rstrip('/')}|{os.path.normcase(os.path.abspath(path))}"

    def get(self, path: str, server_url: str) -> str | None:
        return self._all().get(self._key(path, server_url))

    def remember(self, path: str, server_url: str, pack_id: str) -> None:
        found = self._all()
        found[self._key(path, server_url)] = pack_id
        settings.PUBLISHED_PACKS.set(json.dumps(found, sort_keys=True))

    def forget(self, path: str, server_url: str) -> None:
        found = self._all()
        if found.pop(self._key(path, server_url), None) is not None:
            settings.PUBLISHED_PACKS.set(json.dumps(found, sort_keys=True))


def ask_with_buttons(parent: QWidget | None) -> Ask:
    """An ``Ask`` that shows a message box with one button per choice."""

    def ask(title: str, text: str, choices: list[tuple[str, str]]) -> str | None:
        box = QMessageBox(QMessageBox.Question, title, text, QMessageBox.NoButton, parent)
        buttons = {box.addButton(label, QMessageBox.AcceptRole): key for key, label in choices}
        box.addButton(QMessageBox.Cancel)
        box.exec_()
        choice = buttons.get(box.clickedButton())
        box.deleteLater()
        return choice

    return ask


class Publisher:
    """Publishes pack layers; results go to ``bar`` and, for problems, to ``problems_dock()``.

    ``problems_dock`` returns the validation dock (created and shown on demand);
    ``open_settings`` opens the settings dialog (offered when the token is missing/refused).
    """

    def __init__(
        self,
        bar,
        problems_dock: Callable[[], object],
        *,
        parent: QWidget | None = None,
        ask: Ask | None = None,
        open_settings: Callable[[], None] | None = None,
        project: QgsProject | None = None,
    ) -> None:
        self.bar = bar
        self.problems_dock = problems_dock
        self.ask = ask or ask_with_buttons(parent)
        self.open_settings = open_settings
        self.project = project or QgsProject.instance()
        self.published = PublishedPacks()
        self.tasks: dict[str, QgsTask] = {}  # pack path -> running upload

    def publish(self, layer: QgsVectorLayer | None) -> UploadTask | None:
        """Publish the pack file behind ``layer``; None when nothing was started."""
        path = pack_path_of(layer)
        if path is None:
            show_error(
                self.bar,
                VtError(
                    tr("Choose a pack layer to publish"),
                    [tr("The active layer is not a Vérité Terrain pack.")],
                ),
            )
            return None
        if path in self.tasks:
            self.bar.pushInfo(tr("Vérité Terrain"), tr("This pack is being published already."))
            return None
        if not self._save_edits(layer):
            return None
        server = settings.server_url()
        pack_id = self.published.get(path, server)
        if pack_id:
            choice = self.ask(
                tr("Already published"),
                tr(
                    "This file was published as pack {pack_id}. Publish it as a new version "
                    "of that pack, or as a new pack?"
                ).format(pack_id=pack_id),
                [("version", tr("New version")), ("new", tr("New pack"))],
            )
            if choice is None:
                return None
            pack_id = pack_id if choice == "version" else None
        token = settings.api_token()
        return self.upload(layer.id(), UploadParams(path, server, token, pack_id))

    def _save_edits(self, layer: QgsVectorLayer) -> bool:
        """True when the file holds the layer's plots (edits saved, or none); asks first."""
        if not layer.isModified():
            return True
        choice = self.ask(
            tr("Unsaved edits"),
            tr(
                "Layer {name} has unsaved edits. Only saved plots are published: save the "
                "edits first?"
            ).format(name=layer.name()),
            [("save", tr("Save and publish"))],
        )
        if choice != "save":
            return False
        if not layer.commitChanges(False):  # keep editing
            show_error(
                self.bar, VtError(tr("The edits could not be saved"), list(layer.commitErrors()))
            )
            return False
        return True

    def upload(self, layer_id: str, params: UploadParams) -> UploadTask:
        task = UploadTask(params, lambda result: self.upload_done(layer_id, params, result))
        self.tasks[params.pack_path] = task
        QgsApplication.taskManager().addTask(task)
        return task

    def upload_done(self, layer_id: str, params: UploadParams, result) -> None:
        """Main thread: say what happened, and where."""
        self.tasks.pop(params.pack_path, None)
        if isinstance(result, UploadSuccess):
            self.published.remember(params.pack_path, params.server_url, result.pack_id)
            if result.created:
                title = tr("Pack published: version {version}").format(version=result.version)
            else:
                title = tr("Already published (same file): version {version}").format(
                    version=result.version
                )
            text = tr("quality level {level} (score {score}), {link}").format(
                level=result.quality_level,
                score=f"{result.quality_score:.1f}",
                link=link(result.page_url),
            )
            show_success(self.bar, title, text)
            return
        if isinstance(result, TaskCanceled) or not isinstance(result, TaskFailed):
            self.bar.pushInfo(tr("Vérité Terrain"), tr("Publishing canceled."))
            return
        error = result.error
        layer = self.project.mapLayer(layer_id)
        dock = (
            self.problems_dock()
            if isinstance(error, ServerProblem | LocalValidationFailed)
            else None
        )
        if dock is not None and layer is not None and not sip.isdeleted(dock):
            dock.set_layer(layer)
            if isinstance(error, LocalValidationFailed):
                dock.show_local_failure(error)
            elif error.problems or error.failing_plot_ids():
                dock.show_server_problem(error)
        actions: tuple = ()
        if isinstance(error, AuthRefused) and self.open_settings is not None:
            actions = ((tr("Settings…"), self.open_settings),)
        if isinstance(error, ServerProblem) and error.status == 404 and params.pack_id:
            # The pack is gone from the server: publish as a new pack next time.
            self.published.forget(params.pack_path, params.server_url)
        show_error(
            self.bar,
            error,
            title=tr("Publishing failed"),
            retry=lambda: self.upload(layer_id, params),
            actions=actions,
        )

    def cancel_all(self) -> None:
        for task in list(self.tasks.values()):
            if not sip.isdeleted(task):
                task.cancel()
        self.tasks.clear()
