"""The shape every plugin task shares: a worker ``work()`` whose result (or error) reaches
an ``on_done(result)`` callback in the main thread, and a headless runner for tests."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from qgis.core import Qgis, QgsApplication, QgsFeedback, QgsMessageLog, QgsTask
from qgis.PyQt.QtCore import QCoreApplication, QEventLoop

from .. import settings
from .errors import Canceled, UnexpectedError, VtError
from .i18n import tr

LOG_TAG = "Vérité Terrain"
#: How long ``run_task_blocking`` waits for a task it canceled on timeout.
CANCEL_GRACE_S = 30


@dataclass(frozen=True)
class TaskFailed:
    error: VtError


@dataclass(frozen=True)
class TaskCanceled:
    pass


class VtTask(QgsTask):
    """Runs ``work()`` in a worker thread and hands its result to ``on_done`` in the main one."""

    def __init__(self, description: str, on_done: Callable[[Any], None]):
        super().__init__(description, QgsTask.CanCancel)
        self._on_done = on_done
        self.feedback = QgsFeedback()  # aborts the running HTTP request on cancel
        self.timeout_s = int(settings.REQUEST_TIMEOUT_S.get())  # settings: main thread only
        self.success: Any = None
        self.error: VtError | None = None
        self.result: Any = None  # what on_done received
        self.callback_error: BaseException | None = None

    def work(self) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def cancel(self) -> None:
        self.feedback.cancel()
        super().cancel()

    def run(self) -> bool:
        try:
            self.success = self.work()
            return True
        except VtError as exc:
            self.error = exc
        except Exception as exc:  # a bug: kept and reported, never raised into Qt
            self.error = UnexpectedError(exc)
            QgsMessageLog.logMessage("\n".join(self.error.details), LOG_TAG, Qgis.Critical)
        return False

    def _check_canceled(self) -> None:
        if self.isCanceled():
            raise Canceled(tr("Canceled"))

    def _progress(self, start: float, end: float) -> Callable[[int, int], None]:
        """A network progress callback mapped onto ``start..end`` percent of the task."""

        def report(done: int, total: int) -> None:
            if total > 0:
                self.setProgress(start + (end - start) * min(done, total) / total)

        return report

    def _finish(self, success: Any) -> Any:
        """Main-thread completion of a success (may raise VtError to turn it into a failure)."""
        return success

    def finished(self, ok: bool) -> None:
        try:
            if ok and self.success is not None:
                result = self._finish(self.success)
            elif self.isCanceled() or isinstance(self.error, Canceled):
                result = TaskCanceled()
            else:
                result = TaskFailed(self.error or VtError(tr("The task ended without a result")))
        except VtError as exc:
            result = TaskFailed(exc)
        self.result = result
        try:
            self._on_done(result)
        except Exception as exc:  # a GUI bug must not take QGIS down (PyQt would abort)
            self.callback_error = exc
            QgsMessageLog.logMessage(repr(exc), LOG_TAG, Qgis.Critical)


def run_task_blocking(task: QgsTask, timeout_s: float = 300) -> None:
    """Run a task on QGIS's task manager and wait, processing events, until its
    ``finished`` ran (for tests and scripts; the GUI adds tasks to the manager itself).

    Past ``timeout_s`` the task is canceled and VtError raised once it stopped. An exception
    raised by the task's ``on_done`` callback is re-raised here.
    """
    if task.isCanceled():
        # Canceled before it was queued: the manager would neither start nor finish it.
        task.finished(False)
        _raise_callback_error(task)
        return
    manager = QgsApplication.taskManager()
    task_id = manager.addTask(task)
    if not task_id:
        raise VtError(tr("The task could not be started"))
    deadline, timed_out = time.monotonic() + timeout_s, False
    # The manager forgets a task only after its finished() ran in this thread.
    while manager.task(task_id) is not None:
        QCoreApplication.processEvents(QEventLoop.AllEvents, 50)
        time.sleep(0.002)
        if time.monotonic() > deadline:
            if timed_out:  # canceled, and still not done: stop waiting for it
                break
            timed_out = True
            task.cancel()
            deadline = time.monotonic() + CANCEL_GRACE_S
    _raise_callback_error(task)
    if timed_out:
        raise VtError(tr("The task did not finish within {seconds} s").format(seconds=timeout_s))


def _raise_callback_error(task: QgsTask) -> None:
    error = getattr(task, "callback_error", None)
    if error is not None:
        raise error
