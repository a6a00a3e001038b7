"""The reference pages' services: writing a page (cleaned HTML kept as an
office-written article), its review and publication under the four-eyes
rule of the articles, images, facts and their values, and the pages shown in
each language with their facts' current values. Every change writes to the
audit log. Views, the API and the demo call these; roles are the caller's
business (see :mod:`doingoai.curation.roles`), the four-eyes rule is kept here."""

from __future__ import annotations

import hashlib
import html as htmllib
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_noop, override

from doingoai.curation.models import Theme
from doingoai.curation.services import log
from doingoai.errors import DoingoaiError
from doingoai.reference import images as imaging
from doingoai.reference import richtext
from doingoai.reference.models import Fact, FactValue, PageImage, ReferencePage
from doingoai.store.models import Article, RawDocument
from doingoai.translate.qa.facts import FACT_TOKEN, FactFigure, cited_slugs
from doingoai.translation.jobs import self_review_allowed
from doingoai.translation.models import TranslatedVersion, TranslationJob

__all__ = [
    "ReferenceError",
    "Rendered",
    "create_fact",
    "fact_figures",
    "format_value",
    "image_figure",
    "plain_facts",
    "publish_page",
    "record_value",
    "render_facts",
    "rendered_page",
    "return_page",
    "save_page",
    "send_to_translation",
    "stale_pages",
    "submit_page",
    "upload_image",
]

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")


class ReferenceError(DoingoaiError):
    """A page, fact or image that cannot be saved, or a step that cannot be taken."""


def _refuse(template: str, **params: Any) -> ReferenceError:
    return ReferenceError(template, params=params)


# -- pages -------------------------------------------------------------------------------


def _raw(page_html: str, slug: str) -> RawDocument:
    data = page_html.encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    raw, _ = RawDocument.objects.get_or_create(
        sha256=digest,
        defaults={
            "source": f"office/reference/{slug}",
            "fetched_at": timezone.now(),
            "content_type": "text/html; charset=utf-8",
            "size": len(data),
            "compressed": RawDocument.compress(data),
        },
    )
    return raw


def _article_fields(title: str, summary: str, cleaned: str) -> dict[str, Any]:
    found = richtext.blocks(cleaned)
    paragraphs = [b.text for b in found if not b.is_caption]
    captions = [b.text for b in found if b.is_caption]
    body = "\n\n".join([summary, *paragraphs]).strip()
    return {
        "title": title,
        "lead": summary,
        "paragraphs": paragraphs,
        "captions": captions,
        "body": body,
        "language": "vi",
        "fingerprint": hashlib.sha256(body.encode("utf-8")).hexdigest()[:16],
        "words": len(body.split()),
    }


def _facts_of(*texts: str) -> list[Fact]:
    slugs = list(dict.fromkeys(s for t in texts for s in cited_slugs(t)))
    known = {f.slug: f for f in Fact.objects.filter(slug__in=slugs)}
    missing = [s for s in slugs if s not in known]
    if missing:
        raise _refuse(
            gettext_noop("the text cites facts that do not exist: %(slugs)s"),
            slugs=", ".join(missing),
        )
    return [known[s] for s in slugs]


def save_page(
    user: Any,
    *,
    page: ReferencePage | None = None,
    slug: str,
    title: str,
    text: str,
    summary: str = "",
    kind: str = "topic",
    themes: Iterable[Theme] = (),
    image: PageImage | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> tuple[ReferencePage, list[richtext.Removal]]:
    """Create or update a page from ``text`` (HTML from the editor, or the
    plain source): cleaned, its Vietnamese article written, the jobs of its
    translations brought up to date. Returns the page and what the sanitiser
    removed. A published page keeps showing its published text until the
    edit is reviewed and published."""
    slug = slug.strip().lower()
    title = " ".join(title.split())
    if not _SLUG.match(slug):
        raise _refuse(
            gettext_noop("slug %(slug)s: use lowercase letters, digits and hyphens"), slug=slug
        )
    if not title:
        raise _refuse(gettext_noop("a page needs a title"))
    if starts_on and ends_on and ends_on < starts_on:
        raise _refuse(gettext_noop("the end date is before the start date"))
    taken = ReferencePage.objects.filter(slug=slug)
    if page is not None:
        taken = taken.exclude(pk=page.pk)
    if taken.exists():
        raise _refuse(gettext_noop("slug %(slug)s is taken by another page"), slug=slug)
    cleaned = richtext.sanitize(richtext.from_source(text))
    if not richtext.blocks(cleaned.html):
        raise _refuse(gettext_noop("the page has no text"))
    facts = _facts_of(title, summary, cleaned.html)
    fields = _article_fields(title, summary.strip(), cleaned.html)
    with transaction.atomic():
        raw = _raw(cleaned.html, slug)
        created = page is None
        if page is None:
            article = Article.objects.create(raw=raw, **fields)
            page = ReferencePage(article=article, created_by=_user(user))
        else:
            article = page.article
            for name, value in fields.items():
                setattr(article, name, value)
            article.raw = raw
            article.save()
            if page.status == "in_review":
                page.status = "draft"
        page.slug, page.title, page.summary = slug, title, summary.strip()
        page.kind, page.html, page.image = kind, cleaned.html, image
        page.starts_on, page.ends_on = starts_on, ends_on
        if page.status == "published":
            page.status = "draft"  # the edit waits for review; readers see the published text
        page.save()
        page.themes.set(list(themes))
        page.facts.set(facts)
        refreshed = _refresh_jobs(article, user)
        from doingoai.revisions.services import record_revision

        record_revision(page, _user(user))
        log(
            user,
            "create-page" if created else "edit-page",
            page,
            slug=slug,
            removed=[f"{r.kind}:{r.what}" for r in cleaned.removed],
            jobs_refreshed=refreshed,
        )
    return page, cleaned.removed


def send_to_translation(page: ReferencePage, lang: str, user: Any) -> TranslationJob:
    """The job translating the page's article into ``lang`` (created or brought
    up to date, then pre-translated from the memory and the office's engine):
    the same job, memory, termbase and QA as an article's."""
    from doingoai.office.workbench import office_engine
    from doingoai.translation import services as translation

    refresh = translation.create_or_refresh_job(page.article, lang, user=_user(user))
    job = refresh.job
    if job.state in translation.PRETRANSLATABLE:
        translation.pretranslate(job, office_engine(), user=_user(user))
    log(user, "send-page-to-translation", page, language=lang, job=job.pk)
    return job


def _refresh_jobs(article: Article, user: Any) -> list[int]:
    from doingoai.translation import services as translation

    done = []
    for job in TranslationJob.objects.filter(article=article):
        translation.create_or_refresh_job(article, job.target_lang, user=_user(user))
        done.append(job.pk)
    return done


def _user(user: Any) -> Any:
    return user if getattr(user, "pk", None) else None


def submit_page(page: ReferencePage, user: Any) -> ReferencePage:
    """draft → in review."""
    if page.status != "draft":
        raise _refuse(
            gettext_noop("page %(slug)s is not a draft: only a draft is sent for review"),
            slug=page.slug,
        )
    with transaction.atomic():
        page.status = "in_review"
        page.submitted_by = _user(user)
        page.save(update_fields=["status", "submitted_by", "updated_at"])
        log(user, "submit-page", page, slug=page.slug)
    return page


def return_page(page: ReferencePage, user: Any, comment: str = "") -> ReferencePage:
    """in review → draft, with the reviewer's comment in the audit log."""
    if page.status != "in_review":
        raise _refuse(gettext_noop("page %(slug)s is not in review"), slug=page.slug)
    with transaction.atomic():
        page.status = "draft"
        page.save(update_fields=["status", "updated_at"])
        log(user, "return-page", page, slug=page.slug, comment=comment)
    return page


def publish_page(page: ReferencePage, user: Any) -> ReferencePage:
    """in review → published, by someone other than who submitted it (the
    four-eyes rule of the articles; ``TRANSLATION_SELF_REVIEW`` lifts it)."""
    if page.status != "in_review":
        raise _refuse(
            gettext_noop("page %(slug)s is not in review: only a reviewed page is published"),
            slug=page.slug,
        )
    if (
        not self_review_allowed()
        and getattr(user, "pk", None) is not None
        and user.pk in {page.submitted_by_id, page.created_by_id}
    ):
        raise _refuse(
            gettext_noop(
                "page %(slug)s: %(person)s wrote or submitted it and cannot publish it too "
                "(a second pair of eyes is the point of the review)"
            ),
            slug=page.slug,
            person=user.get_username(),
        )
    now = timezone.now()
    with transaction.atomic():
        page.status = "published"
        page.published_by = _user(user)
        page.published_at = page.published_at or now
        page.reviewed_at = now
        page.published_title, page.published_summary = page.title, page.summary
        page.published_html = page.html
        page.save()
        article = page.article
        if article.published_at is None:
            article.published_at = page.published_at
            article.save(update_fields=["published_at", "updated_at"])
        log(user, "publish-page", page, slug=page.slug)
    return page


# -- facts -------------------------------------------------------------------------------


def create_fact(
    user: Any,
    *,
    slug: str,
    name_vi: str,
    unit: str,
    name_en: str = "",
    unit_en: str = "",
    decimals: int = 0,
) -> Fact:
    slug = slug.strip().lower()
    if not _SLUG.match(slug):
        raise _refuse(
            gettext_noop("slug %(slug)s: use lowercase letters, digits and hyphens"), slug=slug
        )
    if Fact.objects.filter(slug=slug).exists():
        raise _refuse(gettext_noop("a fact named %(slug)s exists already"), slug=slug)
    if not name_vi.strip() or not unit.strip():
        raise _refuse(gettext_noop("a fact needs a Vietnamese name and a unit"))
    if not 0 <= decimals <= 6:
        raise _refuse(gettext_noop("decimals: between 0 and 6"))
    with transaction.atomic():
        fact = Fact.objects.create(
            slug=slug,
            name_vi=name_vi.strip(),
            name_en=name_en.strip(),
            unit=unit.strip(),
            unit_en=unit_en.strip(),
            decimals=decimals,
        )
        log(user, "create-fact", fact, slug=slug, unit=fact.unit)
    return fact


def record_value(
    fact: Fact,
    user: Any,
    *,
    value: Decimal | str | int | float,
    unit: str,
    as_of: date,
    source: str,
    source_url: str = "",
    valid_until: date | None = None,
    today: date | None = None,
) -> FactValue:
    """A new value of ``fact``. Refused: a unit other than the fact's, a date
    in the future, a validity that ends before it starts, no source."""
    try:
        number = Decimal(str(value).strip().replace(" ", ""))
    except InvalidOperation:
        raise _refuse(
            gettext_noop("value %(value)s is not a number (write 8435700 or 3359.8)"),
            value=str(value),
        ) from None
    if not number.is_finite():
        raise _refuse(gettext_noop("value %(value)s is not a number"), value=str(value))
    if unit.strip() != fact.unit:
        raise _refuse(
            gettext_noop(
                "unit mismatch: %(fact)s is counted in %(unit)s, the new value in %(given)s"
            ),
            fact=fact.slug,
            unit=fact.unit,
            given=unit.strip() or "—",
        )
    today = today or timezone.localdate()
    if as_of > today:
        raise _refuse(
            gettext_noop(
                "the date %(date)s is in the future: a fact records what is already known"
            ),
            date=as_of.isoformat(),
        )
    if valid_until is not None and valid_until < as_of:
        raise _refuse(gettext_noop("the validity ends before the value's date"))
    if not source.strip():
        raise _refuse(gettext_noop("a value needs its source"))
    with transaction.atomic():
        row = FactValue.objects.create(
            fact=fact,
            value=number,
            unit=fact.unit,
            as_of=as_of,
            valid_until=valid_until,
            source=source.strip(),
            source_url=source_url.strip(),
            recorded_by=_user(user),
        )
        log(
            user,
            "record-fact-value",
            fact,
            slug=fact.slug,
            value=str(number),
            unit=fact.unit,
            as_of=as_of.isoformat(),
            source=row.source,
        )
    return row


def format_value(value: Decimal, decimals: int, lang: str) -> str:
    """``value`` as ``lang`` writes numbers: vi "8.435.700", en "8,435,700"."""
    with override(lang):
        return str(number_format(value, decimal_pos=decimals, force_grouping=True))


def fact_figures(slugs: Iterable[str]) -> Mapping[str, FactFigure]:
    """The current figures of ``slugs`` (the translation QA's provider)."""
    out: dict[str, FactFigure] = {}
    for fact in Fact.objects.filter(slug__in=list(slugs)):
        current = fact.current()
        if current is not None:
            out[fact.slug] = FactFigure(fact.slug, current.value, fact.unit, fact.name_vi)
    return out


def render_facts(cleaned: str, lang: str) -> str:
    """``cleaned`` with every ``{{fact:slug}}`` replaced by the fact's current
    value and unit in ``lang``, marked up with its source and date. An unknown
    fact or one without a value is shown as "…"."""
    slugs = cited_slugs(cleaned)
    if not slugs:
        return cleaned
    facts = {f.slug: f for f in Fact.objects.filter(slug__in=slugs)}
    shown: dict[str, str] = {}
    for slug in slugs:
        fact = facts.get(slug)
        current = fact.current() if fact else None
        if fact is None or current is None:
            shown[slug] = '<span class="fact missing">…</span>'
            continue
        figure = format_value(current.value, fact.decimals, lang)
        unit = fact.unit_in(lang)
        with override(lang):
            when = current.as_of.strftime("%d/%m/%Y" if lang == "vi" else "%Y-%m-%d")
        note = f"{fact.name(lang)}: {current.source}, {when}"
        shown[slug] = (
            f'<data class="fact" value="{current.value.normalize():f}" '
            f'title="{htmllib.escape(note, quote=True)}">'
            f"{htmllib.escape(figure)}{' ' + htmllib.escape(unit) if unit else ''}</data>"
        )
    return FACT_TOKEN.sub(lambda m: shown.get(m.group(1), m.group(0)), cleaned)


@dataclass
class Stale:
    page: ReferencePage
    facts: list[Fact]


def stale_pages() -> list[Stale]:
    """Published pages citing a fact that got a new value after the page was
    last reviewed: the figure readers see changed without anyone rereading
    the text around it."""
    rows = (
        ReferencePage.objects.filter(
            status="published", facts__values__recorded_at__gt=F("reviewed_at")
        )
        .values_list("pk", "facts__pk")
        .distinct()
    )
    by_page: dict[int, list[int]] = {}
    for page_id, fact_id in rows:
        by_page.setdefault(page_id, []).append(fact_id)
    pages = ReferencePage.objects.in_bulk(list(by_page))
    facts = Fact.objects.in_bulk([f for ids in by_page.values() for f in ids])
    return [
        Stale(pages[p], [facts[f] for f in sorted(set(ids))])
        for p, ids in sorted(by_page.items(), key=lambda kv: pages[kv[0]].title)
    ]


# -- images ------------------------------------------------------------------------------


def upload_image(
    user: Any,
    data: bytes,
    *,
    name: str,
    alt_vi: str,
    credit: str,
    licence: str,
    alt_en: str = "",
    caption_vi: str = "",
    caption_en: str = "",
) -> PageImage:
    """Check and store an uploaded image (see :mod:`doingoai.reference.images`)."""
    if not alt_vi.strip():
        raise _refuse(gettext_noop("an image needs its alt text in Vietnamese"))
    if not credit.strip() or not licence.strip():
        raise _refuse(gettext_noop("an image needs its credit and its licence"))
    prepared = imaging.prepare(data, name)
    existing = PageImage.objects.filter(sha256=prepared.sha256).first()
    if existing is not None:
        raise _refuse(
            gettext_noop("%(file)s was uploaded already (image %(image)s)"),
            file=name,
            image=existing.pk,
        )
    renditions = []
    for r in prepared.renditions:
        stored = default_storage.save(
            f"reference/images/{prepared.sha256[:2]}/{prepared.sha256[:16]}-{r.width}.{r.extension}",
            ContentFile(r.data),
        )
        renditions.append({"width": r.width, "height": r.height, "name": stored})
    with transaction.atomic():
        image = PageImage.objects.create(
            sha256=prepared.sha256,
            width=prepared.width,
            height=prepared.height,
            renditions=renditions,
            alt_vi=alt_vi.strip(),
            alt_en=alt_en.strip(),
            caption_vi=caption_vi.strip(),
            caption_en=caption_en.strip(),
            credit=credit.strip(),
            licence=licence.strip(),
            uploaded_by=_user(user),
        )
        log(user, "upload-image", image, file=name, width=image.width, height=image.height)
    return image


def image_url(name: str) -> str:
    return default_storage.url(name)


def image_figure(image: PageImage) -> str:
    """The HTML an editor inserts for ``image`` (its Vietnamese caption)."""
    largest = image.largest
    caption = htmllib.escape(image.caption_vi or image.alt_vi)
    return (
        f'<figure data-image="{image.pk}"><img src="{image_url(largest["name"])}" '
        f'alt="{htmllib.escape(image.alt_vi, quote=True)}" data-image="{image.pk}">'
        f"<figcaption>{caption}</figcaption></figure>"
    )


def _image_attrs(images: Mapping[int, PageImage], lang: str, key: str) -> Any:
    if not key.isdigit() or int(key) not in images:
        return None
    image = images[int(key)]
    renditions = image.renditions
    if not renditions:
        return None
    middle = renditions[min(1, len(renditions) - 1)]
    attrs = {
        "src": image_url(middle["name"]),
        "srcset": ", ".join(f"{image_url(r['name'])} {r['width']}w" for r in renditions),
        "sizes": "(max-width: 60rem) 100vw, 60rem",
        "width": str(middle["width"]),
        "height": str(middle["height"]),
        "alt": image.alt(lang),
        "loading": "lazy",
        "data-image": key,
    }
    credit = f"© {image.credit} · {image.licence}"
    return attrs, credit


# -- what readers see --------------------------------------------------------------------


@dataclass
class Rendered:
    """A published page in one language."""

    page: ReferencePage
    lang: str
    title: str
    summary: str
    html: str
    languages: list[str]
    updated: Any = None


def published_versions(page: ReferencePage) -> dict[str, TranslatedVersion]:
    return {
        v.language: v
        # as the portal's articles: a published version stays on the portal
        # while its job brings it up to date with a later edit
        for v in TranslatedVersion.objects.filter(
            source__article=page.article, published_at__isnull=False
        )
    }


def rendered_page(page: ReferencePage, lang: str, source_lang: str = "vi") -> Rendered | None:
    """``page`` as readers of ``lang`` see it, its facts at their current
    values; None when it is not published in that language."""
    if page.status != "published" and not page.published_html:
        return None
    versions = published_versions(page)
    languages = [source_lang, *sorted(versions)]
    if lang == source_lang:
        title, summary, body = page.published_title, page.published_summary, page.published_html
        updated = page.reviewed_at
    elif lang in versions:
        version = versions[lang]
        title, summary = version.title, version.lead
        body = _translated_body(page, version)
        updated = version.published_at
    else:
        return None
    images = PageImage.objects.in_bulk([int(k) for k in re.findall(r'data-image="(\d+)"', body)])
    body = richtext.dress_images(body, lambda key: _image_attrs(images, lang, key))
    body = render_facts(body, lang)
    return Rendered(
        page=page,
        lang=lang,
        title=plain_facts(title, lang),
        summary=plain_facts(summary, lang),
        html=body,
        languages=languages,
        updated=updated,
    )


def plain_facts(text: str, lang: str) -> str:
    """Facts cited in plain text (a title, a summary, an article's paragraph):
    value and unit in ``lang``'s way of writing numbers, no markup."""
    if "{{fact:" not in text:
        return text
    marked = render_facts(htmllib.escape(text, quote=False), lang)
    return htmllib.unescape(richtext.text_of(marked))


def _translated_body(page: ReferencePage, version: TranslatedVersion) -> str:
    """The translation in the page's structure: that of the first text with
    the version's number of blocks."""
    wanted = (len(version.paragraphs or []), len(version.captions or []))
    # the text as it was when translated: the published one, the current one,
    # else an earlier one (every text the page had is kept as a raw document)
    earlier = (
        raw.data.decode("utf-8")
        for raw in RawDocument.objects.filter(source=f"office/reference/{page.slug}").order_by(
            "-pk"
        )[:50]
    )
    for candidate in itertools.chain((page.published_html, page.html), earlier):
        found = richtext.blocks(candidate)
        shape = (
            len([b for b in found if not b.is_caption]),
            len([b for b in found if b.is_caption]),
        )
        if shape == wanted:
            return richtext.rebuild(candidate, version.paragraphs, version.captions)
    paragraphs: Sequence[str] = version.paragraphs or []
    return "\n".join(f"<p>{htmllib.escape(p)}</p>" for p in paragraphs)


def published_pages(
    lang: str, *, kind: str | None = None, theme: str | None = None
) -> list[Rendered]:
    """The pages published in ``lang``, by title."""
    found: QuerySet[ReferencePage] = ReferencePage.objects.exclude(published_html="")
    if kind:
        found = found.filter(kind=kind)
    if theme:
        found = found.filter(themes__slug=theme)
    out = [r for p in found.prefetch_related("themes") if (r := rendered_page(p, lang))]
    return sorted(out, key=lambda r: r.title.casefold())


# -- versions ----------------------------------------------------------------------------

#: what a page's versions keep (the revisions app compares and restores these)
PAGE_FIELDS: tuple[str, ...] = ("slug", "title", "summary", "html", "kind", "starts_on", "ends_on")


def _restore_page(page: ReferencePage, data: dict[str, Any], user: Any) -> None:
    """Write a kept version back through :func:`save_page`: cleaned again, a
    published page back to a draft that needs review and publication, the
    translations' jobs brought up to date; ``save_page`` keeps the new version."""

    def day(value: Any) -> date | None:
        return date.fromisoformat(value) if isinstance(value, str) and value else None

    save_page(
        user,
        page=page,
        slug=str(data.get("slug") or page.slug),
        title=str(data.get("title") or page.title),
        text=str(data.get("html") or ""),
        summary=str(data.get("summary") or ""),
        kind=str(data.get("kind") or page.kind),
        themes=list(page.themes.all()),
        image=page.image,
        starts_on=day(data.get("starts_on")),
        ends_on=day(data.get("ends_on")),
    )


def register_revisions() -> None:
    """Pages keep their versions: each save is one, shown side by side in the
    office; reverting a published page needs a second person, then review."""
    from django.urls import reverse

    from doingoai.curation.roles import EDITOR, has_role
    from doingoai.revisions.services import Kind, register

    register(
        Kind(
            label=ReferencePage._meta.label_lower,
            fields=PAGE_FIELDS,
            apply=_restore_page,
            is_published=lambda p: p.published_at is not None,
            title=lambda p: p.title,
            url=lambda p: reverse("office:reference-page", kwargs={"page_id": p.pk}),
            editors=lambda user, p: has_role(user, EDITOR),
            people=lambda p: [p.created_by, p.submitted_by],
            records_itself=True,
        )
    )
