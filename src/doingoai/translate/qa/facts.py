"""Cited facts: a text cites a named figure with ``{{fact:slug}}``, and the
page shows the figure's current value in the reader's language. The check
:class:`CitedFacts` warns when a translation drops the citation and states a
figure other than the fact's value (a number copied by hand goes stale when
the fact is updated, and may be wrong already).

The figures come from a provider that the application registers
(:func:`set_fact_provider`): the reference app looks them up in its
database. Without a provider the check says nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal

from doingoai.translate.qa.checks import Check, Issue, Segment

__all__ = ["FACT_TOKEN", "CitedFacts", "FactFigure", "cited_slugs", "matches", "set_fact_provider"]

#: a citation: ``{{fact:dan-so-ha-noi}}``
FACT_TOKEN = re.compile(r"\{\{fact:([a-z0-9][a-z0-9-]{0,99})\}\}")


@dataclass(frozen=True)
class FactFigure:
    """A fact's current value, its unit and its name (for messages)."""

    slug: str
    value: Decimal
    unit: str = ""
    name: str = ""


Provider = Callable[[Iterable[str]], Mapping[str, FactFigure]]
_provider: list[Provider] = []


def set_fact_provider(provider: Provider | None) -> None:
    """Register (or, with None, remove) the function giving the current
    figures of fact slugs."""
    _provider[:] = [provider] if provider is not None else []


def cited_slugs(text: str) -> list[str]:
    """The slugs ``text`` cites, in order, once each."""
    return list(dict.fromkeys(m.group(1) for m in FACT_TOKEN.finditer(text)))


def matches(written: Decimal, value: Decimal) -> bool:
    """Whether ``written`` states ``value`` to the precision it is written
    with: "8.4 million" and "8,435,700" both state 8,435,700; "8.3 million" does not."""
    exponent = written.normalize().as_tuple().exponent
    quantum = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
    return abs(written - value) <= quantum / 2


class CitedFacts(Check):
    name = "facts"
    severity = "warning"
    doc = (
        "A source that cites a fact ({{fact:slug}}) shows its current value in every "
        "language; a target that drops the citation and states another figure is "
        "reported with the fact's value (keep the citation: an update then reaches "
        "every language)."
    )

    def run(self, seg: Segment) -> Iterator[Issue]:
        slugs = [s for s in cited_slugs(seg.source) if f"{{{{fact:{s}}}}}" not in seg.target]
        if not slugs or not _provider or not seg.target.strip():
            return
        figures = _provider[0](slugs)
        stated = [n for n in seg.target_numbers if not n.short_year]
        for slug in slugs:
            fact = figures.get(slug)
            if fact is None:
                continue
            if any(matches(n.value, fact.value) for n in stated):
                continue
            said = ", ".join(repr(n.raw) for n in stated)
            value = f"{fact.value.normalize():f} {fact.unit}".strip()
            if said:
                message = (
                    f"the source cites the fact {slug!r} ({value}); the target states "
                    f"{said} instead: keep {{{{fact:{slug}}}}}"
                )
            else:
                message = (
                    f"the source cites the fact {slug!r} ({value}); the target has neither "
                    f"the citation nor the figure: keep {{{{fact:{slug}}}}}"
                )
            yield self.issue(message, (0, len(seg.target)))
