"""The lookup of a pack version's Sentinel-2 acquisitions in the configured STAC catalogue.

``install(app)`` adds an after-publish hook (``server.packs.ingest.AFTER_PUBLISH_HOOKS``)
that starts ``run_lookup`` in a daemon thread, so the upload answers at once. The lookup:

1. records a ``pending`` lookup for the version (``pack_acquisition_lookups``);
2. searches the catalogue (``verite_core.s2access.search``, scene cloud cover only: no
   image is read) over the version's bounding box, in windows of ``STAC_WINDOW_DAYS``
   around its observation dates, in a second thread joined for at most ``STAC_TIMEOUT_S``;
3. keeps the ``STAC_MAX_ACQUISITIONS`` best acquisitions (``selection.rank``) and marks
   the lookup ``done``, or marks it ``failed`` with the reason, logged as a warning.

Nothing here raises into the upload: the hook only starts a thread, and the thread
catches everything. At most ``MAX_CONCURRENT`` lookups talk to the catalogue at once.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa
from flask import Flask, current_app

from server.extensions import db, utcnow
from server.packs.ingest import AFTER_PUBLISH_HOOKS
from server.packs.models import AcquisitionLookup, PackAcquisition, PackVersion, Plot
from server.sentinel2.selection import (
    Candidate,
    Interval,
    level_of_collection,
    observations,
    rank,
    search_windows,
)

log = logging.getLogger(__name__)

MAX_CONCURRENT = 2
#: Catalogue answers kept per search window (the best are chosen among them).
SEARCH_LIMIT = 100
_THREADS_KEY = "vt_s2_lookup_threads"
_SEMAPHORE_KEY = "vt_s2_lookup_semaphore"


class LookupTimeout(Exception):
    pass


@dataclass(frozen=True)
class LookupPlan:
    """Everything the network part needs, read from the database beforehand."""

    version_id: int
    catalog_url: str
    collection: str
    level: str
    token: str | None
    bbox: tuple[float, float, float, float]
    observed: tuple[Interval, ...]
    windows: tuple[Interval, ...]
    max_cloud: float
    keep: int
    timeout_s: float


# --------------------------------------------------------------------------- wiring


def install(app: Flask) -> None:
    """Run a lookup after every new pack version when ``STAC_URL`` is configured."""
    app.extensions.setdefault(AFTER_PUBLISH_HOOKS, []).append(_after_publish)
    app.extensions.setdefault(_THREADS_KEY, set())
    app.extensions.setdefault(_SEMAPHORE_KEY, threading.BoundedSemaphore(MAX_CONCURRENT))


def _after_publish(version: PackVersion) -> None:
    if not current_app.config.get("STAC_URL"):
        return
    start_lookup(current_app._get_current_object(), version.id)  # type: ignore[attr-defined]


def start_lookup(app: Flask, version_id: int) -> threading.Thread:
    """Look a version up in a daemon thread (tracked for ``wait_for_lookups``)."""
    threads: set[threading.Thread] = app.extensions[_THREADS_KEY]

    def target() -> None:
        try:
            run_lookup(app, version_id)
        finally:
            threads.discard(threading.current_thread())

    thread = threading.Thread(target=target, name=f"s2-lookup-{version_id}", daemon=True)
    threads.add(thread)
    thread.start()
    return thread


def wait_for_lookups(app: Flask, timeout_s: float = 60) -> bool:
    """Wait for the app's running lookups (tests, CLI); True when none is left."""
    deadline = time.monotonic() + timeout_s
    for thread in list(app.extensions.get(_THREADS_KEY, ())):
        thread.join(max(0.0, deadline - time.monotonic()))
    return not any(t.is_alive() for t in app.extensions.get(_THREADS_KEY, ()))


# --------------------------------------------------------------------------- the lookup


def run_lookup(app: Flask, version_id: int) -> str:
    """Look one version up and store the outcome; returns the final status. Never raises."""
    with app.app_context():
        try:
            plan = _plan(version_id)
        except Exception:  # noqa: BLE001 - never reaches the caller (an upload)
            db.session.rollback()
            log.exception("Sentinel-2 lookup of pack version %s could not start", version_id)
            return "failed"
        if plan is None:
            return "done"
        with app.extensions[_SEMAPHORE_KEY]:
            try:
                candidates = _search_with_deadline(plan)
            except Exception as exc:  # noqa: BLE001 - recorded, logged
                return _record_failure(plan, exc)
        return _record_success(plan, candidates)


def _plan(version_id: int) -> LookupPlan | None:
    """Read the version, record a pending lookup; None when there is nothing to search."""
    cfg = current_app.config
    version = db.session.get(PackVersion, version_id)
    if version is None:
        return None
    dates = db.session.scalars(
        sa.select(Plot.observed_on).where(Plot.pack_version_id == version_id).distinct()
    ).all()
    observed = observations(dates, (version.observed_from, version.observed_to))
    windows = search_windows(observed, int(cfg["STAC_WINDOW_DAYS"]))
    collection = str(cfg["STAC_COLLECTION"])
    db.session.execute(
        sa.delete(PackAcquisition).where(PackAcquisition.pack_version_id == version_id)
    )
    lookup = db.session.scalar(
        sa.select(AcquisitionLookup).where(AcquisitionLookup.pack_version_id == version_id)
    )
    if lookup is None:
        lookup = AcquisitionLookup(pack_version_id=version_id)
        db.session.add(lookup)
    lookup.status = "pending" if observed else "done"
    lookup.detail = None if observed else "the pack has no observation date to search around"
    lookup.catalog_url = str(cfg["STAC_URL"])
    lookup.collection = collection
    lookup.searched_from = windows[0][0] if windows else None
    lookup.searched_to = windows[-1][1] if windows else None
    lookup.started_at = utcnow()
    lookup.finished_at = None if observed else utcnow()
    bbox = (version.min_x, version.min_y, version.max_x, version.max_y)
    db.session.commit()
    if not observed:
        return None
    return LookupPlan(
        version_id=version_id,
        catalog_url=str(cfg["STAC_URL"]),
        collection=collection,
        level=level_of_collection(collection),
        token=cfg.get("STAC_TOKEN") or None,
        bbox=bbox,
        observed=tuple(observed),
        windows=tuple(windows),
        max_cloud=float(cfg["STAC_MAX_CLOUD"]),
        keep=int(cfg["STAC_MAX_ACQUISITIONS"]),
        timeout_s=float(cfg["STAC_TIMEOUT_S"]),
    )


def _search_with_deadline(plan: LookupPlan) -> list[Candidate]:
    """Search in a helper thread joined for at most ``plan.timeout_s``: a catalogue that
    never answers leaves that thread behind (daemon, its answer discarded), not us."""
    deadline = time.monotonic() + plan.timeout_s
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["found"] = search_catalog(plan, lambda: time.monotonic() > deadline)
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
            box["error"] = exc

    worker = threading.Thread(target=target, name=f"s2-search-{plan.version_id}", daemon=True)
    worker.start()
    worker.join(plan.timeout_s)
    if worker.is_alive() or (time.monotonic() > deadline and "found" not in box):
        raise LookupTimeout(f"the catalogue did not answer within {plan.timeout_s:g} s")
    if "error" in box:
        raise box["error"]
    return box["found"]


def search_catalog(plan: LookupPlan, is_canceled: Callable[[], bool]) -> list[Candidate]:
    """Every acquisition of the plan's windows (scene metadata only, no pixel read)."""
    from verite_core.s2access import catalogs, errors
    from verite_core.s2access.search import SearchQuery, search

    base = catalogs.catalog(plan.catalog_url)
    catalog = dataclasses.replace(base, collections={plan.level: plan.collection})
    found: list[Candidate] = []
    for start, end in plan.windows:
        if is_canceled():
            raise LookupTimeout(f"the catalogue did not answer within {plan.timeout_s:g} s")
        query = SearchQuery(
            bbox=plan.bbox,
            start=start,
            end=end,
            max_cloud=plan.max_cloud,
            level=plan.level,
            limit=SEARCH_LIMIT,
        )
        try:
            scenes = search(
                catalog, query, token=plan.token, rank_by_area=False, is_canceled=is_canceled
            )
        except errors.NoSceneFound:
            continue
        found += [Candidate.of(scene) for scene in scenes]
    return found


def _record_success(plan: LookupPlan, candidates: list[Candidate]) -> str:
    best = rank(candidates, plan.observed, plan.max_cloud, plan.keep)
    try:
        lookup = _lookup_row(plan.version_id)
        if lookup is None:  # the version was deleted meanwhile
            return "done"
        db.session.execute(
            sa.delete(PackAcquisition).where(PackAcquisition.pack_version_id == plan.version_id)
        )
        for ranked in best:
            c = ranked.candidate
            db.session.add(
                PackAcquisition(
                    pack_version_id=plan.version_id,
                    rank=ranked.rank,
                    item_id=c.item_id[:200],
                    product_id=c.product_id[:200] if c.product_id else None,
                    acquired_at=c.acquired_at,
                    level=c.level[:8],
                    cloud_cover=c.cloud_cover,
                    processing_baseline=(c.processing_baseline or None)
                    and c.processing_baseline[:16],
                    days_from_observation=ranked.days_from_observation,
                    item_url=item_url(plan.catalog_url, plan.collection, c.item_id),
                )
            )
        lookup.status = "done"
        lookup.detail = f"{len(best)} kept of {len({c.item_id for c in candidates})} found"
        lookup.finished_at = utcnow()
        db.session.commit()
    except Exception:  # noqa: BLE001 - a database problem: logged, the upload is long done
        db.session.rollback()
        log.exception("Sentinel-2 lookup of pack version %s: storing failed", plan.version_id)
        return "failed"
    log.info(
        "Sentinel-2 lookup of pack version %s: %d acquisitions kept", plan.version_id, len(best)
    )
    return "done"


def _record_failure(plan: LookupPlan, exc: BaseException) -> str:
    reason = f"{type(exc).__name__}: {exc}"
    if _is_catalog_error(exc):
        log.warning(
            "Sentinel-2 lookup of pack version %s failed (%s): %s",
            plan.version_id,
            plan.catalog_url,
            reason,
        )
    else:
        log.error(
            "Sentinel-2 lookup of pack version %s failed unexpectedly (%s)",
            plan.version_id,
            plan.catalog_url,
            exc_info=exc,
        )
    try:
        lookup = _lookup_row(plan.version_id)
        if lookup is not None:
            lookup.status = "failed"
            lookup.detail = reason[:1000]
            lookup.finished_at = utcnow()
            db.session.commit()
    except Exception:  # noqa: BLE001
        db.session.rollback()
        log.exception("Sentinel-2 lookup of pack version %s: recording the failure failed",
                      plan.version_id)  # fmt: skip
    return "failed"


def _is_catalog_error(exc: BaseException) -> bool:
    """A catalogue problem (down, slow, refusing), as opposed to a bug of ours."""
    if isinstance(exc, LookupTimeout | OSError | TimeoutError):
        return True
    try:
        from verite_core.s2access.errors import S2AccessError
    except ImportError:
        return False
    return isinstance(exc, S2AccessError)


def _lookup_row(version_id: int) -> AcquisitionLookup | None:
    db.session.rollback()  # a fresh snapshot: the row was committed by _plan
    return db.session.scalar(
        sa.select(AcquisitionLookup).where(AcquisitionLookup.pack_version_id == version_id)
    )


def item_url(catalog_url: str, collection: str, item_id: str) -> str:
    """The STAC item's URL (``<root>/collections/<collection>/items/<id>``)."""
    root = catalog_url.rstrip("/")
    return f"{root}/collections/{quote(collection, safe='')}/items/{quote(item_id, safe='')}"
