"""XLIFF exchange of a job: export, edit in a CAT tool, import back — all or
nothing, with mismatches reported."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from doingoai.errors import InputError, WorkflowError, XliffMismatch
from doingoai.store.models import Article
from doingoai.translate.engines import DummyEngine
from doingoai.translate.memory import Entry
from doingoai.translate.xliff import read_xliff
from doingoai.translation import services
from doingoai.translation.exchange import export_job_xliff, import_job_xliff, job_to_xliff
from doingoai.translation.models import Segment, TranslationJob

pytestmark = pytest.mark.django_db

XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF20 = "urn:oasis:names:tc:xliff:document:2.0"
ENGLISH = [
    "Hanoi Mayor receives delegation.",
    "On June 2, the city welcomed 2,350 international visitors.",
    "The Ministry of Public Security worked with the city.",
]


@pytest.fixture
def job(make_article: Callable[..., Article]) -> TranslationJob:
    services.translation_memory().add(
        [
            Entry(
                "Ngày 2.6, thành phố đón 2.350 khách quốc tế.",
                ENGLISH[1],
                "vi",
                "en",
            )
        ]
    )
    article = make_article(
        "Chủ tịch UBND TP Hà Nội tiếp đoàn.",
        "Ngày 2.6, thành phố đón 2.350 khách quốc tế.",
        ["Bộ Công an đã làm việc với thành phố."],
    )
    job = services.create_or_refresh_job(article, "en").job
    services.pretranslate(job, DummyEngine())
    return job


def _fill(path: Path, version: str, targets: dict[int, str]) -> None:
    """Edit the targets of an exported file as a CAT tool would."""
    tree = etree.parse(str(path))
    if version == "1.2":
        units = tree.findall(f".//{{{XLIFF12}}}trans-unit")
        for n, unit in enumerate(units):
            if n in targets:
                target = unit.find(f"{{{XLIFF12}}}target")
                if target is None:
                    target = etree.SubElement(unit, f"{{{XLIFF12}}}target")
                target.text = targets[n]
                target.set("state", "translated")
    else:
        units = tree.findall(f".//{{{XLIFF20}}}segment")
        for n, segment in enumerate(units):
            if n in targets:
                target = segment.find(f"{{{XLIFF20}}}target")
                if target is None:
                    target = etree.SubElement(segment, f"{{{XLIFF20}}}target")
                target.text = targets[n]
                segment.set("state", "translated")
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def test_job_as_xliff_has_matches_terms_and_notes(job: TranslationJob) -> None:
    xliff = job_to_xliff(job)
    assert (xliff.job_id, xliff.source_lang, xliff.target_lang) == (str(job.pk), "vi", "en")
    assert xliff.original == f"article:{job.article_id}"
    title, lead, paragraph = xliff.units
    assert [u.kind for u in xliff.units] == ["title", "lead", "paragraph"]
    assert [(a.score, a.target, a.origin) for a in lead.alternatives] == [(100.0, ENGLISH[1], "tm")]
    assert lead.target == ENGLISH[1] and "pre-translated from tm (100)" in lead.notes
    assert any(a.origin == "mt" for a in title.alternatives)
    assert [(t.source, t.target) for t in paragraph.terms] == [
        ("Bộ Công an", "Ministry of Public Security")
    ]
    assert title.terms[0].target == "Chairman of the Hanoi People's Committee"


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_round_trip(job: TranslationJob, tmp_path: Path, version: str) -> None:
    path = tmp_path / f"job.{version}.xlf"
    export_job_xliff(job, path, version)
    assert read_xliff(path).units[1].target == ENGLISH[1]
    _fill(path, version, {0: ENGLISH[0], 2: ENGLISH[2]})

    done = import_job_xliff(path)
    assert (done.job.pk, done.updated, done.unchanged) == (job.pk, 2, 1)
    targets = list(job.segments.order_by("position").values_list("target", "origin"))
    assert targets == [(ENGLISH[0], "human"), (ENGLISH[1], "tm"), (ENGLISH[2], "human")]
    job.refresh_from_db()
    assert job.state == "in_translation"
    services.submit_for_review(job)
    services.approve(job)  # what came back passes QA
    assert "XLIFF job." in job.events.filter(comment__contains="XLIFF").last().comment  # type: ignore[union-attr]


def _snapshot(job: TranslationJob) -> list[tuple[str, int]]:
    return list(job.segments.order_by("position").values_list("target", "version"))


def _edit_file(path: Path, edit: Callable[[etree._ElementTree], None]) -> None:
    tree = etree.parse(str(path))
    edit(tree)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def _set_lang(tree: etree._ElementTree) -> None:
    tree.find(f".//{{{XLIFF12}}}file").set("target-language", "fr")  # type: ignore[union-attr]


def _drop_unit(tree: etree._ElementTree) -> None:
    unit = tree.findall(f".//{{{XLIFF12}}}trans-unit")[-1]
    unit.getparent().remove(unit)  # type: ignore[union-attr]


def _change_source(tree: etree._ElementTree) -> None:
    tree.find(f".//{{{XLIFF12}}}source").text = "Hà Nội tiếp đoàn."  # type: ignore[union-attr]


def _rename_unit(tree: etree._ElementTree) -> None:
    tree.findall(f".//{{{XLIFF12}}}trans-unit")[0].set("id", "999999")


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (_set_lang, "the file translates vi→fr, the job vi→en"),
        (_drop_unit, "the file has 2 segments, the job has 3"),
        (_change_source, "the source text was changed in the file"),
        (_rename_unit, "segment ids not in the job: '999999'"),
    ],
    ids=["wrong-pair", "count", "source-changed", "unknown-id"],
)
def test_mismatched_file_imports_nothing(
    job: TranslationJob, tmp_path: Path, edit: Callable[[etree._ElementTree], None], problem: str
) -> None:
    path = tmp_path / "job.xlf"
    export_job_xliff(job, path)
    _fill(path, "1.2", {0: ENGLISH[0], 1: "Changed.", 2: ENGLISH[2]})
    _edit_file(path, edit)
    before = _snapshot(job)
    with pytest.raises(XliffMismatch, match=problem):
        import_job_xliff(path)
    assert _snapshot(job) == before


def test_file_for_another_job_imports_nothing(
    job: TranslationJob, tmp_path: Path, make_article: Callable[..., Article]
) -> None:
    other = services.create_or_refresh_job(make_article("Hà Nội đón khách."), "en").job
    path = tmp_path / "job.xlf"
    export_job_xliff(job, path)
    _fill(path, "1.2", {0: ENGLISH[0]})
    before = (_snapshot(job), _snapshot(other))
    with pytest.raises(XliffMismatch) as caught:
        import_job_xliff(path, job=other)
    message = str(caught.value)
    assert f"the file is for job '{job.pk}', not job '{other.pk}'" in message
    assert "the file has 3 segments, the job has 1" in message
    assert (_snapshot(job), _snapshot(other)) == before


def test_file_naming_a_missing_job(job: TranslationJob, tmp_path: Path) -> None:
    path = tmp_path / "job.xlf"
    export_job_xliff(job, path)
    job.delete()
    with pytest.raises(InputError, match="which does not exist"):
        import_job_xliff(path)


def test_segment_saved_after_export_blocks_import(job: TranslationJob, tmp_path: Path) -> None:
    path = tmp_path / "job.xlf"
    export_job_xliff(job, path)
    services.save_segment(job.segments.get(position=0), "Hanoi's Mayor receives a delegation.")
    _fill(path, "1.2", {0: ENGLISH[0], 2: ENGLISH[2]})
    before = _snapshot(job)
    with pytest.raises(WorkflowError, match=r"segments 0 of job .* were saved after this file"):
        import_job_xliff(path)
    assert _snapshot(job) == before


def test_hostile_file_refused(job: TranslationJob, tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlf"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f'<xliff version="1.2" xmlns="{XLIFF12}"><file source-language="vi" '
        'target-language="en" original="x" datatype="plaintext"><body>'
        '<trans-unit id="1"><source>&b;</source></trans-unit></body></file></xliff>',
        encoding="utf-8",
    )
    before = _snapshot(job)
    with pytest.raises(InputError, match=r"bomb\.xlf"):
        import_job_xliff(path, job=job)
    assert _snapshot(job) == before


def test_approved_job_refuses_import(job: TranslationJob, tmp_path: Path) -> None:
    for segment, target in zip(job.segments.order_by("position"), ENGLISH, strict=True):
        services.save_segment(segment, target)
    services.submit_for_review(job)
    path = tmp_path / "job.xlf"
    export_job_xliff(job, path)
    services.approve(job)
    _fill(path, "1.2", {0: "Another title."})
    with pytest.raises(WorkflowError, match="is approved: nothing imported"):
        import_job_xliff(path)
    assert job.segments.get(position=0).target == ENGLISH[0]


def _set_units(path: Path, version: str, units: dict[int, tuple[str, str | None]]) -> None:
    """Give units a target and a state (None: no state attribute), as CAT tools do."""
    tree = etree.parse(str(path))
    if version == "1.2":
        for n, unit in enumerate(tree.findall(f".//{{{XLIFF12}}}trans-unit")):
            if n in units:
                target = unit.find(f"{{{XLIFF12}}}target")
                if target is None:
                    target = etree.SubElement(unit, f"{{{XLIFF12}}}target")
                target.text, state = units[n]
                if state is None:
                    target.attrib.pop("state", None)
                else:
                    target.set("state", state)
    else:
        for n, segment in enumerate(tree.findall(f".//{{{XLIFF20}}}segment")):
            if n in units:
                target = segment.find(f"{{{XLIFF20}}}target")
                if target is None:
                    target = etree.SubElement(segment, f"{{{XLIFF20}}}target")
                target.text, state = units[n]
                if state is None:
                    segment.attrib.pop("state", None)
                else:
                    segment.set("state", state)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


@pytest.mark.parametrize(
    ("version", "untranslated_state"),
    [("1.2", "new"), ("1.2", "needs-translation"), ("2.0", "initial")],
)
def test_untranslated_units_stay_untranslated_and_are_counted(
    job: TranslationJob, tmp_path: Path, version: str, untranslated_state: str
) -> None:
    title, _lead, paragraph = list(job.segments.order_by("position"))
    # the paragraph holds a machine proposal that nobody has taken yet
    Segment.objects.filter(pk=paragraph.pk).update(
        target="", pretranslation="The machine's proposal.", pretranslation_origin="mt"
    )
    path = tmp_path / f"job.{version}.xlf"
    export_job_xliff(job, path, version)
    _set_units(
        path,
        version,
        {
            0: (title.source, "translated"),  # the source copied into the target
            2: ("The machine's proposal.", untranslated_state),  # left as proposed
        },
    )
    done = import_job_xliff(path)
    assert (done.updated, done.unchanged) == (0, 1)
    assert done.skipped == {"copy-of-source": 1, "untranslated": 1}
    assert done.as_dict()["skipped"] == {"copy-of-source": 1, "untranslated": 1}
    stored = list(job.segments.order_by("position").values_list("target", flat=True))
    assert stored[0] != title.source and stored[2] == ""


def test_a_new_text_is_taken_whatever_state_the_tool_left(
    job: TranslationJob, tmp_path: Path
) -> None:
    path = tmp_path / "job.xlf"
    export_job_xliff(job, path, "1.2")
    _set_units(path, "1.2", {2: (ENGLISH[2], "new")})
    done = import_job_xliff(path)
    assert done.updated == 1 and done.skipped == {}
    assert job.segments.order_by("position").last().target == ENGLISH[2]  # type: ignore[union-attr]


def test_a_source_of_figures_alone_may_come_back_as_it_is(
    job: TranslationJob, tmp_path: Path
) -> None:
    segment = job.segments.order_by("position").last()
    assert segment is not None
    Segment.objects.filter(pk=segment.pk).update(source="2.350 – 1.500")
    path = tmp_path / "job.xlf"
    export_job_xliff(job, path, "1.2")
    _set_units(path, "1.2", {2: ("2.350 – 1.500", "translated")})
    done = import_job_xliff(path)
    assert done.updated == 1 and done.skipped == {}


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_empty_targets_leave_proposals_as_suggestions_only(
    job: TranslationJob, tmp_path: Path, version: str
) -> None:
    title, lead, _paragraph = list(job.segments.order_by("position"))
    services.save_segment(title, "Hanoi Mayor receives delegation.", None, title.version)
    path = tmp_path / f"job.{version}.xlf"
    export_job_xliff(job, path, version, targets="empty")
    units = read_xliff(path).units
    # what a translator translated stays; nobody's proposals are no targets
    assert [u.target for u in units] == ["Hanoi Mayor receives delegation.", "", ""]
    assert (100.0, ENGLISH[1], "tm") in [
        (a.score, a.target, a.origin) for a in units[1].alternatives
    ]
    assert any(a.origin == "mt" and a.target.startswith("[en]") for a in units[2].alternatives)
    _fill(path, version, {2: ENGLISH[2]})
    done = import_job_xliff(path)
    assert (done.updated, done.skipped) == (1, {"empty": 1})
    stored = list(job.segments.order_by("position").values_list("target", flat=True))
    assert stored[1] == lead.target == ENGLISH[1] and stored[2] == ENGLISH[2]


def test_source_targets_put_every_stored_text_among_suggestions(job: TranslationJob) -> None:
    title = job.segments.order_by("position").first()
    assert title is not None
    services.save_segment(title, "Hanoi Mayor receives delegation.", None, title.version)
    units = job_to_xliff(job, targets="source").units
    assert [u.target for u in units] == [u.source for u in units]
    assert units[0].alternatives[0].target == "Hanoi Mayor receives delegation."
    assert units[0].alternatives[0].score == 100.0
    with pytest.raises(InputError, match="targets 'copy'"):
        job_to_xliff(job, targets="copy")


@pytest.mark.parametrize("targets", ["pretranslation", "empty", "source"])
@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_every_export_is_valid_xliff(
    job: TranslationJob, tmp_path: Path, version: str, targets: str
) -> None:
    from tests.translate.test_xliff_schemas import xliff_problems

    path = tmp_path / "job.xlf"
    export_job_xliff(job, path, version, targets=targets)
    assert xliff_problems(path.read_bytes()) == []
