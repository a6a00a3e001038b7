"""Extraction benchmark: doingoai.extract.html against trafilatura on the same pages.

Sets (read from ../shared/data/extraction):

* scrapinghub  - 181 pages, ground-truth articleBody. Scored as the benchmark's
  own evaluate.py does: tokens are the matches of the regex ``\\w+``, the
  text becomes 4-token shingles, true/false positives and false negatives of
  shingles are normalised per page, precision and recall are averaged over
  pages and F1 is taken from those two averages.
* fundus       - publisher pages with field-level ground truth: title (exact),
  authors (same set of names), date (same minute), lead (token F1 against the
  summary) and body (shingle F1 as above against summary + sections).
* vn-news      - Vietnamese outlets: the expectations (title, date, body
  substring) and boilerplate checks (no list-page headline, no headline of a
  link outside the body's paragraphs, no footer line in the body).
* trafilatura-eval - snippets that must / must not be in the text; a snippet
  found is a true or a false positive (trafilatura's tests/evaluate.py method).

Every set is split in a development and a test half by a fixed hash of each
page's file name (bench/evalsplit.py). Each set's figures are printed for the
test half, then for the whole set (to compare with published figures). Tune
on the development half: ``--half dev`` prints that half instead.

Speed, per set, CPU time: in this process, doingoai's ``extract_html`` on the
page bytes and trafilatura with ``with_metadata=True`` (JSON output, the same
fields) and without (plain text), taking turns page by page after one untimed
warm-up page; and through the ``doingoai extract`` command, one run over the
set's files in a child process (user + system CPU of the child, start-up
included, Python's compiled modules cached as for a user), alternating with
more in-process runs of trafilatura with metadata on the same pages, for a
ratio measured back to back. ``--before SRC`` times the command of another
source tree (``git archive REV src`` unpacked) against this one's. Peak memory:
the maximum resident set size (ru_maxrss) of a child process that runs only
the doingoai extraction over all pages.

Run: .venv/bin/python bench/bench_extract.py [--quick] [--worst N] [--half dev]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from doingoai.errors import DoingoaiError  # noqa: E402
from doingoai.extract.html import extract_html  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from evalsplit import half  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "extraction"
VN_TZ = timezone(timedelta(hours=7))


@dataclass
class Page:
    set: str
    name: str
    html: bytes
    url: str = ""
    truth: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None  # the file the page was read from

    @property
    def half(self) -> str:
        """ "dev" or "test": the half of its set this page belongs to."""
        return half(self.path.name if self.path else self.name)


@dataclass
class Result:
    text: str = ""
    title: str = ""
    lead: str = ""
    authors: list[str] = field(default_factory=list)
    date: datetime | None = None
    error: str = ""
    date_only: bool = False  # the extractor gives a day, not a time


# ------------------------------------------------------------------ loading


def _gz(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def load_scrapinghub(limit: int | None) -> list[Page]:
    base = DATA / "scrapinghub"
    truth = json.loads((base / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth)[:limit]:
        path = base / "html" / f"{key}.html.gz"
        pages.append(Page("scrapinghub", key[:12], _gz(path), truth[key]["url"], truth[key], path))
    return pages


def load_fundus(limit: int | None) -> list[Page]:
    pages = []
    for country in sorted(p for p in (DATA / "fundus").iterdir() if p.is_dir()):
        info = json.loads((country / "meta.info").read_text(encoding="utf-8"))
        for truth_file in sorted(country.glob("*.json")):
            publisher = truth_file.stem
            versions = json.loads(truth_file.read_text(encoding="utf-8"))
            files = sorted(
                (f for f in info if f.rsplit("_", 3)[0] == publisher and (country / f).exists()),
                key=lambda f: info[f].get("crawl_date", ""),
            )
            keys = sorted(versions)
            pairs = (
                [(f, keys[0]) for f in files]
                if len(keys) == 1
                else list(zip(files, keys, strict=False))
            )
            for fname, key in pairs:
                path = country / fname
                if path.exists():
                    pages.append(
                        Page(
                            "fundus",
                            f"{country.name}/{fname}",
                            _gz(path),
                            info[fname]["url"],
                            versions[key],
                            path,
                        )
                    )
    return pages[:limit]


def load_vn() -> list[Page]:
    base = DATA / "vn-news"
    pages = []
    for exp in json.loads((base / "expectations.json").read_text(encoding="utf-8")):
        path = base / exp["file"]
        pages.append(Page("vn-news", exp["file"], path.read_bytes(), exp["url"], exp, path))
    return pages


def load_trafeval(limit: int | None) -> list[Page]:
    base = DATA / "trafilatura-eval"
    entries = json.loads((base / "evaldata_cache_subset.json").read_text(encoding="utf-8"))
    pages = []
    for url, item in sorted(entries.items())[:limit]:
        path = base / "cache" / f"{item['file']}.gz"
        if path.exists():
            pages.append(Page("trafilatura-eval", item["file"], _gz(path), url, item, path))
    return pages


# ------------------------------------------------------------------ extractors


def run_ours(page: Page) -> Result:
    try:
        art = extract_html(page.html, url=page.url or None, source=page.name)
    except DoingoaiError as err:
        return Result(error=str(err))
    return Result(art.text, art.title, art.lead, art.authors, art.published_at)


def _traf(page: Page, **options: Any) -> Result:
    import trafilatura

    out = trafilatura.extract(
        page.html,
        url=page.url or None,
        output_format="json",
        with_metadata=True,
        include_comments=False,
        **options,
    )
    if not out:
        return Result(error="no output")
    data = json.loads(out)
    authors = [a.strip() for a in re.split(r";", data.get("author") or "") if a.strip()]
    date = None
    if data.get("date"):
        try:
            date = datetime.fromisoformat(data["date"])
        except ValueError:
            date = None
    return Result(
        data.get("text") or "",
        data.get("title") or "",
        data.get("description") or "",
        authors,
        date,
        date_only=True,
    )


def _traf_plain(page: Page) -> Result:
    """trafilatura without metadata: the body text only (its fastest use)."""
    import trafilatura

    out = trafilatura.extract(page.html, url=page.url or None, include_comments=False)
    return Result(out or "", error="" if out else "no output")


EXTRACTORS: dict[str, Callable[[Page], Result]] = {
    "doingoai": run_ours,
    "trafilatura": lambda p: _traf(p),
    "trafilatura(precision)": lambda p: _traf(p, favor_precision=True),
    "trafilatura(no metadata)": _traf_plain,
}
# scored in the quality tables; the last one is timed only
SCORED = ("doingoai", "trafilatura", "trafilatura(precision)")


# ------------------------------------------------------------------ scoring

_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(
        tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n]
    )


def tp_fp_fn(truth: str, pred: str, n: int = 4) -> tuple[float, float, float]:
    t, p = shingles(truth, n), shingles(pred, n)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def prf(rows: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    def precision(tp: float, fp: float, fn: float) -> float:
        if fp == fn == 0:
            return 1.0
        return 0.0 if tp == fp == 0 else tp / (tp + fp)

    def recall(tp: float, fp: float, fn: float) -> float:
        if fp == fn == 0:
            return 1.0
        return 0.0 if tp == fn == 0 else tp / (tp + fn)

    ps = [precision(*r) for r in rows if r[0] + r[1] > 0]
    rs = [recall(*r) for r in rows if r[0] + r[2] > 0]
    p = statistics.mean(ps) if ps else 0.0
    r = statistics.mean(rs) if rs else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def token_f1(truth: str, pred: str) -> float:
    t, p = Counter(_TOKEN.findall(truth.casefold())), Counter(_TOKEN.findall(pred.casefold()))
    if not t and not p:
        return 1.0
    common = sum((t & p).values())
    if not common:
        return 0.0
    pr, rc = common / sum(p.values()), common / sum(t.values())
    return 2 * pr * rc / (pr + rc)


def fundus_body(truth: dict[str, Any]) -> str:
    body = truth.get("body") or {}
    parts = list(body.get("summary", []))
    for section in body.get("sections", []):
        parts.extend(section.get("headline", []))
        parts.extend(section.get("paragraphs", []))
    return "\n\n".join(parts)


_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\xad": None, "\u200b": None})


def _norm_title(text: str) -> str:
    """Case, spacing, soft hyphens and typographic quotes do not count."""
    return " ".join(text.translate(_QUOTES).split()).casefold()


def _parse_truth_date(value: str, tz: timezone) -> datetime | None:
    value = value.strip().replace(" ", "T", 1) if re.match(r"\d{4}-\d\d-\d\d \d", value) else value
    try:
        found = datetime.fromisoformat(value)
    except ValueError:
        return None
    return found if found.tzinfo else found.replace(tzinfo=tz)


def same_time(
    truth: datetime | None,
    ours: datetime | None,
    *,
    naive_tz: timezone = UTC,
    day_only: bool = False,
) -> bool:
    """Same minute; for an extractor that only gives a day, the same calendar day."""
    if truth is None or ours is None:
        return truth is ours
    if day_only:
        return truth.date() == ours.date()
    if ours.tzinfo is None:
        ours = ours.replace(tzinfo=naive_tz)
    if truth.tzinfo is None:
        return ours.replace(tzinfo=None).date() == truth.date()
    return abs((truth - ours).total_seconds()) <= 60


# ------------------------------------------------------------------ vn-news checks

_ANCHOR = re.compile(r"<a\b[^>]*>(.*?)</a>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")


def _anchor_texts(html: str) -> set[str]:
    import html as htmlmod

    out = set()
    for raw in _ANCHOR.findall(html):
        text = " ".join(htmlmod.unescape(_TAG.sub(" ", raw)).split())
        if len(text) >= 30 and len(text.split()) >= 6:
            out.add(text)
    return out


def vn_boilerplate(page: Page, result: Result) -> list[str]:
    """Headlines from the section list page and the article page's own link lists
    (links outside <p>), and footer lines, that leak into the body."""
    from selectolax.lexbor import LexborHTMLParser

    base = DATA / "vn-news"
    list_html = (base / page.truth["list_page"]).read_text(encoding="utf-8", errors="replace")
    suspects = _anchor_texts(list_html)
    tree = LexborHTMLParser(page.html.decode("utf-8", errors="replace"))
    for link in tree.css("a"):
        text = " ".join(link.text(deep=True).split())
        if len(text) < 30 or len(text.split()) < 6:
            continue
        parent, in_p = link.parent, False
        while parent is not None:
            if parent.tag == "p":
                in_p = True
                break
            parent = parent.parent
        if not in_p:
            suspects.add(text)
    for footer in tree.css("footer"):
        for line in footer.text(deep=True, separator="\n").split("\n"):
            line = " ".join(line.split())
            if len(line) >= 25:
                suspects.add(line)
    body = " ".join(result.text.split())
    title = _norm_title(result.title)
    lead = " ".join(result.lead.split())
    return sorted(s for s in suspects if s in body and _norm_title(s) != title and s not in lead)


# ------------------------------------------------------------------ report


def run_all(
    pages: list[Page], names: list[str]
) -> tuple[dict[str, list[Result]], dict[str, list[float]]]:
    """Every extractor on every page, page by page, with the CPU time of each.

    The extractors take turns on each page, so a change in the load of the
    machine during the run weighs on all of them alike. Each first runs once
    on the first page, untimed, so that imports and compiled patterns are not
    counted.
    """
    runs: dict[str, list[Result]] = {name: [] for name in names}
    seconds: dict[str, list[float]] = {name: [] for name in names}
    for name in names:
        EXTRACTORS[name](pages[0])
    for page in pages:
        for name in names:
            start = time.process_time()
            runs[name].append(EXTRACTORS[name](page))
            seconds[name].append(time.process_time() - start)
    return runs, seconds


def report_scrapinghub(
    pages: list[Page], runs: dict[str, list[Result]], worst: int, label: str
) -> None:
    print(f"\n## scrapinghub ({label}, {len(pages)} pages): shingle precision / recall / F1")
    for name, results in runs.items():
        rows = [
            tp_fp_fn(p.truth.get("articleBody", ""), r.text)
            for p, r in zip(pages, results, strict=True)
        ]
        p, r, f = prf(rows)
        print(f"  {name:<24} P={p:.3f} R={r:.3f} F1={f:.3f}")
        if worst and name == "doingoai":
            scored = sorted(
                (
                    (prf([row])[2], pg.name, pg.url, res.error)
                    for pg, res, row in zip(pages, results, rows, strict=True)
                ),
            )
            for f1, key, url, err in scored[:worst]:
                print(f"      {f1:.3f} {key} {url} {err}")


def report_fundus(pages: list[Page], runs: dict[str, list[Result]], worst: int, label: str) -> None:
    print(f"\n## fundus ({label}, {len(pages)} pages): field accuracy and body F1")
    print(f"  {'extractor':<24} title  authors  date*  lead-F1  body P / R / F1")
    for name, results in runs.items():
        n = len(pages)
        title = authors = date = 0
        lead_scores = []
        rows = []
        for page, res in zip(pages, results, strict=True):
            t = page.truth
            title += _norm_title(res.title) == _norm_title(t.get("title") or "")
            want = {a.casefold() for a in t.get("authors", [])}
            authors += {a.casefold() for a in res.authors} == want
            truth_date = _parse_truth_date(t.get("publishing_date") or "", UTC)
            date += same_time(truth_date, res.date, day_only=res.date_only)
            summary = " ".join((t.get("body") or {}).get("summary", []))
            lead_scores.append(token_f1(summary, res.lead))
            rows.append(tp_fp_fn(fundus_body(t), res.text))
        p, r, f = prf(rows)
        print(
            f"  {name:<24} {title / n:.1%} {authors / n:6.1%} {date / n:6.1%} "
            f"{statistics.mean(lead_scores):7.3f}  {p:.3f} / {r:.3f} / {f:.3f}"
        )
        if worst and name == "doingoai":
            for page, res, row in sorted(
                zip(pages, results, rows, strict=True), key=lambda x: prf([x[2]])[2]
            )[:worst]:
                print(f"      body F1 {prf([row])[2]:.3f} {page.name} {res.error}")
            for page, res in zip(pages, results, strict=True):
                if _norm_title(res.title) != _norm_title(page.truth.get("title") or ""):
                    print(f"      title {page.name}: {res.title!r} != {page.truth.get('title')!r}")
    print("  date*: same minute (trafilatura gives only a day: same day)")


def report_vn(pages: list[Page], runs: dict[str, list[Result]], worst: int, label: str) -> None:
    print(f"\n## vn-news ({label}, {len(pages)} articles): expectations and boilerplate")
    for name, results in runs.items():
        held = total = leaks = 0
        notes = []
        for page, res in zip(pages, results, strict=True):
            exp = page.truth
            checks = []
            if exp.get("title"):
                checks.append(("title", _norm_title(res.title) == _norm_title(exp["title"])))
            if exp.get("published_at"):
                want = _parse_truth_date(exp["published_at"], VN_TZ)
                checks.append(
                    ("date", same_time(want, res.date, naive_tz=VN_TZ, day_only=res.date_only))
                )
            for snippet in exp.get("content_contains", []):
                checks.append(("body", snippet in res.text))
            leaked = vn_boilerplate(page, res)
            checks.append(("no boilerplate", not leaked))
            leaks += len(leaked)
            for what, ok in checks:
                total += 1
                held += ok
                if not ok:
                    notes.append(
                        f"{page.name}: {what}"
                        + (f" {leaked[:2]}" if what == "no boilerplate" else "")
                    )
        print(f"  {name:<24} {held}/{total} checks hold, {leaks} boilerplate lines in body")
        for note in notes[:6]:
            print(f"      {note}")


def report_trafeval(
    pages: list[Page], runs: dict[str, list[Result]], worst: int, label: str
) -> None:
    print(f"\n## trafilatura-eval ({label}, {len(pages)} pages): snippet precision / recall / F1")
    for name, results in runs.items():
        tp = fn = fp = tn = 0
        misses = []
        for page, res in zip(pages, results, strict=True):
            for snippet in page.truth.get("with", []):
                if snippet in res.text:
                    tp += 1
                else:
                    fn += 1
                    misses.append(f"missing {page.name}: {snippet[:60]!r}")
            for snippet in page.truth.get("without", []):
                if snippet in res.text:
                    fp += 1
                    misses.append(f"unwanted {page.name}: {snippet[:60]!r}")
                else:
                    tn += 1
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(
            f"  {name:<24} P={p:.3f} R={r:.3f} F1={f:.3f} accuracy={(tp + tn) / (tp + tn + fp + fn):.3f}"
        )
        if worst and name == "doingoai":
            for miss in misses[: worst * 2]:
                print(f"      {miss}")


def memory_child(quick: bool) -> None:
    """Run only doingoai over all pages and print the peak resident set size."""
    pages = collect(quick)
    for page in pages:
        run_ours(page)
        page.html = b""
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def collect(quick: bool) -> list[Page]:
    limit = 30 if quick else None
    return load_scrapinghub(limit) + load_fundus(limit) + load_vn() + load_trafeval(limit)


SET_FOLDERS = {
    "scrapinghub": "scrapinghub/html",
    "fundus": "fundus",
    "trafilatura-eval": "trafilatura-eval/cache",
}


#: the largest peak resident set size (KiB) of the command's runs so far
COMMAND_MAXRSS = [0]


# Starts a command and prints its user + system CPU seconds and peak resident
# set size (KiB). A child's ru_maxrss counts the memory of the process it was
# forked from, so the command is started from this small interpreter rather than
# from the benchmark, which holds every page and trafilatura.
_LAUNCHER = """
import os, subprocess, sys
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(proc.pid, 0)
proc.returncode = os.waitstatus_to_exitcode(status)
print(usage.ru_utime + usage.ru_stime, usage.ru_maxrss)
"""


_BYTECODE: list[str] = []  # the folder of the children's compiled modules, once made


def child_env() -> dict[str, str]:
    """The environment of the command's runs: Python's compiled modules cached
    as they are for a user (a shell may set PYTHONDONTWRITEBYTECODE, which
    would have the command compile the project's modules on every run while
    the installed libraries, trafilatura among them, have theirs), in a folder
    of this run's own, filled by one untimed run of the command."""
    import atexit
    import os
    import shutil
    import tempfile

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if not _BYTECODE:
        folder = tempfile.mkdtemp(prefix="bench-extract-pyc-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        _BYTECODE.append(folder)
        env["PYTHONPYCACHEPREFIX"] = folder
        page = Path(folder) / "warm-up.html"
        text = "Một trang không ghi ngày, đọc một lần cho Python dịch các mô-đun. " * 20
        page.write_text(
            f"<html><body><h1>Trang thử</h1><p>{text}</p></body></html>", encoding="utf-8"
        )
        subprocess.run(
            [sys.executable, "-m", "doingoai", "extract", str(page)],
            env=env,
            capture_output=True,
            check=True,
        )
    env["PYTHONPYCACHEPREFIX"] = _BYTECODE[0]
    return env


def measured_run(cmd: list[str], src: str | None = None) -> tuple[float, int]:
    """CPU seconds (user + system) and peak memory (KiB) of ``cmd``, run alone
    (``src``: a source folder put first on the child's PYTHONPATH)."""
    env = child_env()
    if src:
        env["PYTHONPATH"] = src
    out = subprocess.run(
        [sys.executable, "-c", _LAUNCHER, *cmd],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    cpu, maxrss = out.stdout.split()
    return float(cpu), int(maxrss)


def command_cpu(paths: list[Path], src: str | None = None) -> float:
    """User + system CPU seconds of one ``doingoai extract`` run over ``paths``
    (start-up, reading, decompressing, extraction and JSON output included);
    its peak memory is kept in :data:`COMMAND_MAXRSS`. ``src``: the command of
    another source tree (its ``src`` folder), for a before/after comparison."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        # the files of this run only, as links, so that quick runs stay quick
        for i, path in enumerate(paths):
            (Path(tmp) / f"{i:04d}-{path.name}").symlink_to(path.resolve())
        cpu, maxrss = measured_run([sys.executable, "-m", "doingoai", "extract", tmp], src)
    if src:
        return cpu
    COMMAND_MAXRSS[0] = max(COMMAND_MAXRSS[0], maxrss)
    return cpu


#: alternating runs of the command and of trafilatura in :func:`command_window`
WINDOW_ROUNDS = 3


def command_window(pages: list[Page]) -> tuple[float, float]:
    """CPU seconds of the command over ``pages`` and of trafilatura with metadata on
    the same pages, measured back to back: the command, then trafilatura in this
    process, :data:`WINDOW_ROUNDS` times; each keeps its least CPU time, the run
    least disturbed by other work on the machine (its load changes within
    seconds, and CPU time grows with it on a shared machine)."""
    paths = [p.path for p in pages if p.path]
    command, traf = [], []
    for _ in range(WINDOW_ROUNDS):
        command.append(command_cpu(paths))
        start = time.process_time()
        for page in pages:
            EXTRACTORS["trafilatura"](page)
        traf.append(time.process_time() - start)
    return min(command), min(traf)


def report_speed(
    pages: list[Page], seconds: dict[str, list[float]], names: list[str], command: bool
) -> None:
    print(
        "\n## speed per set, CPU time, docs/s (in this process: extractors in turn, page by page)"
    )
    columns = [*names, *(["doingoai extract (command)"] if command else [])]
    print("| set | pages | " + " | ".join(columns) + " |")
    print("|---|---:|" + "---:|" * len(columns))
    by_set: dict[str, list[int]] = {}
    for i, page in enumerate(pages):
        by_set.setdefault(page.set, []).append(i)
    ratios = []
    window: dict[str, tuple[int, float, float]] = {}
    for key, idx in by_set.items():
        cells = []
        spent = {name: sum(seconds[name][i] for i in idx) for name in names}
        for name in names:
            cells.append(f"{len(idx) / spent[name]:.1f}")
        if command:
            if key in SET_FOLDERS:
                set_pages = [pages[i] for i in idx]
                if "trafilatura" in names:
                    cpu, traf = command_window(set_pages)
                    window[key] = (len(idx), cpu, traf)
                else:
                    cpu = command_cpu([p.path for p in set_pages if p.path])
                spent["command"] = cpu
                cells.append(f"{len(idx) / cpu:.1f}")
            else:
                cells.append("–")
        print(f"| {key} | {len(idx)} | " + " | ".join(cells) + " |")
        ratios.append((key, spent))
    print("\nRatios of CPU time (how many times faster doingoai is):")
    for key, spent in ratios:
        parts = []
        for base in ("trafilatura", "trafilatura(no metadata)"):
            if base in spent:
                parts.append(f"library / {base} {spent[base] / spent['doingoai']:.2f}x")
        if key in window:
            # the command against trafilatura measured beside it (the table below)
            _, cpu, traf = window[key]
            parts.append(f"command / trafilatura {traf / cpu:.2f}x (back to back)")
        elif "command" in spent and "trafilatura" in spent:
            parts.append(f"command / trafilatura {spent['trafilatura'] / spent['command']:.2f}x")
        print(f"  {key:<18} " + ", ".join(parts))
    if window:
        print(
            "\n## the command and trafilatura (with metadata) back to back: "
            f"{WINDOW_ROUNDS} rounds of command then trafilatura, least CPU s of each, docs/s"
        )
        print("| set | pages | doingoai extract (command) | trafilatura | command / trafilatura |")
        print("|---|---:|---:|---:|---:|")
        for key, (count, cpu, traf) in window.items():
            print(
                f"| {key} | {count} | {cpu:.2f} s, {count / cpu:.1f} | "
                f"{traf:.2f} s, {count / traf:.1f} | {traf / cpu:.2f}× |"
            )
    if COMMAND_MAXRSS[0]:
        print(
            f"\n  doingoai extract peak memory (ru_maxrss, largest run): {COMMAND_MAXRSS[0] / 1024:.0f} MB"
        )


# Where the command's CPU goes, in a fresh interpreter as the command starts:
# start-up imports, htmldate's import, reading and gunzip, the extraction by
# step (a first, cold pass over the pages, then a second, warm one) and the
# records and their JSON. Prints one JSON object.
_STAGES = """
import json, sys, time
clock = time.process_time
spent = {"interpreter start": clock()}
import doingoai.cli, doingoai.cli.extract, doingoai.extract, doingoai.extract.html as H
spent["imports: command, extraction stack"] = clock() - spent["interpreter start"]
start = clock()
import htmldate
spent["import htmldate"] = clock() - start
from doingoai.extract import extract
from doingoai.extract._text_inputs import read_inputs
start = clock()
docs = [d for d in read_inputs(sys.argv[1:]) if d.data]
spent["read + gunzip"] = clock() - start
steps = ("_decode", "check_depth", "read_meta", "walk", "select_body", "_fill_body", "_htmldate")
inside = dict.fromkeys(["lexbor parse", *steps], 0.0)
def timed(name, func):
    def run(*args, **kwargs):
        start = clock()
        try:
            return func(*args, **kwargs)
        finally:
            inside[name] += clock() - start
    return run
H.LexborHTMLParser = timed("lexbor parse", H.LexborHTMLParser)
for name in steps:
    setattr(H, name, timed(name, getattr(H, name)))
for label in ("extraction, first pass", "extraction, second pass"):
    inside = dict.fromkeys(inside, 0.0)
    start = clock()
    results = []
    for doc in docs:
        try:
            results.append(extract(doc.data, url=doc.url, source=doc.name))
        except Exception:
            pass
    spent[label] = clock() - start
    if label.endswith("first pass"):
        first = dict(inside)
start = clock()
for doc, result in zip(docs, results):
    json.dumps(result.to_dict(path=doc.path), ensure_ascii=False)
spent["records + JSON"] = clock() - start
print(json.dumps({"pages": len(docs), "spent": spent, "steps": first}))
"""


def report_command(quick: bool) -> None:
    """The back-to-back table of :func:`report_speed` alone (no quality run)."""
    limit = 30 if quick else None
    sets = {
        "scrapinghub": load_scrapinghub(limit),
        "fundus": load_fundus(limit),
        "trafilatura-eval": load_trafeval(limit),
    }
    EXTRACTORS["trafilatura"](sets["scrapinghub"][0])  # its imports, untimed
    print(
        "| set | pages | doingoai extract (command) | trafilatura (with metadata) "
        "| command / trafilatura |"
    )
    print("|---|---:|---:|---:|---:|")
    for key, set_pages in sets.items():
        cpu, traf = command_window(set_pages)
        count = len(set_pages)
        print(
            f"| {key} | {count} | {cpu:.2f} s, {count / cpu:.1f} | "
            f"{traf:.2f} s, {count / traf:.1f} | {traf / cpu:.2f}× |"
        )
    print(
        f"\ndoingoai extract peak memory (ru_maxrss, largest run): {COMMAND_MAXRSS[0] / 1024:.0f} MB"
    )


#: alternating runs of the command of two trees in :func:`report_before`
BEFORE_ROUNDS = 7


def report_before(quick: bool, src: str) -> None:
    """The command of another source tree (``src``, e.g. ``git archive REV src``
    unpacked) against this one's, runs alternating on each set, median and least
    CPU of :data:`BEFORE_ROUNDS` each."""
    limit = 30 if quick else None
    sets = {
        "scrapinghub": load_scrapinghub(limit),
        "fundus": load_fundus(limit),
        "trafilatura-eval": load_trafeval(limit),
    }
    first = [p.path for p in sets["scrapinghub"][:1] if p.path]
    command_cpu(first, src)  # the other tree's modules compiled, untimed
    print("| set | pages | before (median, least) | now (median, least) | change (median) |")
    print("|---|---:|---:|---:|---:|")
    for key, set_pages in sets.items():
        paths = [p.path for p in set_pages if p.path]
        before, now = [], []
        for _ in range(BEFORE_ROUNDS):
            before.append(command_cpu(paths, src))
            now.append(command_cpu(paths))
        b, n = statistics.median(before), statistics.median(now)
        print(
            f"| {key} | {len(paths)} | {b:.2f} s, {min(before):.2f} s | "
            f"{n:.2f} s, {min(now):.2f} s | {(n - b) / b * 100:+.0f} % |"
        )


def report_stages(quick: bool) -> None:
    """Print where the command's CPU goes on each set (see ``_STAGES``)."""
    limit = 30 if quick else None
    sets = {
        "scrapinghub": load_scrapinghub(limit),
        "fundus": load_fundus(limit),
        "trafilatura-eval": load_trafeval(limit),
    }
    print("## where the command's CPU goes (s), one fresh interpreter per set")
    rows: dict[str, dict[str, float]] = {}
    counts = {}
    for key, set_pages in sets.items():
        paths = [str(p.path) for p in set_pages if p.path]
        out = subprocess.run(
            [sys.executable, "-c", _STAGES, *paths],
            capture_output=True,
            text=True,
            check=True,
            env=child_env(),
        )
        data = json.loads(out.stdout)
        counts[key] = data["pages"]
        rows[key] = data["spent"] | {
            f"  of which {name}": value for name, value in data["steps"].items()
        }
    print("| | " + " | ".join(f"{k} ({counts[k]})" for k in rows) + " |")
    print("|---|" + "---:|" * len(rows))
    for label in next(iter(rows.values())):
        print(f"| {label} | " + " | ".join(f"{rows[k][label]:.3f}" for k in rows) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="30 pages per set")
    parser.add_argument("--worst", type=int, default=0, help="list the N worst pages for doingoai")
    parser.add_argument("--only-ours", action="store_true", help="skip trafilatura (for iterating)")
    parser.add_argument(
        "--half",
        choices=("test", "dev"),
        default="test",
        help="the half of each set printed beside the whole set (default: test)",
    )
    parser.add_argument(
        "--stages",
        action="store_true",
        help="only where the command's CPU goes on each set, step by step",
    )
    parser.add_argument(
        "--command-only",
        action="store_true",
        help="only the command against trafilatura with metadata, back to back, per set",
    )
    parser.add_argument(
        "--before",
        metavar="SRC",
        help="only the command of another source tree (its src folder) against this one's, "
        "runs alternating, per set",
    )
    parser.add_argument("--memory-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        memory_child(args.quick)
        return
    if args.stages:
        report_stages(args.quick)
        return
    if args.command_only:
        report_command(args.quick)
        return
    if args.before:
        report_before(args.quick, args.before)
        return
    pages = collect(args.quick)
    names = ["doingoai"] if args.only_ours else list(EXTRACTORS)
    runs, seconds = run_all(pages, names)
    scored = {name: results for name, results in runs.items() if name in SCORED}

    def part(key: str, which: str) -> tuple[list[Page], dict[str, list[Result]]]:
        idx = [i for i, p in enumerate(pages) if p.set == key and which in ("all", p.half)]
        return [pages[i] for i in idx], {n: [r[i] for i in idx] for n, r in scored.items()}

    halves = {"test": "test half", "dev": "development half"}
    print(f"# Extraction benchmark: {len(pages)} pages, Python {sys.version.split()[0]}")
    reports: dict[str, Callable[..., None]] = {
        "scrapinghub": report_scrapinghub,
        "fundus": report_fundus,
        "vn-news": report_vn,
        "trafilatura-eval": report_trafeval,
    }
    whole = "quick sample" if args.quick else "whole set"
    for key, report in reports.items():
        for which, label in ((args.half, halves[args.half]), ("all", whole)):
            report(*part(key, which), args.worst, label)
    report_speed(pages, seconds, names, command=True)
    total = {name: sum(values) for name, values in seconds.items()}
    print(f"\nAll {len(pages)} pages in this process:")
    for name in names:
        print(f"  {name:<26} {len(pages) / total[name]:7.1f} docs/s  ({total[name]:.1f} s)")
    cmd = [sys.executable, __file__, "--memory-child"] + (["--quick"] if args.quick else [])
    _, maxrss = measured_run(cmd)
    print(
        f"  doingoai peak memory (ru_maxrss of a process running only it): {maxrss / 1024:.0f} MB"
    )


if __name__ == "__main__":
    main()
