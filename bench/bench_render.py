"""Portal pages rendered in one process: CPU time per render, uncached.

Sets up a demo database in a temporary folder (`doingoai demo`), optionally
adds ``--articles N`` published articles (as bench_portal.py does), and asks
each page kind through Django's test client with the page cache off (the
whole request: middleware, view, queries, template). For each page it prints
the least CPU time (``time.process_time``) per render over ``--rounds``
batches of ``--renders`` renders, and the page's count of SQL queries.

``--before SRC`` renders the same pages with the code of another source tree
(a folder holding the ``doingoai`` package, e.g. made by
``git archive COMMIT src | tar -x -C BEFORE`` and given as ``BEFORE/src``),
alternating with this tree batch by batch on the same database, so both
sides share the machine's state. The figures are CPU time, not wall time:
other work on the machine slows them less, but still some.
Usage: python bench/bench_render.py [--quick] [--articles N] [--before SRC] [--rounds N]
[--renders N]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_portal import ROOT, _env, make_database

PAGES = {
    "home /vi/": "/vi/",
    "home /en/": "/en/",
    "theme (vi)": "/vi/theme/kinh-te/",
    "theme (en)": "/en/theme/kinh-te/",
    "archive": "/vi/archive/",
    "article (vi)": "/vi/article/1/",
    "article (en)": "/en/article/1/",
}

_CHILD = """
import json, sys, time
import django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

renders, paths = int(sys.argv[1]), json.loads(sys.argv[2])
client = Client(HTTP_HOST="127.0.0.1")
out = {}
for name, path in paths.items():
    answer = client.get(path, follow=True)
    assert answer.status_code == 200, (path, answer.status_code)
    final = answer.redirect_chain[-1][0] if answer.redirect_chain else path
    for _ in range(3):
        client.get(final)
    start = time.process_time()
    for _ in range(renders):
        client.get(final)
    ms = 1000 * (time.process_time() - start) / renders
    with CaptureQueriesContext(connection) as queries:
        client.get(final)
    out[name] = [ms, len(queries.captured_queries)]
print(json.dumps(out))
"""


def _batch(db: Path, src: Path | None, renders: int) -> dict[str, list[float]]:
    env = _env(db, 0)
    env["DJANGO_SETTINGS_MODULE"] = "doingoai.project.settings"
    if src is not None:
        env["PYTHONPATH"] = str(src)
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(renders), json.dumps(PAGES)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="few renders on a small demo")
    parser.add_argument("--articles", type=int, default=0, help="published articles to add")
    parser.add_argument("--before", type=Path, default=None, help="another tree's src folder")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--renders", type=int, default=20)
    args = parser.parse_args()
    if args.quick:
        args.rounds, args.renders = 2, 5
    if args.before is not None and not (args.before / "doingoai" / "__init__.py").is_file():
        parser.error(f"--before {args.before}: no doingoai package in that folder")
    trees: dict[str, Path | None] = {"this tree": None}
    if args.before is not None:
        trees = {"before": args.before.resolve(), **trees}
    with tempfile.TemporaryDirectory(prefix="doingoai-bench-render-") as tmp:
        db = make_database(Path(tmp), args.quick, args.articles)
        best: dict[str, dict[str, list[float]]] = {name: {} for name in trees}
        for _ in range(args.rounds):
            for name, src in trees.items():
                for page, (ms, queries) in _batch(db, src, args.renders).items():
                    kept = best[name].get(page)
                    if kept is None or ms < kept[0]:
                        best[name][page] = [ms, queries]
    print(
        f"{args.articles or 'demo'} added articles; CPU ms per render, the least of "
        f"{args.rounds} batches of {args.renders}; load average {os.getloadavg()[0]:.1f}"
    )
    print(f"{'page':<16}" + "".join(f"{name + ' ms':>16}{'queries':>9}" for name in trees))
    for page in PAGES:
        cells = "".join(f"{best[n][page][0]:>16.2f}{best[n][page][1]:>9.0f}" for n in trees)
        print(f"{page:<16}{cells}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
