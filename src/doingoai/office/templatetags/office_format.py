"""Numbers as the reader's language writes them: ``{{ n|grouped }}`` gives
"12.345" in Vietnamese and "12,345" in English."""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.utils import formats
from django.utils.translation import get_language, gettext, ngettext, pgettext, pgettext_lazy

register = template.Library()


@register.filter
def grouped(value: Any) -> str:
    """``value`` with the active language's thousand and decimal separators;
    what is not a number is shown as it is."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "" if value is None else str(value)
    return formats.number_format(value, force_grouping=True)


#: what the counts of a collection run are called
_COUNT_LABELS = {
    "new": pgettext_lazy("documents", "new"),
    "duplicate": pgettext_lazy("documents", "duplicate"),
    "updated": pgettext_lazy("documents", "updated"),
    "failed": pgettext_lazy("documents", "failed"),
}

#: the states of an article's selection for external information
_SELECTION_LABELS = {
    "new": pgettext_lazy("selection", "new"),
    "selected": pgettext_lazy("selection", "selected"),
    "published": pgettext_lazy("selection", "published"),
    "withdrawn": pgettext_lazy("selection", "withdrawn"),
}


#: where a submitted item stands (:func:`doingoai.office.submissions.status_of`)
_SUBMISSION_LABELS = {
    "received": pgettext_lazy("submission", "received"),
    "selected": pgettext_lazy("submission", "selected"),
    "published": pgettext_lazy("submission", "published"),
    "not used": pgettext_lazy("submission", "not used"),
}


@register.filter
def submission_status(label: str) -> str:
    """A submitted item's status in the reader's language."""
    return str(_SUBMISSION_LABELS.get(label, label))


@register.filter
def count_label(key: str) -> str:
    """The name of one count of a collection run ("new", "failed"…)."""
    return str(_COUNT_LABELS.get(key, key))


@register.filter
def selection_status(status: str) -> str:
    """An article's selection state in the reader's language."""
    return str(_SELECTION_LABELS.get(status, status))


@register.filter
def theme_name(theme: Any) -> str:
    """A theme's name in the active language."""
    return str(theme.name(get_language() or "vi"))


@register.filter
def job_state(state: str) -> str:
    """A translation job's state ("in_review") in the active language."""
    from doingoai.translation.models import JOB_STATE_CHOICES

    return str(dict(JOB_STATE_CHOICES).get(state, state))


#: the names of the QA checks (:mod:`doingoai.translate.qa.checks`)
_QA_CHECKS = {
    "empty": pgettext_lazy("QA check", "empty"),
    "untranslated": pgettext_lazy("QA check", "untranslated"),
    "length": pgettext_lazy("QA check", "length"),
    "spacing": pgettext_lazy("QA check", "spacing"),
    "brackets": pgettext_lazy("QA check", "brackets"),
    "final-punctuation": pgettext_lazy("QA check", "final punctuation"),
    "markup": pgettext_lazy("QA check", "markup"),
    "numbers": pgettext_lazy("QA check", "numbers"),
    "dates": pgettext_lazy("QA check", "dates"),
    "terms": pgettext_lazy("QA check", "terms"),
    "names": pgettext_lazy("QA check", "names"),
    "facts": pgettext_lazy("QA check", "facts"),
}


@register.filter
def qa_check(name: str) -> str:
    """A QA check's name ("numbers") in the active language."""
    return str(_QA_CHECKS.get(name, name))


def _created(m: re.Match[str]) -> str:
    count = int(m["count"])
    return ngettext("created with %(count)s segment", "created with %(count)s segments", count) % {
        "count": count
    }


def _pretranslated(m: re.Match[str]) -> str:
    filled = m["filled"]
    said = gettext("pre-translated: %(filled)s") % {
        "filled": gettext("nothing filled") if filled == "nothing filled" else filled
    }
    if m["empty"]:
        said += gettext(", %(count)s left empty") % {"count": m["empty"]}
    if m["why"]:
        said += gettext("; from the translation memory only: %(why)s") % {"why": m["why"]}
    return said


def _assigned(m: re.Match[str]) -> str:
    names = {
        "assignee": pgettext("assignment", "assignee"),
        "reviewer": pgettext("assignment", "reviewer"),
        "due": pgettext("assignment", "due"),
    }
    parts = []
    for part in m.group(0).split(", "):
        key, _space, value = part.partition(" ")
        parts.append(f"{names.get(key, key)} {value}")
    return ", ".join(parts)


#: one change of an assignment as the workflow writes it ("due 2025-06-02")
_ASSIGNED = r"(?:(?:assignee|reviewer) [\w.@+-]+|due \d{4}-\d{2}-\d{2})"

#: the comments the workflow writes in a job's history (in English), read back
#: and said in the reader's language; a person's own comment is shown as written
_EVENT_COMMENTS: tuple[tuple[re.Pattern[str], Any], ...] = (
    (re.compile(r"created with (?P<count>\d+) segments"), _created),
    (re.compile(r"first save"), lambda m: gettext("first save")),
    (
        re.compile(
            r"pre-translated: (?P<filled>.*?)(?:, (?P<empty>\d+) left empty)?"
            r"(?:; from the translation memory only: (?P<why>.*))?"
        ),
        _pretranslated,
    ),
    (
        re.compile(
            r"source changed: (?P<changed>\d+) changed, (?P<new>\d+) new, "
            r"(?P<removed>\d+) removed segments"
        ),
        lambda m: (
            gettext(
                "source changed: %(changed)s changed, %(new)s new, %(removed)s removed segments"
            )
            % m.groupdict()
        ),
    ),
    (
        re.compile(r"exported as XLIFF (?P<version>[\d.]+) \((?P<count>\d+) segments\)"),
        lambda m: gettext("exported as XLIFF %(version)s (%(count)s segments)") % m.groupdict(),
    ),
    (
        re.compile(rf"{_ASSIGNED}(?:, {_ASSIGNED})*"),
        _assigned,
    ),
)


@register.filter
def event_comment(comment: str) -> str:
    """A comment of a job's history in the active language when the workflow
    wrote it; a person's comment as they wrote it."""
    for pattern, say in _EVENT_COMMENTS:
        found = pattern.fullmatch(comment or "")
        if found:
            return str(say(found))
    return comment


@register.filter(name="qa_message")
def qa_message_filter(message: str) -> str:
    """A QA finding in the active language."""
    from doingoai.office.qa_words import qa_message

    return qa_message(message)


@register.filter(name="extraction_warning")
def extraction_warning_filter(warning: str) -> str:
    """An extraction warning in the active language."""
    from doingoai.office.extraction_words import extraction_warning

    return extraction_warning(warning)
