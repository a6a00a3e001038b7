"""Write endpoints, each behind a token: a unit submits an item; a translator
imports an XLIFF file into a translation job."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.http import HttpRequest
from ninja import File, Router, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from doingoai.api.models import ApiToken
from doingoai.api.schemas import ErrorOut, SubmissionIn, SubmissionOut, XliffImportOut
from doingoai.api.tokens import TokenAuth
from doingoai.curation import roles
from doingoai.errors import InputError, WorkflowError, XliffMismatch
from doingoai.office.models import Submission
from doingoai.office.submissions import status_of, submit_item
from doingoai.translation.models import TranslationJob

__all__ = ["MAX_XLIFF_BYTES", "Problem", "router"]

MAX_XLIFF_BYTES = 2_000_000

router = Router(auth=TokenAuth())
ERRORS: dict[int, Any] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    413: ErrorOut,
    422: ErrorOut,
    429: ErrorOut,
}


class Problem(HttpError):
    """An HTTP error whose answer lists ``problems`` one by one."""

    def __init__(self, status_code: int, message: str, problems: list[str] | None = None) -> None:
        super().__init__(status_code, message)
        self.problems = list(problems or [])


def _token(request: HttpRequest) -> ApiToken:
    token = request.auth  # type: ignore[attr-defined]
    assert isinstance(token, ApiToken)
    return token


def _submission(submission: Submission) -> dict[str, Any]:
    status = status_of(submission.article)
    return {
        "id": submission.pk,
        "article": submission.article_id,
        "unit": submission.unit.slug if submission.unit else None,
        "status": status.label,
        "languages": list(status.languages),
        "submitted_at": submission.submitted_at,
    }


@router.post(
    "/submissions",
    response={201: SubmissionOut, **ERRORS},
    tags=["submissions"],
    summary="A unit submits an item",
)
def submit(request: HttpRequest, item: SubmissionIn) -> Status[dict[str, Any]]:
    """The item is stored as an article attributed to the token's unit, as if
    sent from the back office; editors find it in their inbox. Its ``status``
    then follows it: received, selected, published or not used."""
    token = _token(request)
    if not roles.has_role(token.user, roles.CONTRIBUTOR):
        raise HttpError(403, "only unit contributors may submit items")
    if token.unit is None:
        raise HttpError(403, "this token belongs to no unit: create one with --unit")
    url = item.url.strip()
    if url and not url.lower().startswith(("http://", "https://")):
        raise HttpError(400, f"url must start with http:// or https://, not {url[:80]!r}")
    # InputError (no text, already submitted, unreadable) becomes a 400 in api.py.
    submission = submit_item(
        token.user, title=item.title, lead=item.lead, body=item.body, url=url, unit=token.unit
    )
    return Status(201, _submission(submission))


@router.get(
    "/submissions/{submission_id}",
    response={200: SubmissionOut, **ERRORS},
    tags=["submissions"],
    summary="What became of a submitted item",
)
def submission_status(request: HttpRequest, submission_id: int) -> dict[str, Any]:
    """Visible to the unit that submitted it (and to editors)."""
    token = _token(request)
    submission = (
        Submission.objects.select_related("unit", "article__selection")
        .prefetch_related("article__translation_jobs")
        .filter(pk=submission_id)
        .first()
    )
    mine = submission is not None and (
        submission.submitted_by_id == token.user_id
        or (token.unit_id is not None and submission.unit_id == token.unit_id)
        or roles.has_role(token.user, roles.EDITOR)
    )
    if submission is None or not mine:
        raise HttpError(404, f"no submission {submission_id} of yours")
    return _submission(submission)


@router.post(
    "/jobs/{job_id}/xliff",
    response={200: XliffImportOut, **ERRORS},
    tags=["translation"],
    summary="Import a translated XLIFF file into its job",
)
def import_xliff(request: HttpRequest, job_id: int, file: File[UploadedFile]) -> dict[str, Any]:
    """All or nothing: a file for another job or language pair, with segments
    missing, unknown or changed, is refused with the list of problems."""
    from doingoai.translation.exchange import import_job_xliff

    token = _token(request)
    job = TranslationJob.objects.filter(pk=job_id).first()
    if job is None:
        raise HttpError(404, f"no translation job {job_id}")
    user = token.user
    if job.assignee_id != user.pk and not roles.can_translate(user, job.target_lang):
        raise HttpError(403, f"you do not translate into {job.target_lang!r}")
    if file.size is not None and file.size > MAX_XLIFF_BYTES:
        raise HttpError(
            413, f"the file is {file.size:,} bytes; at most {MAX_XLIFF_BYTES:,} are accepted"
        )
    name = Path(file.name or "upload.xlf").name
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        with path.open("wb") as out:
            for chunk in file.chunks():
                out.write(chunk)
        try:
            done = import_job_xliff(path, job=job, user=user)
        except XliffMismatch as err:
            problems = [p.replace(str(path), name) for p in err.problems]
            raise Problem(
                400, f"{name} does not fit job {job.pk}: nothing imported", problems
            ) from err
        except WorkflowError as err:
            raise Problem(409, str(err).replace(str(path), name)) from err
        except InputError as err:
            raise Problem(400, str(err).replace(str(path), name)) from err
    done.job.refresh_from_db()
    return {
        "job": done.job.pk,
        "updated": done.updated,
        "unchanged": done.unchanged,
        "skipped": done.skipped,
        "state": done.job.state,
    }
