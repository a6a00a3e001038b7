"""The translation workflow's services in one place: the commands and views
call these plain functions (see each module for the details)."""

from __future__ import annotations

from doingoai.translation.jobs import (
    EDITABLE,
    TRANSITIONS,
    JobRefresh,
    approve,
    article_date,
    assign,
    create_or_refresh_job,
    get_article,
    get_job,
    publish,
    qa_job,
    record_event,
    return_to_translator,
    save_segment,
    self_review_allowed,
    start_translation,
    submit_for_review,
    target_languages,
    transition,
)
from doingoai.translation.measures import BANDS, JobMeasures, job_measures, post_edit_distance
from doingoai.translation.pretranslate import (
    FUZZY_OVER_MT,
    PRETRANSLATABLE,
    Pretranslation,
    pretranslate,
    translate_article,
)
from doingoai.translation.tm import (
    export_terms,
    import_terms,
    store_termbase,
    termbase,
    translation_memory,
)

__all__ = [
    "BANDS",
    "EDITABLE",
    "FUZZY_OVER_MT",
    "PRETRANSLATABLE",
    "TRANSITIONS",
    "JobMeasures",
    "JobRefresh",
    "Pretranslation",
    "approve",
    "article_date",
    "assign",
    "create_or_refresh_job",
    "export_terms",
    "get_article",
    "get_job",
    "import_terms",
    "job_measures",
    "post_edit_distance",
    "pretranslate",
    "publish",
    "qa_job",
    "record_event",
    "return_to_translator",
    "save_segment",
    "self_review_allowed",
    "start_translation",
    "store_termbase",
    "submit_for_review",
    "target_languages",
    "termbase",
    "transition",
    "translate_article",
    "translation_memory",
]
