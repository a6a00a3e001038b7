"""The back office's URLs, under /office/ (the Django admin is mounted at /office/admin/ by the project)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path, re_path

from doingoai.office.views import (
    articles,
    assignments,
    audit,
    auth,
    jobs,
    language,
    plans,
    reports,
    sources,
    submissions,
    team,
    units,
)

app_name = "office"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", auth.home, name="home"),
    path("sign-in/", auth.sign_in, name="sign-in"),
    path("sign-out/", auth.sign_out, name="sign-out"),
    path("language/", language.choose_language, name="language"),
    path("inbox/", articles.inbox, name="inbox"),
    path("articles/<int:article_id>/", articles.article, name="article"),
    path("articles/<int:article_id>/raw/", articles.raw_bytes, name="article-raw"),
    path("articles/<int:article_id>/correct/", articles.correct, name="article-correct"),
    path("articles/<int:article_id>/select/", articles.select, name="article-select"),
    path(
        "articles/<int:article_id>/translate/",
        articles.send_to_translation,
        name="article-translate",
    ),
    re_path(
        r"^articles/(?P<article_id>[0-9]+)/(?P<action>publish|withdraw|feature)/$",
        articles.selection_action,
        name="article-action",
    ),
    path("jobs/", assignments.job_list, name="jobs"),
    path("jobs/mine/", assignments.my_work, name="my-work"),
    path("jobs/<int:job_id>/", jobs.workbench, name="job"),
    path("jobs/<int:job_id>/assign/", assignments.assign_job, name="job-assign"),
    path(
        "jobs/<int:job_id>/segments/<int:position>/",
        jobs.save_segment,
        name="segment-save",
    ),
    re_path(
        r"^jobs/(?P<job_id>[0-9]+)/(?P<action>submit|approve|return|publish)/$",
        jobs.job_step,
        name="job-step",
    ),
    path("sources/", sources.source_list, name="sources"),
    path("sources/<int:source_id>/run/", sources.source_run, name="source-run"),
    path("sources/<int:source_id>/unit/", sources.source_unit, name="source-unit"),
    path("runs/<int:run_id>/", sources.run_detail, name="run"),
    path("submissions/", submissions.submission_list, name="submissions"),
    path("submissions/new/", submissions.submission_new, name="submission-new"),
    path("audit/", audit.audit_log, name="audit"),
    path("dashboard/", reports.dashboard, name="dashboard"),
    path("report/", reports.report_page, name="report"),
    re_path(
        r"^report/(?P<fmt>json|csv|xlsx|docx|pdf)/$",
        reports.report_download,
        name="report-download",
    ),
    path("report/runs/", reports.report_run_new, name="report-run-new"),
    path("report/runs/<int:run_id>/", reports.report_run, name="report-run"),
    path("report/runs/<int:run_id>/file/", reports.report_run_file, name="report-run-file"),
    path("plans/", plans.plan_list, name="plans"),
    path("plans/new/", plans.plan_edit, name="plan-new"),
    path("plans/import/", plans.plan_import, name="plan-import"),
    path("plans/<int:plan_id>/", plans.plan_edit, name="plan"),
    path("plans/<int:plan_id>/plan.xlsx", plans.plan_export, name="plan-export"),
    path("plans/<int:plan_id>/delete/", plans.plan_delete, name="plan-delete"),
    path("team/", team.team, name="team"),
    path("units/", units.unit_list, name="units"),
    path("units/<int:unit_id>/merge/", units.unit_merge, name="unit-merge"),
    path("units/<int:unit_id>/delete/", units.unit_delete, name="unit-delete"),
    # reference pages, facts and images (doingoai.reference)
    path("", include("doingoai.reference.office_urls")),
    # correction notices and clarifications (doingoai.notices)
    path("notices/", include("doingoai.notices.office")),
    # item histories, comments and notifications (doingoai.revisions)
    path("", include("doingoai.revisions.office")),
]
