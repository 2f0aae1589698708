"""The message shown when a package model inference needs is missing, with its one-click
"Install" (pip into the QGIS profile, in a background task) and the installer's output."""

from __future__ import annotations

from qgis.core import Qgis, QgsApplication
from qgis.gui import QgsMessageBar
from qgis.PyQt.QtWidgets import QPushButton, QWidget

from ..core.dependencies import (
    DependencyReport,
    InstallParams,
    InstallSuccess,
    InstallTask,
    check_dependencies,
    dependencies_dir,
    find_python,
    install_command,
    packages_to_install,
)
from ..core.errors import VtError
from ..core.i18n import tr
from ..core.tasks import TaskCanceled, TaskFailed
from .messages import show_details, show_error


class DependencyInstaller:
    """Shows dependency reports in ``bar`` and runs the install task they offer."""

    def __init__(self, bar: QgsMessageBar, parent: QWidget | None = None) -> None:
        self.bar = bar
        self.parent = parent
        self.task: InstallTask | None = None
        self.closed = False

    def show_report(self, report: DependencyReport, quiet_when_ok: bool = True) -> None:
        title = tr("Model dependencies")
        if report.ok:
            if not quiet_when_ok:
                self.bar.pushSuccess(title, report.message())
            return
        widget = self.bar.createMessage(title, report.message())
        install = QPushButton(tr("Install"), widget)
        install.setObjectName("installButton")
        install.clicked.connect(lambda: self.install(report))
        widget.layout().addWidget(install)
        details = QPushButton(tr("Details"), widget)
        details.setObjectName("detailsButton")
        details.clicked.connect(
            lambda: show_details(self.parent, title, report.message(), report.details())
        )
        widget.layout().addWidget(details)
        self.bar.pushWidget(widget, Qgis.Warning, 0)

    def install_params(self, report: DependencyReport) -> InstallParams:
        """What to install, where and with which Python; VtError when no Python is found."""
        packages = tuple(packages_to_install(report))
        target = dependencies_dir()
        python = find_python()
        if python is None:
            command = " ".join(install_command("python3", packages, target))
            raise VtError(
                tr("No Python interpreter of QGIS was found to install {packages}").format(
                    packages=", ".join(packages)
                ),
                [
                    tr("Run this in a terminal with QGIS's Python (OSGeo4W Shell on Windows):"),
                    command,
                ],  # fmt: skip
            )
        return InstallParams(python=python, packages=packages, target=target)

    def install(self, report: DependencyReport) -> InstallTask | None:
        if self.task is not None:
            self.bar.pushInfo(tr("Model dependencies"), tr("The installation is running."))
            return self.task
        try:
            params = self.install_params(report)
        except VtError as exc:
            show_error(self.bar, exc)
            return None
        self.bar.clearWidgets()
        self.bar.pushInfo(
            tr("Model dependencies"),
            tr("Installing {packages} into {folder}…").format(
                packages=", ".join(params.packages), folder=params.target
            ),
        )
        self.task = InstallTask(params, self._installed)
        QgsApplication.taskManager().addTask(self.task)
        return self.task

    def _installed(self, result) -> None:
        self.task = None
        if self.closed:
            return
        title = tr("Model dependencies")
        if isinstance(result, TaskCanceled):
            self.bar.pushInfo(title, tr("Installation canceled."))
            return
        if isinstance(result, TaskFailed):
            show_error(self.bar, result.error, title=tr("Installation failed"))
            return
        assert isinstance(result, InstallSuccess)
        report = check_dependencies()
        text = (
            report.message()
            if report.ok
            else tr("Installed, but not importable yet: restart QGIS.")
        )
        widget = self.bar.createMessage(title, text)
        button = QPushButton(tr("Show output"), widget)
        button.setObjectName("outputButton")
        button.clicked.connect(
            lambda: show_details(
                self.parent, title, " ".join(result.command), result.output.splitlines()
            )
        )
        widget.layout().addWidget(button)
        self.bar.pushWidget(widget, Qgis.Success if report.ok else Qgis.Warning, 0)

    def cleanup(self) -> None:
        self.closed = True
        if self.task is not None:
            self.task.cancel()
            self.task = None
