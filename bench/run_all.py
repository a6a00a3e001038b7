"""Run every benchmark in bench/ (bench_*.py) one after the other.

Usage: python bench/run_all.py [--quick] [NAME...]
Each benchmark prints its own figures; this script stops at none of them
failing but exits 1 at the end if any did.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    names = [a for a in argv if not a.startswith("-")]
    scripts = sorted(HERE.glob("bench_*.py"))
    if names:
        scripts = [s for s in scripts if any(n in s.stem for n in names)]
    failed = []
    for script in scripts:
        print(f"\n===== {script.stem} =====", flush=True)
        started = time.perf_counter()
        cmd = [sys.executable, str(script)] + (["--quick"] if quick else [])
        code = subprocess.call(cmd, cwd=HERE.parent)
        print(
            f"----- {script.stem}: exit {code}, {time.perf_counter() - started:.0f} s", flush=True
        )
        if code:
            failed.append(script.stem)
    if failed:
        print(f"failed: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
