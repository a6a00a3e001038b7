"""What the revisions app keeps: the versions of an item (:class:`Revision`),
reverts waiting for a second person's approval (:class:`RevertRequest`),
comments between editors (:class:`Comment`) and the notifications of the
office (:class:`Notification`). Items are named by a generic relation
(content type and primary key), so any model registered with
:func:`doingoai.revisions.services.register` has versions."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["REVERT_STATES", "Comment", "Notification", "RevertRequest", "Revision"]

#: pending: waits for a second person; applied: done; refused: turned down
REVERT_STATES: tuple[str, ...] = ("pending", "applied", "refused")


class Revision(models.Model):
    """One version of an item: its tracked fields as they were saved, who
    saved them, when, and which fields changed from the version before."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("content type")
    )
    object_id = models.CharField(max_length=64, verbose_name=_("object id"))
    item = GenericForeignKey("content_type", "object_id")
    number = models.PositiveIntegerField(verbose_name=_("number"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("user"),
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True, verbose_name=_("at"))
    data = models.JSONField(default=dict, verbose_name=_("data"))
    changed = models.JSONField(default=list, blank=True, verbose_name=_("changed fields"))
    note = models.CharField(max_length=200, blank=True, verbose_name=_("note"))

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["content_type", "object_id", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "number"], name="revision_number_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} #{self.number}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "user": self.user.get_username() if self.user else None,
            "at": self.at.isoformat(),
            "changed": self.changed,
            "note": self.note,
            "data": self.data,
        }


class RevertRequest(models.Model):
    """A revert of a published item to an earlier revision: a draft that
    another person approves (four eyes) before it is applied."""

    revision = models.ForeignKey(
        Revision, on_delete=models.CASCADE, related_name="reverts", verbose_name=_("revision")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(auto_now_add=True, verbose_name=_("requested at"))
    reason = models.TextField(blank=True, verbose_name=_("reason"))
    state = models.CharField(
        max_length=16,
        choices=[(s, s) for s in REVERT_STATES],
        default="pending",
        db_index=True,
        verbose_name=_("state"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided at"))

    class Meta:
        verbose_name = _("revert request")
        verbose_name_plural = _("revert requests")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"revert to {self.revision} ({self.state})"


class Comment(models.Model):
    """A comment between editors on an item (an article, a job, a notice)."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("content type")
    )
    object_id = models.CharField(max_length=64, verbose_name=_("object id"))
    item = GenericForeignKey("content_type", "object_id")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(verbose_name=_("text"))
    at = models.DateTimeField(auto_now_add=True, verbose_name=_("at"))

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id}: {self.text[:40]}"


class Notification(models.Model):
    """Something that needs a person's action. ``kind`` and ``params`` are
    kept rather than the words, so the office says it in its reader's
    language (see :mod:`doingoai.revisions.notify`)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(max_length=32, verbose_name=_("kind"))
    params = models.JSONField(default=dict, blank=True, verbose_name=_("parameters"))
    url = models.CharField(max_length=300, blank=True, verbose_name=_("URL"))
    content_type = models.ForeignKey(
        ContentType,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("content type"),
    )
    object_id = models.CharField(max_length=64, blank=True, verbose_name=_("object id"))
    created_at = models.DateTimeField(
        auto_now_add=True, db_index=True, verbose_name=_("created at")
    )
    read_at = models.DateTimeField(null=True, blank=True, verbose_name=_("read at"))
    emailed = models.BooleanField(default=False, verbose_name=_("e-mailed"))
    email_error = models.TextField(blank=True, verbose_name=_("e-mail error"))

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.kind}"
