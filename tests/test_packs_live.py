"""A real server process on loopback: concurrent uploads and searches, on both databases."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import requests
from packfactory import build_pack

UPLOADS = 20


def test_parallel_uploads_and_searches(live_server, auth, tmp_path):
    base = live_server(threads=8)
    headers = auth.headers("camille", expertise="expert", verified=True)
    files = [
        build_pack(
            tmp_path / f"pack-{i}.gpkg", lambda m, i=i: m.update(title=f"Concurrent pack {i:02d}")
        )
        for i in range(UPLOADS)
    ]

    def publish(path):
        with open(path, "rb") as fh:
            return requests.post(
                f"{base}/api/v1/packs",
                headers=headers,
                files={"file": (path.name, fh)},
                timeout=120,
            )

    def search(i):
        return requests.get(
            f"{base}/api/v1/packs",
            params={"bbox": "2.5,48.2,2.9,48.6", "page": 1 + i % 2},
            timeout=120,
        )

    with ThreadPoolExecutor(max_workers=UPLOADS + 5) as pool:
        uploads = [pool.submit(publish, p) for p in files]
        searches = [pool.submit(search, i) for i in range(40)]
        results = [f.result() for f in uploads]
        found = [f.result() for f in searches]
    assert [r.status_code for r in results] == [201] * UPLOADS, [
        r.text[:300] for r in results if r.status_code != 201
    ]
    assert all(r.status_code == 200 for r in found), [
        r.text[:300] for r in found if r.status_code != 200
    ]
    listing = requests.get(f"{base}/api/v1/packs", params={"per_page": 100}, timeout=60).json()
    titles = sorted(item["title"] for item in listing["items"])
    assert titles == [f"Concurrent pack {i:02d}" for i in range(UPLOADS)]
    assert len({r.json()["id"] for r in results}) == UPLOADS
    # The same file once more, while the server is warm: detected, not duplicated.
    assert publish(files[0]).status_code == 200
    assert requests.get(f"{base}/api/v1/packs", timeout=60).json()["total"] == UPLOADS
