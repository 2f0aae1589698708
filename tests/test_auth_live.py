"""A real server process (waitress, several threads) over real HTTP, on both backends."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import requests


def test_live_server_me_and_parallel_writes(live_server: Callable[..., str], auth: Any) -> None:
    headers = auth.headers("alice", role="reviewer")
    base = live_server(threads=8)

    me = requests.get(f"{base}/api/v1/auth/me", headers=headers, timeout=30)
    assert me.status_code == 200
    assert me.json()["username"] == "alice"

    anonymous = requests.get(f"{base}/api/v1/auth/me", timeout=30)
    assert anonymous.status_code == 401
    assert anonymous.headers["Content-Type"] == "application/problem+json"

    # 20 concurrent write requests: none may fail with "database is locked".
    def register(i: int) -> int:
        body = {"username": f"user{i:02d}", "password": "long enough"}
        return requests.post(f"{base}/api/v1/auth/register", json=body, timeout=60).status_code

    def create_token(i: int) -> int:
        body = {"name": f"token {i}"}
        url = f"{base}/api/v1/auth/tokens"
        return requests.post(url, json=body, headers=headers, timeout=60).status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(register, range(20))) + list(pool.map(create_token, range(20)))
    assert statuses == [201] * 40

    tokens = requests.get(f"{base}/api/v1/auth/tokens", headers=headers, timeout=30).json()
    assert len(tokens["items"]) == 21
