"""Handling a request from receipt to answer (Arts. 30–36, 109号): one service function per action.

Each action runs in one transaction, writes a RequestEvent with its actor, and refuses what the
law does not allow with a ValidationError whose message the admin shows as is. Notices to the
requester go out by e-mail after the transaction commits (applications.notify).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from applications import deadlines, fees, notify, services
from applications.models import FeeMethod, InformationRequest, Outcome, ReplyLetter, RequestEvent
from common.logs import mask_personal_data

Kind = RequestEvent.Kind
Status = InformationRequest.Status

# Results reached through their own action rather than a plain answer.
LAPSE_OUTCOMES = {Outcome.NO_CORRECTION, Outcome.NO_PAYMENT}
ANSWER_OUTCOMES = [o for o in Outcome if o not in LAPSE_OUTCOMES]


def _locked(request: InformationRequest) -> InformationRequest:
    return InformationRequest.objects.select_for_update().get(pk=request.pk)


def _require_open(request: InformationRequest) -> None:
    if not request.is_open:
        raise ValidationError(
            _("该申请已%(status)s，不能再办理。") % {"status": request.get_status_display()}, code="request_closed"
        )


def _event(request, kind, date, actor, note="", **data) -> RequestEvent:
    data = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in data.items()}
    return RequestEvent.objects.create(request=request, kind=kind, date=date, actor=actor, note=note, data=data)


def _close(request, *, outcome, date, actor, kind, note="", legal_basis="") -> InformationRequest:
    """End the request with its one result (Decision 5): counted in the report by this date's year."""
    request.outcome = outcome
    request.legal_basis = legal_basis or request.legal_basis
    request.answered_on = date
    request.answered_late = request.due_date is not None and date > request.due_date
    request.status = Status.ANSWERED if kind == Kind.ANSWERED else Status.CLOSED
    request.deadline_state = InformationRequest.DeadlineState.STOPPED
    request.save()
    _event(request, kind, date, actor, note, outcome=outcome)
    return request


# ---------------------------------------------------------------------------
# Receipt, 补正, consultation, extension, Art. 35
# ---------------------------------------------------------------------------


def confirm_receipt(*, request, received_on, actor=None):
    request = services.confirm_receipt(request=request, received_on=received_on, actor=actor)
    notify.after_commit(request, Kind.RECEIVED)
    return request


@transaction.atomic
def assign_handler(*, request, handler, actor=None):
    request = _locked(request)
    request.handler = handler
    request.save(update_fields=["handler", "updated_at"])
    _event(request, Kind.HANDLER_ASSIGNED, timezone.localdate(), actor, str(handler or ""))
    return request


@transaction.atomic
def send_correction_notice(*, request, date, items: str, period_end: dt.date, actor=None):
    """Art. 30: tell the applicant once, within 7 工作日, what to supplement and by when."""
    if not items.strip():
        raise ValidationError(_("请写明需要补正的事项。"), code="correction_items_missing")
    services.record_clock_event(
        request=request, kind=Kind.CORRECTION_NOTICE, date=date, actor=actor, note=items, period_end=period_end
    )
    notify.after_commit(request, Kind.CORRECTION_NOTICE)
    return request


def record_supplement(*, request, date, actor=None):
    return services.record_clock_event(request=request, kind=Kind.CORRECTION_RECEIVED, date=date, actor=actor)


@transaction.atomic
def mark_abandoned(*, request, date, actor=None):
    """Art. 30: no supplement by the stated date → 视为放弃申请, result （六）1."""
    request = _locked(request)
    _require_open(request)
    if request.status != Status.AWAITING_CORRECTION:
        raise ValidationError(_("只有等待补正的申请才能按逾期未补正处理。"), code="not_awaiting_correction")
    notice = request.events.filter(kind=Kind.CORRECTION_NOTICE).order_by("-date", "-pk").first()
    period_end = dt.date.fromisoformat(notice.data["period_end"])
    if date <= period_end:
        raise ValidationError(
            _("补正期限至%(date)s，期限届满后才能视为放弃申请。") % {"date": period_end},
            code="correction_period_running",
        )
    notify.after_commit(request, Kind.ABANDONED)
    return _close(request, outcome=Outcome.NO_CORRECTION, date=date, actor=actor, kind=Kind.ABANDONED)


def send_consultation(*, request, date, party: str, actor=None):
    """Arts. 32, 34: ask a third party or another agency; the clock pauses (at most 15 工作日)."""
    if not party.strip():
        raise ValidationError(_("请填写被征求意见的第三方或机关。"), code="consultation_party_missing")
    return services.record_clock_event(
        request=request, kind=Kind.CONSULTATION_SENT, date=date, actor=actor, party=party.strip()
    )


def record_consultation_reply(*, request, date, opinion: str = "", actor=None):
    return services.record_clock_event(
        request=request, kind=Kind.CONSULTATION_REPLY, date=date, actor=actor, note=opinion
    )


@transaction.atomic
def approve_extension(*, request, date, days: int, approver: str, reason: str, actor=None):
    """Art. 33 ¶2: once, at most 20 工作日, with the office head's approval, and the applicant told."""
    if not reason.strip():
        raise ValidationError(_("请填写延长答复期限的理由。"), code="extension_reason")
    services.record_clock_event(
        request=request, kind=Kind.EXTENSION, date=date, actor=actor, days=days, approver=approver, reason=reason
    )
    notify.after_commit(request, Kind.EXTENSION)
    return request


@transaction.atomic
def set_custom_deadline(*, request, date, due_date: dt.date, reason: str, actor=None):
    """Art. 35: a reasonable later date for requests clearly beyond a reasonable volume."""
    services.record_clock_event(
        request=request, kind=Kind.CUSTOM_DEADLINE, date=date, actor=actor, due_date=due_date, reason=reason
    )
    notify.after_commit(request, Kind.CUSTOM_DEADLINE)
    return request


# ---------------------------------------------------------------------------
# Fees (信息处理费)
# ---------------------------------------------------------------------------


def same_applicant(request: InformationRequest) -> Q:
    """Requests of the same applicant: the same identity number or credit code, or the same name and
    phone (requests entered without an identity number, e.g. from a register, still count)."""
    same = Q(name=request.name, phone=request.phone) if request.phone else Q(pk=request.pk)
    if request.applicant_type == InformationRequest.ApplicantType.ORGANISATION and request.uscc:
        return same | Q(uscc=request.uscc)
    if request.id_number:
        return same | Q(id_number=request.id_number)
    return same


def items_earlier_in_month(request: InformationRequest) -> int:
    """Items the same applicant filed earlier in the natural month of this request's receipt (Art. 4)."""
    first = request.received_on.replace(day=1)
    earlier = (
        InformationRequest.objects.filter(same_applicant(request), received_on__gte=first)
        .filter(Q(received_on__lt=request.received_on) | Q(received_on=request.received_on, pk__lt=request.pk))
        .aggregate(n=Sum("fee_items"))
    )
    return earlier["n"] or 0


def compute_fee(request: InformationRequest, *, method: str, items: int = 1, pages: int | None = None) -> int:
    if method == FeeMethod.PER_ITEM:
        return fees.per_item_fee(earlier_in_month=items_earlier_in_month(request), items=items)
    if method == FeeMethod.PER_PAGE:
        if pages is None:
            raise ValidationError(_("按量计收须填写页数。"), code="fee_pages_missing")
        return fees.per_page_fee(pages)
    raise ValidationError(_("请选择按件计收或按量计收。"), code="fee_method")


@transaction.atomic
def issue_fee_notice(*, request, date, method: str, items: int = 1, pages: int | None = None, actor=None):
    """109号: one method per request; the notice states the amount; the clock pauses until payment."""
    request = _locked(request)
    _require_open(request)
    if request.fee_notice_on:
        raise ValidationError(_("已发出过收费通知。"), code="second_fee_notice")
    request.fee_items = items
    amount = compute_fee(request, method=method, items=items, pages=pages)
    if amount == 0:
        raise ValidationError(_("按该方式计算不应收费（金额为0元），无需发出收费通知。"), code="fee_zero")
    request.fee_method, request.fee_pages, request.fee_amount, request.fee_notice_on = method, pages, amount, date
    request.save()
    services.record_clock_event(
        request=request, kind=Kind.FEE_NOTICE, date=date, actor=actor, method=method, amount=amount
    )
    notify.after_commit(request, Kind.FEE_NOTICE)
    return request


@transaction.atomic
def record_payment(*, request, date, actor=None):
    request = _locked(request)
    if not request.fee_notice_on or request.fee_paid_on:
        raise ValidationError(_("没有待缴的信息处理费。"), code="no_fee_due")
    services.record_clock_event(request=request, kind=Kind.FEE_PAID, date=date, actor=actor)
    request.refresh_from_db()
    request.fee_paid_on = date
    request.save(update_fields=["fee_paid_on", "updated_at"])  # a save, so the audit trail has it
    return request


def payment_due(request: InformationRequest, calendar=None) -> dt.date:
    """The last day to pay: 20 工作日 from the day after the notice (docs/rules.md §3)."""
    return deadlines.count_period(
        request.fee_notice_on, deadlines.FEE_PAYMENT_WORKING_DAYS, calendar or services.build_calendar()
    ).due


@transaction.atomic
def record_fee_lapse(*, request, date, actor=None):
    """Unpaid after 20 工作日 → 视为放弃申请, result （六）2."""
    request = _locked(request)
    _require_open(request)
    if not request.fee_notice_on or request.fee_paid_on:
        raise ValidationError(_("没有待缴的信息处理费。"), code="no_fee_due")
    last_day = payment_due(request)
    if date <= last_day:
        raise ValidationError(
            _("缴费期限至%(date)s，期限届满后才能按逾期未缴费处理。") % {"date": last_day},
            code="payment_period_running",
        )
    notify.after_commit(request, Kind.FEE_LAPSED)
    return _close(request, outcome=Outcome.NO_PAYMENT, date=date, actor=actor, kind=Kind.FEE_LAPSED)


def fee_totals(year: int) -> dict:
    """Fee facts of a year for the report's section 六: notices issued, amount, amount collected."""
    notices = InformationRequest.objects.filter(fee_notice_on__year=year)
    paid = InformationRequest.objects.filter(fee_paid_on__year=year)  # collected when paid
    return {
        "notices": notices.count(),
        "amount": notices.aggregate(n=Sum("fee_amount"))["n"] or 0,
        "collected": paid.aggregate(n=Sum("fee_amount"))["n"] or 0,
    }


# ---------------------------------------------------------------------------
# Withdrawal and answer
# ---------------------------------------------------------------------------


@transaction.atomic
def withdraw(*, request, date, reason: str = "", actor=None):
    """The applicant withdraws: result （六）3 其他."""
    request = _locked(request)
    _require_open(request)
    notify.after_commit(request, Kind.WITHDRAWN)
    return _close(request, outcome=Outcome.OTHER, date=date, actor=actor, kind=Kind.WITHDRAWN, note=reason)


@transaction.atomic
def answer(
    *,
    request,
    outcome: str,
    legal_basis: str,
    reply_date: dt.date,
    letter: ReplyLetter | None = None,
    actor=None,
    require_letter: bool = True,
):
    """Art. 36: the answer with exactly one result, its legal basis and the reply letter.

    `require_letter=False` only for answers taken over from a register (the letter was sent on paper).
    """
    request = _locked(request)
    _require_open(request)
    if outcome not in ANSWER_OUTCOMES:
        raise ValidationError(
            _("请选择一项办理结果；逾期未补正、逾期未缴费请用相应的办理操作。"), code="outcome_invalid"
        )
    if not legal_basis.strip():
        raise ValidationError(_("请填写答复的法律依据。"), code="legal_basis_missing")
    if reply_date < request.received_on:
        raise ValidationError(_("答复日期不能早于收到申请之日。"), code="reply_before_receipt")
    if reply_date > timezone.localdate():
        raise ValidationError(_("答复日期不能晚于今天。"), code="reply_in_future")
    if not request.receipt_confirmed:
        raise ValidationError(_("请先确认收到申请之日，再作出答复。"), code="receipt_unconfirmed")
    if request.status != Status.IN_PROGRESS:
        raise ValidationError(
            _("该申请当前为“%(status)s”，不能作出答复。") % {"status": request.get_status_display()},
            code="not_in_progress",
        )
    if outcome == Outcome.STILL_UNCLEAR and not request.events.filter(kind=Kind.CORRECTION_RECEIVED).exists():
        raise ValidationError(_("“补正后申请内容仍不明确”须在收到补正后作出。"), code="no_supplement")
    if letter is None and require_letter:
        raise ValidationError(_("答复须附答复告知书。"), code="letter_missing")
    if letter is not None:
        if letter.request_id != request.pk:
            raise ValidationError(_("答复告知书不属于该申请。"), code="letter_mismatch")
        letter.outcome, letter.sent_on, letter.sent_by = outcome, reply_date, actor
        letter.save()
    request = _close(
        request, outcome=outcome, date=reply_date, actor=actor, kind=Kind.ANSWERED, legal_basis=legal_basis
    )
    notify.after_commit(request, Kind.ANSWERED)
    return request


# ---------------------------------------------------------------------------
# Art. 44: promote to proactive disclosure
# ---------------------------------------------------------------------------


def scrub_personal_data(text: str, request: InformationRequest) -> str:
    """`text` without the applicant's own data or anything shaped like an ID, phone or e-mail.

    The shapes are common.logs' (grouped, full-width and bracketed forms, read in NFKC); the
    rest of the text is left as written.
    """
    own = (
        request.name,
        request.id_number,
        request.phone,
        request.email,
        request.address,
        request.uscc,
        request.legal_representative,
        request.contact_person,
    )
    return mask_personal_data(text, mask="***", also=[value for value in own if value and len(value) >= 2])


@transaction.atomic
def promote_to_disclosure(*, request, actor=None):
    """Draft a proactive item from an answered request (Art. 44), without the requester's data.

    The draft goes through the normal publication path: staff complete and publish it.
    """
    from disclosures.models import Category, Disclosure, Organ, PublicationStatus

    request = _locked(request)
    if request.status != Status.ANSWERED or request.outcome not in (Outcome.DISCLOSED, Outcome.PARTIAL):
        raise ValidationError(_("只有予以公开或部分公开的申请才能转为主动公开。"), code="not_disclosed")
    if request.promoted_disclosure_id:
        raise ValidationError(_("该申请已转为主动公开。"), code="already_promoted")
    organ = Organ.objects.default()
    if organ is None:
        raise ValidationError(_("请先登记发布机构。"), code="no_organ")
    sought = scrub_personal_data(request.description, request)
    basis = scrub_personal_data(request.legal_basis, request)
    disclosure = Disclosure.objects.create(
        organ=organ,
        category=Category.objects.get(slug="other"),
        kind=Disclosure.Kind.OTHER,
        title=(_("依申请公开的政府信息：%(what)s") % {"what": sought})[:300],
        summary=sought,
        body="".join(
            f"<p>{escape(p)}</p>"
            for p in [
                _("本信息经依申请公开，依照《中华人民共和国政府信息公开条例》第四十四条纳入主动公开范围。"),
                _("所公开的政府信息：%(what)s") % {"what": sought},
                _("公开依据：%(basis)s") % {"basis": basis},
            ]
        ),
        written_on=request.answered_on,
        source=organ.name,
        status=PublicationStatus.DRAFT,
    )
    request.promoted_disclosure = disclosure
    request.save(update_fields=["promoted_disclosure", "updated_at"])
    _event(request, Kind.PROMOTED, timezone.localdate(), actor, disclosure.index_number, disclosure=disclosure.pk)
    return disclosure
