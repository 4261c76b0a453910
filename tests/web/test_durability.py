"""A server killed (SIGKILL) in the middle of an upload leaves no half rows: the trial, its
result and its metrics are written in one transaction or not at all. On a real uvicorn server,
SQLite file and PostgreSQL."""

from __future__ import annotations

import os
import signal
import socket
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from neurolift.store import Store
from neurolift.store import accounts_repo as accounts
from neurolift.store.models import AnalysisResult, Metric, Trial

CMJ = Path(__file__).resolve().parents[1] / "data" / "force" / "gidiel_Single-CMJ-Fz.txt"


def _counts(store: Store) -> tuple[int, int, int]:
    with store.session(write=False) as s:
        return tuple(
            int(s.scalar(select(func.count()).select_from(m)))
            for m in (Trial, AnalysisResult, Metric)
        )


def _multipart(data: bytes) -> tuple[bytes, str]:
    boundary = "neurolift-test-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nforce\r\n',
        f'--{boundary}\r\nContent-Disposition: form-data; name="sampling_rate"\r\n\r\n1000\r\n',
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{CMJ.name}"\r\n'
        "Content-Type: text/plain\r\n\r\n",
    ]
    body = "".join(parts).encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_killed_server_leaves_no_half_upload(backend, request, tmp_path, h) -> None:
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'kill.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_url")
    store = Store(url)
    squad = h.build_squad(store)
    aid = squad.athlete_ids["Ada"]
    token, _ = accounts.token_create(
        store, accounts.user_get(store, "coach_red").id, kind="api", name="t"
    )
    body, ctype = _multipart(CMJ.read_bytes())
    head = (
        f"POST /api/v1/athletes/{aid}/recordings HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Authorization: Bearer {token}\r\nContent-Type: {ctype}\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode()
    outcomes = []
    # 1. killed while the body is arriving; 2. killed right after the whole body arrived (the
    # analysis and the transaction are under way); 3. a clean upload, for comparison
    for cut in (len(body) // 2, len(body), None):
        server = h.start_server(url, squad=squad)
        port = int(server.url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
            sock.sendall(head + body[: len(body) if cut is None else cut])
            if cut is None:
                reply = sock.recv(65536)
                while b"\r\n\r\n" not in reply:
                    reply += sock.recv(65536)
                outcomes.append(int(reply.split(b" ", 2)[1]))
            else:
                time.sleep(0.05 if cut < len(body) else 0.3)
                os.kill(server.process.pid, signal.SIGKILL)
                server.process.wait(10)
                outcomes.append("killed")
        server.stop()
        trials, results, metrics = _counts(store)
        # whole uploads only: every trial has a result, every result its trial and all of its
        # metrics. The same recording uploaded twice is one trial (keyed by its content hash)
        # with two results, so trials and results are not counted equal.
        with store.session(write=False) as s:
            result_trials = set(s.scalars(select(AnalysisResult.trial_id)))
            trial_ids = set(s.scalars(select(Trial.id)))
            per_result = s.execute(
                select(Metric.result_id, func.count()).group_by(Metric.result_id)
            ).all()
        assert result_trials == trial_ids
        assert trials <= 1  # one recording, stored once however often it is uploaded
        assert all(n == per_result[0][1] for _, n in per_result)
        assert len(per_result) == results
    assert outcomes[:2] == ["killed", "killed"] and outcomes[2] == 201
    # the clean upload, plus the second if it had committed before the kill
    assert _counts(store)[:2] in ((1, 1), (1, 2))
    if backend == "sqlite":
        with store.engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    store.engine.dispose()
