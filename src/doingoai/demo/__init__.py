"""The demo: the seed article and a shipped sample of VNTC news, curated,
translated and published, with an account for each role.

The seed page (a Lao Động Thủ Đô report on Hà Nội's external-information
programme) belongs to its publisher, so it is not shipped: it is read from
``../shared/data/seed`` beside the project when that folder is there (else the
first sample article stands in for it). The VNTC sample is shipped under its
MIT licence (see data/demo/SOURCE.md); the seed's English version
(data/demo/seed_en.json) was written by the team.

:func:`set_up_demo` runs every step; a second run adds nothing. The set-up
sits above the apps, beside the commands: it calls the store, curation and
translation services, and reports progress through a callback rather than
drawing anything itself.
"""

from __future__ import annotations

import gzip
import json
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from doingoai.collect import RawDocument
from doingoai.demo import history
from doingoai.errors import InputError
from doingoai.store.ingest import IngestReport, StoreResult, store_document
from doingoai.store.models import Article

__all__ = [
    "SAMPLE_SEARCHES",
    "DemoAccount",
    "DemoReport",
    "demo_documents",
    "load_demo",
    "seed_path",
    "set_up_demo",
]

SAMPLE_SEARCHES = ("doi ngoai", '"Hà Nội"')

# VNTC document ids name their outlet: "XH_NLD_ (3698)" is Người Lao Động.
VNTC_OUTLETS = {
    "VNE": "VnExpress",
    "TT": "Tuổi Trẻ",
    "TN": "Thanh Niên",
    "NLD": "Người Lao Động",
}
SEED_OUTLET = "Lao Động Thủ Đô"
SEED_NAME = "000_e22b331b8597d28b.txt"


def seed_path() -> Path | None:
    """The seed page in ../shared/data/seed, looked for beside the working directory and the project."""
    here = Path(__file__).resolve()
    for base in (Path.cwd(), *here.parents):
        candidate = base.parent / "shared" / "data" / "seed" / SEED_NAME
        if candidate.is_file():
            return candidate
    return None


def _vntc_outlet(doc_id: str) -> str:
    parts = doc_id.split("_")
    return VNTC_OUTLETS.get(parts[1].strip(), "") if len(parts) > 1 else ""


def demo_documents(limit: int | None = None) -> Iterator[tuple[RawDocument, dict[str, object]]]:
    """Raw documents of the demo corpus, each with the fields it overrides
    (the seed, then ``limit`` sample articles spread over the sample, or all)."""
    fetched = datetime(2026, 1, 1, tzinfo=UTC)
    seed = seed_path()
    if seed is not None:
        yield (
            RawDocument(
                data=seed.read_bytes(),
                url="",
                source=f"seed/{seed.name}",
                fetched_at=fetched,
                headers={},
                content_type="text/plain; charset=utf-8",
            ),
            {"outlet": SEED_OUTLET},
        )
    sample = resources.files("doingoai") / "data" / "demo" / "vntc_sample.jsonl.gz"
    with sample.open("rb") as fh, gzip.open(fh, "rt", encoding="utf-8") as stream:
        lines = stream.readlines()
    if limit is not None and limit < len(lines):
        # evenly spaced, so that a small demo still has every topic
        lines = lines[:: len(lines) // limit][:limit]
    for line in lines:
        doc = json.loads(line)
        yield (
            RawDocument(
                data=doc["text"].encode("utf-8"),
                url="",
                source=f"vntc/{doc['id']}",
                fetched_at=fetched,
                headers={},
                content_type="text/plain; charset=utf-8",
            ),
            {"outlet": _vntc_outlet(doc["id"])},
        )


#: called with (documents done, documents in all) as the corpus is stored
Progress = Callable[[int, int], None]


def load_demo(*, progress: Progress | None = None, limit: int | None = None) -> IngestReport:
    """Store the demo corpus; a second call adds nothing. ``progress`` is
    told how far the storing has gone after each document."""
    report = IngestReport()
    docs = list(demo_documents(limit))
    for done, (raw, overrides) in enumerate(docs, 1):
        result: StoreResult = store_document(raw, overrides=overrides)
        if progress is not None:
            progress(done, len(docs))
        if result.outcome == "failed":
            report.failed.append((raw.source, result.reason))
        else:
            report.count(result.outcome)
    return report


# --- curation, translation and accounts -------------------------------------

#: demo accounts: user name, role (group), working languages
DEMO_ACCOUNTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("admin", "administrator", ()),
    ("editor", "editor", ()),
    ("translator-en", "translator", ("en",)),
    ("reviewer-en", "reviewer", ("en",)),
    ("contributor", "unit contributor", ()),
    ("lanh-dao", "manager", ()),
)
#: the themes a sample article is filed under, by its classified topic
THEMES_BY_TOPIC: dict[str, tuple[str, ...]] = {
    "Kinh doanh": ("kinh-te", "dau-tu"),
    "Van hoa": ("van-hoa",),
    "Doi song": ("con-nguoi",),
    "The gioi": ("doi-ngoai",),
    "Chinh tri Xa hoi": ("con-nguoi",),
    "Khoa hoc": ("kinh-te",),
}
#: words in a title that add a theme
THEMES_BY_WORD: dict[str, str] = {"du lịch": "du-lich", "lịch sử": "lich-su"}
PER_TOPIC = 2
ACTOR = "doingoai demo"


@dataclass
class DemoAccount:
    username: str
    role: str
    password: str


@dataclass
class DemoReport:
    """What :func:`set_up_demo` did."""

    corpus: IngestReport
    seed_article: int | None = None
    published: list[int] = field(default_factory=list)
    english: list[int] = field(default_factory=list)
    accounts: list[DemoAccount] = field(default_factory=list)
    key_file: str = ""
    plans: int = 0
    history: int = 0
    #: languages the reference page was published in by this run (doingoai.reference.demo)
    reference: list[str] = field(default_factory=list)
    #: languages of the correction notice and clarification this run published (doingoai.notices.demo)
    notices: list[str] = field(default_factory=list)


def seed_english() -> dict[str, Any]:
    """The team's English version of the seed, sentence by sentence."""
    path = resources.files("doingoai") / "data" / "demo" / "seed_en.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _seed_article() -> Article | None:
    seed = Article.objects.filter(raw__source__startswith="seed/").order_by("pk").first()
    return seed or Article.objects.filter(raw__source__startswith="vntc/").order_by("pk").first()


def _accounts() -> tuple[dict[str, Any], list[DemoAccount]]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from doingoai.curation.models import Profile, Unit

    user_model = get_user_model()
    users: dict[str, Any] = {}
    created: list[DemoAccount] = []
    unit = Unit.objects.get(slug="so-tttt-ha-noi")
    for username, role, langs in DEMO_ACCOUNTS:
        user = user_model.objects.filter(username=username).first()
        if user is None:
            password = secrets.token_urlsafe(12)
            user = user_model.objects.create_user(
                username=username,
                password=password,
                is_staff=role == "administrator",
                is_superuser=role == "administrator",
            )
            group, _ = Group.objects.get_or_create(name=role)
            user.groups.add(group)
            Profile.objects.update_or_create(
                user=user,
                defaults={
                    "languages": list(langs),
                    "unit": unit if role == "unit contributor" else None,
                },
            )
            created.append(DemoAccount(username, role, password))
        users[role] = user
    return users, created


def _publish(
    article: Article, editor: Any, themes: list[str], unit_slug: str, featured: bool
) -> bool:
    """Select and publish ``article``; False when it was selected before."""
    from doingoai.curation import services
    from doingoai.curation.models import Selection, Unit

    if Selection.objects.filter(article=article).exists():
        return False
    unit = Unit.objects.filter(slug=unit_slug).first()
    selection = services.select_article(article, editor, themes, unit=unit, featured=featured)
    services.publish_original(selection, editor)
    return True


def _translate_seed(article: Article, users: dict[str, Any]) -> bool:
    """The seed's English version through the workflow (job, segments,
    review, approval into the memory, publication), taken up where a previous
    run stopped; False when it was published before."""
    from doingoai.translation import services
    from doingoai.translation.models import TranslationJob

    job = TranslationJob.objects.filter(article=article, target_lang="en").first()
    if job is not None and job.state == "published":
        return False
    english = seed_english()
    translator, reviewer, editor = users["translator"], users["reviewer"], users["editor"]
    if job is None:
        job = services.create_or_refresh_job(article, "en", actor=ACTOR).job
        services.assign(job, assignee=translator, reviewer=reviewer, user=editor)
    by_block: dict[tuple[str, int], list[str]] = {("title", 0): english["title"]}
    by_block[("lead", 0)] = english["lead"]
    for n, sentences in enumerate(english["paragraphs"]):
        by_block[("paragraph", n)] = sentences
    for n, sentences in enumerate(english["captions"]):
        by_block[("caption", n)] = sentences
    used: dict[tuple[str, int], int] = {}
    for segment in job.segments.order_by("position"):
        key = (segment.kind, segment.block)
        n = used.get(key, 0)
        used[key] = n + 1
        sentences = by_block.get(key, [])
        if n >= len(sentences):
            raise InputError(
                f"no English for {segment.kind} {segment.block} sentence {n + 1}: "
                f"{segment.source[:60]!r}",
                source="seed_en.json",
            )
        if segment.target != sentences[n] and job.state in services.EDITABLE:
            services.save_segment(segment, sentences[n], user=translator)
    job.refresh_from_db()
    if job.state in {"draft", "pretranslated", "returned"}:
        services.start_translation(job, user=translator)
    if job.state == "in_translation":
        services.submit_for_review(job, user=translator, reviewer=reviewer)
    if job.state == "in_review":
        services.approve(job, user=reviewer, comment="the team's translation")
    services.publish(job, user=editor)
    return True


def _demo_key(path: Path) -> str:
    """The demo's secret key beside the database (kept when present)."""
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50) + "\n", encoding="ascii")
        path.chmod(0o600)
    return str(path)


def set_up_demo(*, progress: Progress | None = None, limit: int | None = None) -> DemoReport:
    """Load the demo corpus, curate and publish the seed article in Vietnamese
    and English (its segments enter the translation memory), publish a dozen
    sample articles under themes, create one account per role and store a
    demo secret key. ``limit`` loads only the first sample articles (the seed
    always). A second run adds nothing and creates no account."""
    from django.db import transaction

    from doingoai.curation import services as curation

    report = DemoReport(corpus=load_demo(progress=progress, limit=limit))
    from django.db import connection

    from doingoai.project.settings import demo_key_file

    key_file = demo_key_file(connection.settings_dict)
    report.key_file = _demo_key(key_file) if key_file is not None else ""
    # one transaction: a failure leaves no half-made accounts or selections
    with transaction.atomic():
        history.set_up_units()
        users, report.accounts = _accounts()
        editor = users["editor"]
        seed = _seed_article()
        if seed is None:
            return report
        report.seed_article = seed.pk
        if seed.published_at is None and seed.raw.source.startswith("seed/"):
            english = seed_english()
            curation.correct_article(
                seed, editor, published_at=datetime.fromisoformat(english["published_at"])
            )
        if _publish(seed, editor, ["doi-ngoai"], "so-tttt-ha-noi", featured=True):
            report.published.append(seed.pk)
        # the team's English follows the seed sentence by sentence: without
        # ../shared/data/seed the stand-in article stays Vietnamese only
        if seed.raw.source.startswith("seed/") and _translate_seed(seed, users):
            report.english.append(seed.pk)
        taken: dict[str, int] = {}
        candidates = Article.objects.filter(raw__source__startswith="vntc/").order_by("pk")
        for article in candidates.exclude(pk=seed.pk):
            themes = THEMES_BY_TOPIC.get(article.topic)
            if themes is None or taken.get(article.topic, 0) >= PER_TOPIC:
                continue
            taken[article.topic] = taken.get(article.topic, 0) + 1
            extra = [t for word, t in THEMES_BY_WORD.items() if word in article.title.lower()]
            featured = taken[article.topic] == 1
            if _publish(article, editor, [*themes, *extra], "lao-dong-thu-do", featured):
                report.published.append(article.pk)
        # the office's own writing: a reference page citing facts, in both languages
        from doingoai.reference.demo import set_up_reference_demo

        report.reference = set_up_reference_demo(users)
        # a correction notice on the seed and a clarification, in both languages
        from doingoai.notices.demo import set_up_notices_demo

        report.notices = set_up_notices_demo(seed, users)
        # the management side: plans with targets and a recorded history
        report.plans = history.set_up_plans(ACTOR)
        report.history = history.set_up_history(editor)
    return report
