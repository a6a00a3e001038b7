"""TBX import/export and CSV glossary import: round trips, other tools' files,
hostile and malformed input."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from doingoai.errors import InputError
from doingoai.translate.tbx import read_csv_glossary, read_tbx, tbx_bytes, write_tbx
from doingoai.translate.termbase import (
    Concept,
    Term,
    Termbase,
    default_termbase,
    load_termbase,
    termbase_to_json,
)


def sample() -> Termbase:
    return Termbase(
        [
            Concept(
                "mic",
                subject="ministries",
                note="Merged on 1 March 2025.",
                terms=[
                    Term("vi", "Bộ Thông tin và Truyền thông", valid_to=date(2025, 2, 28)),
                    Term(
                        "en",
                        "Ministry of Information and Communications",
                        valid_to=date(2025, 2, 28),
                        source="Circular 03/2009/TT-BNG",
                        note="official",
                    ),
                    Term("en", "MIC", status="admitted"),
                ],
            ),
            Concept(
                "mae",
                terms=[
                    Term("vi", "Bộ Nông nghiệp và Môi trường", valid_from=date(2025, 3, 1)),
                    Term("en", "Ministry of Agriculture and Environment"),
                    Term("en", "Ministry of Agriculture & Environment <MAE>", status="forbidden"),
                    Term("en", "Ministry of Farming", status="outdated"),
                ],
            ),
            Concept("cuc", generic=True, terms=[Term("vi", "Cục"), Term("en", "Department")]),
        ]
    )


def test_tbx_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "terms.tbx"
    write_tbx(sample(), path)
    again = read_tbx(path)
    assert termbase_to_json(again) == termbase_to_json(sample())
    assert list(again) == list(sample())


def test_seed_round_trips(tmp_path: Path) -> None:
    seed = default_termbase()
    path = tmp_path / "seed.tbx"
    write_tbx(seed, path)
    assert termbase_to_json(load_termbase(path)) == termbase_to_json(seed)
    assert len(seed) > 100


def test_written_tbx_is_tbx_basic_v3() -> None:
    data = tbx_bytes(sample()).decode()
    assert 'xmlns="urn:iso:std:iso:30042:ed-2"' in data
    assert 'type="TBX-Basic"' in data
    for value in (
        "preferredTerm-admn-sts",
        "admittedTerm-admn-sts",
        "deprecatedTerm-admn-sts",
        "supersededTerm-admn-sts",
    ):
        assert value in data
    assert '<descrip type="x-validTo">2025-02-28</descrip>' in data
    assert '<descrip type="x-validFrom">2025-03-01</descrip>' in data
    assert "&lt;MAE&gt;" in data and "&amp;" in data


V2_MARTIF = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en">
 <martifHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></martifHeader>
 <text><body>
  <termEntry id="t1">
   <descrip type="subjectField">ministries</descrip>
   <langSet xml:lang="vi"><tig><term>Bộ Y tế</term></tig></langSet>
   <langSet xml:lang="en">
    <tig><term>Ministry of Health</term>
     <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
    <tig><term>Health Ministry</term>
     <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
   </langSet>
  </termEntry>
 </body></text>
</martif>
"""


def test_reads_tbx_v2_martif() -> None:
    tb = read_tbx("old.tbx", data=V2_MARTIF.encode())
    concept = tb.get("t1")
    assert concept is not None and concept.subject == "ministries"
    assert [(t.lang, t.text, t.status) for t in concept.terms] == [
        ("vi", "Bộ Y tế", "preferred"),
        ("en", "Ministry of Health", "preferred"),
        ("en", "Health Ministry", "forbidden"),
    ]


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE tbx [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<tbx><text><body><conceptEntry id="a"><langSec xml:lang="vi"><termSec>
<term>&lol9;</term></termSec></langSec></conceptEntry></body></text></tbx>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE tbx [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
<tbx><text><body><conceptEntry id="a"><langSec xml:lang="vi"><termSec>
<term>&secret;</term></termSec></langSec></conceptEntry></body></text></tbx>
"""

PARAMETER_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE tbx [ <!ENTITY % remote SYSTEM "http://example.invalid/x.dtd"> %remote; ]>
<tbx><text><body/></text></tbx>
"""

UTF16_BOMB = BILLION_LAUGHS.replace(
    '<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>'
)


@pytest.mark.parametrize(
    "data",
    [
        BILLION_LAUGHS.encode(),
        EXTERNAL_ENTITY.encode(),
        PARAMETER_ENTITY.encode(),
        UTF16_BOMB.encode("utf-16"),
    ],
    ids=["billion-laughs", "external-entity", "parameter-entity", "utf16-bomb"],
)
def test_hostile_xml_is_refused_naming_the_file(data: bytes) -> None:
    with pytest.raises(InputError, match="refused") as err:
        read_tbx("hostile.tbx", data=data)
    assert "hostile.tbx" in str(err.value)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("<tbx><text><body>", "not well-formed"),
        ("", "not well-formed"),
        ("<html><body/></html>", "not a TBX file"),
        (
            '<tbx><text><body><conceptEntry id="a"><langSec><termSec><term>x</term>'
            "</termSec></langSec></conceptEntry></body></text></tbx>",
            "line 1: language section without xml:lang",
        ),
        (
            '<tbx><text><body><conceptEntry id="a"><langSec xml:lang="vi"><termSec>'
            '<term>x</term><termNote type="administrativeStatus">maybe</termNote>'
            "</termSec></langSec></conceptEntry></body></text></tbx>",
            "unknown administrativeStatus 'maybe'",
        ),
        (
            '<tbx><text><body><conceptEntry id="a"><langSec xml:lang="vi"><termSec>'
            '<term>x</term><descrip type="x-validFrom">1 March 2025</descrip>'
            "</termSec></langSec></conceptEntry></body></text></tbx>",
            "not a date",
        ),
        (
            '<tbx><text><body><conceptEntry id="a"><langSec xml:lang="vi"><termSec/>'
            "</langSec></conceptEntry></body></text></tbx>",
            "exactly one <term>",
        ),
        (
            '<tbx><text><body><conceptEntry id="a"/></body></text></tbx>',
            "has no terms",
        ),
        (
            '<tbx><text><body><conceptEntry id="a"><langSec xml:lang="vi"><termSec>'
            '<term>x</term></termSec></langSec></conceptEntry><conceptEntry id="a">'
            '<langSec xml:lang="vi"><termSec><term>y</term></termSec></langSec>'
            "</conceptEntry></body></text></tbx>",
            "appears twice",
        ),
    ],
)
def test_malformed_tbx_is_reported_and_nothing_is_imported(data: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as err:
        read_tbx("bad.tbx", data=data.encode())
    assert "bad.tbx" in str(err.value)


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        read_tbx(tmp_path / "nope.tbx")


# --- CSV glossary ---------------------------------------------------------------


def test_csv_glossary() -> None:
    data = (
        "vi,en,status,valid_from,valid_to,note\n"
        "Bộ Ngoại giao,Ministry of Foreign Affairs,,,,official\n"
        "Bộ Ngoại giao,Ministry of Diplomacy,forbidden,,,calque\n"
        '"Bộ Văn hóa, Thể thao và Du lịch","Ministry of Culture, Sports and Tourism",,,,\n'
        "\n"
        "Bộ Kế hoạch và Đầu tư,Ministry of Planning and Investment,preferred,,2025-02-28,\n"
    )
    tb = read_csv_glossary("glossary.csv", data=data)
    assert len(tb) == 3
    mofa = tb.get("csv-1")
    assert mofa is not None
    assert [(t.lang, t.text, t.status, t.note) for t in mofa.terms] == [
        ("vi", "Bộ Ngoại giao", "preferred", ""),
        ("en", "Ministry of Foreign Affairs", "preferred", "official"),
        ("en", "Ministry of Diplomacy", "forbidden", "calque"),
    ]
    [hit] = tb.find("Bộ Kế hoạch và Đầu tư", on=date(2025, 3, 1), target_lang="en")
    assert hit.historical


def test_csv_with_only_two_columns_and_semicolons() -> None:
    tb = read_csv_glossary("g.csv", data="vi;en\nSở Ngoại vụ;Department of Foreign Affairs\n")
    [hit] = tb.find("Sở Ngoại vụ", target_lang="en")
    assert hit.targets[0].text == "Department of Foreign Affairs"


def test_csv_file_round_trip_to_tbx(tmp_path: Path) -> None:
    csv_path = tmp_path / "g.csv"
    csv_path.write_text("\ufeffvi,en,status\nBộ Y tế,Ministry of Health,\n", encoding="utf-8")
    tb = load_termbase(csv_path)
    write_tbx(tb, tmp_path / "g.tbx")
    assert termbase_to_json(read_tbx(tmp_path / "g.tbx")) == termbase_to_json(tb)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("", "header row is required"),
        ("Bộ Y tế,Ministry of Health\n", "line 1: the header must start with two language codes"),
        ("vi,status\nBộ Y tế,preferred\n", "line 1: the header"),
        ("vi,en,colour\nx,y,z\n", "line 1: the header"),
        ("vi,en,note,note\nx,y,a,b\n", "appears twice"),
        ("vi,en\nBộ Y tế,Ministry of Health\nBộ Tư pháp\n", "line 3: 1 columns, the header has 2"),
        ("vi,en\nBộ Y tế,\n", "line 2: both vi and en are required"),
        ("vi,en,status\nBộ Y tế,Ministry of Health,approved\n", "line 2: status 'approved'"),
        (
            "vi,en,valid_from\nBộ Y tế,Ministry of Health,01/03/2025\n",
            "line 2: '01/03/2025' is not a date",
        ),
        ('vi,en\n"Bộ Y tế,Ministry of Health\n', "line"),
    ],
)
def test_bad_csv_is_reported_with_line_numbers(data: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as err:
        read_csv_glossary("glossary.csv", data=data)
    assert "glossary.csv" in str(err.value)
