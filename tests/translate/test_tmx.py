"""TMX 1.4 import and export: round trip, CAT-tool files, hostile and malformed input."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

from doingoai.errors import InputError
from doingoai.translate import Entry, TranslationMemory, export_tmx, import_tmx

ENTRIES = [
    Entry(
        "Hà Nội đón 2.350 du khách quốc tế.",
        "Hanoi welcomed 2,350 international visitors.",
        "vi",
        "en",
        origin="human",
        context="art-7:p3",
        article_id=7,
        created_at=datetime(2025, 4, 26, 9, 30, tzinfo=UTC),
        author="lan.nguyen",
        note="checked against the press release",
    ),
    Entry(
        "Lễ hội & hội chợ <Tết> 2025",
        "Festival & fair <Tet> 2025",
        "vi",
        "en",
        origin="mt",
        created_at=datetime(2025, 1, 2, tzinfo=UTC),
    ),
    Entry("Xin chào.", "Bonjour.", "vi", "fr", origin="tm", author="x"),
]

HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


def _fields(entry: Entry) -> tuple[object, ...]:
    return (
        entry.source,
        entry.target,
        entry.source_lang,
        entry.target_lang,
        entry.origin,
        entry.context,
        entry.article_id,
        entry.author,
        entry.note,
        entry.created_at.replace(microsecond=0) if entry.created_at else None,
    )


def _tmx(body: str, srclang: str = "vi") -> str:
    return (
        f'{HEAD}<tmx version="1.4"><header creationtool="test" creationtoolversion="1" '
        f'segtype="sentence" o-tmf="x" adminlang="en" srclang="{srclang}" '
        f'datatype="plaintext"/><body>{body}</body></tmx>'
    )


def _tu(vi: str, en: str, extra: str = "") -> str:
    return (
        f"<tu{extra}><tuv xml:lang='vi'><seg>{vi}</seg></tuv>"
        f"<tuv xml:lang='en'><seg>{en}</seg></tuv></tu>"
    )


def _write(tmp_path: Path, text: str, name: str = "in.tmx") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def tm() -> TranslationMemory:
    return TranslationMemory.open(":memory:")


def test_round_trip(tmp_path: Path, tm: TranslationMemory) -> None:
    tm.add(ENTRIES)
    out = tmp_path / "out.tmx"
    assert export_tmx(tm, out) == 3
    root = etree.parse(str(out)).getroot()
    assert root.get("version") == "1.4"
    header = root.find("header")
    assert header is not None and header.get("srclang") == "vi"
    first = root.find("body/tu")
    assert first is not None and first.get("creationid") == "lan.nguyen"
    assert first.get("creationdate") == "20250426T093000Z"
    props = {p.get("type"): p.text for p in first.iterfind("prop")}
    assert props == {"x-origin": "human", "x-article": "7", "x-context": "art-7:p3"}

    again = TranslationMemory.open(":memory:")
    result = import_tmx(again, out, source_lang="vi", target_lang="en")
    assert (result.units, result.added, result.skipped) == (3, 2, 1)
    fr = import_tmx(again, out, source_lang="vi", target_lang="fr")
    assert (fr.added, fr.skipped) == (1, 2)
    assert sorted(map(_fields, again.entries())) == sorted(map(_fields, tm.entries()))
    # importing the same file twice adds nothing
    assert import_tmx(again, out, source_lang="vi", target_lang="en").added == 0


def test_export_one_pair_to_a_binary_file(tm: TranslationMemory) -> None:
    tm.add(ENTRIES)
    buffer = io.BytesIO()
    assert export_tmx(tm, buffer, source_lang="vi", target_lang="fr") == 1
    root = etree.fromstring(buffer.getvalue())
    langs = [t.get("{http://www.w3.org/XML/1998/namespace}lang") for t in root.iter("tuv")]
    assert langs == ["vi", "fr"]


def test_cat_tool_file(tmp_path: Path, tm: TranslationMemory) -> None:
    """A file as CAT tools write it: regional codes, inline codes, dates on tuv."""
    body = (
        "<tu tuid='1' creationdate='20240105T101500Z' creationid='TRANSLATOR1'>"
        "<prop type='x-origin'>human</prop><note>first</note><note>second</note>"
        "<tuv xml:lang='VI-VN'><seg>Bấm <bpt i='1'>&lt;b&gt;</bpt>Lưu<ept i='1'>&lt;/b&gt;</ept>.</seg></tuv>"
        "<tuv xml:lang='en-US' creationid='REVIEWER'><seg>Click <bpt i='1'>&lt;b&gt;</bpt>Save"
        "<ept i='1'>&lt;/b&gt;</ept>.</seg></tuv></tu>"
    )
    path = _write(tmp_path, _tmx(body, srclang="vi-VN"))
    result = import_tmx(tm, path, source_lang="vi", target_lang="en")
    assert result.added == 1
    [entry] = tm.entries()
    assert (entry.source, entry.target) == ("Bấm Lưu.", "Click Save.")
    assert (entry.author, entry.note, entry.origin) == ("REVIEWER", "first\nsecond", "human")
    assert entry.created_at == datetime(2024, 1, 5, 10, 15, tzinfo=UTC)


def test_languages_default_to_the_file(tmp_path: Path, tm: TranslationMemory) -> None:
    path = _write(tmp_path, _tmx(_tu("Một", "One") + _tu("Hai", "Two")))
    result = import_tmx(tm, path)
    assert (result.source_lang, result.target_lang, result.added) == ("vi", "en", 2)
    assert result.added == 2 and tm.entries().__next__().origin == "tm"
    [match] = tm.lookup("Hai", source_lang="vi", target_lang="en")
    assert match.target == "Two"


BOMB = (
    '<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY a "aaaaaaaaaa">'
    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    '<tmx version="1.4"><header srclang="vi"/><body>'
    "<tu><tuv xml:lang='vi'><seg>&c;</seg></tuv><tuv xml:lang='en'><seg>x</seg></tuv></tu>"
    "</body></tmx>"
)
XXE = (
    '<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    '<tmx version="1.4"><header srclang="vi"/><body>'
    "<tu><tuv xml:lang='vi'><seg>&secret;</seg></tuv><tuv xml:lang='en'><seg>x</seg></tuv></tu>"
    "</body></tmx>"
)
PARAMETER = (
    '<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY % remote SYSTEM "http://example.invalid/x.dtd">'
    "%remote;]><tmx version=\"1.4\"><header srclang='vi'/><body>" + _tu("a", "b") + "</body></tmx>"
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (BOMB, "declares XML entities"),
        (XXE, "declares XML entities"),
        (PARAMETER, "entit"),
        (_tmx(_tu("Một", "One") + "<tu><tuv xml:lang='vi'><seg>Hai"), "not a well-formed TMX"),
        ("this is not xml", "not a well-formed TMX"),
        (HEAD + "<xliff version='1.2'><file/></xliff>", "root element is <xliff>, not <tmx>"),
        (HEAD + "<tmx version='1.4'><header srclang='vi'/></tmx>", "has no <body>"),
        (_tmx(_tu("Một", "One"), srclang="en"), "source language is 'en', not 'vi'"),
        (
            _tmx(
                "<tu><tuv xml:lang='en'><seg>One</seg></tuv><tuv xml:lang='fr'><seg>Un</seg></tuv></tu>"
            ),
            "no translation unit in the language pair vi→en \\(languages found: en, fr\\)",
        ),
        (
            _tmx(_tu("Một", "One", " creationdate='2024-01-05'")),
            "unit 1 \\(line 2\\): creationdate",
        ),
        (_tmx(_tu("Một", "")), "unit 1 \\(line 2\\): the en segment is empty"),
        (
            _tmx(
                _tu("Một", "One")
                + "<tu><tuv xml:lang='vi'/><tuv xml:lang='en'><seg>x</seg></tuv></tu>"
            ),
            "unit 2 .*has no <seg>",
        ),
        (
            _tmx(_tu("Một", "One", "").replace("<tu>", "<tu><prop type='x-article'>seven</prop>")),
            "x-article 'seven' is not an article id",
        ),
    ],
)
def test_bad_files_are_refused_whole(
    tmp_path: Path, tm: TranslationMemory, text: str, message: str
) -> None:
    tm.add([Entry("Đã có.", "Already there.", "vi", "en")])
    path = _write(tmp_path, text, "hostile.tmx")
    with pytest.raises(InputError, match=message) as caught:
        import_tmx(tm, path, source_lang="vi", target_lang="en")
    assert str(caught.value).startswith(f"{path}: ")
    assert "nothing was imported" in str(caught.value)
    assert [e.source for e in tm.entries()] == ["Đã có."]


def test_entities_never_expand(tmp_path: Path, tm: TranslationMemory) -> None:
    path = _write(tmp_path, XXE, "xxe.tmx")
    with pytest.raises(InputError):
        import_tmx(tm, path, source_lang="vi", target_lang="en")
    assert tm.count() == 0


def test_late_error_rolls_back_earlier_batches(tmp_path: Path, tm: TranslationMemory) -> None:
    """6,000 good units (more than one internal batch) then a broken one."""
    units = "".join(_tu(f"Câu số {n} của tệp.", f"Sentence {n} of the file.") for n in range(6000))
    bad = _tu("Câu cuối.", "Last.", " creationdate='yesterday'")
    path = _write(tmp_path, _tmx(units + bad))
    with pytest.raises(InputError, match="unit 6001"):
        import_tmx(tm, path, source_lang="vi", target_lang="en")
    assert tm.count() == 0
    assert tm.lookup("Câu số 15 của tệp.", source_lang="vi", target_lang="en") == []
    good = _write(tmp_path, _tmx(units), "good.tmx")
    assert import_tmx(tm, good).added == 6000


def test_missing_file(tmp_path: Path, tm: TranslationMemory) -> None:
    missing = tmp_path / "nope.tmx"
    with pytest.raises(InputError, match=r"nope\.tmx"):
        import_tmx(tm, missing, source_lang="vi", target_lang="en")


def test_several_targets_need_a_choice(tmp_path: Path, tm: TranslationMemory) -> None:
    body = (
        "<tu><tuv xml:lang='vi'><seg>Một</seg></tuv><tuv xml:lang='en'><seg>One</seg></tuv>"
        "<tuv xml:lang='fr'><seg>Un</seg></tuv></tu>"
    )
    path = _write(tmp_path, _tmx(body))
    with pytest.raises(InputError, match="several target languages \\(en, fr\\)"):
        import_tmx(tm, path)
    assert import_tmx(tm, path, target_lang="fr").added == 1
    [entry] = tm.entries()
    assert (entry.target, entry.target_lang) == ("Un", "fr")
