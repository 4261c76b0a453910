"""`neurolift batch`: archives of every kind to Parquet, resumed after a kill, on a real cluster.

Known answers: simulated CMJs of known take-off velocity (``force_simulate_jump``), the shipped
simulated barbell set of known mean concentric velocities, the real recordings of
``tests/data``. The cluster test starts a real ``dask scheduler`` and two ``dask worker``
processes on loopback.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from neurolift.batch.archive import archive_kind, archive_process, archive_read
from neurolift.cli.main import app
from neurolift.signals.force import force_simulate_jump

DATA = Path(__file__).resolve().parents[1] / "data"
BIN = Path(sys.executable).parent
runner = CliRunner()


def run(*args: object):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [str(a) for a in args])


def write_cmjs(folder: Path, n: int, *, seed: int = 0) -> dict[str, float]:
    """``n`` simulated 4 s CMJs at 1 kHz as one-column text; returns {file name: true v_to}."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    truth = {}
    for i in range(n):
        v = float(rng.uniform(2.0, 2.8))
        sim = force_simulate_jump(
            sampling_rate=1000,
            takeoff_velocity_m_s=v,
            body_mass_kg=float(rng.uniform(60, 90)),
            duration_s=4.0,
            random_state=seed * 10_000 + i,
        )
        name = f"cmj_{i:05d}.txt"
        (folder / name).write_text("\n".join(f"{x:.3f}" for x in sim.force.values) + "\n")
        truth[name] = sim.truth["takeoff_velocity_threshold_m_s"]
    return truth


def mixed_archive(root: Path) -> dict[str, float]:
    truth = write_cmjs(root / "force", 6)
    shutil.copy(DATA / "force" / "gidiel_Dual-CMJ-Fz.txt", root / "force")
    (root / "force" / "broken.txt").write_text("700\n" * 3000)  # no jump, no pull
    (root / "vbt").mkdir()
    shutil.copy(DATA / "vbt" / "simulated_back_squat_6reps_chronojump_1kHz.txt", root / "vbt")
    (root / "emg").mkdir()
    shutil.copy(DATA / "emg" / "synthetic_emg_force.csv", root / "emg")
    (root / "mu").mkdir()
    shutil.copy(DATA / "emg" / "openhdemg_small.json", root / "mu")
    return truth


def test_kinds_are_told_from_extension_and_header() -> None:
    assert archive_kind(DATA / "force" / "gidiel_Single-CMJ-Fz.txt") == "force"
    assert archive_kind(DATA / "force" / "gidiel_Dual-CMJ-Fz.txt") == "force"
    assert archive_kind(DATA / "force" / "gpl" / "beckham_isometric_Example2_1000hz.csv") == "force"
    assert archive_kind(DATA / "emg" / "synthetic_emg_force.csv") == "emg"  # EMG with a force
    assert archive_kind(DATA / "vbt" / "simulated_back_squat_6reps_chronojump_1kHz.txt") == (
        "velocity"
    )
    assert archive_kind(DATA / "emg" / "openhdemg_small.json") == "mu"


def test_every_kind_to_parquet_partitioned_by_kind(tmp_path: Path) -> None:
    truth = mixed_archive(tmp_path / "in")
    out = tmp_path / "out"
    r = run(
        "batch", tmp_path / "in", "-o", out, "--sampling-rate", "1000",
        "--exercise", "back_squat", "--emg-unit", "mV", "-f", "json",
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    s = json.loads(r.stdout)
    assert (s["n_files"], s["n_analysed"], s["n_skipped"], s["n_failed"]) == (11, 11, 0, 1)
    assert s["by_kind"] == {"force": 8, "velocity": 1, "emg": 1, "mu": 1}
    assert s["mode"] == "in-process" and s["startup_s"] == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "kind=emg", "kind=force", "kind=mu", "kind=velocity",
    ]  # fmt: skip
    force = archive_read(out, "force").set_index("file")
    assert len(force) == 8
    for name, v in truth.items():  # simulated take-off velocity within 5 mm/s
        row = force.loc[str((tmp_path / "in" / "force" / name).resolve())]
        assert pd.isna(row["error"]) and row["test"] == "cmj"
        assert row["takeoff_velocity_m_s"] == pytest.approx(v, abs=0.005)
    broken = force.loc[str((tmp_path / "in" / "force" / "broken.txt").resolve())]
    assert broken["error"].startswith("SignalError")
    vbt = archive_read(out, "velocity")
    assert vbt["n_reps"].tolist() == [6]
    # the file's fastest rep: 0.6302 m/s over the whole phase (tests/data/vbt/README.md)
    assert vbt["best_mean_concentric_velocity_m_s"].iloc[0] == pytest.approx(0.6302, abs=0.015)
    emg = archive_read(out, "emg")
    assert emg["channel"].tolist() == ["VL", "BF"]  # one row per muscle; force is not one
    assert emg["error"].isna().all() and (emg["n_bursts"] >= 1).all()
    mu = archive_read(out, "mu")
    assert mu["error"].isna().all() and len(mu) == mu["n_units"].iloc[0]  # one row per unit


def test_a_file_with_its_own_clock_keeps_it_and_json_kinds_are_told_by_content(
    tmp_path: Path,
) -> None:
    # --sampling-rate is for files without a time column: the 500 Hz Beckham file (time column)
    # is read at 500 Hz beside header-less 1 kHz CMJs, and its row says so
    src = tmp_path / "in"
    write_cmjs(src / "force", 2)
    for name in ("beckham_isometric_Example1_500hz.csv", "beckham_isometric_Example1_1000hz.csv"):
        shutil.copy(DATA / "force" / "gpl" / name, src / "force")
    shutil.copy(DATA / "vbt" / "openbarbell_TestData.json", src)
    shutil.copy(DATA / "emg" / "openhdemg_small.json", src)
    assert archive_kind(src / "openbarbell_TestData.json") == "velocity"
    assert archive_kind(src / "openhdemg_small.json") == "mu"
    out = tmp_path / "out"
    s = archive_process(src, out, sampling_rate=1000, n_workers=1)
    assert (s.n_analysed, s.n_failed) == (6, 0), s.failed
    assert s.by_kind == {"force": 4, "velocity": 1, "mu": 1}
    force = archive_read(out, "force").set_index("file")
    assert force["error"].isna().all()
    slow = force.loc[str((src / "force" / "beckham_isometric_Example1_500hz.csv").resolve())]
    fast = force.loc[str((src / "force" / "beckham_isometric_Example1_1000hz.csv").resolve())]
    assert (slow["sampling_rate_hz"], fast["sampling_rate_hz"]) == (500, 1000)
    assert "not --sampling-rate 1000 Hz" in slow["warnings"]
    assert "--sampling-rate" not in fast["warnings"]
    # the same pull sampled at 500 and 1000 Hz: the same peak force within 1 %
    assert slow["peak_force_n"] == pytest.approx(fast["peak_force_n"], rel=0.01)
    # OpenBarbell: one row per rep of the export (counted in the JSON itself), none failed
    raw = json.loads((DATA / "vbt" / "openbarbell_TestData.json").read_text())
    vbt = archive_read(out, "velocity")
    assert len(vbt) == sum(len(v["reps"]) for v in raw.values())
    assert vbt["error"].isna().all() and set(vbt["set_id"]) == set(raw)
    # the same command for one file keeps the strict rule: the rate must agree with the file
    r = run("force", "analyze", src / "force" / "beckham_isometric_Example1_500hz.csv",
            "--sampling-rate", "1000")  # fmt: skip
    assert r.exit_code == 2 and "disagrees with the time column" in r.output


def test_a_changed_file_is_analysed_again_and_stored_once(tmp_path: Path) -> None:
    write_cmjs(tmp_path / "in", 3)
    out = tmp_path / "out"
    first = archive_process(tmp_path / "in", out, sampling_rate=1000, n_workers=1)
    assert (first.n_analysed, first.n_skipped) == (3, 0)
    again = archive_process(tmp_path / "in", out, sampling_rate=1000, n_workers=1)
    assert (again.n_analysed, again.n_skipped) == (0, 3)
    changed = tmp_path / "in" / "cmj_00001.txt"
    changed.write_text("700\n" * 300)
    third = archive_process(tmp_path / "in", out, sampling_rate=1000, n_workers=1)
    assert (third.n_analysed, third.n_skipped, third.n_failed) == (1, 2, 1)
    df = archive_read(out, "force")
    assert df["file"].is_unique and len(df) == 3
    assert df.set_index("file").loc[str(changed.resolve()), "error"] is not None


def test_resumed_after_a_kill_no_file_twice_none_missed(tmp_path: Path) -> None:
    write_cmjs(tmp_path / "in", 400, seed=1)
    out = tmp_path / "out"
    cmd = [
        str(BIN / "neurolift"), "batch", str(tmp_path / "in"), "-o", str(out),
        "--sampling-rate", "1000", "--workers", "1", "--chunk-size", "5", "-f", "json",
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not list(out.glob("kind=force/part-*.parquet")) and time.monotonic() < deadline:
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    written = archive_read(out, "force")
    assert 0 < len(written) < 400, "the run was not stopped part-way"
    assert written["file"].is_unique
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    s = json.loads(r.stdout)
    # the resumed run analysed exactly the files the killed run had not written
    assert (s["n_skipped"], s["n_analysed"]) == (len(written), 400 - len(written))
    assert not list(out.glob("kind=force/.*.tmp"))
    df = archive_read(out, "force")
    assert df["file"].is_unique and len(df) == 400
    assert sorted(Path(f).name for f in df["file"]) == sorted(
        p.name for p in (tmp_path / "in").iterdir()
    )
    assert df["error"].isna().all()


def test_force_batch_refuses_zero_workers_and_fails_when_all_files_fail(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    for i in range(3):
        (tmp_path / "in" / f"flat_{i}.txt").write_text("700\n" * 400)
    r = run("force", "batch", tmp_path / "in", "-o", tmp_path / "r.csv", "--workers", "0")
    assert r.exit_code == 2 and "workers must be an integer >= 1" in r.output
    r = run("batch", tmp_path / "in", "-o", tmp_path / "o", "--workers", "0")
    assert r.exit_code == 2 and "workers must be an integer >= 1" in r.output
    r = run(
        "force", "batch", tmp_path / "in", "-o", tmp_path / "r.csv",
        "--sampling-rate", "1000", "-f", "json",
    )  # fmt: skip
    assert r.exit_code == 1
    assert json.loads(r.stdout)["n_failed"] == 3
    assert "all 3 file(s) failed" in r.stderr
    r = run("batch", tmp_path / "in", "-o", tmp_path / "o", "--sampling-rate", "1000")
    assert r.exit_code == 1 and "all 3 file(s) failed" in r.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A real scheduler and two single-threaded worker processes on loopback."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("dask")
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    dask = str(BIN / "dask")
    commands = {
        "scheduler": [dask, "scheduler", "--host", "127.0.0.1", "--port", str(port)],
        **{
            f"worker{i}": [
                dask,
                "worker",
                address,
                "--nthreads",
                "1",
                "--nworkers",
                "1",
                "--host",
                "127.0.0.1",
                "--name",
                f"w{i}",
            ]  # fmt: skip
            for i in range(2)
        },
    }
    logs = {name: open(log / f"{name}.log", "w") for name in commands}  # noqa: SIM115
    procs = [
        subprocess.Popen(
            [*cmd, "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=logs[name], env=env
        )
        for name, cmd in commands.items()
    ]
    from dask.distributed import Client

    try:
        with Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        for fh in logs.values():
            fh.close()


def test_archive_on_a_real_scheduler_with_two_worker_processes(
    tmp_path: Path, cluster: str
) -> None:
    truth = mixed_archive(tmp_path / "in")
    truth.update(
        {
            f"more/{k}": v
            for k, v in write_cmjs(tmp_path / "in" / "force" / "more", 12, seed=2).items()
        }
    )
    out = tmp_path / "out"
    r = run(
        "batch", tmp_path / "in", "-o", out, "--sampling-rate", "1000",
        "--exercise", "back_squat", "--emg-unit", "mV", "--scheduler", cluster, "--chunk-size", "3",
        "-f", "json",
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    s = json.loads(r.stdout)
    assert s["mode"] == cluster and s["n_workers"] == 2
    assert (s["n_analysed"], s["n_failed"]) == (23, 1)
    force = archive_read(out, "force")
    assert force["file"].is_unique and len(force) == 20
    got = dict(zip(force["file"], force["takeoff_velocity_m_s"], strict=True))
    root = (tmp_path / "in" / "force").resolve()
    for name, v in truth.items():
        assert got[str(root / name)] == pytest.approx(v, abs=0.005)
    # the chunks were spread over both worker processes
    from dask.distributed import Client

    with Client(cluster, timeout="30s") as client:
        executed = client.run(lambda dask_worker: dask_worker.state.executed_count)
    assert len(executed) == 2 and all(n > 0 for n in executed.values())
    # resumed on the cluster: nothing left to do
    r = run("batch", tmp_path / "in", "-o", out, "--scheduler", cluster, "-f", "json")
    assert json.loads(r.stdout)["n_skipped"] == 23
    assert isinstance(pd.read_parquet(next(out.glob("kind=mu/*.parquet"))), pd.DataFrame)
