"""Charts drawn on the server as SVG, readable without JavaScript and by
screen readers: each has a ``<title>`` and a ``<desc>`` (``role="img"``,
labelled by them), text labels on every bar and point, and series told apart
by pattern as well as colour. The numbers of every chart are also shown as a
table beside it by the pages that use these. No Django here.

The summary a screen reader says (the ``<desc>``, when the page gives none)
is written from the message templates below, marked for the translation
catalogues; a page passes :class:`Words` holding its language's gettext and
number format, so that a Vietnamese page says "Đã xuất bản: 1.234 từ 2025-01
đến 2025-06". Without them a chart speaks English."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from itertools import count

__all__ = ["SUMMARY_MESSAGES", "Words", "bar_chart", "series_chart"]


def N_(message: str) -> str:
    """Marks ``message`` for the translation catalogues; translated where it is said."""
    return message


#: a bar of a bar chart, with and without its target; a series over its steps
BAR = N_("%(label)s: %(value)s")
BAR_WITH_TARGET = N_("%(label)s: %(value)s, target %(target)s")
SERIES = N_("%(series)s: %(total)s from %(first)s to %(last)s")
SUMMARY_MESSAGES: tuple[str, ...] = (BAR, BAR_WITH_TARGET, SERIES)

#: colours with enough contrast on white, and dash patterns to tell series apart
COLOURS = ("#0b4f8a", "#a34700", "#1d5e20", "#6b2a8c", "#7a4d00", "#00606b")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2", "10 4")
_ids = count(1)


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _same(message: str) -> str:
    return message


@dataclass(frozen=True)
class Words:
    """How a chart writes its words and numbers: ``gettext`` translates the
    summary's templates (:data:`SUMMARY_MESSAGES`), ``number`` writes a value
    as the reader's language does. The default is English."""

    gettext: Callable[[str], str] = field(default=_same)
    number: Callable[[float], str] = field(default=_fmt)


ENGLISH = Words()


def _head(width: int, height: int, title: str, desc: str) -> tuple[str, str]:
    n = next(_ids)
    tid, did = f"chart-{n}-title", f"chart-{n}-desc"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width:{width}px" aria-labelledby="{tid} {did}" '
        f'font-family="inherit" font-size="12">'
        f'<title id="{tid}">{escape(title)}</title><desc id="{did}">{escape(desc)}</desc>',
        "</svg>",
    )


def bar_chart(
    title: str,
    labels: list[str],
    values: list[float],
    *,
    desc: str = "",
    targets: list[float | None] | None = None,
    unit: str = "",
    words: Words = ENGLISH,
) -> str:
    """Horizontal bars, one per label, the value written at the end of each;
    a target, when given, is a vertical mark across its bar."""
    row, label_w, bar_w = 26, 220, 360
    height = max(1, len(labels)) * row + 20
    top = max([*values, *[t for t in (targets or []) if t is not None], 1])
    num = words.number
    summary = "; ".join(
        words.gettext(BAR_WITH_TARGET)
        % {"label": label, "value": f"{num(v)}{unit}", "target": num(t)}
        if targets and (t := targets[i]) is not None
        else words.gettext(BAR) % {"label": label, "value": f"{num(v)}{unit}"}
        for i, (label, v) in enumerate(zip(labels, values, strict=True))
    )
    head, tail = _head(label_w + bar_w + 90, height, title, desc or summary)
    parts = [head]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = 10 + i * row
        w = bar_w * value / top
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{escape(label[:34])}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" fill="{COLOURS[0]}"/>'
            f'<text x="{label_w + w + 4:.1f}" y="{y + 15}">{escape(num(value))}{escape(unit)}</text>'
        )
        if targets and targets[i] is not None:
            tx = label_w + bar_w * float(targets[i] or 0) / top
            parts.append(
                f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{y}" y2="{y + row - 2}" '
                f'stroke="{COLOURS[1]}" stroke-width="3"/>'
            )
    parts.append(tail)
    return "".join(parts)


def series_chart(
    title: str,
    steps: list[str],
    series: Mapping[str, Sequence[float]],
    *,
    desc: str = "",
    words: Words = ENGLISH,
) -> str:
    """Lines over time steps, one per series, each with its own colour and
    dash pattern, a legend, and the step labels under the axis."""
    width, height, left, bottom, top_pad = 720, 260, 44, 40, 14
    plot_w, plot_h = width - left - 150, height - bottom - top_pad
    top = max([v for values in series.values() for v in values] + [1])
    head, tail = _head(width, height, title, desc or _series_summary(steps, series, words))
    parts = [head]
    parts.append(
        f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{left + plot_w}" y2="{top_pad + plot_h}" '
        f'stroke="#4a4a4a"/><text x="{left - 6}" y="{top_pad + 4}" text-anchor="end">'
        f"{escape(words.number(top))}</text>"
        f'<text x="{left - 6}" y="{top_pad + plot_h}" text-anchor="end">0</text>'
    )
    n = max(1, len(steps) - 1)
    every = max(1, len(steps) // 8)
    for i, step in enumerate(steps):
        if i % every == 0 or i == len(steps) - 1:
            x = left + plot_w * i / n
            parts.append(
                f'<text x="{x:.1f}" y="{top_pad + plot_h + 16}" text-anchor="middle" '
                f'font-size="10">{escape(step)}</text>'
            )
    for k, (name, values) in enumerate(series.items()):
        colour, dash = COLOURS[k % len(COLOURS)], DASHES[k % len(DASHES)]
        points = " ".join(
            f"{left + plot_w * i / n:.1f},{top_pad + plot_h - plot_h * v / top:.1f}"
            for i, v in enumerate(values)
        )
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5"'
            f"{dash_attr}/>"
        )
        ly = top_pad + 14 + 18 * k
        lx = left + plot_w + 12
        parts.append(
            f'<line x1="{lx}" x2="{lx + 26}" y1="{ly - 4}" y2="{ly - 4}" stroke="{colour}" '
            f'stroke-width="2.5"{dash_attr}/><text x="{lx + 32}" y="{ly}">{escape(name)}</text>'
        )
    parts.append(tail)
    return "".join(parts)


def _series_summary(steps: list[str], series: Mapping[str, Sequence[float]], words: Words) -> str:
    if not steps:
        return ""
    return "; ".join(
        words.gettext(SERIES)
        % {
            "series": name,
            "total": words.number(sum(values)),
            "first": steps[0],
            "last": steps[-1],
        }
        for name, values in series.items()
    )
