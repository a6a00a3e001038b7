"""Versions of the office's items, their differences and reverts.

An app makes its model versioned by registering it (:func:`register`): the
fields to keep, how to write a version back (through the app's own
services, so its checks and audit run), whether an item is published, and
who may change it. Then every save calls :func:`record_revision`::

    from doingoai.revisions.services import record_revision
    record_revision(page, request.user)              # the registered fields
    record_revision(page, request.user, {"body": ...})  # or the data given

A revert of an unpublished item is applied at once; a revert of a published
item is a :class:`~doingoai.revisions.models.RevertRequest` that another
person approves (:func:`approve_revert`), the four-eyes rule of the
translation review. Every step is in the curation audit log. Roles are
checked by the callers, with :func:`can_change` and :func:`can_approve`.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Max, Model
from django.utils import timezone
from django.utils.translation import gettext_noop

from doingoai.errors import InputError, WorkflowError
from doingoai.revisions.models import RevertRequest, Revision

__all__ = [
    "DiffRow",
    "FieldDiff",
    "Kind",
    "approve_revert",
    "can_approve",
    "can_change",
    "diff",
    "item_of",
    "kind_of",
    "latest_revision",
    "record_revision",
    "refuse_revert",
    "register",
    "request_revert",
    "revisions_of",
    "snapshot",
]


@dataclass(frozen=True)
class Kind:
    """How the revisions app handles one model.

    ``apply(obj, data, user)`` writes a version's ``data`` back through the
    owning app's services; when those record a revision themselves,
    ``records_itself`` is true. ``title`` and ``url`` name the item and its
    office page; ``editors(user, obj)`` says who may change it and approve a
    revert of it; ``people(obj)`` are those told of a comment on it."""

    label: str
    fields: tuple[str, ...]
    apply: Callable[[Any, dict[str, Any], Any], None]
    is_published: Callable[[Any], bool]
    title: Callable[[Any], str]
    url: Callable[[Any], str]
    editors: Callable[[Any, Any], bool]
    people: Callable[[Any], list[Any]] = field(default=lambda obj: [])
    records_itself: bool = False


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    """Make ``kind.label`` ("app_label.model") versioned (a second call replaces it)."""
    _KINDS[kind.label] = kind


def kind_of(obj: Model | str) -> Kind:
    label = obj if isinstance(obj, str) else obj._meta.label_lower
    found = _KINDS.get(label)
    if found is None:
        raise InputError(f"{label} has no versions (its app does not register it)")
    return found


def item_of(label: str, pk: str | int) -> Model:
    """The registered item ``label`` with primary key ``pk``, or an InputError naming it."""
    kind_of(label)
    app_label, _, model = label.partition(".")
    try:
        model_class = ContentType.objects.get_by_natural_key(app_label, model).model_class()
    except ContentType.DoesNotExist:
        raise InputError(f"no item type {label!r}") from None
    assert model_class is not None
    try:
        return model_class._default_manager.get(pk=pk)
    except (model_class.DoesNotExist, ValueError):  # type: ignore[attr-defined]
        raise InputError(f"{label} {pk} does not exist") from None


def can_change(user: Any, obj: Model) -> bool:
    """Whether ``user`` may change ``obj``, revert it or ask for a revert."""
    return bool(kind_of(obj).editors(user, obj))


def can_approve(user: Any, request: RevertRequest) -> bool:
    """Another person than the one who asked, who may change the item (the
    translation workflow's self-review setting lets one person do both)."""
    from doingoai.translation.jobs import self_review_allowed

    obj = request.revision.item
    if obj is None or not can_change(user, obj):
        return False
    return self_review_allowed() or user.pk != request.requested_by_id


def _jsonable(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


def snapshot(obj: Model) -> dict[str, Any]:
    """The registered fields of ``obj`` as JSON values."""
    return {name: _jsonable(getattr(obj, name)) for name in kind_of(obj).fields}


def _where(obj: Model) -> dict[str, Any]:
    return {
        "content_type": ContentType.objects.get_for_model(obj, for_concrete_model=False),
        "object_id": str(obj.pk),
    }


def revisions_of(obj: Model) -> list[Revision]:
    """The versions of ``obj``, newest first."""
    return list(Revision.objects.filter(**_where(obj)).select_related("user").order_by("-number"))


def latest_revision(obj: Model) -> Revision | None:
    return Revision.objects.filter(**_where(obj)).order_by("-number").first()


def record_revision(
    obj: Model, user: Any, data: dict[str, Any] | None = None, *, note: str = ""
) -> Revision | None:
    """Keep a version of ``obj``: ``data`` (JSON values), else its registered
    fields. Returns the new revision, or None when nothing changed since the
    last one. ``user`` is who saved it (None for a command or the system)."""
    values = _jsonable(data) if data is not None else snapshot(obj)
    if not isinstance(values, dict):
        raise InputError(f"revision data of {obj._meta.label_lower} {obj.pk} must be a mapping")
    where = _where(obj)
    for _attempt in range(3):
        try:
            with transaction.atomic():
                last = Revision.objects.filter(**where).order_by("-number").first()
                if last is not None and last.data == values:
                    return None
                before = last.data if last is not None else {}
                changed = sorted(k for k in values if before.get(k) != values.get(k))
                changed += sorted(k for k in before if k not in values)
                number = (Revision.objects.filter(**where).aggregate(n=Max("number"))["n"] or 0) + 1
                return Revision.objects.create(
                    **where,
                    number=number,
                    user=user if getattr(user, "pk", None) else None,
                    data=values,
                    changed=changed if last is not None else [],
                    note=note[:200],
                )
        except IntegrityError:  # another save took the number: count again
            continue
    raise WorkflowError(f"{obj._meta.label_lower} {obj.pk}: its version could not be numbered")


# --- differences -----------------------------------------------------------------


@dataclass(frozen=True)
class DiffRow:
    """One line of a side-by-side difference: ``tag`` is equal, replace,
    delete (only on the left) or insert (only on the right)."""

    left: str
    right: str
    tag: str


@dataclass(frozen=True)
class FieldDiff:
    name: str
    rows: list[DiffRow]

    @property
    def changed(self) -> bool:
        return any(r.tag != "equal" for r in self.rows)


def _lines(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, dict):
        # a notice's texts: one line per language and part ("en · right: …")
        lines: list[str] = []
        for key, inner in sorted(value.items()):
            if isinstance(inner, dict):
                lines += [f"{key} · {k}: {v}" for k, v in inner.items()]
            else:
                lines.append(f"{key}: {inner}")
        return lines
    return str(value).splitlines() or [""]


def diff(old: dict[str, Any], new: dict[str, Any]) -> list[FieldDiff]:
    """The side-by-side difference of two versions' data, field by field."""
    names = list(dict.fromkeys([*old, *new]))
    out = []
    for name in names:
        a, b = _lines(old.get(name)), _lines(new.get(name))
        rows: list[DiffRow] = []
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                rows.extend(
                    DiffRow(a[i], b[j], "equal")
                    for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
                )
                continue
            left, right = a[i1:i2], b[j1:j2]
            for n in range(max(len(left), len(right))):
                lt = left[n] if n < len(left) else ""
                rt = right[n] if n < len(right) else ""
                tag = (
                    "replace"
                    if n < len(left) and n < len(right)
                    else ("delete" if n < len(left) else "insert")
                )
                rows.append(DiffRow(lt, rt, tag))
        out.append(FieldDiff(name, rows))
    return out


# --- reverts ---------------------------------------------------------------------


def _log(user: Any, action: str, obj: Model, **data: Any) -> None:
    from doingoai.curation.services import log

    log(user, action, obj, **data)


def _apply(obj: Model, revision: Revision, user: Any) -> Revision | None:
    kind = kind_of(obj)
    before = latest_revision(obj)
    kind.apply(obj, dict(revision.data), user)
    note = f"revert to version {revision.number}"
    after = latest_revision(obj)
    if kind.records_itself and after is not None and (before is None or after.pk != before.pk):
        after.note = note
        after.save(update_fields=["note"])
        return after
    obj.refresh_from_db()
    return record_revision(obj, user, note=note)


def _check_revision(obj: Model, revision: Revision) -> None:
    where = _where(obj)
    if revision.content_type_id != where["content_type"].pk or revision.object_id != str(obj.pk):
        raise InputError(
            f"version {revision.number} is not a version of {obj._meta.label_lower} {obj.pk}"
        )


def request_revert(
    obj: Model, revision: Revision, user: Any, reason: str = ""
) -> RevertRequest | Revision | None:
    """Go back to ``revision``: at once for an unpublished item (the new
    revision is returned), or, for a published one, a request that another
    person approves (returned; the approvers are notified)."""
    _check_revision(obj, revision)
    kind = kind_of(obj)
    with transaction.atomic():
        if not kind.is_published(obj):
            done = _apply(obj, revision, user)
            _log(user, "revert", obj, revision=revision.number, reason=reason)
            return done
        if RevertRequest.objects.filter(
            revision__content_type=revision.content_type,
            revision__object_id=revision.object_id,
            state="pending",
        ).exists():
            raise WorkflowError(
                gettext_noop(
                    "%(item)s already has a revert waiting for approval: approve or refuse it first"
                ),
                params={"item": kind.title(obj)},
            )
        request = RevertRequest.objects.create(
            revision=revision, requested_by=user, reason=reason[:2000]
        )
        _log(user, "request-revert", obj, revision=revision.number, request=request.pk)
    from doingoai.revisions import notify

    notify.revert_requested(request, obj)
    return request


def _pending(request: RevertRequest) -> Model:
    if request.state != "pending":
        raise WorkflowError(
            gettext_noop("the revert %(request)s was decided already"),
            params={"request": request.pk},
        )
    obj = request.revision.item
    if obj is None:
        raise InputError(f"the item of revert {request.pk} no longer exists")
    return obj


def approve_revert(request: RevertRequest, user: Any) -> Revision | None:
    """Apply a pending revert: by another person than the one who asked."""
    from doingoai.translation.jobs import self_review_allowed

    obj = _pending(request)
    if not self_review_allowed() and getattr(user, "pk", None) == request.requested_by_id:
        raise WorkflowError(
            gettext_noop(
                "%(person)s asked for this revert and cannot approve it too "
                "(a second pair of eyes is the point of the review)"
            ),
            params={"person": user.get_username()},
        )
    with transaction.atomic():
        locked = RevertRequest.objects.select_for_update().get(pk=request.pk)
        if locked.state != "pending":
            raise WorkflowError(
                gettext_noop("the revert %(request)s was decided already"),
                params={"request": request.pk},
            )
        done = _apply(obj, request.revision, user)
        request.state = "applied"
        request.decided_by = user
        request.decided_at = timezone.now()
        request.save(update_fields=["state", "decided_by", "decided_at"])
        _log(
            user,
            "approve-revert",
            obj,
            revision=request.revision.number,
            request=request.pk,
            requested_by=request.requested_by_id,
        )
    from doingoai.revisions import notify

    notify.revert_decided(request, obj)
    return done


def refuse_revert(request: RevertRequest, user: Any, reason: str = "") -> RevertRequest:
    obj = _pending(request)
    with transaction.atomic():
        request.state = "refused"
        request.decided_by = user
        request.decided_at = timezone.now()
        request.save(update_fields=["state", "decided_by", "decided_at"])
        _log(user, "refuse-revert", obj, revision=request.revision.number, reason=reason[:500])
    from doingoai.revisions import notify

    notify.revert_decided(request, obj)
    return request


def pending_reverts(obj: Model | None = None) -> Sequence[RevertRequest]:
    qs = RevertRequest.objects.filter(state="pending").select_related(
        "revision", "requested_by", "revision__content_type"
    )
    if obj is not None:
        where = _where(obj)
        qs = qs.filter(
            revision__content_type=where["content_type"], revision__object_id=where["object_id"]
        )
    return list(qs)
