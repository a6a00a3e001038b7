"""doingoai.text loads its modules when their names are first used: every
name it offers resolves, to the function (not a module of the same name),
and extracting a page does not load the date, number or sentence readers."""

from __future__ import annotations

import subprocess
import sys

import doingoai.text as text


def test_every_name_offered_resolves_to_what_its_module_defines() -> None:
    import importlib

    for name in text.__all__:
        value = getattr(text, name)
        assert not isinstance(value, type(text)), name
        home = text._HOMES.get(name, "normalize")
        assert value is getattr(importlib.import_module(f"doingoai.text.{home}"), name)
    assert text.normalize("Tie\u0302\u0301ng") == "Tiếng"
    assert set(dir(text)) >= set(text.__all__)


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        text.no_such_reader  # noqa: B018
    except AttributeError as error:
        assert "no_such_reader" in str(error)
    else:
        raise AssertionError("an unknown name resolved")


def test_extracting_a_page_loads_only_the_readers_it_needs() -> None:
    code = (
        "import sys; from doingoai.extract import extract_html; "
        "extract_html('<html><body><article><h1>Tin</h1><p>' + 'Hà Nội đón khách. ' * 40"
        " + '</p></article></body></html>', url='https://example.org/a'); "
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('doingoai.text.'))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    loaded = set(done.stdout.split())
    assert "doingoai.text.encodings" in loaded and "doingoai.text.normalize" in loaded
    assert not loaded & {
        "doingoai.text.dates",
        "doingoai.text.numbers",
        "doingoai.text.sentences",
        "doingoai.text.segment",
    }, loaded
