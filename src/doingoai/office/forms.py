"""The back office's forms: every input is validated here before a service sees it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.utils import timezone

from doingoai.curation.models import Theme, Unit
from doingoai.curation.roles import (
    ADMINISTRATOR,
    REVIEWER,
    TRANSLATOR,
    can_review,
    can_translate,
)
from doingoai.office.models import Source
from doingoai.store.models import Outlet
from doingoai.translation.models import STATES, TranslationJob
from doingoai.translation.services import self_review_allowed, target_languages

__all__ = [
    "AssignForm",
    "CorrectionForm",
    "InboxFilter",
    "JobFilter",
    "ReturnForm",
    "SegmentForm",
    "SelectionForm",
    "SourceForm",
    "SubmissionForm",
    "TranslateForm",
]

_LIST_HELP = "One per line."


class InboxFilter(forms.Form):
    outlet = forms.ModelChoiceField(Outlet.objects.order_by("domain"), required=False)
    topic = forms.CharField(
        max_length=64, required=False, widget=forms.TextInput(attrs={"list": "topics"})
    )
    language = forms.CharField(max_length=16, required=False)
    date_from = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    cluster = forms.IntegerField(required=False, min_value=1, help_text="A duplicate cluster.")
    duplicates = forms.BooleanField(required=False, label="Only articles with duplicates")
    status = forms.ChoiceField(
        required=False,
        choices=[
            ("", "any"),
            ("new", "not selected"),
            ("selected", "selected"),
            ("published", "published"),
            ("withdrawn", "withdrawn"),
        ],
    )


class CorrectionForm(forms.Form):
    title = forms.CharField(max_length=1000, widget=forms.TextInput(attrs={"size": 80}))
    lead = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    paragraphs = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Paragraphs separated by a blank line.",
    )
    captions = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text=_LIST_HELP
    )
    authors = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text=_LIST_HELP
    )
    published_at = forms.DateTimeField(required=False)
    language = forms.CharField(max_length=16, required=False)
    topic = forms.CharField(max_length=64, required=False)

    @staticmethod
    def initial_for(article: Any) -> dict[str, Any]:
        return {
            "title": article.title,
            "lead": article.lead,
            "paragraphs": "\n\n".join(article.paragraphs),
            "captions": "\n".join(article.captions),
            "authors": "\n".join(article.authors),
            "published_at": article.published_at,
            "language": article.language,
            "topic": article.topic,
        }

    def corrections(self) -> dict[str, Any]:
        data = self.cleaned_data
        paragraphs = [
            " ".join(p.split()) for p in data["paragraphs"].replace("\r\n", "\n").split("\n\n")
        ]
        return {
            "title": data["title"],
            "lead": data["lead"],
            "paragraphs": [p for p in paragraphs if p],
            "captions": data["captions"],
            "authors": data["authors"],
            "published_at": data["published_at"],
            "language": data["language"].strip().lower(),
            "topic": data["topic"].strip(),
        }


class SelectionForm(forms.Form):
    themes = forms.ModelMultipleChoiceField(
        Theme.objects.all(), widget=forms.CheckboxSelectMultiple, required=True
    )
    unit = forms.ModelChoiceField(Unit.objects.all(), required=False)
    featured = forms.BooleanField(required=False)
    note = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class TranslateForm(forms.Form):
    language = forms.ChoiceField(choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [(c, c) for c in target_languages() if c != "vi"]  # type: ignore[attr-defined]


class SegmentForm(forms.Form):
    target = forms.CharField(
        required=False, max_length=20_000, widget=forms.Textarea(attrs={"rows": 4})
    )
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class ReturnForm(forms.Form):
    comment = forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class SourceForm(forms.ModelForm):
    url = forms.URLField(max_length=2000, assume_scheme="https")

    class Meta:
        model = Source
        fields = ["name", "kind", "url", "schedule", "active"]


class SubmissionForm(forms.Form):
    title = forms.CharField(max_length=1000, widget=forms.TextInput(attrs={"size": 80}))
    lead = forms.CharField(
        required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    body = forms.CharField(
        max_length=200_000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="Paragraphs separated by a blank line.",
    )
    url = forms.URLField(
        required=False, max_length=2000, label="URL (optional)", assume_scheme="https"
    )


# --- translation jobs: the list's filters and the assignment form ---------------

#: states in which a job's work is done: it is never overdue nor waiting for anyone
DONE_STATES: frozenset[str] = frozenset({"approved", "published"})


class JobFilter(forms.Form):
    """The jobs list's filters (a GET form: bookmarkable, no script needed)."""

    who = forms.ChoiceField(
        required=False,
        label="Whose",
        choices=[
            ("", "anyone's"),
            ("mine", "mine (assignee or reviewer)"),
            ("unassigned", "without a translator"),
        ],
    )
    overdue = forms.BooleanField(required=False, label="Only overdue")
    language = forms.ChoiceField(required=False, choices=())
    state = forms.ChoiceField(
        required=False,
        choices=[("", "any"), *((s, s.replace("_", " ")) for s in STATES)],
    )

    def __init__(self, *args: Any, languages: list[str] | None = None, **kwargs: Any) -> None:
        """``languages``: the target languages offered (all configured ones by default)."""
        super().__init__(*args, **kwargs)
        langs = languages if languages is not None else [c for c in target_languages() if c != "vi"]
        self.fields["language"].choices = [("", "any"), *((c, c) for c in langs)]  # type: ignore[attr-defined]


def people_who(can: Callable[[Any, str], bool], role: str, lang: str) -> QuerySet[User]:
    """Active users for whom ``can(user, lang)`` holds, among the holders of
    ``role`` and the administrators, by user name."""
    holders = (
        User.objects.filter(is_active=True)
        .filter(Q(groups__name__in=[role, ADMINISTRATOR]) | Q(is_superuser=True))
        .select_related("profile")
        .distinct()
    )
    ids = [u.pk for u in holders if can(u, lang)]
    return User.objects.filter(pk__in=ids).order_by("username")


class _PersonField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        full = obj.get_full_name()
        return f"{full} ({obj.get_username()})" if full else obj.get_username()


class _DayField(forms.DateField):
    """A YYYY-MM-DD day; what cannot be read is named in the message."""

    def to_python(self, value: Any) -> date | None:
        try:
            return super().to_python(value)
        except forms.ValidationError:
            shown = str(value)
            shown = shown if len(shown) <= 20 else shown[:20] + "…"
            raise forms.ValidationError(
                f"“{shown}” is not a day: write it as YYYY-MM-DD, e.g. 2025-06-02.",
                code="invalid",
            ) from None


class AssignForm(forms.Form):
    """Who translates a job, who reviews it and by when. A field left empty
    keeps what the job has; only translators of the job's language may be its
    assignee, only reviewers of that language its reviewer, and (unless
    :func:`self_review_allowed`) not the same person; a new due date is today
    or later. The hidden ``job`` field must name the job of the page."""

    job = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            k: "The form does not say which job it is for: open the job's page again."
            for k in ("required", "invalid", "min_value")
        },
    )
    assignee = _PersonField(
        queryset=User.objects.none(),
        required=False,
        label="Translator (assignee)",
        empty_label="— as it is —",
    )
    reviewer = _PersonField(
        queryset=User.objects.none(), required=False, label="Reviewer", empty_label="— as it is —"
    )
    due_date = _DayField(
        required=False,
        label="Due date",
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="YYYY-MM-DD, today or later.",
    )

    def __init__(
        self, *args: Any, job: TranslationJob, today: date | None = None, **kwargs: Any
    ) -> None:
        kwargs.setdefault(
            "initial",
            {
                "job": job.pk,
                "assignee": job.assignee_id,
                "reviewer": job.reviewer_id,
                "due_date": job.due_date,
            },
        )
        super().__init__(*args, **kwargs)
        self.target_job = job
        self.today = today if today is not None else timezone.localdate()
        lang = job.target_lang
        assignee = self.fields["assignee"]
        reviewer = self.fields["reviewer"]
        assert isinstance(assignee, forms.ModelChoiceField)
        assert isinstance(reviewer, forms.ModelChoiceField)
        assignee.queryset = people_who(can_translate, TRANSLATOR, lang)
        reviewer.queryset = people_who(can_review, REVIEWER, lang)
        assignee.error_messages["invalid_choice"] = (
            f"Choose a translator of {lang} from the list: the person sent is not one."
        )
        reviewer.error_messages["invalid_choice"] = (
            f"Choose a reviewer of {lang} from the list: the person sent is not one."
        )

    def clean_job(self) -> int:
        value: int = self.cleaned_data["job"]
        if value != self.target_job.pk:
            raise forms.ValidationError(
                f"This form is for job {value}, but it was sent to job {self.target_job.pk}: "
                "open the job again and assign from its own page."
            )
        return value

    def changes(self) -> dict[str, Any]:
        """The fields whose new value differs from the job's (valid forms only)."""
        job = self.target_job
        data = self.cleaned_data
        found: dict[str, Any] = {}
        if data.get("assignee") is not None and data["assignee"].pk != job.assignee_id:
            found["assignee"] = data["assignee"]
        if data.get("reviewer") is not None and data["reviewer"].pk != job.reviewer_id:
            found["reviewer"] = data["reviewer"]
        if data.get("due_date") is not None and data["due_date"] != job.due_date:
            found["due_date"] = data["due_date"]
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "job" in self.errors:
            return data
        job = self.target_job
        changed = self.changes()
        due = changed.get("due_date")
        if due is not None and due < self.today:
            self.add_error(
                "due_date",
                f"{due.isoformat()} is in the past: the due date must be today "
                f"({self.today.isoformat()}) or later.",
            )
        people_readable = not {"assignee", "reviewer"} & set(self.errors)
        if ("assignee" in changed or "reviewer" in changed) and people_readable:
            assignee = changed.get("assignee", job.assignee)
            reviewer = changed.get("reviewer", job.reviewer)
            if (
                assignee is not None
                and reviewer is not None
                and assignee.pk == reviewer.pk
                and not self_review_allowed()
            ):
                self.add_error(
                    "reviewer",
                    f"{reviewer.get_username()} translates this job and cannot also review "
                    "it: choose another reviewer.",
                )
        return data
