"""The back office's forms: every input is validated here before a service sees it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from doingoai.curation.models import SourceUnit, Theme, Unit
from doingoai.curation.roles import (
    ADMINISTRATOR,
    REVIEWER,
    TRANSLATOR,
    can_review,
    can_translate,
)
from doingoai.office.models import Source
from doingoai.translation.models import JOB_STATE_CHOICES, TranslationJob
from doingoai.translation.services import self_review_allowed, target_languages

__all__ = [
    "AssignForm",
    "CorrectionForm",
    "JobFilter",
    "ReturnForm",
    "SegmentForm",
    "SelectionForm",
    "SourceForm",
    "SubmissionForm",
    "TranslateForm",
]

_LIST_HELP = _("One per line.")
_PARAGRAPHS_HELP = _("Paragraphs separated by a blank line.")


class CorrectionForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=1000, widget=forms.TextInput(attrs={"size": 80})
    )
    lead = forms.CharField(
        label=_("Lead"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    paragraphs = forms.CharField(
        label=_("Paragraphs"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_PARAGRAPHS_HELP,
    )
    captions = forms.CharField(
        label=_("Captions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_LIST_HELP,
    )
    authors = forms.CharField(
        label=_("Authors"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_LIST_HELP,
    )
    published_at = forms.DateTimeField(label=_("Published at"), required=False)
    language = forms.CharField(label=_("Language"), max_length=16, required=False)
    topic = forms.CharField(label=_("Topic"), max_length=64, required=False)

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


class _ThemesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name(get_language() or "vi"))


class SelectionForm(forms.Form):
    themes = _ThemesField(
        Theme.objects.all(),
        label=_("Themes"),
        widget=forms.CheckboxSelectMultiple,
        required=True,
        error_messages={"required": _("Choose at least one theme.")},
    )
    unit = forms.ModelChoiceField(Unit.objects.all(), label=_("Unit"), required=False)
    featured = forms.BooleanField(label=_("Featured"), required=False)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class TranslateForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [(c, c) for c in target_languages() if c != "vi"]  # type: ignore[attr-defined]


class SegmentForm(forms.Form):
    target = forms.CharField(
        label=_("Translation"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment for the translator"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SourceForm(forms.ModelForm):
    url = forms.URLField(label=_("URL"), max_length=2000, assume_scheme="https")
    unit = forms.ModelChoiceField(
        Unit.objects.filter(active=True, merged_into=None),
        label=_("Unit"),
        required=False,
        to_field_name="slug",
        help_text=_(
            "The unit the articles collected from this source count for, when nothing "
            "more specific names one."
        ),
    )

    class Meta:
        model = Source
        fields = ["name", "kind", "url", "schedule", "active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and "unit" not in self.initial:
            found = SourceUnit.objects.filter(source=self.instance).select_related("unit").first()
            self.initial["unit"] = found.unit.slug if found else None


class SubmissionForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=1000, widget=forms.TextInput(attrs={"size": 80})
    )
    lead = forms.CharField(
        label=_("Lead"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    body = forms.CharField(
        label=_("Body"),
        max_length=200_000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_PARAGRAPHS_HELP,
    )
    url = forms.URLField(
        required=False, max_length=2000, label=_("URL (optional)"), assume_scheme="https"
    )


# --- translation jobs: the list's filters and the assignment form ---------------

#: states in which a job's work is done: it is never overdue nor waiting for anyone
DONE_STATES: frozenset[str] = frozenset({"approved", "published"})


class JobFilter(forms.Form):
    """The jobs list's filters (a GET form: bookmarkable, no script needed)."""

    who = forms.ChoiceField(
        required=False,
        label=_("Whose"),
        choices=[
            ("", _("anyone's")),
            ("mine", _("mine (assignee or reviewer)")),
            ("unassigned", _("without a translator")),
        ],
    )
    overdue = forms.BooleanField(required=False, label=_("Only overdue"))
    language = forms.ChoiceField(label=_("Language"), required=False, choices=())
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", pgettext_lazy("state", "any")), *JOB_STATE_CHOICES],
    )

    def __init__(self, *args: Any, languages: list[str] | None = None, **kwargs: Any) -> None:
        """``languages``: the target languages offered (all configured ones by default)."""
        super().__init__(*args, **kwargs)
        langs = languages if languages is not None else [c for c in target_languages() if c != "vi"]
        offered: list[tuple[str, Any]] = [("", pgettext_lazy("language", "any"))]
        offered += [(c, c) for c in langs]
        self.fields["language"].choices = offered  # type: ignore[attr-defined]


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
                _("“%(value)s” is not a day: write it as YYYY-MM-DD, e.g. 2025-06-02."),
                code="invalid",
                params={"value": shown},
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
            k: _("The form does not say which job it is for: open the job's page again.")
            for k in ("required", "invalid", "min_value")
        },
    )
    assignee = _PersonField(
        queryset=User.objects.none(),
        required=False,
        label=_("Translator (assignee)"),
        empty_label=_("— as it is —"),
    )
    reviewer = _PersonField(
        queryset=User.objects.none(),
        required=False,
        label=_("Reviewer"),
        empty_label=_("— as it is —"),
    )
    due_date = _DayField(
        required=False,
        label=_("Due date"),
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("YYYY-MM-DD, today or later."),
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
        assignee.error_messages["invalid_choice"] = gettext(
            "Choose a translator of %(language)s from the list: the person sent is not one."
        ) % {"language": lang}
        reviewer.error_messages["invalid_choice"] = gettext(
            "Choose a reviewer of %(language)s from the list: the person sent is not one."
        ) % {"language": lang}

    def clean_job(self) -> int:
        value: int = self.cleaned_data["job"]
        if value != self.target_job.pk:
            raise forms.ValidationError(
                gettext(
                    "This form is for job %(sent)s, but it was sent to job %(job)s: "
                    "open the job again and assign from its own page."
                )
                % {"sent": value, "job": self.target_job.pk}
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
                gettext("%(day)s is in the past: the due date must be today (%(today)s) or later.")
                % {
                    "day": formats.date_format(due, "SHORT_DATE_FORMAT"),
                    "today": formats.date_format(self.today, "SHORT_DATE_FORMAT"),
                },
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
                    gettext(
                        "%(person)s translates this job and cannot also review it: "
                        "choose another reviewer."
                    )
                    % {"person": reviewer.get_username()},
                )
        return data
