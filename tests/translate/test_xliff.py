"""XLIFF 1.2 and 2.0 export and import of a translation job: round trips,
the file as CAT tools hand it back, hostile and malformed XML, and files that
do not fit their job."""

from __future__ import annotations

import copy
import unicodedata
from pathlib import Path

import pytest
from lxml import etree

from doingoai.errors import InputError, XliffMismatch
from doingoai.translate.xliff import (
    Alternative,
    TermNote,
    XliffJob,
    XliffUnit,
    export_xliff,
    import_xliff,
    job_problems,
    read_xliff,
    write_xliff,
    xliff_version,
)

VERSIONS = ["1.2", "2.0"]
NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS20 = "urn:oasis:names:tc:xliff:document:2.0"
HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


def _job() -> XliffJob:
    return XliffJob(
        job_id="17",
        source_lang="vi",
        target_lang="en",
        original="https://laodongthudo.vn/ha-noi-doi-ngoai-42.html",
        units=[
            XliffUnit(
                "title",
                "Hà Nội đẩy mạnh thông tin đối ngoại năm 2025",
                "Hanoi steps up external information in 2025",
                "reviewed",
                notes=["Tên riêng giữ dấu: Hà Nội → Hanoi"],
                terms=[TermNote("thông tin đối ngoại", "external information", "preferred")],
                context="article:42/title",
                kind="title",
            ),
            XliffUnit(
                "lead.1",
                'Sở Văn hóa & Thể thao chủ trì "Tuần lễ <Hà Nội>" ngày 2.6, với 2.350 khách.',
                'The Department of Culture & Sports hosts "Hanoi <Week>" on June 2, with 2,350 guests.',
                "translated",
                alternatives=[
                    Alternative(
                        'Sở Văn hóa & Thể thao chủ trì "Tuần lễ <Hà Nội>" ngày 26/4.',
                        'The Department of Culture & Sports hosts "Hanoi <Week>" on April 26.',
                        87.5,
                        "tm",
                    ),
                    Alternative(
                        'Sở Văn hóa & Thể thao chủ trì "Tuần lễ <Hà Nội>" ngày 2.6, với 2.350 khách.',
                        "The Department of Culture and Sports chairs Hanoi Week on 2.6 with 2.350 guests.",
                        0,
                        "mt",
                    ),
                ],
                terms=[
                    TermNote("Sở Văn hóa và Thể thao", "Department of Culture and Sports", ""),
                    TermNote(
                        "Sở Văn hóa, Thể thao và Du lịch",
                        "Department of Culture, Sports and Tourism",
                        "outdated",
                    ),
                ],
                kind="lead",
            ),
            XliffUnit("p1.s1", "Thủ đô có 30 quận, huyện; 1,5 triệu lượt khách.", kind="paragraph"),
            XliffUnit(
                "p1.s2",
                "  Khoảng trắng đầu và cuối được giữ.\t",
                "",
                "new",
                notes=["", "hai ghi chú\nnhiều dòng"],
                context="",
            ),
            XliffUnit(
                "p2.s1",
                "Ủy ban Nhân dân (UBND) thành phố.",
                "The City People's Committee (UBND).",
                "final",
                terms=[
                    TermNote("UBND", "People's Committee (PC)", "forbidden"),
                    TermNote("Ủy ban", "", ""),
                ],
            ),
            XliffUnit(
                "cap.1", "Ảnh: Đoàn Tùng.", "Photo: Doan Tung.", "translated", kind="caption"
            ),
        ],
    )


# --- round trips ----------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_round_trip(version: str) -> None:
    job = _job()
    data = export_xliff(job, version)
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert xliff_version(data) == version
    assert import_xliff(data, expected=job) == job
    assert import_xliff(data) == job


@pytest.mark.parametrize("version", VERSIONS)
def test_text_is_escaped_never_markup(version: str) -> None:
    data = export_xliff(_job(), version)
    text = data.decode("utf-8")
    assert 'Sở Văn hóa &amp; Thể thao chủ trì "Tuần lễ &lt;Hà Nội&gt;"' in text
    root = etree.fromstring(data)
    # no element in the document carries the segment's "<Hà Nội>"
    assert not [el for el in root.iter() if isinstance(el.tag, str) and "Hà" in el.tag]
    assert "Hà Nội" in text  # UTF-8, not character references
    assert "&#" not in text.replace("&#10;", "")


@pytest.mark.parametrize("version", VERSIONS)
def test_real_sentences_round_trip(shared_data: Path, version: str) -> None:
    folder = shared_data / "translation" / "iwslt15"
    vi = (folder / "tst2012.vi").read_text(encoding="utf-8").splitlines()[:300]
    en = (folder / "tst2012.en").read_text(encoding="utf-8").splitlines()[:300]
    job = XliffJob(
        "job-300",
        "vi",
        "en",
        "article:300",
        [
            XliffUnit(f"s{n}", source, target, "translated" if n % 2 else "new")
            for n, (source, target) in enumerate(zip(vi, en, strict=True))
        ],
    )
    assert import_xliff(export_xliff(job, version), expected=job) == job


def test_control_characters() -> None:
    """2.0 carries them as <cp hex>; 1.2 cannot, leaves them out and still
    takes the file back."""
    job = XliffJob(
        "1", "vi", "en", "a", [XliffUnit("s1", "Trang\x0c1\x01", "Page\x0c1", "translated")]
    )
    data20 = export_xliff(job, "2.0")
    assert b'<cp hex="000C"/>' in data20
    assert import_xliff(data20, expected=job) == job
    back12 = import_xliff(export_xliff(job, "1.2"), expected=job)
    assert (back12.units[0].source, back12.units[0].target) == ("Trang1", "Page1")


@pytest.mark.parametrize("version", VERSIONS)
def test_write_and_read_a_file(tmp_path: Path, version: str) -> None:
    job = _job()
    path = write_xliff(job, tmp_path / f"job-17.{version}.xlf", version)
    assert read_xliff(path, expected=job) == job
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


# --- what the file says, as a CAT tool reads it -----------------------------------


@pytest.mark.parametrize(
    ("state", "target_state", "approved"),
    [
        ("new", "needs-translation", None),
        ("translated", "translated", None),
        ("reviewed", "signed-off", "yes"),
        ("final", "final", "yes"),
    ],
)
def test_states_in_1_2(state: str, target_state: str, approved: str | None) -> None:
    job = XliffJob("1", "vi", "en", "a", [XliffUnit("s1", "Một.", "One.", state)])
    root = etree.fromstring(export_xliff(job, "1.2"))
    unit = root.find(f".//{{{NS12}}}trans-unit")
    assert unit is not None and unit.get("approved") == approved
    target = unit.find(f"{{{NS12}}}target")
    assert target is not None and target.get("state") == target_state
    assert import_xliff(export_xliff(job, "1.2")).units[0].state == state


@pytest.mark.parametrize(
    ("state", "segment_state"),
    [
        ("new", "initial"),
        ("translated", "translated"),
        ("reviewed", "reviewed"),
        ("final", "final"),
    ],
)
def test_states_in_2_0(state: str, segment_state: str) -> None:
    job = XliffJob("1", "vi", "en", "a", [XliffUnit("s1", "Một.", "One.", state)])
    root = etree.fromstring(export_xliff(job, "2.0"))
    segment = root.find(f".//{{{NS20}}}segment")
    assert segment is not None and segment.get("state") == segment_state


def test_1_2_layout() -> None:
    root = etree.fromstring(export_xliff(_job(), "1.2"))
    assert (root.tag, root.get("version")) == (f"{{{NS12}}}xliff", "1.2")
    file = root.find(f"{{{NS12}}}file")
    assert file is not None
    assert (file.get("source-language"), file.get("target-language")) == ("vi", "en")
    assert file.get("original") == "https://laodongthudo.vn/ha-noi-doi-ngoai-42.html"
    phase = file.find(f"{{{NS12}}}header/{{{NS12}}}phase-group/{{{NS12}}}phase")
    assert phase is not None and phase.get("job-id") == "17"
    lead = file.find(f".//{{{NS12}}}trans-unit[@id='lead.1']")
    assert lead is not None and lead.get("restype") == "x-lead"
    # source, target, then the rest: the order the 1.2 schema asks for
    names = [etree.QName(c).localname for c in lead]
    assert names[:2] == ["source", "target"]
    alts = lead.findall(f"{{{NS12}}}alt-trans")
    assert [(a.get("match-quality"), a.get("origin")) for a in alts] == [
        ("87.5", "tm"),
        ("0", "mt"),
    ]
    notes = [(n.get("from"), n.text) for n in lead.findall(f"{{{NS12}}}note")]
    assert notes == [
        ("termbase", "Sở Văn hóa và Thể thao → Department of Culture and Sports"),
        (
            "termbase",
            "Sở Văn hóa, Thể thao và Du lịch → Department of Culture, Sports and Tourism (outdated)",
        ),
    ]
    empty = file.find(f".//{{{NS12}}}trans-unit[@id='p1.s1']")
    assert empty is not None and empty.find(f"{{{NS12}}}target") is None


def test_2_0_layout() -> None:
    root = etree.fromstring(export_xliff(_job(), "2.0"))
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.0", "vi", "en")
    [file] = root.findall(f"{{{NS20}}}file")
    assert file.get("canResegment") == "no"
    lead = file.find(f"{{{NS20}}}unit[@id='lead.1']")
    assert lead is not None and lead.get("type") == "doingoai:lead"
    # module elements, then notes, then the segment: the core schema's order
    names = [etree.QName(c).localname for c in lead]
    assert names == ["matches", "glossary", "segment"]
    mtc = "urn:oasis:names:tc:xliff:matches:2.0"
    matches = lead.findall(f"{{{mtc}}}matches/{{{mtc}}}match")
    assert [(m.get("ref"), m.get("similarity"), m.get("type")) for m in matches] == [
        ("#lead.1", "87.5", "tm"),
        ("#lead.1", "0", "mt"),
    ]
    gls = "urn:oasis:names:tc:xliff:glossary:2.0"
    entries = lead.findall(f"{{{gls}}}glossary/{{{gls}}}glossEntry")
    assert [
        (e.findtext(f"{{{gls}}}term"), e.findtext(f"{{{gls}}}translation")) for e in entries
    ] == [
        ("Sở Văn hóa và Thể thao", "Department of Culture and Sports"),
        ("Sở Văn hóa, Thể thao và Du lịch", "Department of Culture, Sports and Tourism"),
    ]
    title = file.find(f"{{{NS20}}}unit[@id='title']")
    assert title is not None
    assert [etree.QName(c).localname for c in title] == ["glossary", "metadata", "notes", "segment"]


def test_translate_toolkit_reads_the_files() -> None:
    """What another XLIFF reader finds in the files: the same segments."""
    storage = pytest.importorskip("translate.storage.xliff")
    storage2 = pytest.importorskip("translate.storage.xliff2")
    job = _job()
    wanted = [(u.id, u.source, u.target) for u in job.units]
    store = storage.xlifffile.parsestring(export_xliff(job, "1.2"))
    # translate-toolkit prefixes 1.2 ids with the file's original and U+0004
    ids = [u.getid().split("\x04")[-1] for u in store.units]
    assert [(i, u.source, u.target or "") for i, u in zip(ids, store.units, strict=True)] == wanted
    store2 = storage2.Xliff2File.parsestring(export_xliff(job, "2.0"))
    # ... and names 2.0 segments "unit id::segment id"
    ids = [u.getid().split("::")[0] for u in store2.units]
    assert [(i, u.source, u.target or "") for i, u in zip(ids, store2.units, strict=True)] == wanted


# --- files as CAT tools hand them back ------------------------------------------


def _edited_12() -> bytes:
    """A 1.2 file edited in a CAT tool: segmentation marks, inline codes,
    states the tool chose, a translator's note, regional language codes."""
    return (
        HEAD + f'<xliff version="1.2" xmlns="{NS12}"><file original="article:9" '
        'source-language="vi-VN" target-language="en-US" datatype="plaintext">'
        '<header><phase-group><phase phase-name="p" process-name="translation" job-id="9"/>'
        '</phase-group></header><body><group id="g1">'
        '<trans-unit id="a"><source>Hà <g id="1">Nội</g> mùa thu.</source>'
        '<seg-source><mrk mtype="seg" mid="0">Hà <g id="1">Nội</g> mùa thu.</mrk></seg-source>'
        '<target state="needs-review-translation"><mrk mtype="seg" mid="0">Hanoi <g id="1">in</g>'
        ' autumn<x id="2"/>.</mrk></target>'
        '<note from="translator">Checked with the desk.</note></trans-unit>'
        '<trans-unit id="b" approved="yes"><source>Phố cổ.</source>'
        "<target>The Old Quarter.</target></trans-unit>"
        '<trans-unit id="c"><source>Hồ Gươm.</source><target state="x-custom"/>'
        '<alt-trans match-quality="95%"><target>Sword Lake.</target></alt-trans></trans-unit>'
        "</group></body></file></xliff>"
    ).encode()


def test_cat_tool_1_2_file() -> None:
    expected = XliffJob(
        "9",
        "vi",
        "en",
        "article:9",
        [XliffUnit("a", "Hà Nội mùa thu."), XliffUnit("b", "Phố cổ."), XliffUnit("c", "Hồ Gươm.")],
    )
    job = import_xliff(_edited_12(), expected=expected)
    a, b, c = job.units
    assert (a.target, a.state, a.notes) == (
        "Hanoi in autumn.",
        "translated",
        ["Checked with the desk."],
    )
    assert (b.target, b.state) == ("The Old Quarter.", "reviewed")
    assert (c.target, c.state) == ("", "new")
    assert c.alternatives == [Alternative("Hồ Gươm.", "Sword Lake.", 95.0, "")]


def test_cat_tool_2_0_file_split_into_segments() -> None:
    """A tool that split a unit in two and wrote inline codes: the unit is
    joined back, at the state of its least advanced part."""
    data = (
        HEAD + f'<xliff version="2.1" xmlns="{NS20}" srcLang="vi" trgLang="en">'
        '<file id="f" original="article:5"><unit id="u1">'
        '<segment id="s1" state="reviewed"><source>Một <pc id="1">câu</pc>.</source>'
        '<target>One <pc id="1">sentence</pc>.</target></segment>'
        "<ignorable><source> </source></ignorable>"
        '<segment id="s2" state="translated"><source>Hai<ph id="2"/> câu<cp hex="0001"/>.</source>'
        "<target>Two sentences\u0301.</target></segment></unit></file></xliff>"
    ).encode()
    expected = XliffJob("", "vi", "en", "article:5", [XliffUnit("u1", "Một câu. Hai câu\x01.")])
    [unit] = import_xliff(data, expected=expected).units
    assert (unit.source, unit.state) == ("Một câu. Hai câu\x01.", "translated")
    assert unit.target == "One sentence. Two sentences\u0301."


def test_decomposed_vietnamese_is_the_same_source() -> None:
    """A tool that wrote the source in NFD has not changed it."""
    job = _job()
    data = export_xliff(job, "2.0").decode("utf-8")
    nfd = unicodedata.normalize("NFD", data).encode("utf-8")
    back = import_xliff(nfd, expected=job)
    assert back.units[0].source == unicodedata.normalize("NFD", job.units[0].source)


# --- hostile and malformed XML ----------------------------------------------------

_UNIT12 = '<trans-unit id="s1"><source>&x;</source></trans-unit>'
_ONE_FILE = '<file original="a" source-language="vi" datatype="plaintext"><body>{}</body></file>'
_FILE12 = f'<xliff version="1.2" xmlns="{NS12}">{_ONE_FILE}</xliff>'
BOMB = (
    '<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY a "aaaaaaaaaa">'
    + "".join(
        f'<!ENTITY {n} "{("&" + p + ";") * 10}">'
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + "]>\n"
    + _FILE12.format(_UNIT12.replace("&x;", "&i;"))
)
XXE = (
    '<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
    + _FILE12.format(_UNIT12)
)
PARAMETER = (
    '<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY % remote SYSTEM "http://example.invalid/x.dtd">'
    "%remote;]>\n" + _FILE12.format('<trans-unit id="s1"><source>a</source></trans-unit>')
)
# the declarations pushed past the first 256 KiB by a long comment
LATE_XXE = (
    '<?xml version="1.0"?>\n<!--' + "x" * 300_000 + "-->\n"
    '<!DOCTYPE xliff [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n' + _FILE12.format(_UNIT12)
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (BOMB, "declares XML entities"),
        (XXE, "declares XML entities"),
        (PARAMETER, "entit"),
        (LATE_XXE, "entit"),
        (
            HEAD + _FILE12.format('<trans-unit id="s1"><source>Một</trans-unit>'),
            "not well-formed XML .*line 2",
        ),
        ("Một câu, không phải XML", "not well-formed XML"),
        (
            HEAD + '<tmx version="1.4"><header/><body/></tmx>',
            "not an XLIFF file: the root element is <tmx>",
        ),
        (
            HEAD + '<xliff version="2.0" srcLang="vi"><file id="f"/></xliff>',
            "an XLIFF 2.0 file without the XLIFF 2 namespace",
        ),
        (
            HEAD + '<xliff version="3.0" xmlns="urn:example:xliff:3"/>',
            "XLIFF version 3.0 .* is not read",
        ),
        (
            HEAD + _FILE12.format("").replace("</file>", "</file>" + _ONE_FILE.format("")),
            "holds 2 <file> elements",
        ),
    ],
)
def test_hostile_and_malformed_files_are_refused(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "from-translator.xlf"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message) as caught:
        read_xliff(path, expected=_job())
    assert str(caught.value).startswith(f"{path}: ")
    assert not isinstance(caught.value, XliffMismatch)
    assert "root:" not in str(caught.value)


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nope\.xlf: cannot read the XLIFF file"):
        read_xliff(tmp_path / "nope.xlf")


def test_unwritable_place_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot write the XLIFF file"):
        write_xliff(_job(), tmp_path / "no-such-folder" / "job.xlf")


# --- files that do not fit their job -----------------------------------------------


def _altered(change: str) -> XliffJob:
    job = _job()
    if change == "job":
        job.job_id = "18"
    elif change == "original":
        job.original = "article:43"
    elif change == "target language":
        job.target_lang = "fr"
    elif change == "source language":
        job.source_lang = "en"
    elif change == "segment dropped":
        del job.units[2]
    elif change == "segment added":
        job.units.append(XliffUnit("p9.s9", "Câu thêm."))
    elif change == "id renamed":
        job.units[3].id = "p1.s2b"
    elif change == "source changed":
        job.units[1].source = job.units[1].source.replace("2.350", "2.530")
    elif change == "id twice":
        job.units[4].id = "p1.s1"
    return job


@pytest.mark.parametrize(
    ("change", "problems"),
    [
        ("job", ["the file is for job '18', not job '17'"]),
        (
            "original",
            [
                "the file is for 'article:43', not 'https://laodongthudo.vn/ha-noi-doi-ngoai-42.html'"
            ],
        ),
        ("target language", ["the file translates vi→fr, the job vi→en"]),
        ("source language", ["the file translates en→en, the job vi→en"]),
        (
            "segment dropped",
            [
                "the file has 5 segments, the job has 6",
                "segment ids of the job missing from the file: 'p1.s1'",
            ],
        ),
        (
            "segment added",
            ["the file has 7 segments, the job has 6", "segment ids not in the job: 'p9.s9'"],
        ),
        (
            "id renamed",
            [
                "segment ids not in the job: 'p1.s2b'",
                "segment ids of the job missing from the file: 'p1.s2'",
            ],
        ),
        (
            "source changed",
            [
                "segment 'lead.1': the source text was changed in the file: "
                "'…ngày 2.6, với 2.530 khách.' instead of '…ngày 2.6, với 2.350 khách.'"
            ],
        ),
        (
            "id twice",
            [
                "segment ids found twice in the file: 'p1.s1'",
                "segment ids of the job missing from the file: 'p2.s1'",
                "segment 'p1.s1': the source text was changed in the file: "
                "'Ủy ban Nhân dân (UBND) thành phố.' instead of "
                "'Thủ đô có 30 quận, huyện; 1,5 triệu lượt khách.'",
            ],
        ),
    ],
)
@pytest.mark.parametrize("version", VERSIONS)
def test_mismatches_are_all_reported(version: str, change: str, problems: list[str]) -> None:
    job = _job()
    data = export_xliff(_altered(change), version) if change != "id twice" else _twice(version)
    with pytest.raises(XliffMismatch) as caught:
        import_xliff(data, expected=job, source="job-17.xlf")
    assert caught.value.problems == problems
    assert str(caught.value).startswith("job-17.xlf: ")
    assert "nothing was imported" in str(caught.value)


def _twice(version: str) -> bytes:
    """A file with one id used twice (export refuses to write one)."""
    data = export_xliff(_job(), version)
    return data.replace(b'id="p2.s1"', b'id="p1.s1"')


def test_every_problem_in_one_error() -> None:
    other = _job()
    other.job_id, other.target_lang = "99", "ja"
    del other.units[0]
    other.units[0].source = "Một câu khác."
    with pytest.raises(XliffMismatch) as caught:
        import_xliff(export_xliff(other, "2.0"), expected=_job())
    assert len(caught.value.problems) == 5
    assert all(p in str(caught.value) for p in caught.value.problems)


@pytest.mark.parametrize(
    ("file_langs", "job_langs", "fits"),
    [
        (("vi-VN", "en-US"), ("vi", "en"), True),
        (("vi_VN", "EN"), ("vi", "en-GB"), True),
        (("vi", "en-GB"), ("vi", "en-US"), False),
        (("vi", "zh-Hant"), ("vi", "zh-Hans"), False),
        (("vi", "fr"), ("vi", "en"), False),
    ],
)
def test_language_pairs(
    file_langs: tuple[str, str], job_langs: tuple[str, str], fits: bool
) -> None:
    job = _job()
    found = copy.deepcopy(job)
    found.source_lang, found.target_lang = file_langs
    job.source_lang, job.target_lang = job_langs
    assert (job_problems(found, job) == []) is fits


def test_a_file_naming_neither_job_nor_document() -> None:
    job = _job()
    anonymous = copy.deepcopy(job)
    anonymous.job_id, anonymous.original = "", ""
    assert job_problems(anonymous, job) == [
        "the file is for 'no named document', not 'https://laodongthudo.vn/ha-noi-doi-ngoai-42.html'"
    ]


def test_broken_units_are_refused_without_a_job() -> None:
    data = (
        HEAD + f'<xliff version="2.0" xmlns="{NS20}" srcLang="vi"><file id="f">'
        '<unit id="a"><segment><source>Một.</source></segment></unit>'
        "<unit><segment><source>Hai.</source></segment></unit>"
        '<unit id="c"><notes><note>no segment</note></notes></unit>'
        "</file></xliff>"
    ).encode()
    with pytest.raises(XliffMismatch) as caught:
        import_xliff(data, source="broken.xlf")
    assert caught.value.problems == [
        "a <unit> without id (line 2)",
        "segment 'c' has no <segment> (line 2)",
    ]


# --- what export refuses ------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "version", "message"),
    [
        ("id twice", "1.2", "segment ids used twice: p1.s1"),
        ("id with a space", "2.0", "segment id 'p 1' is not an XML name token"),
        ("unknown state", "1.2", "state 'approved', not one of new, translated, reviewed, final"),
        ("score", "2.0", "scored 120, outside 0–100"),
        ("language", "1.2", "the target language 'tiếng Anh' is not a language tag"),
        ("version", "2.2", "XLIFF version '2.2' is not written"),
    ],
)
def test_export_refuses_what_xliff_cannot_carry(change: str, version: str, message: str) -> None:
    job = _job()
    if change == "id twice":
        job.units[4].id = "p1.s1"
    elif change == "id with a space":
        job.units[0].id = "p 1"
    elif change == "unknown state":
        job.units[0].state = "approved"
    elif change == "score":
        job.units[1].alternatives[0].score = 120
    elif change == "language":
        job.target_lang = "tiếng Anh"
    with pytest.raises(InputError, match=message) as caught:
        export_xliff(job, version)
    assert str(caught.value).startswith("job 17: ")


def test_id_with_a_space_is_fine_in_1_2() -> None:
    job = _job()
    job.units[0].id = "p 1"
    assert import_xliff(export_xliff(job, "1.2"), expected=job) == job
