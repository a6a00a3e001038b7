"""The memory and the termbase in the Django database, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connections

from doingoai.errors import InputError
from doingoai.translate.memory import Entry
from doingoai.translate.termbase import Concept, Term, Termbase, default_termbase
from doingoai.translation import services
from doingoai.translation.models import TermConcept, TermEntry

ENTRIES = [
    Entry(
        "Hà Nội là thủ đô của nước Cộng hòa xã hội chủ nghĩa Việt Nam.",
        "Hanoi is the capital of the Socialist Republic of Viet Nam.",
        "vi",
        "en",
    ),
    Entry(
        "Thành phố đón 2.350 du khách quốc tế trong tuần qua.",
        "The city welcomed 2,350 international visitors last week.",
        "vi",
        "en",
    ),
]


@pytest.mark.parametrize(
    "alias",
    [
        pytest.param("default", marks=pytest.mark.django_db),
        pytest.param(
            "postgres",
            marks=[pytest.mark.postgres, pytest.mark.django_db(databases=["default", "postgres"])],
        ),
    ],
)
def test_memory_made_by_the_migrations(alias: str) -> None:
    memory = services.translation_memory(alias)
    # the default database is SQLite, or PostgreSQL in the second pass of `make test`
    expected = "postgresql" if alias == "postgres" else connections["default"].vendor
    assert memory.vendor == expected
    memory.add(ENTRIES)
    [exact] = memory.lookup(ENTRIES[0].source, source_lang="vi", target_lang="en")
    assert (exact.score, exact.target) == (100, ENTRIES[0].target)
    [adapted] = memory.lookup(
        "Thành phố đón 3.100 du khách quốc tế trong tuần qua.", source_lang="vi", target_lang="en"
    )
    assert adapted.target == "The city welcomed 3,100 international visitors last week."
    assert 75 <= adapted.score < 100
    # the termbase was seeded by the data migration on this database too
    assert TermConcept.objects.using(alias).count() == len(default_termbase())


@pytest.mark.django_db
def test_stored_termbase_is_the_shipped_one() -> None:
    stored = services.termbase()
    shipped = default_termbase()
    assert {c.id for c in stored} == {c.id for c in shipped}
    for concept in shipped:
        assert stored.get(concept.id) == concept


@pytest.mark.django_db
def test_store_termbase_adds_and_replaces() -> None:
    before = TermConcept.objects.count()
    police = services.termbase().get("tt03-2-bo-cong-an")
    assert police is not None
    changed = Concept(
        police.id,
        police.subject,
        police.note,
        [Term("vi", "Bộ Công an"), Term("en", "Ministry of Public Security")],
    )
    new = Concept("hn-old-quarter", "places", terms=[Term("vi", "Phố cổ Hà Nội")])
    assert services.store_termbase(Termbase([changed, new])) == (1, 1)
    assert TermConcept.objects.count() == before + 1
    assert list(
        TermEntry.objects.filter(concept__concept_id=police.id).values_list("text", flat=True)
    ) == ["Bộ Công an", "Ministry of Public Security"]
    assert services.termbase().get("hn-old-quarter") == new


@pytest.mark.django_db
def test_bad_termbase_file_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "vi,en,status\nPhố cổ Hà Nội,Hanoi Old Quarter,preferred\nHồ Gươm,Sword Lake,bogus\n",
        encoding="utf-8",
    )
    before = TermEntry.objects.count()
    with pytest.raises(InputError, match=r"bad\.csv: line 3: status 'bogus'"):
        services.import_terms(path)
    assert TermEntry.objects.count() == before


@pytest.mark.django_db
def test_termbase_export_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "terms.tbx"
    assert services.export_terms(path) == len(default_termbase())
    TermConcept.objects.all().delete()
    assert services.import_terms(path) == (len(default_termbase()), 0)
    assert {c.id: c for c in services.termbase()} == {c.id: c for c in default_termbase()}


@pytest.mark.django_db
def test_csv_glossaries_do_not_replace_each_other(tmp_path: Path) -> None:
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("vi,en\nPhố cổ Hà Nội,Hanoi Old Quarter\n", encoding="utf-8")
    second.write_text("vi,en\nHồ Gươm,Hoan Kiem Lake\n", encoding="utf-8")
    assert services.import_terms(first) == (1, 0)
    assert services.import_terms(second) == (1, 0)
    first.write_text("vi,en\nPhố cổ Hà Nội,Ha Noi Old Quarter\n", encoding="utf-8")
    assert services.import_terms(first) == (0, 1)
    hits = services.termbase().find("Phố cổ Hà Nội và Hồ Gươm", target_lang="en")
    assert [[t.text for t in h.targets] for h in hits] == [
        ["Ha Noi Old Quarter"],
        ["Hoan Kiem Lake"],
    ]
