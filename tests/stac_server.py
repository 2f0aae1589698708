"""A small, conformant STAC API (core, item-search, features) on loopback, for the tests.

It serves the items and collections the tests register, the files their assets point to
(with HTTP Range and HEAD, as GDAL's ``/vsicurl/`` needs), a Planetary-Computer-like SAS
token endpoint and a CDSE-like OpenID token endpoint. Switches simulate what goes wrong
with real catalogs: a bearer token required (401), signed asset URLs (403 without
``?sig=``), failing range requests (503), connections dropped in the middle of a body, and
a catalog that is down (``stop()`` closes the port).

pystac-client talks to it unchanged: ``Client.open(server.url).search(...)`` with
``query={"eo:cloud_cover": {"lt": 20}}`` (query extension) or a CQL2-JSON ``filter``;
pages are chained with ``next`` links (GET: a ``token`` parameter; POST: a ``body``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

STAC = "https://api.stacspec.org/v1.0.0"
CONFORMANCE_CORE = [
    f"{STAC}/core",
    f"{STAC}/item-search",
    f"{STAC}/ogcapi-features",
    f"{STAC}/collections",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
]
EXTENSIONS = {
    "query": [f"{STAC}/item-search#query"],
    "filter": [
        f"{STAC}/item-search#filter",
        "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
        "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
    ],
}
_RANGE_RE = re.compile(r"bytes=(\d+)-(\d*)$")


@dataclass
class Logged:
    method: str
    path: str
    range: str | None
    status: int
    sent: int = 0


@dataclass
class StacServer:
    """Start with ``start()``; ``url`` is then the landing page (no trailing slash)."""

    extensions: tuple[str, ...] = ("query",)
    token: str | None = None  # bearer token required on every STAC and file request
    sas_token: str | None = None  # files need ?sig=<sas_token>; /api/sas/... hands it out
    fail_next: int = 0  # the next N file GETs with a Range answer 503
    drop_next: int = 0  # the next N file GETs send half of the body, then hang up
    search_methods: tuple[str, ...] = ("GET", "POST")  # advertised; POST otherwise 405
    page_size: int = 100  # the most items per page, whatever ``limit`` asks
    users: dict[str, str] = field(default_factory=dict)  # OpenID password grant users
    collections: dict[str, dict] = field(default_factory=dict)
    items: dict[str, list[dict]] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # served name -> local path
    log: list[Logged] = field(default_factory=list)
    searches: list[dict] = field(default_factory=list)  # parameters of each /search
    _httpd: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> str:
        handler = type("Handler", (_Handler,), {"stac": self})
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        threading.Thread(target=self._httpd.serve_forever, args=(0.02,), daemon=True).start()
        return self.url

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()

    @property
    def url(self) -> str:
        assert self._httpd is not None, "start() first"
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    # ------------------------------------------------------------------ content
    def add_collection(self, collection_id: str, title: str = "") -> None:
        self.collections[collection_id] = {
            "type": "Collection",
            "stac_version": "1.0.0",
            "id": collection_id,
            "title": title or collection_id,
            "description": f"Test collection {collection_id}",
            "license": "proprietary",
            "extent": {
                "spatial": {"bbox": [[-180, -90, 180, 90]]},
                "temporal": {"interval": [["2015-06-23T00:00:00Z", None]]},
            },
            "links": [],
        }
        self.items.setdefault(collection_id, [])

    def add_item(self, item: dict) -> None:
        self.items[item["collection"]].append(item)

    def serve_file(self, path: str) -> str:
        """Serve a local file; returns its URL."""
        name = os.path.basename(path)
        self.files[name] = path
        return f"{self.url}/files/{name}"

    def file_requests(self, name_part: str = "") -> list[Logged]:
        with self._lock:
            return [r for r in self.log if r.path.startswith("/files/") and name_part in r.path]

    def record(self, entry: Logged) -> None:
        with self._lock:
            self.log.append(entry)

    def take(self, counter: str) -> bool:
        """Consume one unit of a failure counter (thread-safe)."""
        with self._lock:
            left = getattr(self, counter)
            if left:
                setattr(self, counter, left - 1)
                return True
            return False


# ---------------------------------------------------------------------- search logic


def _parse_time(text: str, end: bool) -> dt.datetime | None:
    if text in ("", ".."):
        return None
    if len(text) == 10:
        day = dt.date.fromisoformat(text)
        t = dt.time.max if end else dt.time.min
        return dt.datetime.combine(day, t, tzinfo=dt.UTC)
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def _in_interval(item: dict, interval: str | None) -> bool:
    if not interval:
        return True
    when = _parse_time(item["properties"]["datetime"], end=False)
    start, slash, stop = interval.partition("/")
    if not slash:
        start = stop = interval
    lo, hi = _parse_time(start, end=False), _parse_time(stop, end=True)
    return (lo is None or when >= lo) and (hi is None or when <= hi)


def _bbox_intersects(item: dict, bbox: list[float] | None) -> bool:
    if not bbox:
        return True
    a = item["bbox"]
    return not (a[2] < bbox[0] or a[0] > bbox[2] or a[3] < bbox[1] or a[1] > bbox[3])


_OPS = {
    "lt": lambda a, b: a < b,
    "lte": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "gte": lambda a, b: a >= b,
    "eq": lambda a, b: a == b,
    "neq": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "=": lambda a, b: a == b,
}


def _query_ok(item: dict, query: dict | None) -> bool:
    for prop, conditions in (query or {}).items():
        value = item["properties"].get(prop)
        for op, ref in conditions.items():
            if value is None or not _OPS[op](value, ref):
                return False
    return True


_CQL2_TEXT = re.compile(r'^"?([\w:]+)"?\s*(<=|<|>=|>|=)\s*([-\d.]+)$')


def _cql2_ok(item: dict, expr: dict | str | None) -> bool:
    """CQL2-JSON comparisons joined by and/or, or one CQL2-text comparison."""
    if not expr:
        return True
    if isinstance(expr, str):
        match = _CQL2_TEXT.match(expr.strip())
        if match is None:
            raise ValueError(f"unsupported CQL2 text: {expr}")
        expr = {"op": match[2], "args": [{"property": match[1]}, float(match[3])]}
    op, args = expr["op"], expr["args"]
    if op == "and":
        return all(_cql2_ok(item, a) for a in args)
    if op == "or":
        return any(_cql2_ok(item, a) for a in args)
    value = item["properties"].get(args[0]["property"])
    return value is not None and _OPS[op](value, args[1])


# ---------------------------------------------------------------------- HTTP handler


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    stac: StacServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
        pass

    # -------------------------------------------------------------- plumbing
    def _json(self, status: int, body: Any, entry: Logged | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        self.stac.record(entry or Logged(self.command, self.path, None, status, len(data)))

    def _authorized(self) -> bool:
        if self.stac.token is None:
            return True
        return self.headers.get("Authorization") == f"Bearer {self.stac.token}"

    def _body(self) -> dict:
        length = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(length) or b"{}")

    # -------------------------------------------------------------- verbs
    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        params = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        path = parts.path.rstrip("/") or "/"
        if path.startswith("/api/sas/v1/token/"):
            return self._sas(path)
        if path.startswith("/files/"):
            return self._file(path[len("/files/") :], params)
        if not self._authorized():
            return self._json(401, {"code": "Unauthorized", "description": "bearer token"})
        if path == "/":
            return self._json(200, self._landing())
        if path == "/conformance":
            return self._json(200, {"conformsTo": self._conformance()})
        if path == "/collections":
            cols = list(self.stac.collections.values())
            return self._json(200, {"collections": cols, "links": []})
        match = re.fullmatch(r"/collections/([^/]+)(/items)?", path)
        if match:
            col = self.stac.collections.get(match[1])
            if col is None:
                return self._json(404, {"code": "NotFound", "description": match[1]})
            if match[2]:
                return self._search({"collections": [match[1]], **params}, "GET", path)
            return self._json(200, col)
        if path == "/search":
            if "bbox" in params:
                params["bbox"] = [float(v) for v in params["bbox"].split(",")]
            if "query" in params:
                params["query"] = json.loads(params["query"])
            if params.get("filter-lang") == "cql2-json":
                params["filter"] = json.loads(params["filter"])
            if "collections" in params:
                params["collections"] = params["collections"].split(",")
            return self._search(params, "GET", path)
        return self._json(404, {"code": "NotFound", "description": path})

    def do_POST(self) -> None:
        path = urlsplit(self.path).path.rstrip("/")
        if path == "/auth/token":
            return self._openid_token()
        if not self._authorized():
            return self._json(401, {"code": "Unauthorized", "description": "bearer token"})
        if path != "/search":
            return self._json(404, {"code": "NotFound", "description": path})
        if "POST" not in self.stac.search_methods:
            return self._json(405, {"code": "MethodNotAllowed", "description": "use GET"})
        return self._search(self._body(), "POST", path)

    # -------------------------------------------------------------- STAC
    def _conformance(self) -> list[str]:
        extra = [uri for name in self.stac.extensions for uri in EXTENSIONS[name]]
        return CONFORMANCE_CORE + extra

    def _landing(self) -> dict:
        base = self.stac.url
        links = [
            {"rel": "self", "href": f"{base}/", "type": "application/json"},
            {"rel": "root", "href": f"{base}/", "type": "application/json"},
            {"rel": "conformance", "href": f"{base}/conformance"},
            {"rel": "data", "href": f"{base}/collections", "type": "application/json"},
        ]
        links += [
            {"rel": "search", "href": f"{base}/search", "method": method}
            for method in self.stac.search_methods
        ]
        links += [
            {"rel": "child", "href": f"{base}/collections/{cid}", "type": "application/json"}
            for cid in self.stac.collections
        ]
        return {
            "type": "Catalog",
            "stac_version": "1.0.0",
            "id": "loopback",
            "title": "Loopback test STAC API",
            "description": "Items of small Sentinel-2-like COGs created by the tests",
            "conformsTo": self._conformance(),
            "links": links,
        }

    def _match(self, params: dict) -> list[dict]:
        bbox = params.get("bbox")
        collections = params.get("collections") or list(self.stac.items)
        if isinstance(collections, str):
            collections = collections.split(",")
        return [
            item
            for cid in collections
            for item in self.stac.items.get(cid, [])
            if _bbox_intersects(item, bbox)
            and _in_interval(item, params.get("datetime"))
            and ("query" not in self.stac.extensions or _query_ok(item, params.get("query")))
            and ("filter" not in self.stac.extensions or _cql2_ok(item, params.get("filter")))
        ]

    def _search(self, params: dict, method: str, path: str) -> None:
        if path == "/search":
            self.stac.searches.append({"method": method, **params})
        limit = min(int(params.get("limit", 10)), self.stac.page_size)
        start = int(params.get("token", 0))
        try:
            matched = self._match(params)
        except (ValueError, KeyError, TypeError) as exc:
            return self._json(400, {"code": "BadRequest", "description": str(exc)})
        matched.sort(key=lambda i: i["properties"]["datetime"], reverse=True)
        page = matched[start : start + limit]
        links = []
        if start + limit < len(matched):
            nxt = start + limit
            if method == "POST":
                body = {**params, "token": nxt}
                links.append(
                    {
                        "rel": "next",
                        "href": f"{self.stac.url}{path}",
                        "method": "POST",
                        "body": body,
                    }
                )
            else:
                query = {k: v for k, v in params.items() if k != "token"}
                qs = "&".join(f"{k}={_param(v)}" for k, v in query.items())
                links.append({"rel": "next", "href": f"{self.stac.url}{path}?{qs}&token={nxt}"})
        body = {
            "type": "FeatureCollection",
            "features": page,
            "links": links,
            "numberMatched": len(matched),
            "numberReturned": len(page),
        }
        self._json(200, body)

    # -------------------------------------------------------------- tokens
    def _sas(self, path: str) -> None:
        expiry = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)).isoformat()
        token = f"st=2024-01-01&se=2099-01-01&sig={self.stac.sas_token or 'none'}"
        self._json(200, {"msft:expiry": expiry.replace("+00:00", "Z"), "token": token})

    def _openid_token(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        form = {k: v[-1] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        user, password = form.get("username"), form.get("password")
        if form.get("grant_type") != "password" or self.stac.users.get(user or "") != password:
            return self._json(401, {"error": "invalid_grant", "error_description": "Invalid"})
        self._json(200, {"access_token": self.stac.token or "t0ken", "expires_in": 600})

    # -------------------------------------------------------------- files
    def _file(self, name: str, params: dict) -> None:
        entry = Logged(self.command, self.path, self.headers.get("Range"), 0)
        if not self._authorized():
            entry.status = 401
            return self._json(401, {"code": "Unauthorized"}, entry)
        if self.stac.sas_token is not None and params.get("sig") != self.stac.sas_token:
            entry.status = 403
            return self._json(403, {"code": "AuthenticationFailed"}, entry)
        local = self.stac.files.get(name)
        if local is None:
            entry.status = 404
            return self._json(404, {"code": "NotFound"}, entry)
        size = os.path.getsize(local)
        start, stop, status = 0, size - 1, 200
        match = _RANGE_RE.match(self.headers.get("Range", ""))
        if match:
            start = int(match[1])
            stop = min(int(match[2]), size - 1) if match[2] else size - 1
            status = 206
        if self.command == "GET" and self.stac.take("fail_next"):
            entry.status = 503
            return self._json(503, {"code": "Busy"}, entry)
        length = stop - start + 1
        entry.status = status
        self.send_response(status)
        self.send_header("Content-Type", "image/tiff")
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Length", str(length))
        if status == 206:
            self.send_header("Content-Range", f"bytes {start}-{stop}/{size}")
        self.end_headers()
        if self.command == "HEAD":
            return self.stac.record(entry)
        with open(local, "rb") as f:
            f.seek(start)
            data = f.read(length)
        if self.stac.take("drop_next"):
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            entry.sent = len(data) // 2
            self.stac.record(entry)
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.wfile.write(data)
        entry.sent = len(data)
        self.stac.record(entry)


def _param(value: Any) -> str:
    from urllib.parse import quote

    if isinstance(value, list):
        return quote(",".join(str(v) for v in value))
    if isinstance(value, dict):
        return quote(json.dumps(value, separators=(",", ":")))
    return quote(str(value))
