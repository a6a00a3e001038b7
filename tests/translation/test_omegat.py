"""A job translated in OmegaT (Debian's package, console mode): the job is
exported with the source copied into its targets, as OmegaT's XLIFF filter
needs, the office's memory goes into the project's tm/auto as TMX, OmegaT
applies its exact matches, and the file it writes imports back."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from doingoai.store.models import Article
from doingoai.translate.engines import DummyEngine
from doingoai.translate.memory import Entry
from doingoai.translate.tmx import export_tmx
from doingoai.translate.xliff import read_xliff
from doingoai.translation import services
from doingoai.translation.exchange import export_job_xliff, import_job_xliff
from doingoai.translation.models import TranslationJob

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        shutil.which("omegat") is None, reason="OmegaT (Debian package omegat) is not installed"
    ),
]

TITLE = "Chủ tịch UBND TP Hà Nội tiếp đoàn."
LEAD = "Ngày 2.6, thành phố đón 2.350 khách quốc tế."
PARAGRAPH = "Bộ Công an đã làm việc với thành phố."
ENGLISH_LEAD = "On June 2, the city welcomed 2,350 international visitors."
ENGLISH_PARAGRAPH = "The Ministry of Public Security worked with the city."

PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>vi</source_lang>
    <target_lang>en</target_lang>
    <source_tok>org.omegat.tokenizer.DefaultTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
    <sentence_seg>false</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""


def omegat_jar() -> Path:
    """OmegaT.jar, found through the launcher the package installs."""
    launcher = Path(shutil.which("omegat") or "").resolve()
    for word in launcher.read_text(encoding="utf-8", errors="replace").split():
        word = word.strip("\"'")
        if word.endswith("OmegaT.jar") and Path(word).is_file():
            return Path(word)
    raise AssertionError(f"no OmegaT.jar named in {launcher}")


@pytest.fixture
def job(make_article: Callable[..., Article]) -> TranslationJob:
    services.translation_memory().add([Entry(LEAD, ENGLISH_LEAD, "vi", "en")])
    article = make_article(TITLE, LEAD, [PARAGRAPH])
    job = services.create_or_refresh_job(article, "en").job
    services.pretranslate(job, DummyEngine())
    return job


def _project(root: Path) -> Path:
    for folder in ("source", "target", "tm/auto", "glossary", "dictionary", "omegat"):
        (root / folder).mkdir(parents=True)
    (root / "omegat.project").write_text(PROJECT, encoding="utf-8")
    return root


def test_office_memory_as_tmx_is_valid_tmx_1_4(job: TranslationJob, tmp_path: Path) -> None:
    tmx = tmp_path / "memory.tmx"
    assert export_tmx(services.translation_memory(), tmx, source_lang="vi", target_lang="en") >= 1
    with zipfile.ZipFile(omegat_jar()) as jar:
        dtd = etree.DTD(jar.open("schemas/tmx14.dtd"))
    assert dtd.validate(etree.parse(str(tmx))), dtd.error_log


def test_omegat_translates_an_exported_job_with_the_memory(
    job: TranslationJob, tmp_path: Path
) -> None:
    project = _project(tmp_path / "project")
    source = project / "source" / f"job-{job.pk}.xlf"
    # OmegaT 3.6 reads XLIFF 1.2 (a 2.0 file is copied to target/ untranslated)
    export_job_xliff(job, source, "1.2", targets="source")
    # what OmegaT will translate: every target is the source; the machine's
    # proposal of the title is a suggestion
    exported = read_xliff(source)
    assert [u.target for u in exported.units] == [TITLE, LEAD, PARAGRAPH]
    assert any(a.origin == "mt" for a in exported.units[0].alternatives)
    # the office's memory, with a translation of the paragraph added since
    services.translation_memory().add([Entry(PARAGRAPH, ENGLISH_PARAGRAPH, "vi", "en")])
    export_tmx(
        services.translation_memory(),
        project / "tm" / "auto" / "office.tmx",
        source_lang="vi",
        target_lang="en",
    )

    run = subprocess.run(
        ["omegat", "--mode=console-translate", str(project)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "HOME": str(tmp_path), "LC_ALL": "C.UTF-8"},
        check=False,
    )
    translated = project / "target" / source.name
    assert run.returncode == 0 and translated.is_file(), run.stdout[-2000:] + run.stderr[-2000:]
    targets = [u.target for u in read_xliff(translated).units]
    # the memory's exact matches applied; the title, with none, left as its source
    assert targets == [TITLE, ENGLISH_LEAD, ENGLISH_PARAGRAPH]

    done = import_job_xliff(translated)
    assert (done.updated, done.unchanged) == (1, 1)
    assert done.skipped == {"copy-of-source": 1}
    stored = list(job.segments.order_by("position").values_list("target", flat=True))
    assert stored[1:] == [ENGLISH_LEAD, ENGLISH_PARAGRAPH]
    assert stored[0] != TITLE  # the machine's proposal is still there to post-edit
