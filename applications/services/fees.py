"""The 信息处理费 (国办函〔2020〕109号, docs/rules.md §3): the notice with its amount, the payment, and
the lapse of an unpaid request, which closes it as （六）2 with its 告知书 (applications.letters) in
the same transaction. The amounts are applications.fees'; the facts they need are read
through applications.queries."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from applications import fees, notify
from applications.models import FeeMethod, InformationRequest, Outcome, RequestEvent
from applications.queries import items_earlier_in_month, payment_due
from applications.services.clock import record_clock_event
from applications.services.steps import lapse, locked, require_open


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
    request = locked(request)
    require_open(request)
    if request.fee_notice_on:
        raise ValidationError(_("已发出过收费通知。"), code="second_fee_notice")
    request.fee_items = items
    amount = compute_fee(request, method=method, items=items, pages=pages)
    if amount == 0:
        raise ValidationError(_("按该方式计算不应收费（金额为0元），无需发出收费通知。"), code="fee_zero")
    request.fee_method, request.fee_pages, request.fee_amount, request.fee_notice_on = method, pages, amount, date
    request.save()
    record_clock_event(
        request=request, kind=RequestEvent.Kind.FEE_NOTICE, date=date, actor=actor, method=method, amount=amount
    )
    notify.after_commit(request, RequestEvent.Kind.FEE_NOTICE)
    return request


@transaction.atomic
def record_payment(*, request, date, actor=None):
    request = locked(request)
    if not request.fee_notice_on or request.fee_paid_on:
        raise ValidationError(_("没有待缴的信息处理费。"), code="no_fee_due")
    record_clock_event(request=request, kind=RequestEvent.Kind.FEE_PAID, date=date, actor=actor)
    request.refresh_from_db()
    request.fee_paid_on = date
    request.save(update_fields=["fee_paid_on", "updated_at"])  # a save, so the audit trail has it
    return request


@transaction.atomic
def record_fee_lapse(*, request, date, actor=None, with_letter: bool = True):
    """Unpaid after 20 工作日 → 视为放弃申请, result （六）2, with its letter.

    The letter (applications.letters.write_lapse_letter) is written in the same transaction, dated
    `date`. `with_letter=False` only for lapses taken over from a register (the letter went on paper).
    """
    request = locked(request)
    require_open(request)
    if not request.fee_notice_on or request.fee_paid_on:
        raise ValidationError(_("没有待缴的信息处理费。"), code="no_fee_due")
    last_day = payment_due(request)
    if date <= last_day:
        raise ValidationError(
            _("缴费期限至%(date)s，期限届满后才能按逾期未缴费处理。") % {"date": last_day},
            code="payment_period_running",
        )
    return lapse(
        request,
        outcome=Outcome.NO_PAYMENT,
        kind=RequestEvent.Kind.FEE_LAPSED,
        date=date,
        actor=actor,
        with_letter=with_letter,
    )
