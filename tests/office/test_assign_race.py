"""Two editors assigning one translation job at once, on PostgreSQL: the
second waits for the first's row lock, is checked against the job as the
first left it, and its audit entry says what it replaced; nothing is lost.
(Run by `make test-postgres`; SQLite takes one writer at a time.)"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client
from django.utils import timezone

from doingoai.curation.models import AuditLog
from doingoai.translation.models import TranslationJob
from tests.office.test_assign import person
from tests.translation.test_locking import Racer, wait_until_blocked

pytestmark = [
    pytest.mark.pg_default,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_second_assignment_waits_and_builds_on_the_first(
    client_for: Callable[[str | None], Client], job: TranslationJob
) -> None:
    editor = client_for("editor")
    first = person("lan", ["translator"], ["en"])
    second = person("minh", ["translator"], ["en"])
    due = timezone.localdate() + timedelta(days=5)
    post = {"job": job.pk, "assignee": second.pk, "reviewer": "", "due_date": due.isoformat()}
    racer = Racer(lambda: editor.post(f"/office/jobs/{job.pk}/assign/", post))
    with transaction.atomic():
        locked = TranslationJob.objects.select_for_update().get(pk=job.pk)
        racer.start()
        wait_until_blocked(racer)
        locked.assignee = first  # the other editor's assignment, committed first
        locked.save(update_fields=["assignee"])
    racer.join(60)
    assert racer.error is None and racer.result.status_code == 302
    job.refresh_from_db()
    assert (job.assignee, job.due_date) == (second, due)
    entry = AuditLog.objects.get(action="job-assign")
    assert entry.data["before"]["assignee"] == "lan"  # what it replaced, not a stale read
    assert User.objects.filter(username__in=["lan", "minh"]).count() == 2
