"""The shapes of the API's answers and of what it accepts."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

__all__ = [
    "ArticleDetail",
    "ArticleOut",
    "ArticlePage",
    "Change",
    "ChangesOut",
    "ErrorOut",
    "Health",
    "OutletOut",
    "SubmissionIn",
    "SubmissionOut",
    "ThemeOut",
    "VersionOut",
    "VersionSummary",
    "XliffImportOut",
]


class ErrorOut(Schema):
    """Every error: a message a person can act on, and the problems one by one."""

    error: str
    problems: list[str] = []


class Health(Schema):
    status: str = Field(description="ok, or unavailable when the database does not answer")
    database: dict[str, Any] = Field(
        default_factory=dict,
        description="ok, vendor (sqlite, postgresql) and latency_ms of a real query",
    )
    tasks: dict[str, Any] = Field(
        default_factory=dict,
        description="the task queue's backlog: waiting, running, failed_last_day, "
        "oldest_waiting_seconds",
    )


class ThemeOut(Schema):
    slug: str
    name_vi: str
    name_en: str
    position: int


class OutletOut(Schema):
    domain: str
    name: str
    articles: int = Field(description="Published articles from this outlet.")


class VersionSummary(Schema):
    language: str
    title: str
    published_at: datetime | None
    outdated: bool


class ArticleOut(Schema):
    id: int
    title: str
    lead: str
    url: str
    outlet: str
    outlet_domain: str
    published_at: datetime | None = Field(description="When the outlet published it.")
    language: str
    topic: str
    themes: list[str]
    featured: bool
    languages: list[str] = Field(description="Languages this article can be read in here.")
    updated_at: datetime
    snippet: str | None = Field(None, description="For a search: the passage that matched.")


class ArticleDetail(ArticleOut):
    paragraphs: list[str]
    captions: list[str]
    authors: list[str]
    tags: list[str]
    versions: list[VersionSummary]


class ArticlePage(Schema):
    total: int
    limit: int
    offset: int
    items: list[ArticleOut]
    interpreted_as: str | None = Field(
        None, description="For a query typed without accents: the accented reading ranked first."
    )
    without_accents: int | None = Field(
        None,
        description=(
            "For a query typed with accents: how many more articles match when accents are "
            "ignored (not in total; ask with accents=any to list them)."
        ),
    )


class VersionOut(Schema):
    article: int
    language: str
    title: str
    lead: str
    paragraphs: list[str]
    captions: list[str]
    published_at: datetime | None
    translation_key: str
    original: bool


class Change(Schema):
    kind: Literal["article", "version"]
    article: int
    language: str
    change: Literal["published", "updated"]
    at: datetime


class ChangesOut(Schema):
    since: datetime
    until: datetime
    total: int
    limit: int
    offset: int
    items: list[Change]


class SubmissionIn(Schema):
    title: str = Field(min_length=1, max_length=1000)
    lead: str = Field("", max_length=10_000)
    body: str = Field(min_length=1, max_length=500_000)
    url: str = Field("", max_length=2000)


class SubmissionOut(Schema):
    id: int
    article: int
    unit: str | None
    status: Literal["received", "selected", "published", "not used"] = Field(
        description="received; selected or published by the editors; or not used."
    )
    languages: list[str] = Field(description="Languages its translations are published in.")
    submitted_at: datetime


class XliffImportOut(Schema):
    job: int
    updated: int
    unchanged: int
    skipped: dict[str, int] = Field(
        default_factory=dict,
        description="units not taken, by reason: empty, untranslated (the tool's state "
        "says so), copy-of-source",
    )
    state: str
