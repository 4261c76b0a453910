"""Web app latency on loopback: the squad and athlete pages with a large squad, upload-to-result.

    python benchmarks/bench_web.py [--athletes 100] [--weeks 104] [--requests 150]

1. Seeds a fresh SQLite file with ``demo_squad_seed`` (``--athletes`` x ``--weeks`` of training:
   three sessions a week with velocity sets, daily check-ins, two CMJs a week stored with the
   simulator's known answers, no raw force) and, separately, the default ``make run`` demo
   (8 athletes x 12 weeks, a weekly CMJ analysed from simulated force), timing both.
2. Starts ``uvicorn`` with the app factory (one process) on a free 127.0.0.1 port and logs in as
   the coach, who sees every athlete.
3. Requests the squad page and a random athlete's page in alternation (``--requests`` each,
   at most ``--time-limit`` seconds), after one warm-up request of each, and reports p50/p99.
   The first squad request after the server starts is reported apart (``cold``: every athlete's
   readiness series read in bulk and assessed).
4. Uploads a real CMJ (``tests/data/force/gidiel_Single-CMJ-Fz.txt``) through the form and times
   it until the result page (metrics and figure) has arrived, ``--uploads`` times; then times the
   squad page once more (the uploaded athletes' readiness read again, the rest kept).

Loopback only, bounded in count and time; prints the load average before and after. Latency on a
shared 2-core machine is noisy: read it with the load average.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
CMJ = ROOT / "tests" / "data" / "force" / "gidiel_Single-CMJ-Fz.txt"
HTML = {"accept": "text/html"}


def _pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    k = min(len(xs) - 1, max(0, round(q / 100 * (len(xs) - 1))))
    return xs[k]


def _ms(xs: list[float]) -> str:
    return f"p50 {1000 * _pct(xs, 50):.0f} ms, p99 {1000 * _pct(xs, 99):.0f} ms (n={len(xs)})"


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--athletes", type=int, default=100)
    ap.add_argument("--weeks", type=int, default=104)
    ap.add_argument("--requests", type=int, default=150, help="per page")
    ap.add_argument("--uploads", type=int, default=10)
    ap.add_argument("--time-limit", type=float, default=180.0, help="seconds for the page loop")
    ap.add_argument(
        "--database", type=Path, help="a SQLite file this script seeded before: no seeding"
    )
    args = ap.parse_args()
    from neurolift.services.demo import demo_squad_seed
    from neurolift.store import Store

    print(f"load average before: {_load()}")
    password = "neurolift-demo"  # demo_squad_seed's default
    if args.database is not None:
        url = f"sqlite:///{args.database}"
        print(f"reusing {args.database} (seeded before by this script)")
    else:
        folder = Path(tempfile.mkdtemp(prefix="neurolift-bench-web-"))
        t0 = time.perf_counter()
        demo = demo_squad_seed(Store(f"sqlite:///{folder / 'demo.sqlite3'}"))
        print(
            f"make run demo seed ({len(demo.athletes)} athletes x 12 weeks, {demo.cmj_trials} "
            f"CMJs analysed, {demo.log_entries} log entries): {time.perf_counter() - t0:.1f} s"
        )
        url = f"sqlite:///{folder / 'big.sqlite3'}"
        print(f"benchmark squad in {folder / 'big.sqlite3'} (reuse it with --database)")
        t0 = time.perf_counter()
        big = demo_squad_seed(
            Store(url),
            n_athletes=args.athletes,
            weeks=args.weeks,
            cmj_signals=False,
            cmj_analysis=False,
            cmj_per_week=2,
            plans=False,
        )
        print(
            f"benchmark squad seed ({args.athletes} athletes x {args.weeks} weeks, "
            f"{big.cmj_trials} CMJs, {big.log_entries} log entries): "
            f"{time.perf_counter() - t0:.1f} s"
        )
    port = _free_port()
    env = dict(os.environ, NEUROLIFT_DATABASE_URL=url)
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "neurolift.web.app:create_app", "--factory",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=1800, follow_redirects=True) as c:
            deadline = time.monotonic() + 120
            while True:
                try:
                    if c.get("/login").status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise SystemExit("the server did not start")
                time.sleep(0.3)
            token = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/login").text)
            assert token
            r = c.post(
                "/login",
                data={"username": "coach", "password": password, "csrf_token": token[1]},
                follow_redirects=False,  # the squad page is timed below
            )
            assert r.status_code == 303, r.status_code
            ids = [a["id"] for a in c.get("/api/v1/athletes?limit=1000").json()["items"]]
            t0 = time.perf_counter()
            assert c.get("/squad", headers=HTML).status_code == 200
            cold = time.perf_counter() - t0
            c.get(f"/athletes/{ids[0]}", headers=HTML)
            squad, athlete = [], []
            rng = random.Random(0)
            stop = time.monotonic() + args.time_limit
            for _ in range(args.requests):
                if time.monotonic() > stop:
                    break
                t0 = time.perf_counter()
                assert c.get("/squad", headers=HTML).status_code == 200
                squad.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                r = c.get(f"/athletes/{rng.choice(ids)}", headers=HTML)
                assert r.status_code == 200
                athlete.append(time.perf_counter() - t0)
            print(
                f"squad page ({len(ids)} athletes), first after the server started (every "
                f"athlete read in bulk): {cold:.2f} s"
            )
            print(f"squad page: {_ms(squad)}")
            print(f"athlete page ({args.weeks} weeks of data): {_ms(athlete)}")
            csrf = re.search(
                r'name="csrf_token" value="([^"]+)"', c.get("/upload", headers=HTML).text
            )
            assert csrf
            uploads = []
            for i in range(args.uploads):
                t0 = time.perf_counter()
                with CMJ.open("rb") as fh:
                    r = c.post(
                        "/upload",
                        data={"csrf_token": csrf[1], "athlete_id": str(ids[i % len(ids)]),
                              "kind": "force", "sampling_rate": "1000"},
                        files={"file": (CMJ.name, fh)},
                        headers=HTML,
                        follow_redirects=True,
                    )  # fmt: skip
                assert r.status_code == 200 and "jump_height_impulse_m" in r.text, r.text[:300]
                uploads.append(time.perf_counter() - t0)
            print(f"upload a CMJ to its result page: {_ms(uploads)}")
            t0 = time.perf_counter()
            assert c.get("/squad", headers=HTML).status_code == 200
            print(
                f"squad page after the uploads (their athletes read again): "
                f"{time.perf_counter() - t0:.3f} s"
            )
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(30)
    print(f"load average after: {_load()}")


if __name__ == "__main__":
    main()
