"""Notifications: in the office (a count in the header, a list to mark read)
and by e-mail, when a job or an item needs someone's action.

A notification keeps its ``kind`` and parameters; :func:`text` says it in the
reader's language. E-mail goes through Django's mail settings to people who
have an address, unless ``DOINGOAI_NOTIFY_EMAIL`` is 0; a message that cannot
be sent is logged and noted on the notification, which stays in the office.
Comments between editors (:func:`add_comment`) tell the item's people.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db.models import Model
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from doingoai.errors import InputError
from doingoai.revisions.models import Comment, Notification, RevertRequest

__all__ = [
    "KINDS",
    "add_comment",
    "comments_on",
    "mark_read",
    "notify",
    "people_with_role",
    "text",
    "unread_count",
]

logger = logging.getLogger(__name__)

#: what each kind of notification says (parameters filled in at display)
KINDS: dict[str, Any] = {
    "job-assigned": _("Translation job %(job)s into %(language)s is yours: %(title)s"),
    "job-review": _("Translation job %(job)s into %(language)s awaits your review: %(title)s"),
    "job-returned": _("Translation job %(job)s into %(language)s was returned to you: %(title)s"),
    "job-approved": _("Translation job %(job)s into %(language)s is approved: %(title)s"),
    "correction-update": _(
        "A correction was published on “%(title)s”: its %(language)s version needs an update "
        "(job %(job)s)"
    ),
    "notice-review": _("A notice awaits your review: %(title)s"),
    "notice-returned": _("Your notice was returned: %(title)s"),
    "notice-published": _("Your notice is published: %(title)s"),
    "revert-review": _("A revert of “%(title)s” to version %(number)s awaits your approval"),
    "revert-applied": _("Your revert of “%(title)s” to version %(number)s was approved"),
    "revert-refused": _("Your revert of “%(title)s” to version %(number)s was refused"),
    "comment": _("%(author)s commented on “%(title)s”"),
}

#: the longest comment kept
COMMENT_MAX = 5000


def text(note: Notification, lang: str | None = None) -> str:
    """The notification in ``lang`` (the active language when None)."""
    template = KINDS.get(note.kind)
    if template is None:
        return note.kind
    with translation.override(lang or translation.get_language()):
        try:
            return str(template) % note.params
        except (KeyError, TypeError, ValueError):
            return str(template)


def _language_of(user: Any) -> str:
    profile = getattr(user, "profile", None)
    try:
        chosen = profile.language if profile is not None else ""
    except AttributeError:
        chosen = ""
    return chosen or settings.LANGUAGE_CODE


def _mail_on() -> bool:
    return bool(getattr(settings, "NOTIFY_EMAIL", False))


def _email(note: Notification, user: Any) -> None:
    address = (getattr(user, "email", "") or "").strip()
    if not address or not _mail_on():
        return
    lang = _language_of(user)
    said = text(note, lang)
    with translation.override(lang):
        footer = str(_("Open it in the back office: %(path)s")) % {"path": note.url or "/office/"}
    try:
        send_mail(
            subject=said[:150],
            message=f"{said}\n\n{footer}\n",
            from_email=getattr(settings, "DEFAULT_FROM_EMAIL", None),
            recipient_list=[address],
        )
    except (OSError, smtplib.SMTPException) as err:
        # the notification stays in the office; the mail server's refusal is kept beside it
        logger.warning("notification %s: e-mail to %s not sent: %s", note.pk, address, err)
        note.email_error = str(err)[:500]
        note.save(update_fields=["email_error"])
        return
    note.emailed = True
    note.save(update_fields=["emailed"])


def notify(
    recipients: Iterable[Any],
    kind: str,
    *,
    params: dict[str, Any] | None = None,
    url: str = "",
    obj: Model | None = None,
    actor: Any = None,
) -> list[Notification]:
    """Tell each of ``recipients`` (users; None and ``actor`` left out, each
    person once) that ``kind`` needs them; e-mail those with an address."""
    if kind not in KINDS:
        raise InputError(f"unknown notification kind {kind!r}")
    seen: set[int] = set()
    made = []
    actor_pk = getattr(actor, "pk", None)
    where: dict[str, Any] = {}
    if obj is not None:
        where = {
            "content_type": ContentType.objects.get_for_model(obj, for_concrete_model=False),
            "object_id": str(obj.pk),
        }
    for user in recipients:
        if user is None or not getattr(user, "is_active", False):
            continue
        if user.pk in seen or user.pk == actor_pk:
            continue
        seen.add(user.pk)
        note = Notification.objects.create(
            recipient=user, kind=kind, params=dict(params or {}), url=url[:300], **where
        )
        _email(note, user)
        made.append(note)
    return made


def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_read(user: Any, ids: Iterable[int] | None = None) -> int:
    """Mark ``user``'s notifications read (those of ``ids``, else all); returns how many."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


def people_with_role(role: str, language: str | None = None) -> list[Any]:
    """Active users holding ``role`` (in ``language``, for translators and reviewers)."""
    from doingoai.curation.roles import languages

    users = get_user_model().objects.filter(is_active=True, groups__name=role).distinct()
    found = list(users.select_related("profile"))
    if language is not None:
        found = [u for u in found if language in languages(u)]
    return found


# --- comments --------------------------------------------------------------------


def comments_on(obj: Model) -> list[Comment]:
    return list(
        Comment.objects.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=str(obj.pk),
        ).select_related("author")
    )


def add_comment(obj: Model, user: Any, said: str) -> Comment:
    """A comment by ``user`` on ``obj``; the item's people and the earlier
    commenters are told. Kept as plain text (pages escape it)."""
    said = said.replace("\x00", "").strip()
    if not said:
        raise InputError("a comment needs some text")
    if len(said) > COMMENT_MAX:
        raise InputError(
            f"a comment is at most {COMMENT_MAX} characters (this one has {len(said)})"
        )
    from doingoai.revisions.services import kind_of

    kind = kind_of(obj)
    comment = Comment.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        author=user,
        text=said,
    )
    earlier = [c.author for c in comments_on(obj) if c.author is not None]
    notify(
        [*kind.people(obj), *earlier],
        "comment",
        params={"author": user.get_username(), "title": kind.title(obj)[:120]},
        url=history_url(obj),
        obj=obj,
        actor=user,
    )
    return comment


def history_url(obj: Model) -> str:
    from django.urls import reverse

    return reverse(
        "office:item-history", kwargs={"label": obj._meta.label_lower, "pk": str(obj.pk)}
    )


# --- reverts ---------------------------------------------------------------------


def revert_requested(request: RevertRequest, obj: Model) -> None:
    from doingoai.curation.roles import EDITOR
    from doingoai.revisions.services import kind_of

    kind = kind_of(obj)
    approvers = [u for u in people_with_role(EDITOR) if kind.editors(u, obj)]
    approvers += [u for u in kind.people(obj) if kind.editors(u, obj)]
    notify(
        approvers,
        "revert-review",
        params={"title": kind.title(obj)[:120], "number": request.revision.number},
        url=history_url(obj),
        obj=obj,
        actor=request.requested_by,
    )


def revert_decided(request: RevertRequest, obj: Model) -> None:
    from doingoai.revisions.services import kind_of

    notify(
        [request.requested_by],
        "revert-applied" if request.state == "applied" else "revert-refused",
        params={"title": kind_of(obj).title(obj)[:120], "number": request.revision.number},
        url=history_url(obj),
        obj=obj,
        actor=request.decided_by,
    )
