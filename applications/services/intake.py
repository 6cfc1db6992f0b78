"""Receiving a request (Art. 31, Decision 3, docs/rules.md §1.4): filed online, recorded by staff from
a letter, fax, e-mail or visit, and the receipt date confirmed with the requester.

Every service here that records or changes a receipt date applies applications.entry_rules first,
so no channel accepts a date another refuses. A request filed online only has a proposed date until
staff confirm it (confirm_receipt), and that confirmation is where the rules apply to it.
"""

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import deadlines, notify
from applications.entry_rules import check_received_on
from applications.models import APPLICANT_FIELDS, InformationRequest, RequestAttachment, RequestEvent, private_storage
from applications.queries import build_calendar
from applications.services.clock import recompute_deadline, stamp_deadline

logger = logging.getLogger(__name__)

# How long the lookup code of a request filed online can be shown again to the same form (a double
# click's second answer, a resent form): as long as the receipt page shows it.
REPEAT_RECEIPT_SECONDS = 2 * 60 * 60


@dataclass(frozen=True)
class UploadedFile:
    """An upload already checked by the form: its real type was read from its content."""

    file: object
    name: str
    content_type: str
    size: int


def submit_online_request(
    *, data: dict, files: Iterable[UploadedFile] = (), form_token=None, submitted_at=None
) -> tuple[InformationRequest, str | None]:
    """File a request from the online form. Returns the request and its lookup code (shown once).

    A second submission with the same form token returns the first request and no code: a double
    click or a resent form creates one request.

    All or nothing: the rows are one transaction, and when it fails (the database goes away halfway,
    or at the commit) the identity documents already stored are deleted too, so no file of a
    request that does not exist stays behind. (Called inside a transaction of the caller's, a
    rollback of that outer transaction after this returns cannot be seen here.)
    """
    stored: list[str] = []
    try:
        return _file_online_request(
            data=data, files=files, form_token=form_token, submitted_at=submitted_at, stored=stored
        )
    except BaseException:
        _delete_private_files(stored)
        raise


def _delete_private_files(names: list[str]) -> None:
    for name in names:
        try:
            private_storage().delete(name)
        except OSError:  # never hide the error that brought us here
            logger.exception("could not delete %s after a failed submission", name)


@transaction.atomic
def _file_online_request(
    *, data: dict, files: Iterable[UploadedFile], form_token, submitted_at, stored: list[str]
) -> tuple[InformationRequest, str | None]:
    """submit_online_request's transaction; appends the name of each file it stores to `stored`."""
    if form_token is not None:
        existing = InformationRequest.objects.filter(form_token=form_token).first()
        if existing is not None:
            return existing, None
    submitted_at = submitted_at or timezone.now()
    calendar = build_calendar()
    request = InformationRequest(
        channel=InformationRequest.Channel.ONLINE,
        submitted_at=submitted_at,
        # A proposal (Decision 3), confirmed or corrected by staff: it may be the next working day.
        received_on=deadlines.propose_receipt_date(timezone.localdate(submitted_at), calendar),
        receipt_confirmed=False,
        form_token=form_token,
        status=InformationRequest.Status.PENDING,
        **{name: data.get(name, "") for name in APPLICANT_FIELDS},
    )
    code = request.set_new_lookup_code(form_token=form_token)
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError:
        # A concurrent submission with the same token won the race (a double click): return it.
        existing = InformationRequest.objects.filter(form_token=form_token).first() if form_token else None
        if existing is None:
            raise
        return existing, None
    for upload in files:
        attachment = RequestAttachment(
            request=request, original_name=upload.name[:200], content_type=upload.content_type, size=upload.size
        )
        # Stored before its row is written, and listed at once: a rollback from here on deletes it.
        attachment.file.save(upload.name, upload.file, save=False)
        stored.append(attachment.file.name)
        attachment.save()
    RequestEvent.objects.create(
        request=request,
        kind=RequestEvent.Kind.SUBMITTED,
        date=timezone.localdate(submitted_at),
        note=_("通过网络提交申请；收到申请之日待工作人员与申请人确认。"),
    )
    recompute_deadline(request=request, calendar=calendar)
    logger.info("information request %s submitted online", request.tracking_number)
    return request, code


def repeat_receipt_code(*, form_token, request: InformationRequest) -> str | None:
    """The lookup code of `request`, for a repeated submission of the form that filed it (a double
    click's second answer is the one the browser shows), in whichever process it lands: None once
    the receipt period is over, when the token did not file this request, or when the code was not
    derived from it (the secret key changed since). Only the holder of the form's token can ask."""
    if form_token is None or request.form_token != form_token:
        return None
    if timezone.now() - request.submitted_at > dt.timedelta(seconds=REPEAT_RECEIPT_SECONDS):
        return None
    code = InformationRequest.derived_lookup_code(form_token)
    return code if request.check_lookup_code(code) else None


@transaction.atomic
def record_offline_request(
    *, data: dict, channel: str, received_on: dt.date, actor=None, submitted_at=None
) -> tuple[InformationRequest, str]:
    """Record a request received by letter, fax, e-mail or in person, with its Art. 31 receipt date
    (refused unless docs/rules.md §1.4 accepts it)."""
    check_received_on(received_on)
    request = InformationRequest(
        channel=channel,
        submitted_at=submitted_at or timezone.now(),
        received_on=received_on,
        receipt_confirmed=True,
        status=InformationRequest.Status.IN_PROGRESS,
        **{name: data.get(name, "") for name in APPLICANT_FIELDS},
    )
    code = request.set_new_lookup_code()
    request.save()
    event = RequestEvent.objects.create(
        request=request,
        kind=RequestEvent.Kind.RECEIVED,
        date=received_on,
        actor=actor,
        note=_("工作人员登记%(channel)s申请。") % {"channel": request.get_channel_display()},
    )
    recompute_deadline(request=request)
    stamp_deadline(event, request)
    return request, code


@transaction.atomic
def confirm_receipt(*, request: InformationRequest, received_on: dt.date, actor=None) -> InformationRequest:
    """Art. 31: staff confirm with the applicant; that day is the receipt date (docs/rules.md §1.4),
    never before submission. The requester is told by e-mail once this commits."""
    check_received_on(received_on)
    submitted_on = timezone.localdate(request.submitted_at)
    if received_on < submitted_on:
        raise ValidationError(
            _("收到申请之日不能早于提交日期（%(date)s）。") % {"date": submitted_on}, code="receipt_before_submission"
        )
    if not request.is_open:
        raise ValidationError(_("已办结的申请不能再确认收到。"), code="request_closed")
    if request.receipt_confirmed:
        raise ValidationError(
            _("收到申请之日已确认为%(date)s，不能再更改。") % {"date": request.received_on}, code="already_confirmed"
        )
    request.received_on = received_on
    request.receipt_confirmed = True
    if request.status == InformationRequest.Status.PENDING:
        request.status = InformationRequest.Status.IN_PROGRESS
    request.save(update_fields=["received_on", "receipt_confirmed", "status", "updated_at"])
    event = RequestEvent.objects.create(request=request, kind=RequestEvent.Kind.RECEIVED, date=received_on, actor=actor)
    recompute_deadline(request=request)
    stamp_deadline(event, request)
    notify.after_commit(request, RequestEvent.Kind.RECEIVED)
    return request
