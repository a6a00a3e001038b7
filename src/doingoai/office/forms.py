"""The back office's forms: every input is validated here before a service sees it."""

from __future__ import annotations

from typing import Any

from django import forms

from doingoai.curation.models import Theme, Unit
from doingoai.office.models import Source
from doingoai.store.models import Outlet
from doingoai.translation.services import target_languages

__all__ = [
    "CorrectionForm",
    "InboxFilter",
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
