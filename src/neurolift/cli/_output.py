"""Output of CLI results as a Rich table, JSON (exactly ``to_dict()``) or CSV."""

from __future__ import annotations

import csv
import enum
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table

from neurolift._results import to_plain

# Piped output (files, tests, CI logs) gets wide tables instead of Rich's 80-column default.
stdout = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 220)
stderr = Console(stderr=True, soft_wrap=True)


class OutputFormat(str, enum.Enum):
    table = "table"
    json = "json"
    csv = "csv"


def _flatten(d: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, Mapping):
            out.update(_flatten(v, key + "."))
        elif isinstance(v, list) and v and all(isinstance(x, Mapping) for x in v):
            continue  # nested rows (e.g. per-jump) are shown by the caller as their own table
        elif isinstance(v, list):
            out[key] = ";".join("" if x is None else str(x) for x in v)
        else:
            out[key] = v
    return out


def _fmt(v: Any) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.4g}" if abs(v) < 1e5 else f"{v:.6g}"
    return str(v)


def _columns(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    columns: list[str] = []
    for r in rows:
        columns += [c for c in r if c not in columns]
    return columns


def _write_csv(rows: Sequence[Mapping[str, Any]], fh: Any) -> None:
    writer = csv.DictWriter(fh, fieldnames=_columns(rows), lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: ("" if v is None else v) for k, v in r.items()})


def write_csv(rows: Sequence[Mapping[str, Any]], path: Path) -> Path:
    """Write rows (mappings) to a CSV file, one column per key in first-seen order."""
    with Path(path).open("w", newline="") as fh:
        _write_csv(rows, fh)
    return Path(path)


def emit(data: Any, fmt: OutputFormat | str, *, title: str | None = None) -> None:
    """Print one result (a mapping/typed result) or many rows (a list of mappings)."""
    fmt = OutputFormat(fmt)
    plain = to_plain(data.to_dict() if hasattr(data, "to_dict") else data)
    if fmt is OutputFormat.json:
        sys.stdout.write(json.dumps(plain, indent=2, allow_nan=False) + "\n")
        return
    rows: Sequence[Mapping[str, Any]]
    rows = plain if isinstance(plain, list) else [plain]
    flat = [_flatten(r) for r in rows]
    if fmt is OutputFormat.csv:
        _write_csv(flat, sys.stdout)
        return
    if len(flat) > 1:
        table = Table(title=title, show_header=True)
        columns = _columns(flat)
        for c in columns:
            table.add_column(c, justify="right")
        for r in flat:
            table.add_row(*(_fmt(r.get(c)) for c in columns))
        natural = Measurement.get(stdout, stdout.options.update_width(10**6), table).maximum
        if natural <= stdout.width:
            stdout.print(table)
            return
    # one result, or rows wider than the terminal: each as `metric | value` rows, never
    # truncated columns
    for i, r in enumerate(flat, 1):
        head = title if len(flat) == 1 else f"{title or 'row'} ({i} of {len(flat)})"
        table = Table(title=head, show_header=True)
        table.add_column("metric", style="bold")
        table.add_column("value", justify="right")
        for k, v in r.items():
            table.add_row(k, _fmt(v))
        stdout.print(table)


def fail_if_nothing_succeeded(n_files: int, n_failed: int, where: str) -> None:
    """Exit 1 with one line when every analysed file failed (a summary alone would say exit 0)."""
    if n_files and n_failed == n_files:
        typer.echo(f"error: {where}: all {n_failed} file(s) failed; see the error column", err=True)
        raise typer.Exit(1)
