"""Run every benchmarks/bench_*.py script in turn (what `make bench` does)."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

here = Path(__file__).parent
only = set(sys.argv[1:])
for script in sorted(here.glob("bench_*.py")):
    if only and script.stem not in only:
        continue
    print(f"\n=== {script.name} ===", flush=True)
    runpy.run_path(str(script), run_name="__main__")
