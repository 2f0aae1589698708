"""Make a cancel reach a blocking QGIS network request whenever it lands.

``QgsBlockingNetworkRequest`` (and ``QgsNetworkAccessManager.blockingGet``, built on it)
aborts on the feedback's ``canceled`` signal through two connections made at different
moments: one to the request before the reply exists, one to the reply once it is sent.
A cancel that lands between the two (the first request of a fresh worker thread spends
a while setting up that thread's network manager) reaches only the first, which drops the
reply without ending the request's event loop: the worker then waits for an answer that
never comes. Read in QGIS's source (qgsblockingnetworkrequest.cpp); seen on CI.

Worse, that first connection deletes the reply, so the second one is gone with it and
emitting ``canceled`` again would not help. ``cancel_watch(feedback, blocking)`` polls the
feedback from a timer of the calling thread (it fires inside the request's event loop)
and, once it is set, emits ``canceled`` again (aborts the reply where it still exists)
and the request's own ``finished`` (ends its event loop in any case); the caller then
sees the cancel and raises ``Canceled``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from qgis.core import QgsBlockingNetworkRequest, QgsFeedback
from qgis.PyQt.QtCore import QTimer

from .errors import Canceled
from .i18n import tr

POLL_MS = 200


@contextmanager
def cancel_watch(
    feedback: QgsFeedback | None, blocking: QgsBlockingNetworkRequest
) -> Iterator[None]:
    """Around one call of ``blocking`` made in this thread: Canceled at once when already
    canceled, else the call returns within ``POLL_MS`` of a cancel."""
    if feedback is None:
        yield
        return
    if feedback.isCanceled():
        raise Canceled(tr("Canceled"))
    timer = QTimer()  # lives in this thread: fires inside the request's event loop

    def poke() -> None:
        if feedback.isCanceled():
            feedback.canceled.emit()  # aborting twice is harmless
            blocking.finished.emit()  # quits the request's loop (a direct connection)

    timer.timeout.connect(poke)
    timer.start(POLL_MS)
    try:
        yield
    finally:
        timer.stop()
