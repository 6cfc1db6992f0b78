"""The end of a requester's personal data: deleting a request, and purging it after the retention period.

Deleting requests (`delete_requests`): the admin's delete and its bulk action call it, and so do
`InformationRequest.delete()` and the model's queryset `delete()`, so no path of the ORM deletes a
request without it. In one transaction the rows go (events, attachments and letters by cascade;
appeals keep their row, without the request) and the history rows of the request are masked: the
audit trail still says who changed what and when, without the personal data. The stored files
(identity documents, reply-letter DOCX) are deleted once the transaction has committed, so a
rollback leaves them with their rows.

Purging (`purge_personal_data`, run daily by `manage.py purge_personal_data`): a request closed
(answered or ended) more than PERSONAL_DATA_RETENTION_DAYS ago keeps its row, its tracking number
and lookup code, its dates, status, result, applicant type and kind and its fees (everything the
statistics and the annual report count), and loses what identifies the requester: the personal
fields are masked, the free text (the request, remarks, legal basis, event notes, letter bodies)
has the requester's own values and anything shaped like an ID, phone or e-mail masked, identity
documents and letter files are deleted, and every history row is masked the same way. The
request is marked purged (the date on the request, and an event in its log). Requests with an
appeal still pending, or concluded within the period, wait: the period runs from the later date.
"""

import datetime as dt
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.models import (
    PERSONAL_FIELDS,
    Appeal,
    InformationRequest,
    ReleasedFile,
    ReplyLetter,
    RequestAttachment,
    RequestEvent,
)
from common.personal_data import mask_personal_data

logger = logging.getLogger(__name__)

# What a masked field holds: clear to staff, accepted by the field (max_length, no NULL).
MASK = "已清除"
# Inside free text, as in services.scrub_personal_data.
TEXT_MASK = "***"
# Fields with a format (a choice, an e-mail address, six digits) are emptied instead: the model
# accepts "" for each of them and would refuse the placeholder.
BLANKED_FIELDS = {"id_type", "email", "postal_code"}
# Free text of the request that may quote the requester.
SCRUBBED_FIELDS = ["description", "remarks", "legal_basis"]
MASKED_FIELDS = [*PERSONAL_FIELDS, *SCRUBBED_FIELDS]
# Own values shorter than this are not searched for in text (one character would mask half of it).
MIN_OWN_VALUE = 2
BATCH = 500
# What staff read on a purged request: its change reason in the history and its event in the log.
PURGED_NOTE = gettext_lazy("个人信息已按保存期限清除")


def retention_days() -> int:
    return settings.PERSONAL_DATA_RETENTION_DAYS


def history_model():
    return InformationRequest.history.model


# ---------------------------------------------------------------------------
# Masking
# ---------------------------------------------------------------------------


def own_values(rows: Iterable) -> list[str]:
    """The requester's values in `rows` (the request and its history rows), longest first, to be
    found again in free text; placeholders and values too short to search for are left out."""
    values = set()
    for row in rows:
        for name in PERSONAL_FIELDS:
            value = (getattr(row, name) or "").strip()
            if name != "id_type" and len(value) >= MIN_OWN_VALUE and value != MASK:
                values.add(value)
    return sorted(values, key=len, reverse=True)


def scrub(text: str, own: list[str]) -> str:
    return mask_personal_data(text, mask=TEXT_MASK, also=own) if text else text


# A date, time, number or amount an event records (period_end, days, pages…): never free text.
_STRUCTURED = re.compile(r"[\d\s.:+\-TZ]*")


def is_free_text(value) -> bool:
    """Text an event's data may quote the requester in; its dates and numbers are left as they are
    (a requester's own value such as "20" must not turn 2019-03-20 into 2019-03-***)."""
    return isinstance(value, str) and not _STRUCTURED.fullmatch(value)


def masked_value(name: str, value: str) -> str:
    if not value:
        return value
    return "" if name in BLANKED_FIELDS else MASK


def mask_row(row, own: list[str]) -> list[str]:
    """Mask the personal fields and scrub the free text of a request or one of its history rows in
    place; returns the names of the fields that changed."""
    changed = []
    for name in PERSONAL_FIELDS:
        value = getattr(row, name)
        if masked_value(name, value) != value:
            setattr(row, name, masked_value(name, value))
            changed.append(name)
    for name in SCRUBBED_FIELDS:
        value = getattr(row, name)
        if scrub(value, own) != value:
            setattr(row, name, scrub(value, own))
            changed.append(name)
    return changed


def mask_history(pks: Iterable[int], own: dict[int, list[str]]) -> int:
    """Mask every history row of the requests `pks` (deleted or not); returns how many changed."""
    rows = []
    for row in history_model().objects.filter(id__in=list(pks)).iterator(chunk_size=BATCH):
        if mask_row(row, own.get(row.id, [])):
            rows.append(row)
    history_model().objects.bulk_update(rows, MASKED_FIELDS, batch_size=BATCH)
    return len(rows)


def _own_values_by_request(pks: list[int]) -> dict[int, list[str]]:
    rows: dict[int, list] = {pk: [] for pk in pks}
    for row in InformationRequest.objects.filter(pk__in=pks).only("pk", *PERSONAL_FIELDS):
        rows[row.pk].append(row)
    for row in history_model().objects.filter(id__in=pks).only("history_id", "id", *PERSONAL_FIELDS):
        rows[row.id].append(row)
    return {pk: own_values(found) for pk, found in rows.items()}


# ---------------------------------------------------------------------------
# Stored files
# ---------------------------------------------------------------------------


def attachment_files(pks: Iterable[int]) -> list[tuple]:
    """(storage, name) of the identity documents of the requests `pks`."""
    found = RequestAttachment.objects.filter(request_id__in=list(pks)).exclude(file="").only("file")
    return [(attachment.file.storage, attachment.file.name) for attachment in found]


def letter_files(pks: Iterable[int]) -> list[tuple]:
    """(storage, name) of the stored reply letters (DOCX, and the requester's PDF) of the requests `pks`."""
    found = ReplyLetter.objects.filter(request_id__in=list(pks)).only("docx", "pdf")
    return [(f.storage, f.name) for letter in found for f in (letter.docx, letter.pdf) if f]


def released_files(pks: Iterable[int]) -> list[tuple]:
    """(storage, name) of the information released to the requests `pks` (ReleasedFile)."""
    found = ReleasedFile.objects.filter(request_id__in=list(pks)).exclude(file="").only("file")
    return [(released.file.storage, released.file.name) for released in found]


def stored_files(pks: Iterable[int]) -> list[tuple]:
    """Every file stored for the requests `pks`: identity documents, letters, released information."""
    pks = list(pks)
    return attachment_files(pks) + letter_files(pks) + released_files(pks)


# ---------------------------------------------------------------------------
# The answer's downloads
# ---------------------------------------------------------------------------


def expire_downloads(*, today: dt.date | None = None, dry_run: bool = False) -> int:
    """Remove the released files and letter PDFs of requests answered more than
    RELEASED_FILES_RETENTION_DAYS ago, with no appeal pending or concluded since (the requester has
    had them; what an appeal is about stays). Each ReleasedFile row stays, its file emptied: staff
    keep the record of what was released (name, size, who, when); the DOCX stays for staff until the
    personal data go. Returns how many files go (or would go)."""
    cutoff = cutoff_date(today or timezone.localdate(), settings.RELEASED_FILES_RETENTION_DAYS)
    answered = due_for_purge(cutoff).values("pk")
    released = ReleasedFile.objects.filter(request__in=answered).exclude(file="")
    letters = ReplyLetter.objects.filter(request__in=answered).exclude(pdf="")
    files = [(r.file.storage, r.file.name) for r in released.only("file")]
    files += [(letter.pdf.storage, letter.pdf.name) for letter in letters.only("pdf")]
    if dry_run or not files:
        return len(files)
    with transaction.atomic():
        released.update(file="")
        letters.update(pdf="")
        delete_files_on_commit(files)
    return len(files)


def delete_files(files: Iterable[tuple]) -> int:
    """Delete the files; one that cannot be deleted is logged and the others still go. Returns how many went."""
    deleted = 0
    for storage, name in files:
        try:
            storage.delete(name)
        except OSError:
            logger.exception("could not delete the stored file %s", name)
        else:
            deleted += 1
    return deleted


def delete_files_on_commit(files: list[tuple]) -> None:
    if files:
        transaction.on_commit(lambda: delete_files(files))


# ---------------------------------------------------------------------------
# Deleting requests
# ---------------------------------------------------------------------------


def delete_requests(queryset) -> tuple[int, dict[str, int]]:
    """Delete the requests of `queryset` as QuerySet.delete() does (and return what it returns),
    masking their history rows in the same transaction and deleting their files after it commits."""
    if queryset.query.is_sliced:
        raise TypeError("Cannot use 'limit' or 'offset' with delete().")
    total, counts = 0, {}
    # Inside the transaction every read is on the primary (common.dbrouter).
    with transaction.atomic(using=router.db_for_write(InformationRequest)):
        pks = list(queryset.order_by().values_list("pk", flat=True))
        for start in range(0, len(pks), BATCH):
            chunk = pks[start : start + BATCH]
            own = _own_values_by_request(chunk)
            files = stored_files(chunk)
            # The plain QuerySet.delete: this model's queryset delete() is the one that comes here.
            deleted, per_model = models.QuerySet.delete(InformationRequest.objects.filter(pk__in=chunk))
            total += deleted
            for label, n in per_model.items():
                counts[label] = counts.get(label, 0) + n
            mask_history(chunk, own)  # the row the deletion itself wrote too
            delete_files_on_commit(files)
    return total, counts


def delete_request(request: InformationRequest) -> tuple[int, dict[str, int]]:
    return delete_requests(InformationRequest.objects.filter(pk=request.pk))


# ---------------------------------------------------------------------------
# Purging after the retention period
# ---------------------------------------------------------------------------


@dataclass
class PurgeSummary:
    cutoff: dt.date  # requests closed before this day are due
    days: int
    requests: int = 0  # purged (or, in a dry run, to purge)
    attachments: int = 0  # identity documents deleted
    letter_files: int = 0  # letter DOCX deleted
    missing_files: int = 0  # listed, but already absent from storage
    waiting_for_appeal: int = 0  # due, but an appeal is pending or concluded within the period
    undated: int = 0  # closed without an answer date: never purged by date, staff check them
    already_purged: int = 0


def cutoff_date(today: dt.date, days: int) -> dt.date:
    return today - dt.timedelta(days=days)


def _closed_before(cutoff: dt.date):
    return InformationRequest.objects.filter(
        status__in=InformationRequest.CLOSED_STATUSES, answered_on__lt=cutoff, personal_data_purged_on__isnull=True
    )


def due_for_purge(cutoff: dt.date):
    """Requests closed before `cutoff`, not purged yet, with no appeal pending or concluded since."""
    return (
        _closed_before(cutoff)
        .exclude(appeals__result=Appeal.Result.PENDING)
        .exclude(appeals__concluded_on__gte=cutoff)
        .order_by("pk")
    )


def plan_purge(*, today: dt.date | None = None, days: int | None = None) -> PurgeSummary:
    """What a purge would do now, in counts only; changes nothing."""
    days = retention_days() if days is None else days
    if days < 1:
        raise ValueError("the retention period must be at least one day")
    cutoff = cutoff_date(today or timezone.localdate(), days)
    due = due_for_purge(cutoff)
    pks = list(due.values_list("pk", flat=True))
    summary = PurgeSummary(cutoff=cutoff, days=days, requests=len(pks))
    for start in range(0, len(pks), BATCH):
        chunk = pks[start : start + BATCH]
        documents, letters = attachment_files(chunk), letter_files(chunk)
        summary.attachments += len(documents)
        summary.letter_files += len(letters)
        summary.missing_files += sum(not storage.exists(name) for storage, name in documents + letters)
    summary.waiting_for_appeal = _closed_before(cutoff).count() - summary.requests
    summary.undated = InformationRequest.objects.filter(
        status__in=InformationRequest.CLOSED_STATUSES, answered_on__isnull=True, personal_data_purged_on__isnull=True
    ).count()
    summary.already_purged = InformationRequest.objects.filter(personal_data_purged_on__isnull=False).count()
    return summary


def purge_personal_data(*, today: dt.date | None = None, days: int | None = None) -> PurgeSummary:
    """Purge every request due (see the module's text), each in its own transaction: an interrupted
    run leaves whole requests purged or untouched, and the next run goes on. Returns the counts."""
    today = today or timezone.localdate()
    summary = plan_purge(today=today, days=days)
    summary.requests = summary.attachments = summary.letter_files = 0
    for pk in list(due_for_purge(summary.cutoff).values_list("pk", flat=True)):
        done = purge_request(pk, today=today, cutoff=summary.cutoff, days=summary.days)
        if done is not None:
            summary.requests += 1
            summary.attachments += done[0]
            summary.letter_files += done[1]
    return summary


@transaction.atomic
def purge_request(pk: int, *, today: dt.date, cutoff: dt.date, days: int) -> tuple[int, int] | None:
    """Purge one request if it is still due; returns (identity documents, letter files) deleted, or
    None when it is not (purged meanwhile, or no longer due)."""
    request = InformationRequest.objects.select_for_update().filter(pk=pk).first()
    if request is None or not due_for_purge(cutoff).filter(pk=pk).exists():
        return None
    history = history_model().objects.filter(id=pk).only("history_id", "id", *PERSONAL_FIELDS)
    own = own_values([request, *history])
    documents, letters = attachment_files([pk]), letter_files([pk]) + released_files([pk])
    request.attachments.all().delete()
    request.released_files.all().delete()
    for letter in request.letters.all():
        letter.title, letter.body, letter.docx, letter.pdf = scrub(letter.title, own), scrub(letter.body, own), "", ""
        letter.save(update_fields=["title", "body", "docx", "pdf", "updated_at"])
    for event in request.events.all():
        note, data = scrub(event.note, own), event.data
        if isinstance(data, dict):
            data = {key: scrub(value, own) if is_free_text(value) else value for key, value in data.items()}
        if note != event.note or data != event.data:
            event.note, event.data = note, data
            event.save(update_fields=["note", "data"])
    mask_row(request, own)
    request.personal_data_purged_on = today
    request._change_reason = str(PURGED_NOTE)  # the reason of the history row this save writes
    request.save(update_fields=[*MASKED_FIELDS, "personal_data_purged_on", "updated_at"])
    mask_history([pk], {pk: own})
    RequestEvent.objects.create(
        request=request,
        kind=RequestEvent.Kind.NOTE,
        date=today,
        note=_("%(note)s（保存期限%(days)d日）：删除身份证明文件%(documents)d份、答复告知书文件%(letters)d份。")
        % {"note": PURGED_NOTE, "days": days, "documents": len(documents), "letters": len(letters)},
        data={"personal_data_purged": True, "retention_days": days},
    )
    delete_files_on_commit(documents + letters)
    return len(documents), len(letters)
