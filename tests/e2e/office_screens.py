"""Every screen of the back office, in one list: the Vietnamese journey
visits each one (a screenshot of each in test-artifacts/) and the
accessibility check runs axe-core on each.

A new office screen is one line in :data:`SCREENS` (its URL's name and its
path, with ``{article}``, ``{job}``… for the objects :func:`screen_objects`
makes); an office URL that is not a screen (a form's action answered by a
redirect, a download) goes in :data:`NOT_SCREENS`. ``test_office_screens.py``
fails while an office URL is in neither.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

__all__ = ["NOT_SCREENS", "SCREENS", "Screen", "screen_objects", "screen_paths"]


@dataclass(frozen=True)
class Screen:
    """One page of the office: a label (for screenshots and messages), the
    name of its URL, and its path."""

    label: str
    url_name: str
    path: str


SCREENS: tuple[Screen, ...] = (
    Screen("home", "office:home", "/office/"),
    Screen("inbox", "office:inbox", "/office/inbox/"),
    Screen("inbox search", "office:inbox", "/office/inbox/?q=doi+ngoai"),
    Screen("article and its corrections", "office:article", "/office/articles/{article}/"),
    Screen("translation jobs", "office:jobs", "/office/jobs/"),
    Screen("my work", "office:my-work", "/office/jobs/mine/"),
    Screen("workbench", "office:job", "/office/jobs/{job}/"),
    Screen("workbench, QA errors", "office:job", "/office/jobs/{job}/?qa=error"),
    Screen("assignment", "office:job-assign", "/office/jobs/{job}/assign/"),
    Screen("sources", "office:sources", "/office/sources/"),
    Screen("collection run", "office:run", "/office/runs/{run}/"),
    Screen("submissions", "office:submissions", "/office/submissions/"),
    Screen("new submission", "office:submission-new", "/office/submissions/new/"),
    Screen("audit log", "office:audit", "/office/audit/"),
    Screen("dashboard", "office:dashboard", "/office/dashboard/"),
    Screen("evaluation report", "office:report", "/office/report/"),
    Screen("report made in the background", "office:report-run", "/office/report/runs/{report}/"),
    Screen("plans and their import", "office:plans", "/office/plans/"),
    Screen("new plan", "office:plan-new", "/office/plans/new/"),
    Screen("plan", "office:plan", "/office/plans/{plan}/"),
    Screen("team figures", "office:team", "/office/team/"),
    Screen("units", "office:units", "/office/units/"),
    Screen("reference pages", "office:reference-pages", "/office/pages/"),
    Screen("new reference page", "office:reference-page-new", "/office/pages/new/"),
    Screen("reference page", "office:reference-page", "/office/pages/{page}/"),
    Screen("facts", "office:reference-facts", "/office/facts/"),
    Screen("fact", "office:reference-fact", "/office/facts/{fact}/"),
    Screen("images", "office:reference-images", "/office/images/"),
    Screen("corrections and clarifications", "office:notices", "/office/notices/"),
    Screen(
        "new correction",
        "office:correction-new",
        "/office/notices/corrections/new/?article={article}",
    ),
    Screen("correction", "office:correction", "/office/notices/corrections/{correction}/"),
    Screen("new clarification", "office:clarification-new", "/office/notices/clarifications/new/"),
    Screen(
        "clarification", "office:clarification", "/office/notices/clarifications/{clarification}/"
    ),
    Screen("notifications", "office:notifications", "/office/notifications/"),
    Screen("article history", "office:item-history", "/office/history/store.article/{article}/"),
    Screen(
        "reference page history",
        "office:item-history",
        "/office/history/reference.referencepage/{page}/",
    ),
    Screen(
        "correction history",
        "office:item-history",
        "/office/history/notices.correctionnotice/{correction}/",
    ),
    Screen("admin", "admin:index", "/office/admin/"),
)

#: office URLs that are no screen: form actions (POST, answered by a redirect
#: to a screen above), downloads, and the sign-in page (checked before anyone
#: signs in)
NOT_SCREENS: frozenset[str] = frozenset(
    {
        "office:sign-in",
        "office:sign-out",
        "office:language",
        "office:article-raw",
        "office:article-correct",
        "office:article-select",
        "office:article-translate",
        "office:article-action",
        "office:segment-save",
        "office:job-step",
        "office:source-run",
        "office:source-unit",
        "office:report-download",
        "office:report-run-new",
        "office:report-run-file",
        "office:plan-import",
        "office:plan-export",
        "office:plan-delete",
        "office:unit-merge",
        "office:unit-delete",
        "office:reference-page-action",
        "office:notice-step",
        "office:notifications-read",
        "office:revert-decide",
        "office:item-revert",
        "office:item-comment",
    }
)


def screen_objects(
    *, article: Any, job: Any, run: Any, unit: Any, editor: User, administrator: User
) -> dict[str, int]:
    """The objects the screens show, made through the apps' own services: a
    plan, a report made in the background, a reference page, a fact, a
    correction of the published ``article`` and a clarification. Returns the
    ids :func:`screen_paths` puts in the paths."""
    from doingoai.notices.services import write_clarification, write_correction
    from doingoai.plans.models import Plan
    from doingoai.reference.services import create_fact, save_page
    from doingoai.reports.models import ReportRun

    year = timezone.localdate().year
    plan = Plan.objects.create(
        name="Kế hoạch thông tin đối ngoại năm nay",
        kind="year",
        start=date(year, 1, 1),
        end=date(year, 12, 31),
        lead_unit=unit,
        created_by=administrator,
    )
    report = ReportRun.objects.create(
        period=str(year), fmt="pdf", state="done", requested_by=administrator
    )
    page, _removed = save_page(
        editor,
        slug="hoang-thanh-thang-long",
        title="Hoàng thành Thăng Long",
        text="<p>Khu di tích trung tâm Hoàng thành Thăng Long là Di sản Văn hóa Thế giới.</p>",
        summary="Di sản thế giới giữa lòng Hà Nội.",
    )
    fact = create_fact(editor, slug="dan-so-ha-noi", name_vi="Dân số Hà Nội", unit="người")
    correction = write_correction(
        article,
        editor,
        texts={
            "vi": {"wrong": "Hội nghị diễn ra ngày 3.6.", "right": "Hội nghị diễn ra ngày 2.6."}
        },
        corrected_at=timezone.now() - timedelta(hours=1),
    )
    clarification = write_clarification(
        editor,
        texts={
            "vi": {
                "title": "Hà Nội không cấm xe máy từ tháng tới",
                "answer": "Thành phố chưa ban hành quyết định nào cấm xe máy.",
            }
        },
        claim_url="https://example.com/tin-don",
        claim_outlet="một trang mạng xã hội",
        claim_date=timezone.localdate() - timedelta(days=2),
        claim_text="Hà Nội cấm xe máy từ tháng tới.",
        sources=["https://hanoi.gov.vn/van-ban"],
    )
    return {
        "article": article.pk,
        "job": job.pk,
        "run": run.pk,
        "report": report.pk,
        "plan": plan.pk,
        "page": page.pk,
        "fact": fact.pk,
        "correction": correction.pk,
        "clarification": clarification.pk,
    }


def screen_paths(ids: dict[str, int]) -> list[tuple[str, str]]:
    """(label, path) of every screen, its objects' ids filled in."""
    return [(s.label, s.path.format(**ids)) for s in SCREENS]
