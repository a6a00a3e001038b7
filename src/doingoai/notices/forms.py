"""The office's forms of a correction notice and a clarification: one set of
text fields per portal language (the original's first)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from doingoai.notices.models import RATING_LABELS, Clarification, CorrectionNotice
from doingoai.portal.labels import LANGUAGE_NAMES
from doingoai.store.models import Article

__all__ = ["ClarificationForm", "CorrectionForm"]


def _languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _area(label: Any, lang: str, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=f"{label} ({LANGUAGE_NAMES.get(lang, lang)})",
        required=required,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3, "lang": lang}),
    )


class CorrectionForm(forms.Form):
    corrected_at = forms.DateTimeField(
        label=_("Corrected at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Empty: now."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for lang in _languages():
            self.fields[f"wrong_{lang}"] = _area(_("What was wrong"), lang)
            self.fields[f"right_{lang}"] = _area(_("What is right"), lang)

    def texts(self) -> dict[str, dict[str, str]]:
        data = self.cleaned_data
        return {
            lang: {"wrong": data.get(f"wrong_{lang}", ""), "right": data.get(f"right_{lang}", "")}
            for lang in _languages()
        }

    @classmethod
    def initial_for(cls, notice: CorrectionNotice) -> dict[str, Any]:
        found: dict[str, Any] = {"corrected_at": notice.corrected_at}
        for lang in _languages():
            text = notice.text(lang)
            found[f"wrong_{lang}"] = text.get("wrong", "")
            found[f"right_{lang}"] = text.get("right", "")
        return found


class ClarificationForm(forms.Form):
    claim_url = forms.CharField(label=_("Address of the claim"), max_length=2000)
    claim_outlet = forms.CharField(label=_("Outlet that published it"), max_length=255)
    claim_date = forms.DateField(
        label=_("Date it was published"), widget=forms.DateInput(attrs={"type": "date"})
    )
    claim_text = forms.CharField(
        label=_("The claim's words as published"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    claim_language = forms.CharField(label=_("Language of the claim"), max_length=16, initial="vi")
    rating = forms.ChoiceField(label=_("Rating"), choices=list(RATING_LABELS.items()))
    sources = forms.CharField(
        label=_("Official documents (one address a line)"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    facts = forms.CharField(
        label=_("Facts it cites (their short names, separated by commas)"),
        required=False,
        max_length=1000,
    )
    concerns = forms.CharField(
        label=_("Reference pages or articles it concerns (numbers, separated by commas)"),
        required=False,
        max_length=1000,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for lang in _languages():
            self.fields[f"title_{lang}"] = forms.CharField(
                label=f"{_('Title')} ({LANGUAGE_NAMES.get(lang, lang)})",
                required=False,
                max_length=300,
                widget=forms.TextInput(attrs={"lang": lang}),
            )
            self.fields[f"claim_{lang}"] = _area(_("The claim, in this language"), lang)
            self.fields[f"answer_{lang}"] = _area(_("The office's answer"), lang)

    def clean_concerns(self) -> list[Article]:
        raw = self.cleaned_data.get("concerns", "")
        ids = []
        for part in raw.replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit():
                raise forms.ValidationError(_("%(value)s is not a number.") % {"value": part})
            ids.append(int(part))
        found = list(Article.objects.filter(pk__in=ids))
        missing = sorted(set(ids) - {a.pk for a in found})
        if missing:
            raise forms.ValidationError(
                _("No article %(numbers)s.") % {"numbers": ", ".join(map(str, missing))}
            )
        return found

    def clean_facts(self) -> list[int]:
        from doingoai.reference.models import Fact

        slugs = [s.strip() for s in self.cleaned_data.get("facts", "").split(",") if s.strip()]
        found = dict(Fact.objects.filter(slug__in=slugs).values_list("slug", "pk"))
        missing = [s for s in slugs if s not in found]
        if missing:
            raise forms.ValidationError(_("No fact %(names)s.") % {"names": ", ".join(missing)})
        return [found[s] for s in slugs]

    def texts(self) -> dict[str, dict[str, str]]:
        data = self.cleaned_data
        return {
            lang: {
                "title": data.get(f"title_{lang}", ""),
                "claim": data.get(f"claim_{lang}", ""),
                "answer": data.get(f"answer_{lang}", ""),
            }
            for lang in _languages()
        }

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "texts": self.texts(),
            "claim_url": data["claim_url"],
            "claim_outlet": data["claim_outlet"],
            "claim_date": data["claim_date"],
            "claim_text": data["claim_text"],
            "claim_language": data["claim_language"].strip().lower(),
            "rating": data["rating"],
            "sources": [line.strip() for line in data["sources"].splitlines() if line.strip()],
            "concerns": data["concerns"],
            "fact_ids": data["facts"],
        }

    @classmethod
    def initial_for(cls, item: Clarification) -> dict[str, Any]:
        found: dict[str, Any] = {
            "claim_url": item.claim_url,
            "claim_outlet": item.claim_outlet,
            "claim_date": item.claim_date,
            "claim_text": item.claim_text,
            "claim_language": item.claim_language,
            "rating": item.rating,
            "sources": "\n".join(item.sources),
            "concerns": ", ".join(str(a.pk) for a in item.concerns.all()),
            "facts": ", ".join(_fact_slugs(item.fact_ids)),
        }
        for lang in _languages():
            text = item.text(lang)
            for part in ("title", "claim", "answer"):
                found[f"{part}_{lang}"] = text.get(part, "")
        return found


def _fact_slugs(ids: list[int]) -> list[str]:
    from doingoai.reference.models import Fact

    found = dict(Fact.objects.filter(pk__in=ids).values_list("pk", "slug"))
    return [found[i] for i in ids if i in found]
