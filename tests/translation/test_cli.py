"""The translation commands: translate, xliff, tm, terms, qa — each a thin
call into the services, with clear errors and no traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import doingoai.project
from doingoai.cli import main
from doingoai.store.models import Article
from doingoai.translate.xliff import read_xliff
from doingoai.translation import services
from doingoai.translation.models import TermConcept, TranslationJob

from .conftest import SEED_ENGLISH


@pytest.fixture(autouse=True)
def _django_ready(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # pytest-django already configured Django and the test database
    monkeypatch.setattr(doingoai.project, "_ready", True)
    yield


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.django_db
def test_translate_without_an_engine_says_how_to_set_one_up(
    seed_article: Article, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """No engine in DOINGOAI_MT_ENGINE: the job is pre-translated from the
    memory only, no box gets the dummy engine's "[en] …" marker, and the
    command says how to set an engine up."""
    monkeypatch.delenv("DOINGOAI_MT_ENGINE", raising=False)
    code, out, err = run(capsys, "translate", str(seed_article.pk), "--to", "en")
    assert code == 0, err
    job = TranslationJob.objects.get()
    assert f"job {job.pk}: article {seed_article.pk} → en, created, 7 segments" in out
    assert "no machine-translation engine is set up" in out
    assert "DOINGOAI_MT_ENGINE" in out and "libretranslate" in out
    assert set(job.segments.values_list("target", flat=True)) == {""}
    code, out, _ = run(capsys, "translate", str(seed_article.pk), "--to", "en", "--format", "json")
    data = json.loads(out)
    assert data["engine_set_up"] is False and data["pretranslation"]["filled"] == {}
    assert "DOINGOAI_MT_ENGINE is not set" in data["pretranslation"]["mt_failure"]


@pytest.mark.django_db
def test_translate_command_with_an_engine(
    seed_article: Article, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The dummy engine only when asked for: by --engine, or named in the setting."""
    monkeypatch.delenv("DOINGOAI_MT_ENGINE", raising=False)
    code, out, err = run(
        capsys, "translate", str(seed_article.pk), "--to", "en", "--engine", "dummy",
        "--format", "json",
    )  # fmt: skip
    assert code == 0, err
    data = json.loads(out)
    job = TranslationJob.objects.get()
    assert data["job"]["id"] == job.pk and data["job"]["state"] == "pretranslated"
    assert data["pretranslation"]["filled"] == {"mt": 7}
    assert data["refresh"]["created"] is True and data["engine_set_up"] is True
    assert job.segments.filter(target__startswith="[en] ").count() == 7

    monkeypatch.setenv("DOINGOAI_MT_ENGINE", "dummy")
    code, out, _ = run(capsys, "translate", str(seed_article.pk), "--to", "en")
    assert code == 0
    assert f"job {job.pk}: article {seed_article.pk} → en, refreshed, 7 segments" in out
    assert "pre-translated: nothing; 0 left empty" in out
    assert "no machine-translation engine" not in out


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["translate", "9999", "--to", "en"], "error: article 9999 does not exist"),
        (["translate", "{article}", "--to", "xx"], "target language 'xx' is not offered"),
        (["translate", "{article}", "--to", "en", "--engine", "nope"], "unknown engine 'nope'"),
        (["xliff", "export", "9999", "--out", "{tmp}/x.xlf"], "translation job 9999 does not"),
        (["xliff", "import", "{tmp}/missing.xlf"], "cannot read the XLIFF file"),
        (["tm", "import", "{tmp}/missing.tmx"], "missing.tmx"),
        (["terms", "import", "{tmp}/terms.txt"], "unknown termbase format"),
        (["qa", "9999"], "translation job 9999 does not exist"),
    ],
)
def test_errors_are_messages(
    make_article: Callable[..., Article],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    article = make_article("Hà Nội đón khách.")
    (tmp_path / "terms.txt").write_text("x", encoding="utf-8")
    argv = [a.format(article=article.pk, tmp=tmp_path) for a in args]
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert message in err and "Traceback" not in err + out


@pytest.mark.django_db
def test_xliff_commands_round_trip(
    seed_article: Article, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    job = services.create_or_refresh_job(seed_article, "en").job
    path = tmp_path / "job.xlf"
    code, out, _ = run(
        capsys, "xliff", "export", str(job.pk), "--out", str(path), "--version", "2.0"
    )
    assert code == 0 and "7 segments written" in out
    data = path.read_text(encoding="utf-8")
    english = list(SEED_ENGLISH)
    for source in job.segments.values_list("source", flat=True):
        escaped = source.replace("&", "&amp;")
        data = data.replace(
            f"<source>{escaped}</source>",
            f"<source>{escaped}</source><target>{english.pop(0)}</target>",
            1,
        )
    path.write_text(data, encoding="utf-8")
    code, out, err = run(capsys, "xliff", "import", str(path))
    assert code == 0, err
    assert out.strip() == f"job {job.pk}: 7 segments updated, 0 unchanged"
    code, out, _ = run(capsys, "qa", str(job.pk), "--format", "json")
    assert (code, json.loads(out)) == (0, [])


@pytest.mark.django_db
def test_tm_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tmx = tmp_path / "in.tmx"
    tmx.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="vi" datatype="plaintext" segtype="sentence"
 adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/><body>
<tu><tuv xml:lang="vi"><seg>Hà Nội là thủ đô của Việt Nam.</seg></tuv>
<tuv xml:lang="en"><seg>Hanoi is the capital of Viet Nam.</seg></tuv></tu>
<tu><tuv xml:lang="vi"><seg>Thành phố đón 2.350 du khách quốc tế.</seg></tuv>
<tuv xml:lang="en"><seg>The city welcomed 2,350 international tourists.</seg></tuv></tu>
</body></tmx>""",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "tm", "import", str(tmx))
    assert code == 0, err
    assert "2 units read (vi→en), 2 added" in out

    code, out, _ = run(
        capsys,
        "tm",
        "lookup",
        "Thành phố đón 3.100 du khách quốc tế.",
        "--from",
        "vi",
        "--to",
        "en",
        "--min-score",
        "75",
        "--limit",
        "1",
        "--format",
        "json",
    )
    assert code == 0
    [match] = json.loads(out)
    assert set(match) == {"score", "source", "target", "origin"}
    assert match["target"] == "The city welcomed 3,100 international tourists."
    assert 75 <= match["score"] < 100 and match["origin"] == "tm"  # imported: no origin given

    code, out, _ = run(capsys, "tm", "lookup", "Một câu khác hẳn.", "--format", "json")
    assert (code, json.loads(out)) == (0, [])

    exported = tmp_path / "out.tmx"
    code, out, _ = run(capsys, "tm", "export", "--out", str(exported))
    assert code == 0 and "2 units written" in out
    assert "Hanoi is the capital of Viet Nam." in exported.read_text(encoding="utf-8")


@pytest.mark.django_db
def test_terms_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seeded = TermConcept.objects.count()
    assert seeded > 100  # the data migration loaded the shipped termbase
    csv = tmp_path / "glossary.csv"
    csv.write_text(
        "vi,en\nPhố cổ Hà Nội,Hanoi Old Quarter\nHồ Gươm,Hoan Kiem Lake\n", encoding="utf-8"
    )
    code, out, err = run(capsys, "terms", "import", str(csv))
    assert code == 0, err
    assert "2 concepts added, 0 replaced" in out
    assert TermConcept.objects.count() == seeded + 2
    assert "Hoan Kiem Lake" in [t.text for c in services.termbase() for t in c.terms]

    tbx = tmp_path / "out.tbx"
    code, out, _ = run(capsys, "terms", "export", "--out", str(tbx))
    assert code == 0 and f"{seeded + 2} concepts written" in out
    assert "Hanoi Old Quarter" in tbx.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "checks", "code"),
    [
        (
            ["--source", "Ngày 2.6, có 2.350 người.", "--target", "On June 2, 2,350 people came."],
            [],
            0,
        ),
        (
            ["--source", "Ngày 2.6, có 2.350 người.", "--target", "On June 2, 2.350 people came."],
            ["numbers"],
            1,
        ),
        (
            ["--source", "Ngày 26/4, có 20 người.", "--target", "On 4 26, 20 people came."],
            ["dates"],
            1,
        ),
        (
            [
                "--source",
                "Bộ Công an làm việc với thành phố.",
                "--target",
                "The Ministry of Police worked with the city.",
            ],
            ["terms"],
            1,
        ),
    ],
)
def test_qa_check_command(
    capsys: pytest.CaptureFixture[str], args: list[str], checks: list[str], code: int
) -> None:
    got, out, _ = run(
        capsys, "qa", "check", *args, "--from", "vi", "--to", "en", "--format", "json"
    )
    rows = json.loads(out)
    assert got == code
    assert sorted({r["check"] for r in rows if r["severity"] == "error"}) == checks
    for row in rows:
        assert {"check", "severity", "message", "span"} <= set(row)


def test_terms_find_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "terms",
        "find",
        "Bộ Kế hoạch và Đầu tư họp với UBND TP Hà Nội.",
        "--date",
        "2025-06-01",
        "--format",
        "json",
    )
    assert code == 0
    hits = {h["text"]: h for h in json.loads(out)}
    assert hits["Bộ Kế hoạch và Đầu tư"]["historical"] is True
    assert hits["UBND TP Hà Nội"]["concept"] == "hn-peoples-committee"
    assert "Hanoi People's Committee" in [t["text"] for t in hits["UBND TP Hà Nội"]["targets"]]

    code, _, err = run(capsys, "terms", "find", "x", "--date", "2025-13-01")
    assert code == 2 and "--date '2025-13-01' is not a date" in err


def test_qa_check_and_terms_find_start_no_django(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from doingoai.cli import cli\n"
        "for args in (['qa', 'check', '--source', 'Hà Nội.', '--target', 'Hanoi.'],\n"
        "             ['terms', 'find', 'Hà Nội']):\n"
        "    cli.main(args=args, standalone_mode=False)\n"
        "print('django' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "False"


@pytest.mark.django_db
def test_xliff_export_targets_for_omegat(
    seed_article: Article, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    job = services.create_or_refresh_job(seed_article, "en").job
    path = tmp_path / "job.xlf"
    code, out, err = run(
        capsys, "xliff", "export", str(job.pk), "--out", str(path), "--targets", "source"
    )
    assert code == 0 and "7 segments written" in out, err
    units = read_xliff(path).units
    assert len(units) == 7 and all(u.target == u.source for u in units)
    code, _, err = run(
        capsys, "xliff", "export", str(job.pk), "--out", str(path), "--targets", "copy"
    )
    assert code == 2 and "'copy' is not one of" in err
