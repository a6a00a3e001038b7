"""Writing, reviewing and publishing correction notices and clarifications.

The steps follow the articles' rules: an editor writes a draft and submits
it; another person publishes it (the four-eyes rule of the translation
review, with the same ``TRANSLATION_SELF_REVIEW`` exception) or returns it;
a published notice can be withdrawn. Every step is in the curation audit
log, every change of text a revision (:mod:`doingoai.revisions`), and the
people a step needs are notified. Publishing a correction of a Vietnamese
original opens (or reopens) the translation job of each of its other
language versions, marked outdated, so the translators update them.

Texts are plain text (the pages escape them); a source or claim address must
be an http(s) URL; a claim dated in the future is refused. Roles are checked
by the callers (:func:`can_write`, :func:`can_approve`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_noop

from doingoai.curation.models import Selection
from doingoai.curation.roles import EDITOR, TRANSLATOR, has_role
from doingoai.curation.services import log
from doingoai.errors import InputError, WorkflowError
from doingoai.notices.models import RATINGS, Clarification, CorrectionNotice
from doingoai.revisions import notify
from doingoai.revisions.services import Kind, record_revision, register
from doingoai.store.models import Article
from doingoai.text import fold
from doingoai.translation.models import TranslatedVersion, TranslationJob

__all__ = [
    "CLARIFICATION_FIELDS",
    "CORRECTION_FIELDS",
    "TEXT_MAX",
    "Notice",
    "approve",
    "can_approve",
    "can_write",
    "flag_translations",
    "register_revisions",
    "return_to_writer",
    "submit",
    "withdraw",
    "write_clarification",
    "write_correction",
]

Notice = CorrectionNotice | Clarification

#: the longest text of one field
TEXT_MAX = 5000
#: the fields of a correction and of a clarification that have versions
CORRECTION_FIELDS: tuple[str, ...] = ("texts", "corrected_at")
CLARIFICATION_FIELDS: tuple[str, ...] = (
    "texts",
    "claim_url",
    "claim_outlet",
    "claim_date",
    "claim_text",
    "claim_language",
    "rating",
    "sources",
    "fact_ids",
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def can_write(user: Any) -> bool:
    """Editors write, submit, return and withdraw notices."""
    return has_role(user, EDITOR)


def can_approve(user: Any, notice: Notice) -> bool:
    """An editor other than the one who submitted the notice."""
    from doingoai.translation.jobs import self_review_allowed

    if not has_role(user, EDITOR):
        return False
    return self_review_allowed() or user.pk != notice.submitted_by_id


# --- cleaning --------------------------------------------------------------------


def _text(value: Any, name: str, *, required: bool = True, limit: int = TEXT_MAX) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InputError(f"{name}: expected a text")
    cleaned = _CONTROL.sub("", unicodedata.normalize("NFC", value)).replace("\r\n", "\n").strip()
    if required and not cleaned:
        raise InputError(f"{name}: this text is required")
    if len(cleaned) > limit:
        raise InputError(f"{name}: at most {limit} characters (this one has {len(cleaned)})")
    return cleaned


def _url(value: Any, name: str) -> str:
    url = _text(value, name, limit=2000)
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        raise InputError(f"{name}: {url[:100]!r} is not a public web address (http or https)")
    if any(c.isspace() for c in url):
        raise InputError(f"{name}: {url[:100]!r} holds spaces")
    return url


def _languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _texts(texts: Any, keys: dict[str, bool]) -> dict[str, dict[str, str]]:
    """The texts per language, cleaned: ``keys`` names each part and whether
    it is required. The original's language is required; an empty language
    is left out."""
    if not isinstance(texts, dict):
        raise InputError("texts: expected a mapping of language to texts")
    offered = _languages()
    cleaned: dict[str, dict[str, str]] = {}
    for lang, parts in texts.items():
        if lang not in offered:
            raise InputError(
                f"texts: {lang!r} is not a language of the portal ({', '.join(offered)})"
            )
        if not isinstance(parts, dict):
            raise InputError(f"texts {lang}: expected the parts {', '.join(keys)}")
        if not any(str(parts.get(k) or "").strip() for k in keys):
            continue
        cleaned[lang] = {
            k: _text(parts.get(k), f"{k} ({lang})", required=needed) for k, needed in keys.items()
        }
    source = offered[0] if offered else "vi"
    if source not in cleaned:
        raise InputError(f"texts: the {source} text is required")
    return cleaned


def _moment(value: Any, name: str) -> datetime:
    if value is None:
        return timezone.now()
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise InputError(f"{name}: {value!r} is not a date and time") from None
    if not isinstance(value, datetime):
        raise InputError(f"{name}: expected a date and time")
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if value > timezone.now() + timedelta(minutes=5):
        raise InputError(f"{name}: {value.isoformat()} is in the future")
    return value


def _editable(notice: Notice) -> None:
    if notice.state != "draft":
        raise WorkflowError(
            gettext_noop(
                "notice %(notice)s is %(state)s: only a draft can be edited "
                "(a published notice is reverted through review)"
            ),
            params={"notice": notice.pk, "state": notice.state.replace("_", " ")},
        )


def _label(notice: Notice) -> str:
    return "correction" if isinstance(notice, CorrectionNotice) else "clarification"


def office_url(notice: Notice) -> str:
    return reverse(f"office:{_label(notice)}", kwargs={"pk": notice.pk})


# --- articles and their languages ------------------------------------------------


def published_languages(article: Article) -> list[str]:
    """The languages ``article`` — a collected article, or the text of a
    reference page — is on the portal in (none when its original is not)."""
    from doingoai.reference.models import ReferencePage

    page = ReferencePage.objects.filter(article=article).first()
    if page is not None:
        if page.status != "published" and not page.published_html:
            return []
    elif not Selection.objects.filter(article=article, status="published").exists():
        return []
    found = {_languages()[0] if _languages() else "vi"}
    found.update(
        TranslatedVersion.objects.filter(
            source__article=article, published_at__isnull=False
        ).values_list("language", flat=True)
    )
    return [lang for lang in _languages() if lang in found]


# --- writing ---------------------------------------------------------------------


def write_correction(
    article: Article,
    user: Any,
    *,
    texts: dict[str, Any],
    corrected_at: datetime | str | None = None,
    notice: CorrectionNotice | None = None,
) -> CorrectionNotice:
    """A new draft correction notice of ``article`` (or ``notice``, a draft,
    edited): ``texts`` is language → {"wrong": …, "right": …}."""
    if notice is None and not published_languages(article):
        raise InputError(
            f"article {article.pk} is not published: a correction notice is for a published article"
        )
    cleaned = _texts(texts, {"wrong": True, "right": True})
    moment = (
        notice.corrected_at
        if notice is not None and corrected_at is None
        else _moment(corrected_at, "corrected_at")
    )
    with transaction.atomic():
        if notice is None:
            notice = CorrectionNotice.objects.create(
                article=article, texts=cleaned, corrected_at=moment, created_by=_person(user)
            )
            action = "write-correction"
        else:
            _editable(notice)
            notice.texts, notice.corrected_at = cleaned, moment
            notice.save()
            action = "edit-correction"
        log(user, action, notice, article=article.pk, languages=sorted(cleaned))
        record_revision(notice, user)
    return notice


def _slug(title: str) -> str:
    return slugify(fold(title))[:80].strip("-") or "clarification"


def write_clarification(
    user: Any,
    *,
    texts: dict[str, Any],
    claim_url: str,
    claim_outlet: str,
    claim_date: date | str,
    claim_text: str,
    claim_language: str = "vi",
    rating: str = "false",
    sources: Iterable[str] = (),
    fact_ids: Iterable[int] = (),
    concerns: Iterable[Article] = (),
    clarification: Clarification | None = None,
) -> Clarification:
    """A new draft clarification (or ``clarification``, a draft, edited):
    ``texts`` is language → {"title", "claim" (optional: the claim in that
    language), "answer"}; ``sources`` the official documents' addresses."""
    cleaned = _texts(texts, {"title": True, "claim": False, "answer": True})
    for lang, parts in cleaned.items():
        if len(parts["title"]) > 300:
            raise InputError(f"title ({lang}): at most 300 characters")
    if isinstance(claim_date, str):
        try:
            claim_date = date.fromisoformat(claim_date.strip())
        except ValueError:
            raise InputError(f"claim_date: {claim_date!r} is not a date (YYYY-MM-DD)") from None
    if not isinstance(claim_date, date):
        raise InputError("claim_date: expected a date")
    if claim_date > timezone.localdate():
        raise InputError(f"claim_date: {claim_date.isoformat()} is in the future")
    if rating not in RATINGS:
        raise InputError(f"rating: {rating!r} is not one of {', '.join(RATINGS)}")
    if claim_language not in {*_languages(), *_other_languages()}:
        raise InputError(f"claim_language: {claim_language!r} is not a language code")
    fact_ids = sorted({int(f) for f in fact_ids})
    if fact_ids:
        from doingoai.reference.models import Fact

        known = set(Fact.objects.filter(pk__in=fact_ids).values_list("pk", flat=True))
        unknown = [str(f) for f in fact_ids if f not in known]
        if unknown:
            raise InputError(f"fact_ids: no fact {', '.join(unknown)} in the reference database")
    urls = [_url(s, "sources") for s in sources if str(s or "").strip()]
    if not urls:
        raise InputError("sources: name at least one official document (its address)")
    fields: dict[str, Any] = {
        "texts": cleaned,
        "claim_url": _url(claim_url, "claim_url"),
        "claim_outlet": _text(claim_outlet, "claim_outlet", limit=255),
        "claim_date": claim_date,
        "claim_text": _text(claim_text, "claim_text"),
        "claim_language": claim_language,
        "rating": rating,
        "sources": list(dict.fromkeys(urls)),
        "fact_ids": fact_ids,
        "slug": _slug(cleaned[next(iter(cleaned))]["title"]),
    }
    with transaction.atomic():
        if clarification is None:
            clarification = Clarification.objects.create(created_by=_person(user), **fields)
            action = "write-clarification"
        else:
            _editable(clarification)
            for name, value in fields.items():
                setattr(clarification, name, value)
            clarification.save()
            action = "edit-clarification"
        clarification.concerns.set(list(concerns))
        log(user, action, clarification, languages=sorted(cleaned), rating=rating)
        record_revision(clarification, user)
    return clarification


def _other_languages() -> set[str]:
    from django.conf.locale import LANG_INFO

    return set(LANG_INFO)


def _person(user: Any) -> Any:
    return user if getattr(user, "pk", None) else None


# --- workflow --------------------------------------------------------------------


def _refuse(notice: Notice, state: str, step: str) -> None:
    if notice.state != state:
        raise WorkflowError(
            gettext_noop("notice %(notice)s is %(state)s: it cannot be %(step)s"),
            params={"notice": notice.pk, "state": notice.state.replace("_", " "), "step": step},
        )


def _missing_languages(notice: Notice) -> list[str]:
    if not isinstance(notice, CorrectionNotice):
        return []
    return [lang for lang in published_languages(notice.article) if lang not in notice.languages]


def _title(notice: Notice) -> str:
    return notice.title("vi")[:120]


def submit(notice: Notice, user: Any) -> Notice:
    """draft → in_review; the editors are asked to review it."""
    _refuse(notice, "draft", "submitted")
    missing = _missing_languages(notice)
    if missing:
        raise WorkflowError(
            gettext_noop(
                "notice %(notice)s has no text in %(languages)s, where its article is "
                "published: write it there too"
            ),
            params={"notice": notice.pk, "languages": ", ".join(missing)},
        )
    with transaction.atomic():
        notice.state = "in_review"
        notice.submitted_by = _person(user)
        notice.save(update_fields=["state", "submitted_by", "updated_at"])
        log(user, f"submit-{_label(notice)}", notice)
    notify.notify(
        notify.people_with_role(EDITOR),
        "notice-review",
        params={"title": _title(notice)},
        url=office_url(notice),
        obj=notice,
        actor=user,
    )
    return notice


def return_to_writer(notice: Notice, user: Any, comment: str = "") -> Notice:
    """in_review → draft, with the reviewer's comment."""
    _refuse(notice, "in_review", "returned")
    with transaction.atomic():
        notice.state = "draft"
        notice.save(update_fields=["state", "updated_at"])
        log(user, f"return-{_label(notice)}", notice, comment=comment[:2000])
        if comment.strip():
            notify.add_comment(notice, user, comment)
    notify.notify(
        [notice.submitted_by, notice.created_by],
        "notice-returned",
        params={"title": _title(notice)},
        url=office_url(notice),
        obj=notice,
        actor=user,
    )
    return notice


def approve(notice: Notice, user: Any) -> Notice:
    """in_review → published, by another person than the one who submitted
    it. A correction then flags its article's other language versions."""
    from doingoai.translation.jobs import self_review_allowed

    _refuse(notice, "in_review", "published")
    if not self_review_allowed() and getattr(user, "pk", None) == notice.submitted_by_id:
        raise WorkflowError(
            gettext_noop(
                "notice %(notice)s: %(person)s submitted it and cannot publish it too "
                "(a second pair of eyes is the point of the review)"
            ),
            params={"notice": notice.pk, "person": user.get_username()},
        )
    missing = _missing_languages(notice)
    if missing:
        raise WorkflowError(
            gettext_noop(
                "notice %(notice)s has no text in %(languages)s, where its article is "
                "published: write it there too"
            ),
            params={"notice": notice.pk, "languages": ", ".join(missing)},
        )
    with transaction.atomic():
        notice.state = "published"
        notice.approved_by = _person(user)
        notice.published_at = notice.published_at or timezone.now()
        notice.save(update_fields=["state", "approved_by", "published_at", "updated_at"])
        log(
            user,
            f"publish-{_label(notice)}",
            notice,
            languages=notice.languages,
            submitted_by=notice.submitted_by_id,
        )
        if isinstance(notice, CorrectionNotice):
            flag_translations(notice, user)
    notify.notify(
        [notice.created_by, notice.submitted_by],
        "notice-published",
        params={"title": _title(notice)},
        url=office_url(notice),
        obj=notice,
        actor=user,
    )
    return notice


def withdraw(notice: Notice, user: Any, reason: str = "") -> Notice:
    """published → withdrawn: off the portal, its feeds and the API."""
    _refuse(notice, "published", "withdrawn")
    with transaction.atomic():
        notice.state = "withdrawn"
        notice.save(update_fields=["state", "updated_at"])
        log(user, f"withdraw-{_label(notice)}", notice, reason=reason[:500])
    return notice


def flag_translations(notice: CorrectionNotice, user: Any) -> list[TranslationJob]:
    """Open again the translation job of each other language version of the
    corrected article: brought up to date with the article's text, back in
    translation, its version marked outdated, and its translator (else the
    language's translators) notified. A reference page's jobs are flagged
    (outdated, in their history, translators notified) but stay published:
    the page's corrected text reopens them when it is published. Returns the
    jobs."""
    from doingoai.reference.models import ReferencePage
    from doingoai.translation.jobs import create_or_refresh_job, record_event, transition

    article = notice.article
    # a reference page shows a language only while its job is published, and
    # its own edits reopen the job: its versions are flagged, not taken down
    page = ReferencePage.objects.filter(article=article).exists()
    flagged = []
    for job in TranslationJob.objects.filter(article=article).select_related("version"):
        try:
            job = create_or_refresh_job(article, job.target_lang, user=user).job
        except InputError:  # a language no longer offered: its job stays as it is
            continue
        job.refresh_from_db()
        comment = f"correction notice {notice.pk}: update the translation"
        if page:
            record_event(job, job.state, user=user, comment=comment, data={"correction": notice.pk})
        elif job.state in {"in_review", "approved", "published"}:
            transition(
                job, "in_translation", user=user, comment=comment, data={"correction": notice.pk}
            )
        version = job.version
        version.outdated = True
        version.save(update_fields=["outdated", "updated_at"])
        log(user, "flag-for-update", version, correction=notice.pk, job=job.pk)
        people = (
            [job.assignee] if job.assignee else notify.people_with_role(TRANSLATOR, job.target_lang)
        )
        notify.notify(
            people,
            "correction-update",
            params={"title": article.title[:120], "language": job.target_lang, "job": job.pk},
            url=reverse("office:job", kwargs={"job_id": job.pk}),
            obj=job,
            actor=user,
        )
        flagged.append(job)
    return flagged


# --- revisions -------------------------------------------------------------------


def _restore(notice: Notice, data: dict[str, Any], user: Any) -> None:
    fields = CORRECTION_FIELDS if isinstance(notice, CorrectionNotice) else CLARIFICATION_FIELDS
    for name in fields:
        if name not in data:
            continue
        value = data[name]
        if name == "corrected_at" and isinstance(value, str):
            value = datetime.fromisoformat(value)
        if name == "claim_date" and isinstance(value, str):
            value = date.fromisoformat(value)
        setattr(notice, name, value)
    notice.save()
    log(user, f"revert-{_label(notice)}", notice)


def register_revisions() -> None:
    for model, fields in (
        (CorrectionNotice, CORRECTION_FIELDS),
        (Clarification, CLARIFICATION_FIELDS),
    ):
        register(
            Kind(
                label=model._meta.label_lower,
                fields=fields,
                apply=_restore,
                is_published=lambda n: n.state == "published",
                title=lambda n: n.title("vi"),
                url=office_url,
                editors=lambda user, n: can_write(user),
                people=lambda n: [n.created_by, n.submitted_by],
            )
        )
