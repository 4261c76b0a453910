"""Machinery of the fuzz suite: Hypothesis strategies that make bad files, and the one rule every
reader and importer must keep - whatever the bytes, it returns or raises a neurolift error
(:class:`~neurolift.errors.NeuroliftError`) whose message names the file; never another
exception, a warning, a hang or a crash.

Inputs: random bytes; real files (``tests/data``) and files written by the format's reference
library (ezc3d, pyedflib, scipy) truncated and mutated byte by byte; tables built from scratch
with NaN, inf, 1e308, empty and non-numeric cells, ragged rows, wrong delimiters, decimal commas
and other encodings; JSON documents with nodes replaced by values of the wrong shape.

The examples are derandomised (the same inputs every run, so CI is reproducible); set
``NEUROLIFT_FUZZ_EXAMPLES`` (per test) and ``NEUROLIFT_FUZZ_RANDOM=1`` to explore further.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from neurolift.errors import NeuroliftError

#: Least inputs per (reader, kind of input); each test module raises it to reach its QUOTA, and
#: the quotas of the modules add up to at least 10,000 inputs per run.
EXAMPLES = int(os.environ.get("NEUROLIFT_FUZZ_EXAMPLES", "0")) or 50
settings.register_profile(
    "fuzz",
    max_examples=EXAMPLES,
    # generous: a reader takes milliseconds; a hang or a quadratic blow-up fails the test
    deadline=timedelta(seconds=5),
    derandomize=os.environ.get("NEUROLIFT_FUZZ_RANDOM") != "1",
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)

SPECIAL_TOKENS = [
    b"nan",
    b"NaN",
    b"inf",
    b"-inf",
    b"Infinity",
    b"1e308",
    b"-1e308",
    b"1e309",
    b"1e-320",
    b"-0",
    b"0",
    b"",
    b",",
    b";",
    b"\t",
    b"|",
    b" ",
    b"\n",
    b"\r\n",
    b"\x00",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b'"',
    b"null",
    b"[]",
    b"{}",
    b"#",
    b"9" * 40,
]
SPECIAL_FLOATS = [float("nan"), float("inf"), -float("inf"), 1e308, -1e308, 5e-324, 0.0, -0.0]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252"]
DELIMITERS = [",", ";", "\t", " ", "|", ", "]


def _apply(seed: bytes, ops: list[tuple[Any, ...]]) -> bytes:
    b = bytearray(seed)
    for op in ops:
        pos = op[1] % (len(b) + 1)
        if op[0] == "flip" and b:
            b[pos % len(b)] = op[2]
        elif op[0] == "cut":
            del b[pos:]
        elif op[0] == "insert":
            b[pos:pos] = op[2]
        elif op[0] == "delete":
            del b[pos : pos + op[2]]
        elif op[0] == "repeat":
            b[pos:pos] = b[pos : pos + op[2]] * 3
    return bytes(b)


_AT = st.integers(0, 2**24)
_EDITS = st.lists(
    st.one_of(
        st.tuples(st.just("flip"), _AT, st.integers(0, 255)),
        st.tuples(st.just("cut"), _AT),
        st.tuples(st.just("insert"), _AT, st.binary(min_size=1, max_size=32)),
        st.tuples(st.just("insert"), _AT, st.sampled_from(SPECIAL_TOKENS)),
        st.tuples(st.just("delete"), _AT, st.integers(1, 512)),
        st.tuples(st.just("repeat"), _AT, st.integers(1, 256)),
    ),
    min_size=1,
    max_size=6,
)


def mutated(seeds: list[bytes]) -> st.SearchStrategy[bytes]:
    """One of ``seeds`` with 1-6 edits: byte flips, truncation, insertions (random bytes or
    special tokens such as ``nan``, ``1e308``, a delimiter, a NUL), deletions and repeats."""
    return st.tuples(st.sampled_from(seeds), _EDITS).map(lambda t: _apply(*t))


def _retext(text: str, how: str) -> bytes:
    if how in ENCODINGS:
        return text.encode(how, errors="replace")
    if how == "crlf":
        return text.replace("\n", "\r\n").encode()
    if how == "cr":
        return text.replace("\n", "\r").encode()
    if how == "decimal_comma":
        return text.replace(".", ",").encode()
    return text.replace(",", how).encode()  # another delimiter


_HOWS = [*ENCODINGS, "crlf", "cr", "decimal_comma", ";", "\t", "|", " "]


def retexted(seeds: list[bytes]) -> st.SearchStrategy[bytes]:
    """A real text file re-encoded (UTF-16, Latin-1...), with other line ends, decimal commas
    or another delimiter, then edited a little."""
    texts = [seed.decode("utf-8", errors="replace") for seed in seeds]
    return st.tuples(st.sampled_from(texts), st.sampled_from(_HOWS), _EDITS).map(
        lambda t: _apply(_retext(t[0], t[1]), t[2])
    )


_CELL = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.floats(-1e4, 1e4).map(lambda x: f"{x:.4g}"),
    st.sampled_from(
        [
            "nan",
            "inf",
            "-inf",
            "1e308",
            "-1e308",
            "1e309",
            "5e-324",
            "0",
            "-0",
            "",
            "NA",
            "n/a",
            "1,5",
            "1.2.3",
            "--",
            "1e",
            "0x10",
            " ",
            '"3"',
            "\u00e9",
        ]
    ),
    st.integers(-(10**12), 10**12).map(str),
    st.text(max_size=4),
)


@st.composite
def tables(draw: Any, headers: list[list[str]]) -> bytes:
    """A delimited table built from scratch: one of ``headers`` (or none, or random names),
    0-25 rows of numbers with NaN/inf/1e308/empty/garbage cells, ragged rows, any delimiter,
    line end and encoding; the first column often a plausible time."""
    choice = draw(st.integers(0, len(headers) + 1))
    if choice < len(headers):
        header: list[str] | None = list(headers[choice])
    elif choice == len(headers):
        header = None
    else:
        header = draw(st.lists(st.text(min_size=1, max_size=8), min_size=1, max_size=5))
    n_cols = max(len(header), 1) if header is not None else draw(st.integers(1, 4))
    delim = draw(st.sampled_from(DELIMITERS))
    lines = [delim.join(header)] if header else []
    rows = draw(
        st.lists(
            st.lists(_CELL, min_size=n_cols, max_size=n_cols)
            | st.lists(_CELL, min_size=0, max_size=n_cols + 2),
            max_size=25,
        )
    )
    timed = draw(st.booleans())
    for i, cells in enumerate(rows):
        if timed and cells:
            cells[0] = f"{i / 1000:.3f}"
        lines.append(delim.join(cells))
    text = "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n"]))
    return _retext(text, draw(st.sampled_from([*ENCODINGS, "crlf", "utf-8", "utf-8"])))


_JSON_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from(SPECIAL_FLOATS)
    | st.text(max_size=8)
)
_JSON = st.recursive(
    _JSON_LEAVES,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=12,
)


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in list(node.items())[:20]:
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node[:20]):
            out += _paths(v, (*prefix, i))
    return out


def _replace(node: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(node, dict):
        return {**node, head: _replace(node[head], rest, value)}
    copy = list(node)
    copy[head] = _replace(node[head], rest, value)
    return copy


def reshaped(document: Any) -> st.SearchStrategy[bytes]:
    """``document`` (parsed JSON) with 1-3 nodes replaced by JSON of another shape (NaN and
    Infinity included, as Python's json writes them), serialised."""

    @st.composite
    def build(draw: Any) -> bytes:
        doc = document
        for _ in range(draw(st.integers(1, 3))):
            doc = _replace(doc, draw(st.sampled_from(_paths(doc))), draw(_JSON))
        return json.dumps(doc).encode()

    return build()


@dataclass(frozen=True)
class FuzzCase:
    """One (reader, kind of input) pair and how many inputs it gets."""

    name: str
    kind: str
    examples: int


#: Mutated C3D and .mat files pass the header checks and reach their compiled parser, which runs
#: in a child process (see io._isolate): those cases get fewer inputs.
SLOW_EXAMPLES = 40


def fuzz_cases(readers: dict[str, dict[str, Any]], quota: int) -> list[FuzzCase]:
    """The cases of a test module: every reader takes random bytes and mutants of its seeds,
    text readers re-encoded real files and built tables, JSON readers reshaped documents; the
    inputs are spread so that the module makes at least ``quota``."""
    pairs = []
    for name, spec in readers.items():
        seeded = spec.get("text") or spec.get("binary") or spec.get("bytes")
        pairs += [(name, "bytes"), (name, "mutated")] if seeded else [(name, "bytes")]
        pairs += [
            (name, k)
            for k, key in (("retexted", "text"), ("tables", "headers"), ("reshaped", "json"))
            if spec.get(key)
        ]
    slow = {(n, k) for n, k in pairs if k == "mutated" and readers[n]["suffix"] in (".c3d", ".mat")}
    rest = max(EXAMPLES, math.ceil((quota - SLOW_EXAMPLES * len(slow)) / (len(pairs) - len(slow))))
    return [FuzzCase(n, k, SLOW_EXAMPLES if (n, k) in slow else rest) for n, k in pairs]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test asking for ``fuzz_case`` runs once per case of its module's ``READERS``."""
    if "fuzz_case" in metafunc.fixturenames:
        cases = fuzz_cases(metafunc.module.READERS, metafunc.module.QUOTA)
        assert sum(c.examples for c in cases) >= metafunc.module.QUOTA
        metafunc.parametrize("fuzz_case", cases, ids=[f"{c.name}-{c.kind}" for c in cases])


class Fuzz:
    """Builds each reader's strategies, writes each generated input to the reader's own file
    and applies the rule.

    A reader spec is a dict: ``suffix``, ``call(path)``, and its seeds - ``text`` (real text
    files, used by their first lines), ``binary`` (keys of ``written_seeds``), ``bytes``
    (literal seeds), ``headers``
    (column sets for built tables), ``json`` (a JSON document, or a ``written_seeds`` key).
    """

    def __init__(self, folder: Path, counts: dict, written: dict[str, bytes]) -> None:
        self.folder = folder
        self.counts = counts
        self.written = written
        self._strategies: dict[tuple[str, str], st.SearchStrategy[bytes]] = {}

    def _seeds(self, spec: dict[str, Any]) -> list[bytes]:
        seeds = [head_lines(p) for p in spec.get("text", [])]
        seeds += [self.written[k] for k in spec.get("binary", [])]
        seeds += list(spec.get("bytes", []))
        return seeds

    def strategy(self, name: str, kind: str, spec: dict[str, Any]) -> st.SearchStrategy[bytes]:
        key = (name, kind)
        if key not in self._strategies:
            seeds = self._seeds(spec)
            if kind == "bytes":
                strat = st.binary(max_size=4096)
            elif kind == "mutated":
                strat = mutated(seeds)
            elif kind == "retexted":
                strat = retexted([head_lines(p) for p in spec["text"]])
            elif kind == "tables":
                strat = tables(spec["headers"])
            else:
                doc = spec["json"]
                doc = json.loads(self.written[doc]) if isinstance(doc, str) else doc
                strat = reshaped(doc)
            self._strategies[key] = strat
        return self._strategies[key]

    def run(self, case: FuzzCase, spec: dict[str, Any]) -> None:
        """Give the reader ``case.examples`` generated inputs of ``case.kind``."""

        @settings(settings.get_profile("fuzz"), max_examples=case.examples)
        @given(content=self.strategy(case.name, case.kind, spec))
        def reader_takes(content: bytes) -> None:
            self.check(case.name, spec, content)

        reader_takes()

    def check(self, name: str, spec: dict[str, Any], content: bytes) -> None:
        """``spec["call"](path)`` returns, or raises a neurolift error naming the file."""
        slug = "".join(c if c.isalnum() else "_" for c in name)
        path = self.folder / f"{slug}{spec['suffix']}"
        path.write_bytes(content)
        self.counts[name] = self.counts.get(name, 0) + 1
        try:
            spec["call"](path)
        except NeuroliftError as exc:
            assert path.name in str(exc), f"the error does not name the file: {exc}"


@pytest.fixture(scope="session")
def fuzz(tmp_path_factory, fuzz_counts, written_seeds) -> Iterator[Fuzz]:
    # a damaged file that makes a compiled parser loop costs its time limit: 1 s here (tiny
    # files parse in milliseconds), not the 5 s a user's file gets
    from neurolift.io import _isolate

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_isolate, "PARSE_TIMEOUT_S", 1.0)
        yield Fuzz(tmp_path_factory.mktemp("fuzz"), fuzz_counts, written_seeds)


DATA = Path(__file__).resolve().parents[1] / "data"


def head_lines(path: Path, n: int = 80) -> bytes:
    """The first ``n`` lines of a real text file: a real file, truncated, small enough that
    thousands of mutants stay quick."""
    return b"".join(path.read_bytes().splitlines(keepends=True)[:n])


@pytest.fixture(scope="session")
def written_seeds(tmp_path_factory) -> dict[str, bytes]:
    """Valid binary files written by each format's reference library (there are no small real
    C3D/EDF/.mat recordings in tests/data): the seeds that mutations start from."""
    import gzip

    import ezc3d
    import numpy as np
    import pyedflib
    import scipy.io

    folder = tmp_path_factory.mktemp("seeds")
    rng = np.random.default_rng(0)
    out: dict[str, bytes] = {}

    c = ezc3d.c3d()
    c["parameters"]["POINT"]["RATE"]["value"] = [100]
    c["parameters"]["POINT"]["LABELS"]["value"] = ("m1",)
    c["parameters"]["ANALOG"]["RATE"]["value"] = [1000]
    c["parameters"]["ANALOG"]["LABELS"]["value"] = ("Fz", "VL", "BF")
    c["parameters"]["ANALOG"]["UNITS"]["value"] = ("N", "mV", "mV")
    c["data"]["points"] = np.ones((4, 1, 30))
    force = 700 + 50 * np.sin(np.arange(300) / 20)
    c["data"]["analogs"] = np.vstack([force, rng.normal(0, 0.2, 300), rng.normal(0, 0.2, 300)])[
        None
    ]
    c.write(str(folder / "seed.c3d"))
    out["c3d"] = (folder / "seed.c3d").read_bytes()

    w = pyedflib.EdfWriter(str(folder / "seed.edf"), 2, file_type=pyedflib.FILETYPE_EDFPLUS)
    w.setSignalHeaders(
        [
            {
                "label": name,
                "dimension": dim,
                "sample_frequency": 1000,
                "physical_max": 5000,
                "physical_min": -5000,
                "digital_max": 32767,
                "digital_min": -32768,
            }
            for name, dim in (("VL", "uV"), ("Force", "N"))
        ]
    )
    w.writeSamples([rng.normal(0, 100, 2000), np.full(2000, 250.0)])
    w.close()
    out["edf"] = (folder / "seed.edf").read_bytes()

    n = 400
    data = np.zeros((n, 4), dtype=np.float32)
    data[np.arange(50, 350, 40) + 8, 1] = 1
    data[np.arange(50, 350, 40), 2] = 5.0
    data[:, 0] = rng.normal(0, 50, n)
    data[:, 3] = 20.0
    desc = np.array(
        [
            ["m - GR08MM1305 (1)[uV]"],
            ["Decomposition of m (1)[a.u]"],
            ["Source for decomposition of m (1)[a.u]"],
            ["acquired data[ %(MVC)]"],
        ],
        dtype=object,
    )
    scipy.io.savemat(
        folder / "otb.mat", {"Data": data, "Description": desc, "SamplingFrequency": 2048}
    )
    out["otb_mat"] = (folder / "otb.mat").read_bytes()

    pulses = np.empty((1, 2), dtype=object)
    pulses[0, 0], pulses[0, 1] = np.array([100, 300, 500]), np.array([150, 400])
    scipy.io.savemat(
        folder / "demuse.mat",
        {"fsamp": 2048.0, "IED": 8.0, "MUPulses": pulses, "IPTs": rng.normal(size=(2, 600))},
    )
    out["demuse_mat"] = (folder / "demuse.mat").read_bytes()

    def table(rows: list[float]) -> str:
        return json.dumps(
            {"columns": [0], "index": list(range(len(rows))), "data": [[v] for v in rows]}
        )

    doc = {
        "SOURCE": json.dumps("CUSTOMCSV"),
        "FSAMP": json.dumps(2048.0),
        "IED": json.dumps(8.0),
        "EMG_LENGTH": json.dumps(300),
        "MUPULSES": json.dumps([[10, 90, 170], [40, 140]]),
        "REF_SIGNAL": table([10.0] * 300),
        "ACCURACY": table([0.95, 0.9]),
    }
    out["openhdemg_json"] = json.dumps(doc).encode()
    out["openhdemg_gz"] = gzip.compress(out["openhdemg_json"])
    return out
