"""The office's forms for pages, facts, values and images."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from doingoai.curation.models import Theme
from doingoai.reference.images import MAX_BYTES
from doingoai.reference.models import KIND_CHOICES, PageImage

__all__ = ["FactForm", "ImageForm", "PageForm", "ValueForm"]


class PageForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    slug = forms.SlugField(
        label=_("Address (slug)"),
        max_length=120,
        help_text=_("Lowercase letters, digits and hyphens: /vi/trang/<slug>/."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=KIND_CHOICES)
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.order_by("position", "slug"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    text = forms.CharField(
        label=_("Text"),
        max_length=400_000,
        widget=forms.Textarea(attrs={"rows": 18, "data-rich-editor": "1"}),
        help_text=_(
            "Without the toolbar: ## heading, - item, 1. item, > quote, | table | row |, "
            "**bold**, *italic*, [text](https://…); cite a fact with {{fact:slug}}."
        ),
    )
    image = forms.ModelChoiceField(
        label=_("Main image"), queryset=PageImage.objects.all(), required=False
    )
    starts_on = forms.DateField(label=_("Starts on"), required=False)
    ends_on = forms.DateField(label=_("Ends on"), required=False)


class FactForm(forms.Form):
    slug = forms.SlugField(label=_("Name in citations (slug)"), max_length=100)
    name_vi = forms.CharField(label=_("Vietnamese name"), max_length=300)
    name_en = forms.CharField(label=_("English name"), max_length=300, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=40)
    unit_en = forms.CharField(label=_("Unit (English)"), max_length=40, required=False)
    decimals = forms.IntegerField(label=_("Decimals"), min_value=0, max_value=6, initial=0)


class ValueForm(forms.Form):
    value = forms.CharField(label=_("Value"), max_length=40)
    unit = forms.CharField(label=_("Unit"), max_length=40)
    as_of = forms.DateField(label=_("As of"))
    valid_until = forms.DateField(label=_("Valid until"), required=False)
    source = forms.CharField(label=_("Source"), max_length=300)
    source_url = forms.URLField(
        label=_("Source URL"), required=False, max_length=500, assume_scheme="https"
    )


class ImageForm(forms.Form):
    file = forms.FileField(label=_("Image file"))
    alt_vi = forms.CharField(label=_("Alt text (Vietnamese)"), max_length=300)
    alt_en = forms.CharField(label=_("Alt text (English)"), max_length=300, required=False)
    caption_vi = forms.CharField(label=_("Caption (Vietnamese)"), max_length=500, required=False)
    caption_en = forms.CharField(label=_("Caption (English)"), max_length=500, required=False)
    credit = forms.CharField(label=_("Credit"), max_length=200)
    licence = forms.CharField(label=_("Licence"), max_length=200)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("the file is %(size)s bytes; at most %(limit)s are accepted"),
                params={"size": f"{upload.size:,}", "limit": f"{MAX_BYTES:,}"},
            )
        return upload
