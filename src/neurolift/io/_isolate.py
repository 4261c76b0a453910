"""Run a third-party file parser in a child process, so that a damaged file costs a clear error
instead of the program.

ezc3d (C3D) and scipy's MATLAB reader are compiled parsers; fed a damaged file, some inputs make
them crash (a segmentation fault) or loop forever. In a child process a crash is an exit code
and a loop a time limit, both turned into a :class:`~neurolift.errors.FileFormatError` naming
the file. The child is forked from a server process that has the parsers imported already
(``forkserver``), so each file costs a fork (tens of ms), not an interpreter start. A daemonic
process (a worker of a process pool) may not have children; there the parser runs in-process.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from pathlib import Path
from typing import Any

from neurolift.errors import FileFormatError

__all__ = ["PARSE_TIMEOUT_S", "parse_isolated"]

#: Time a child gets to parse a file (s), plus one second per 2 MB of file.
PARSE_TIMEOUT_S = 5.0
#: Imported once by the server the children are forked from.
PRELOAD = ("numpy", "scipy.io", "ezc3d", "neurolift.io._c3d", "neurolift.io.decomposition")


def _child(parse: Callable[[str], Any], path: str, conn: Any) -> None:
    try:
        conn.send(parse(path))
    finally:
        conn.close()


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if ctx.get_start_method() == "forkserver":
        ctx.set_forkserver_preload(list(PRELOAD))
    return ctx


def parse_isolated(parse: Callable[[str], Any], path: Path, *, where: str, what: str) -> Any:
    """``parse(str(path))`` run in a child process; it returns the parsed content, or a string
    saying why the file could not be parsed. That string, a crash and a time-out all raise
    :class:`FileFormatError` ("not a readable ``what`` file"). ``parse`` must be a module-level
    function (the child imports it)."""
    if multiprocessing.current_process().daemon:
        result = parse(str(path))
    else:
        ctx = _context()
        reader, writer = ctx.Pipe(duplex=False)
        child = ctx.Process(target=_child, args=(parse, str(path), writer), daemon=True)
        child.start()
        writer.close()
        try:
            timeout = PARSE_TIMEOUT_S + path.stat().st_size / 2e6
            if not reader.poll(timeout):
                child.kill()
                raise FileFormatError(
                    f"{where}: not a readable {what} file (the parser did not finish in "
                    f"{timeout:.0f} s)",
                    path=str(path),
                )
            try:
                result = reader.recv()
            except EOFError:
                child.join(5)
                result = f"the parser stopped with exit code {child.exitcode}"
        finally:
            reader.close()
            child.join(5)
            if child.is_alive():  # pragma: no cover - it has sent its result or was killed
                child.kill()
                child.join()
            child.close()
    if isinstance(result, str):
        raise FileFormatError(f"{where}: not a readable {what} file ({result})", path=str(path))
    return result
