"""The one place that shows errors and results in a message bar.

``show_error`` displays any ``VtError`` with its details (a "Details" button) and, for
retryable errors, an optional "Retry" button. Any other exception is a bug: it is shown
as such and its traceback goes to the QGIS log (tab "Vérité Terrain").
"""

from __future__ import annotations

import html
import traceback
from collections.abc import Callable

from qgis.core import Qgis, QgsMessageLog
from qgis.gui import QgsMessageBar, QgsMessageBarItem
from qgis.PyQt.QtWidgets import QMessageBox, QPushButton, QWidget

from ..core.errors import VtError
from ..core.i18n import tr

LOG_TAG = "Vérité Terrain"
LEVELS = {"info": Qgis.Info, "warning": Qgis.Warning, "critical": Qgis.Critical}


def log(message: str, level=Qgis.Info) -> None:
    QgsMessageLog.logMessage(message, LOG_TAG, level)


def show_error(
    bar: QgsMessageBar,
    error: BaseException,
    *,
    title: str | None = None,
    retry: Callable[[], None] | None = None,
    actions: tuple[tuple[str, Callable[[], None]], ...] = (),
    duration: int = 0,
) -> QgsMessageBarItem:
    """Show ``error`` in ``bar``; returns the message item (its buttons are children).

    ``retry`` adds a "Retry" button when the error is retryable (network, server 5xx);
    ``actions`` adds (label, callback) buttons, e.g. "Settings…".
    """
    if isinstance(error, VtError):
        level = LEVELS.get(error.level, Qgis.Critical)
        heading = title or tr("Vérité Terrain")
        text, details = error.message, list(error.details)
        log(f"{text}\n" + "\n".join(details), level)
    else:
        level = Qgis.Critical
        heading = tr("Unexpected error (a bug)")
        trace = "".join(traceback.format_exception(type(error), error, error.__traceback__))
        log(trace, Qgis.Critical)
        text = f"{type(error).__name__}: {error}"
        hint = tr("Please report this bug with the log below.")
        details = [hint, "", *trace.splitlines()]
    widget = bar.createMessage(heading, text)
    item_holder: list[QgsMessageBarItem] = []

    def add_button(label: str, name: str, callback: Callable[[], None]) -> None:
        button = QPushButton(label, widget)
        button.setObjectName(name)
        button.clicked.connect(callback)
        widget.layout().addWidget(button)

    for label, callback in actions:
        add_button(label, "actionButton", callback)
    if details:
        add_button(
            tr("Details"),
            "detailsButton",
            lambda: show_details(bar.window(), heading, text, details),
        )
    if retry is not None and getattr(error, "retryable", False):

        def _retry() -> None:
            bar.popWidget(item_holder[0])
            retry()

        add_button(tr("Retry"), "retryButton", _retry)
    item_holder.append(bar.pushWidget(widget, level, duration))
    return item_holder[0]


def show_details(parent: QWidget | None, title: str, text: str, details: list[str]) -> None:
    """A message box with the error and its details (one line each)."""
    box = QMessageBox(QMessageBox.Warning, title, text, QMessageBox.Close, parent)
    box.setDetailedText("\n".join(details))
    box.setInformativeText("<br>".join(html.escape(d) for d in details[:8]))
    box.exec_()
    box.deleteLater()


def show_success(bar: QgsMessageBar, title: str, text: str, duration: int = 0) -> QgsMessageBarItem:
    """A success message; ``text`` may hold HTML links (they open in the browser)."""
    return bar.pushWidget(bar.createMessage(title, text), Qgis.Success, duration)


def link(url: str, label: str | None = None) -> str:
    """An HTML link for a message-bar text."""
    return f'<a href="{html.escape(url, quote=True)}">{html.escape(label or url)}</a>'
