"""XLIFF 1.2 and 2.0 export and import of a 1,000-segment job.

Usage: python bench/bench_xliff.py [--quick] [--segments N] [--repeat R]

The job: the first N sentences of IWSLT'15 tst2012 (Vietnamese) as sources,
their English side as targets, two memory matches per segment (a neighbouring
sentence pair scored 60–95 and a machine suggestion), a termbase hit on every
fifth segment and a note on every tenth, from ../shared/data.

For each version it times (wall and CPU), as the median of R runs in a fresh
process for each step, with the growth of the process's peak resident memory
(VmHWM after the runs less VmRSS before them; lxml's memory is outside
Python's allocator, so tracemalloc would not see it):

* doingoai ``export_xliff`` and ``import_xliff`` (with the job to check the
  file against: ids, languages, source texts);
* translate-toolkit, what a user would otherwise pick: building the same file
  (source, target, state, alt-trans in 1.2) and parsing ours with
  ``xlifffile.parsestring`` / ``Xliff2File.parsestring``, then reading every
  unit's id, source, target and notes (and alt-trans in 1.2; its XLIFF 2
  support reads no matches or glossary).
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from doingoai.translate.xliff import (
    Alternative,
    TermNote,
    XliffJob,
    XliffUnit,
    export_xliff,
    import_xliff,
)

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "translation" / "iwslt15"
CASES = [
    ("doingoai", "export"),
    ("doingoai", "import"),
    ("translate-toolkit", "export"),
    ("translate-toolkit", "parse"),
]


def build_job(segments: int) -> XliffJob:
    vi = (DATA / "tst2012.vi").read_text(encoding="utf-8").splitlines()
    en = (DATA / "tst2012.en").read_text(encoding="utf-8").splitlines()
    if segments > len(vi):
        raise SystemExit(f"only {len(vi)} sentences in {DATA / 'tst2012.vi'}")
    units = []
    for n in range(segments):
        near = (n + 1) % len(vi)
        unit = XliffUnit(
            f"p{n // 5 + 1}.s{n % 5 + 1}",
            vi[n],
            en[n],
            "translated" if n % 3 else "new",
            alternatives=[
                Alternative(vi[near], en[near], 60 + (n * 7) % 36, "tm"),
                Alternative(vi[n], en[n].lower(), 0, "mt"),
            ],
            kind="paragraph",
        )
        if n % 5 == 0:
            unit.terms.append(TermNote("Hà Nội", "Hanoi", "preferred"))
        if n % 10 == 0:
            unit.notes.append(f"Câu {n + 1}: kiểm tra số liệu & tên riêng.")
        units.append(unit)
    return XliffJob("bench-1", "vi", "en", "article:1", units)


def _vm(field: str) -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def _ttk_export(job: XliffJob, version: str) -> bytes:
    if version == "1.2":
        from translate.storage import xliff

        store: Any = xliff.xlifffile(sourcelanguage=job.source_lang, targetlanguage=job.target_lang)
    else:
        from translate.storage import xliff2

        store = xliff2.Xliff2File(sourcelanguage=job.source_lang, targetlanguage=job.target_lang)
    for unit in job.units:
        tu = store.addsourceunit(unit.source)
        tu.setid(unit.id)
        if unit.target:
            tu.target = unit.target
            tu.marktranslated()
        for note in unit.notes:
            tu.addnote(note)
        if version == "1.2":
            for alt in unit.alternatives:
                tu.addalttrans(
                    alt.target,
                    origin=alt.origin,
                    sourcetxt=alt.source,
                    matchquality=f"{alt.score:g}",
                )
    out = io.BytesIO()
    store.serialize(out)
    return out.getvalue()


def _ttk_parse(data: bytes, version: str) -> int:
    if version == "1.2":
        from translate.storage import xliff

        store: Any = xliff.xlifffile.parsestring(data)
    else:
        from translate.storage import xliff2

        store = xliff2.Xliff2File.parsestring(data)
    read = 0
    for unit in store.units:
        _ = (unit.getid(), unit.source, unit.target, unit.getnotes())
        if version == "1.2":
            _ = [(a.source, a.target) for a in unit.getalttrans()]
        read += 1
    return read


def child(
    tool: str, op: str, version: str, segments: int, repeat: int, path: str
) -> dict[str, Any]:
    """One measurement, run in its own process; ``path`` holds the file to read."""
    job = build_job(segments)
    data = Path(path).read_bytes()
    work: Callable[[], object]
    if (tool, op) == ("doingoai", "export"):
        work = lambda: export_xliff(job, version)  # noqa: E731
    elif (tool, op) == ("doingoai", "import"):
        work = lambda: import_xliff(data, expected=job)  # noqa: E731
    elif (tool, op) == ("translate-toolkit", "export"):
        work = lambda: _ttk_export(job, version)  # noqa: E731
    else:
        work = lambda: _ttk_parse(data, version)  # noqa: E731
    with open("/proc/self/clear_refs", "w") as f:  # reset the peak (VmHWM)
        f.write("5")
    before = _vm("VmRSS")
    times = []
    cpu = []
    result: object = None
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = work()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    peak = _vm("VmHWM") - before
    if isinstance(result, bytes):
        count = result.count(b"<trans-unit " if version == "1.2" else b"<unit ")
        size = len(result)
    elif isinstance(result, XliffJob):
        count, size = len(result.units), len(data)
    else:
        count, size = int(result), len(data)  # type: ignore[call-overload]
    return {
        "ms": statistics.median(times) * 1000,
        "cpu_ms": statistics.median(cpu) * 1000,
        "peak_mb": peak,
        "units": count,
        "bytes": size,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="200 segments, 2 runs")
    parser.add_argument("--segments", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--child", nargs=4, metavar=("TOOL", "OP", "VERSION", "FILE"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.segments, args.repeat = 200, 2
    if args.child:
        tool, op, version, path = args.child
        print(json.dumps(child(tool, op, version, args.segments, args.repeat, path)))
        return 0
    print(
        f"XLIFF, {args.segments} segments (2 matches each), median of {args.repeat} runs, "
        f"Python {sys.version.split()[0]}"
    )
    print(
        f"{'version':<8}{'tool':<19}{'step':<8}{'ms':>8}{'CPU ms':>8}{'peak MB':>9}{'units':>7}{'KB':>7}"
    )
    job = build_job(args.segments)
    with tempfile.TemporaryDirectory() as tmp:
        for version in ("1.2", "2.0"):
            path = Path(tmp) / f"job.{version}.xlf"
            path.write_bytes(export_xliff(job, version))
            if not _run_version(version, path, args):
                return 1
    return 0


def _run_version(version: str, path: Path, args: argparse.Namespace) -> bool:
    for tool, op in CASES:
        cmd = [sys.executable, __file__, "--child", tool, op, version, str(path)]
        cmd += ["--segments", str(args.segments), "--repeat", str(args.repeat)]
        out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
        if out.returncode:
            print(f"{version:<8}{tool:<19}{op:<8} failed: {out.stderr.strip()[-300:]}")
            return False
        r = json.loads(out.stdout)
        print(
            f"{version:<8}{tool:<19}{op:<8}{r['ms']:>8.0f}{r['cpu_ms']:>8.0f}{r['peak_mb']:>9.1f}"
            f"{r['units']:>7}{r['bytes'] / 1024:>7.0f}",
            flush=True,
        )
    return True


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
