"""Every translation keeps the placeholders of its message: a Python-format
message whose translation loses or changes a ``%(name)s`` fails when it is
shown (Django formats it), and ``msgfmt -c`` refuses the catalogue. A message
with a literal percent sign is marked ``no-python-format`` (in the source,
``# xgettext:no-python-format``), and is then not checked as a format."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parents[2] / "src" / "doingoai" / "locale"
CATALOGUES = sorted(LOCALE.glob("*/LC_MESSAGES/django.po"))


def test_there_are_catalogues() -> None:
    assert {p.parts[-3] for p in CATALOGUES} >= {"vi", "en"}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_translations_keep_the_placeholders_of_their_message(path: Path) -> None:
    with path.open("rb") as handle:
        catalogue = read_po(handle)
    wrong = [
        f"{message.id!r}: {error}"
        for message, errors in catalogue.check()
        if "no-python-format" not in message.flags
        for error in errors
    ]
    assert not wrong, f"{path}: " + "; ".join(wrong)
