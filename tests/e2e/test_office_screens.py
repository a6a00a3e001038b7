"""The list of the office's screens (office_screens.py) is whole: every URL of
the office is a screen the journeys visit, or a form's action or a download;
and each screen's path is the URL it names."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver, resolve

from tests.e2e.office_screens import NOT_SCREENS, SCREENS

IDS = {
    key: 1
    for key in (
        "article",
        "job",
        "run",
        "report",
        "plan",
        "page",
        "fact",
        "correction",
        "clarification",
    )
}


def _names(patterns: list[URLPattern | URLResolver], namespace: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            if inner and namespace:
                inner = f"{namespace}:{inner}"
            yield from _names(pattern.url_patterns, inner or namespace)
        elif pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_office_url_is_a_listed_screen_or_an_action() -> None:
    office = {name for name in _names(get_resolver().url_patterns) if name.startswith("office:")}
    screens = {s.url_name for s in SCREENS}
    assert office - screens - NOT_SCREENS == set(), "add them to SCREENS or NOT_SCREENS"
    assert (screens | NOT_SCREENS) - office - {"admin:index"} == set()
    assert screens & NOT_SCREENS == set()


def test_each_screen_path_is_the_url_it_names() -> None:
    for screen in SCREENS:
        path = screen.path.format(**IDS).split("?")[0]
        match = resolve(path)
        assert f"{match.namespace}:{match.url_name}" == screen.url_name, screen.label
