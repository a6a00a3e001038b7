"""The translation catalogues are complete and compiled.

Every message the code and templates pass through Django's translation
machinery is read here from the sources (Python files with Babel's
extractor, templates through Django's own ``templatize``, as
``makemessages`` does), and must have a Vietnamese translation and an English
entry, with the same placeholders as its English words; the compiled
``.mo`` files must say what the catalogues say. The portal's own words and
the built-in theme names must be in every other catalogue too.
"""

from __future__ import annotations

import gettext
import importlib.util
import re
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_python
from babel.messages.pofile import read_po
from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "doingoai"
LOCALE = PACKAGE / "locale"

#: the functions whose string arguments are messages: name → argument roles
#: (Babel's notation: "c" is the context)
KEYWORDS: dict[str, tuple[int | str, ...] | None] = {
    "_": None,
    "N_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),  # type: ignore[dict-item]
    "pgettext_lazy": ((1, "c"), 2),  # type: ignore[dict-item]
    "npgettext": ((1, "c"), 2, 3),  # type: ignore[dict-item]
    "npgettext_lazy": ((1, "c"), 2, 3),  # type: ignore[dict-item]
}

Key = tuple[str | None, str]


def _messages_of(code: str) -> Iterator[tuple[Key, str | None]]:
    """(context, msgid) and msgid_plural of each message in Python-like code."""
    import io

    for _line, function, args, _comments in extract_python(
        io.BytesIO(code.encode("utf-8")), list(KEYWORDS), [], {}
    ):
        values = args if isinstance(args, tuple) else (args,)
        if function.startswith(("pgettext", "npgettext")):
            context, *rest = values
        else:
            context, rest = None, list(values)
        if not rest or not rest[0]:
            continue
        plural = rest[1] if function.startswith(("ngettext", "npgettext")) else None
        yield (context, rest[0]), plural


def _python_of(template: Path) -> str:
    """A template as the Python-like text ``makemessages`` reads (its lines
    unindented: the indentation of HTML means nothing to the tokenizer)."""
    code = templatize(template.read_text(encoding="utf-8"), origin=str(template))
    return "\n".join(line.strip() for line in code.splitlines())


def used_messages() -> dict[Key, tuple[str | None, str]]:
    """Every message of the package: key → (plural, where it is used)."""
    found: dict[Key, tuple[str | None, str]] = {}
    for path in sorted(PACKAGE.rglob("*")):
        if "migrations" in path.parts or "__pycache__" in path.parts:
            continue
        if path.suffix == ".py":
            code = path.read_text(encoding="utf-8")
        elif path.suffix in {".html", ".txt", ".xml"} and "templates" in path.parts:
            code = _python_of(path)
        else:
            continue
        where = str(path.relative_to(PACKAGE))
        for key, plural in _messages_of(code):
            found.setdefault(key, (plural, where))
    return found


def catalogue(lang: str) -> Catalog:
    with (LOCALE / lang / "LC_MESSAGES" / "django.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def _compile_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "compile_messages", ROOT / "scripts" / "compile_messages.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|\{(\w+)\}")


def placeholders(text: str) -> set[str]:
    return {a or b for a, b in _PLACEHOLDER.findall(text)}


USED = used_messages()


def test_the_sources_have_messages_to_check() -> None:
    """The reader finds the office's, the portal's and the admin's words."""
    keys = set(USED)
    assert (None, "Inbox") in keys  # an office template
    assert (None, "Hanoi External Information") in keys  # the portal's labels
    assert ("job state", "in review") in keys  # a model's choices
    assert ("theme", "External relations") in keys  # a built-in theme
    assert (None, "The user name or password is wrong.") in keys  # a view's message
    assert len(keys) > 300


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_message_has_a_translation(lang: str) -> None:
    entries = {
        (m.context, m.id[0] if isinstance(m.id, tuple) else m.id): m for m in catalogue(lang)
    }
    missing = []
    for key, (plural, where) in USED.items():
        entry = entries.get(key)
        strings = (
            ()
            if entry is None or "fuzzy" in entry.flags
            else (entry.string if isinstance(entry.string, tuple) else (entry.string,))
        )
        if not strings or not all(strings):
            missing.append(f"{where}: {key[1]!r}" + (f" (context {key[0]!r})" if key[0] else ""))
        elif plural is not None and not isinstance(entry.id, tuple):  # type: ignore[union-attr]
            missing.append(f"{where}: {key[1]!r} needs plural forms")
    assert not missing, (
        f"{len(missing)} messages have no {lang} translation (run makemessages, "
        "translate, compile):\n" + "\n".join(missing[:40])
    )


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_translations_keep_the_placeholders(lang: str) -> None:
    wrong = []
    for message in catalogue(lang):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = placeholders(ids[-1]) | placeholders(ids[0])
        for text in strings:
            if text and placeholders(text) != wanted and placeholders(text) != placeholders(ids[0]):
                wrong.append(f"{ids[0]!r} → {text!r}")
    assert not wrong, "placeholders lost or added:\n" + "\n".join(wrong)


def test_vietnamese_uses_one_plural_form() -> None:
    """Vietnamese does not inflect for number: "1 kết quả", "2 kết quả"."""
    vi = catalogue("vi")
    assert vi.num_plurals == 1
    plurals = [m for m in vi if isinstance(m.id, tuple)]
    assert plurals
    for message in plurals:
        assert len(message.string) == 1 and message.string[0], message.id


@pytest.mark.parametrize("lang", sorted(p.name for p in LOCALE.iterdir() if p.is_dir()))
def test_catalogues_are_compiled_as_they_are(lang: str) -> None:
    """The install compiles every catalogue (scripts/compile_messages.py); a
    compiled file that is missing or older than its catalogue fails here."""
    po_path = LOCALE / lang / "LC_MESSAGES" / "django.po"
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.is_file(), f"{mo_path} is missing: run `python scripts/compile_messages.py`"
    assert mo_path.read_bytes() == _compile_script().compiled(po_path), (
        f"{mo_path} is older than {po_path.name}: run `python scripts/compile_messages.py`"
    )
    with mo_path.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for message in catalogue(lang):
        if message.id and not isinstance(message.id, tuple) and message.string:
            if "fuzzy" in message.flags:
                continue
            said = (
                compiled.pgettext(message.context, message.id)
                if message.context
                else compiled.gettext(message.id)
            )
            assert said == message.string


#: where the portal's own words are (labels, theme names, its templates' words)
PORTAL_SOURCES = [
    "portal/labels.py",
    "portal/views.py",
    "portal/discovery.py",
    "curation/theme_names.py",
    "store/search/messages.py",
]


def portal_messages() -> set[Key]:
    keys: set[Key] = set()
    for name in PORTAL_SOURCES:
        code = (PACKAGE / name).read_text(encoding="utf-8")
        keys |= {key for key, _plural in _messages_of(code)}
    return keys


def test_the_public_pages_templates_have_no_words_of_their_own() -> None:
    """The Jinja2 templates of the public pages (doingoai.portal.jinja) get
    every word from the views, so the checks above see them all: a
    translation call or tag in one would go unchecked."""
    templates = sorted(PACKAGE.glob("*/jinja2/**/*.*"))
    assert any(p.name == "base.html" for p in templates)
    calls = re.compile(r"\b(_|gettext|ngettext|pgettext)\(|\{%-?\s*(trans|pluralize)\b")
    found = [
        f"{p.relative_to(PACKAGE)}: {m.group(0)}"
        for p in templates
        for m in calls.finditer(p.read_text(encoding="utf-8"))
    ]
    assert not found, found


def test_every_portal_language_has_the_portal_words() -> None:
    """Each catalogue besides English translates the portal's words and the
    built-in theme names (English is the fallback of a language without a
    catalogue)."""
    keys = portal_messages()
    assert (None, "Hanoi External Information") in keys
    assert ("theme", "Economy") in keys
    for lang in sorted(p.name for p in LOCALE.iterdir() if p.is_dir() and p.name != "en"):
        entries = {
            (m.context, m.id[0] if isinstance(m.id, tuple) else m.id): (
                all(m.string) if isinstance(m.string, tuple) else m.string
            )
            for m in catalogue(lang)
            if "fuzzy" not in m.flags
        }
        missing = sorted(k[1] for k in keys if not entries.get(k))
        assert not missing, f"the {lang} catalogue lacks portal words: {missing}"
