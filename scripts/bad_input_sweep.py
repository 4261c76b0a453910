"""A new user's bad inputs across the file- and value-facing commands (issue 11's sweep).

Runs each case as a subprocess (``python -m neurolift.cli.main``) against a throwaway SQLite
store and sorts the outcome: ``clean`` (exit 2, one ``error: ...`` line), ``traceback``,
``hang`` (over the time limit), ``exit0`` (accepted: every case here is wrong input, so the
result is at best unchecked), ``other`` (any other exit or a multi-line message). Prints one
line per case that is not clean and the counts.

    python scripts/bad_input_sweep.py [--timeout 60] [--only GROUP]

The interpreter's ``neurolift`` is what is tested: ``PYTHONPATH=OTHER/src`` tries another
checkout.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
CMJ = DATA / "force" / "gidiel_Single-CMJ-Fz.txt"
CHRONO = DATA / "vbt" / "simulated_back_squat_6reps_chronojump_1kHz.txt"
OBB = DATA / "vbt" / "openbarbell_TestData.json"
EMG = DATA / "emg" / "synthetic_emg_force.csv"
OTB = DATA / "emg" / "otb_testfile.mat"
MUJSON = DATA / "emg" / "openhdemg_small.json"
LOG = DATA / "training" / "sample_log.csv"


def _files(tmp: Path) -> dict[str, Path]:
    rng = np.random.default_rng(11)
    f: dict[str, Path] = {}

    def put(name: str, data: bytes | str) -> None:
        p = tmp / name
        p.write_bytes(data if isinstance(data, bytes) else data.encode())
        f[name] = p

    put("empty.txt", b"")
    put("empty.csv", b"")
    put("empty.json", b"")
    put("binary.txt", rng.bytes(4096))
    put("binary.csv", rng.bytes(4096))
    put("binary.json", rng.bytes(4096))
    put("binary.mat", rng.bytes(4096))
    put("latin1.csv", "fecha;séance;carga\n1;é;2\n".encode("latin-1"))
    put("pipe.csv", "time|velocity\n0|0.1\n0.001|0.2\n")
    put("wrongshape.json", json.dumps({"sets": "nope"}))
    put("list_of_numbers.json", json.dumps([1, 2, 3]))
    put("nulls.json", json.dumps([{"velocity": None}]))
    put("truncated.mat", OTB.read_bytes()[: OTB.stat().st_size // 3])
    put("truncated_cmj.txt", CMJ.read_bytes()[:500])
    put("truncated_obb.json", OBB.read_bytes()[: OBB.stat().st_size // 2])
    cmj = CMJ.read_text().splitlines()
    kn = []
    for line in cmj:
        try:
            kn.append(f"{float(line.split()[-1]) / 1000:.6f}")
        except (ValueError, IndexError):
            kn.append(line)
    put("cmj_kN.txt", "\n".join(kn) + "\n")
    put("cmj_nan.txt", "\n".join(cmj[:2000] + ["nan"] + cmj[2001:]) + "\n")
    put("cmj_1e308.txt", "\n".join(cmj[:2000] + ["1e308"] + cmj[2001:]) + "\n")
    chrono = CHRONO.read_text().splitlines()
    put("chrono_1e308.txt", "\n".join(chrono[:50] + ["1e308"] + chrono[51:]) + "\n")
    emg = EMG.read_text().splitlines()

    def scaled(k: float) -> str:
        out = [emg[0]]
        for line in emg[1:]:
            t, a, b, force = line.split(",")
            out.append(f"{t},{float(a) * k:.6g},{float(b) * k:.6g},{force}")
        return "\n".join(out) + "\n"

    put("emg_uv.csv", scaled(1000.0))  # uV numbers (to be labelled mV)
    put("mu_ms.csv", "unit,time\n" + "".join(f"0,{i * 100}\n" for i in range(40)))
    put("mu_nan.csv", "MU1,MU2\n" + "".join(f"{i * 0.1},{'nan' if i == 5 else i * 0.1}\n" for i in range(40)))
    put(
        "log_two.csv",
        "date,athlete,exercise,load_kg,reps\n2026-01-05,Bea,back_squat,100,5\n"
        "2026-01-05,Nobody,back_squat,100,5\n",
    )
    put("log_100000.csv", "date,athlete,exercise,load_kg,reps\n2026-01-05,Bea,back_squat,100000,5\n")
    put("plot.xyz", b"")
    f["plot.xyz"].unlink()
    return f


def _cases(f: dict[str, Path], tmp: Path) -> list[tuple[str, list[str]]]:
    xyz = str(tmp / "x.xyz")
    c: list[tuple[str, list[str]]] = []
    add = c.append
    # force analyze
    for n in ("empty.txt", "binary.txt", "latin1.csv", "pipe.csv", "truncated_cmj.txt",
              "cmj_kN.txt", "cmj_nan.txt", "cmj_1e308.txt", "wrongshape.json"):
        add(("force", ["force", "analyze", str(f[n]), "--sampling-rate", "1000"]))
    for extra in (["--sampling-rate", "100"], ["--sampling-rate", "0"], ["--sampling-rate", "-5"],
                  ["--sampling-rate", "nan"], ["--sampling-rate", "1e308"],
                  ["--sampling-rate", "1000", "--body-mass-kg", "0"],
                  ["--sampling-rate", "1000", "--body-mass-kg", "5000"],
                  ["--sampling-rate", "1000", "--test", "imtp"],
                  ["--sampling-rate", "1000", "--athlete", "Bae"],
                  ["--sampling-rate", "1000", "--takeoff-threshold-n", "-1"]):
        add(("force", ["force", "analyze", str(CMJ), *extra]))
    add(("force", ["force", "plot", str(CMJ), "--sampling-rate", "1000", "-o", xyz]))
    # force batch
    bad_dir = tmp / "batch_bad"
    bad_dir.mkdir(exist_ok=True)
    for n in ("binary.txt", "empty.txt"):
        (bad_dir / n).write_bytes(f[n].read_bytes())
    add(("batch", ["force", "batch", str(bad_dir), "--sampling-rate", "1000", "-o", str(tmp / "b.csv")]))
    add(("batch", ["force", "batch", str(CMJ.parent), "--workers", "0", "--sampling-rate", "1000",
                   "-o", str(tmp / "b2.csv")]))
    add(("batch", ["force", "batch", str(tmp / "no_such_dir"), "--sampling-rate", "1000",
                   "-o", str(tmp / "b3.csv")]))
    # vbt analyze
    va = ["vbt", "analyze", "--exercise", "back_squat", "--load-kg", "100"]
    for n in ("empty.txt", "binary.txt", "latin1.csv", "pipe.csv", "chrono_1e308.txt",
              "wrongshape.json"):
        add(("vbt", [*va, str(f[n])]))
    add(("vbt", [*va, str(CHRONO), "--plot", xyz]))
    add(("vbt", [*va, str(CHRONO), "--athlete", "Bae"]))
    add(("vbt", ["vbt", "analyze", "--exercise", "squat_jumps", "--load-kg", "100", str(CHRONO)]))
    add(("vbt", ["vbt", "analyze", "--exercise", "back_squat", "--load-kg", "-100", str(CHRONO)]))
    add(("vbt", [*va, str(CHRONO), "--sampling-rate", "100"]))
    # vbt profile
    vp = ["vbt", "profile", "--exercise", "bench_press"]
    for n in ("empty.json", "binary.json", "latin1.csv", "pipe.csv", "wrongshape.json",
              "list_of_numbers.json", "nulls.json", "truncated_obb.json"):
        add(("profile", [*vp, str(f[n])]))
    add(("profile", [*vp, str(OBB), "--plot", xyz]))
    # vbt live
    vl = ["vbt", "live", "--replay", str(CHRONO), "--exercise", "back_squat"]
    for s in ("1e-9", "-1", "nan", "1e308"):
        add(("live", [*vl, "--speed", s]))
    add(("live", ["vbt", "live", "--replay", str(f["chrono_1e308.txt"]), "--exercise",
                  "back_squat", "--speed", "0"]))
    # emg analyze
    ea = ["emg", "analyze"]
    for n in ("empty.csv", "binary.csv", "latin1.csv", "pipe.csv", "truncated.mat"):
        add(("emg", [*ea, str(f[n]), "--sampling-rate", "1000"]))
    add(("emg", [*ea, str(f["emg_uv.csv"]), "--unit", "mV", "--channels", "VL,BF"]))
    add(("emg", [*ea, str(EMG), "--unit", "V", "--channels", "VL,BF"]))
    add(("emg", [*ea, str(EMG), "--unit", "mV"]))  # the force column read as EMG
    add(("emg", [*ea, str(EMG), "--unit", "mV", "--channels", "VL,BF", "--plot", xyz]))
    add(("emg", [*ea, str(EMG), "--unit", "mV", "--channels", "VL,BF", "--lowcut-hz", "-5"]))
    add(("emg", [*ea, str(EMG), "--unit", "mV", "--channels", "VL,BF", "--sampling-rate", "500"]))
    # mu analyze
    ma = ["mu", "analyze"]
    for n in ("empty.csv", "binary.mat", "truncated.mat", "wrongshape.json", "binary.json"):
        add(("mu", [*ma, str(f[n]), "--sampling-rate", "2048"]))
    add(("mu", [*ma, str(f["mu_ms.csv"]), "--sampling-rate", "2048"]))
    add(("mu", [*ma, str(f["mu_nan.csv"]), "--sampling-rate", "2048"]))
    add(("mu", [*ma, str(MUJSON), "--mvc-n", "1"]))
    add(("mu", [*ma, str(MUJSON), "--sampling-rate", "1000"]))
    add(("mu", [*ma, str(OTB), "--sampling-rate", "1000"]))
    # log import
    for n in ("empty.csv", "binary.csv", "latin1.csv", "wrongshape.json", "list_of_numbers.json",
              "log_two.csv", "log_100000.csv", "truncated_obb.json"):
        add(("import", ["log", "import", str(f[n])]))
    # log set / export
    ls = ["log", "set", "--athlete", "Bea", "--exercise", "back_squat", "--reps", "5"]
    for load in ("500", "100000", "-5", "nan", "0"):
        add(("logset", [*ls, "--load-kg", load]))
    add(("logset", [*ls, "--load-kg", "100", "--date", "2026-13-45"]))
    add(("logset", [*ls, "--load-kg", "100", "--date", "2999-01-01"]))
    add(("logset", [*ls, "--load-kg", "100", "--date", "1900-01-01"]))
    add(("logset", [*ls, "--load-kg", "100", "--rir", "50"]))
    add(("logset", ["log", "set", "--athlete", "Bae", "--exercise", "back_squat", "--reps", "5",
                    "--load-kg", "100"]))
    add(("logset", ["log", "set", "--athlete", "Bea", "--exercise", "back_squatt", "--reps", "5",
                    "--load-kg", "100"]))
    add(("logset", ["log", "export", "--athlete", "Bea", "--from", "2026-13-45", "-o",
                    str(tmp / "e.csv")]))
    # plan create
    pc = ["plan", "create", "--athlete", "Bea", "--goal", "strength", "--weeks", "4", "--days", "3"]
    add(("plan", [*pc, "--start", "1900-01-01"]))
    add(("plan", [*pc, "--out", str(tmp / "no" / "such" / "dir" / "p.csv")]))
    add(("plan", [*pc, "--out", str(tmp)]))
    add(("plan", [*pc[:-2], "--days", "0"]))
    add(("plan", [*pc[:-4], "--weeks", "1000", "--days", "3"]))
    add(("plan", [*pc[:-6], "--goal", "speed", "--weeks", "4", "--days", "3"]))
    # athlete add
    aa = ["athlete", "add", "--athlete"]
    add(("athlete", [*aa, "x" * 500]))
    add(("athlete", [*aa, "Ann\x1b[31m"]))
    add(("athlete", [*aa, "bea"]))  # case-only duplicate of Bea: a warning, not an error
    add(("athlete", [*aa, "Bea"]))
    add(("athlete", [*aa, "Cid", "--sex", "banana"]))
    add(("athlete", [*aa, "Dee", "--equipment", "spaceship"]))
    add(("athlete", [*aa, "Eve", "--one-rm", "back_squat=140", "--one-rm-date", "2999-01-01"]))
    add(("athlete", [*aa, "Fay", "--one-rm-date", "2026-13-45", "--one-rm", "back_squat=140"]))
    add(("athlete", [*aa, "Gus", "--body-mass-kg", "5000"]))
    add(("athlete", [*aa, "Hal", "--one-rm", "back_squat=100000"]))
    add(("athlete", [*aa, "   "]))
    return c


def _seed(env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "-m", "neurolift.cli.main", "athlete", "add", "--athlete", "Bea",
         "--body-mass-kg", "70", "--one-rm", "back_squat=140", "--level", "intermediate",
         "--goal", "strength", "--equipment", "barbell,rack,bench", "--days", "mon,wed,fri"],
        env=env, capture_output=True, check=True,
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--only", default=None)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="nl-sweep-"))
    env = {**os.environ, "NEUROLIFT_DATABASE_URL": f"sqlite:///{tmp / 'store.sqlite3'}",
           "COLUMNS": "200"}
    env.pop("NEUROLIFT_DEBUG", None)
    _seed(env)
    outcomes: Counter[str] = Counter()
    for group, argv in _cases(_files(tmp), tmp):
        if args.only and group != args.only:
            continue
        try:
            r = subprocess.run(
                [sys.executable, "-m", "neurolift.cli.main", *argv],
                env=env, capture_output=True, text=True, timeout=args.timeout,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired:
            kind, msg = "hang", f"> {args.timeout:g} s"
        else:
            err = r.stderr.strip()
            lines = [ln for ln in err.splitlines() if not ln.startswith("warning:")]
            if "Traceback" in err:
                kind, msg = "traceback", err.splitlines()[-1]
            elif r.returncode == 0:
                kind, msg = "exit0", (r.stdout.strip().splitlines() or [""])[0]
            elif r.returncode == 2 and len(lines) == 1 and lines[0].startswith("error: "):
                kind, msg = "clean", lines[0]
            elif r.returncode == 2 and lines and lines[-1].startswith("Error"):
                kind, msg = "clean", lines[-1]  # click's own usage error box
            else:
                kind, msg = "other", f"exit {r.returncode}: {err[-200:]!r}"
        outcomes[kind] += 1
        shown = " ".join(a if len(a) < 60 else a[:57] + "..." for a in argv)
        shown = shown.replace(str(tmp), "TMP").replace(str(ROOT), ".")
        print(f"{kind:9s} {shown}\n          {msg[:240]}", flush=True)
    total = sum(outcomes.values())
    print(f"\n{total} bad inputs: " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
