"""No words reach an office or portal reader without the translation
machinery: the templates hold no text outside ``{% translate %}`` and
``{% blocktranslate %}``, and the views' messages go through gettext."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "doingoai"

#: what a template may show as it is: names, formats, marks
ALLOWED = {
    "RSS",
    "Atom",
    "XLSX",
    "sha256",
    "doingoai",
    "· doingoai",
    "Tiếng Việt",
    "English",
    "Alt+M",
    "(RSS)",
    "(Atom)",
}

TEMPLATES = sorted(
    [*PACKAGE.glob("office/templates/**/*.html"), *PACKAGE.glob("portal/templates/**/*.html")]
)


def bare_words(template: str) -> list[str]:
    """Visible text of a template that no translation tag holds."""
    text = re.sub(r"{%\s*blocktranslate.*?{%\s*endblocktranslate\s*%}", " ", template, flags=re.S)
    text = re.sub(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}", " ", text, flags=re.S)
    text = re.sub(r"<script.*?</script>|<style.*?</style>", " ", text, flags=re.S)
    found = []
    for m in re.finditer(r'\s(?:aria-label|title|placeholder|alt)="([^"]*)"', text):
        shown = re.sub(r"{%.*?%}|{{.*?}}", " ", m.group(1)).strip()
        if re.search(r"[^\W\d_]{2,}", shown) and shown not in ALLOWED:
            found.append(shown)
    body = re.sub(r"<[^>]*>", "\n", text)
    body = re.sub(r"{%.*?%}|{{.*?}}", "\n", body, flags=re.S)
    for piece in body.split("\n"):
        for part in re.split(r"\s{2,}|\s·\s|:", piece):
            shown = part.strip(" ·:()")
            if re.search(r"[^\W\d_]{2,}", shown) and shown not in ALLOWED:
                found.append(shown)
    return found


def test_the_scan_finds_a_bare_word() -> None:
    assert bare_words("<p>Inbox</p>") == ["Inbox"]
    assert bare_words('<a title="Next page">More</a>') == ["Next page", "More"]
    assert bare_words("<p>{% translate 'Inbox' %} {{ count }}</p>") == []


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_templates_show_no_untranslated_words(path: Path) -> None:
    assert bare_words(path.read_text(encoding="utf-8")) == []


_LEVELS = {"success", "error", "info", "warning", "debug"}


def _bare(node: ast.expr) -> bool:
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.strip() != ""
    )


VIEWS = sorted(
    p
    for folder in ("office", "portal", "plans", "reports")
    for p in (PACKAGE / folder).rglob("*.py")
    if "migrations" not in p.parts
)


@pytest.mark.parametrize("path", VIEWS, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_messages_to_the_reader_go_through_gettext(path: Path) -> None:
    """``messages.success(request, "…")`` and ``deny(request, "…")`` with a
    plain string would reach a Vietnamese reader in English."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or len(node.args) < 2:
            continue
        func = node.func
        is_message = (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id == "messages"
            and func.attr in _LEVELS
        )
        is_denial = isinstance(func, ast.Name) and func.id == "deny"
        if (is_message or is_denial) and _bare(node.args[1]):
            found.append(f"line {node.lineno}: {ast.unparse(node.args[1])[:80]}")
    assert found == []
