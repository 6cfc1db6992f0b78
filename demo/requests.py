"""Loading the demo requests (依申请公开) and appeals of 防城港市行政审批局 (the data: demo.request_data).

`load_demo_requests()` replays every demo request through the service layer (`services`:
`record_offline_request`, `submit_online_request`, `confirm_receipt`, `send_correction_notice`, …,
`answer_with_letter`) with no actor, in the order they were received; so the deadlines, the pauses,
the lateness and the event log are the ones the live system produces. Step dates are given in working
days after the receipt date and counted on the portal's own calendar, so every statutory date is a
working day and follows the one before it.

The one exception is the 2018 record: no channel of the portal accepts a receipt date before
2019-05-15 (docs/rules.md §1.4), so those requests are taken over as the organ's paper record, the way
they stood when the portal started (`_take_over_paper_record`); their steps and answers then go
through the services like the others.

Idempotent: each request and appeal carries the natural key "demo:<id>" (`import_key`); one that
exists is skipped and never changed. Steps dated after `today` are never recorded: a request whose
steps are not all in the past is left out until they are.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from applications import deadlines, letters, queries, services
from applications.entry_rules import REGULATION_IN_FORCE
from applications.models import APPLICANT_FIELDS, Appeal, FeeMethod, InformationRequest, Outcome, RequestEvent
from demo.request_data import (
    APPLICANTS,
    DEMO_APPEALS,
    DEMO_REQUESTS,
    KEY_PREFIX,
    LETTER_FILLS,
    PORTAL_SINCE,
    DemoRequest,
    legal_basis,
)

# ---------------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------------


@dataclass
class RequestsSummary:
    created: Counter = field(default_factory=Counter)
    found: Counter = field(default_factory=Counter)
    later: Counter = field(default_factory=Counter)  # dated after `today`, left out

    def line(self) -> str:
        def part(name, label):
            text = f"{label} {self.created[name]} created, {self.found[name]} already present"
            return text + (f", {self.later[name]} not yet due" if self.later[name] else "")

        return f"Demo requests: {part('requests', 'requests')}; {part('appeals', 'appeals')}."


class Plan:
    """The dates of one demo request, counted in working days on the portal's calendar."""

    def __init__(self, spec: DemoRequest, calendar: deadlines.WorkCalendar):
        self.spec, self.calendar = spec, calendar

    def day(self, at: int) -> dt.date:
        return deadlines.count_period(self.spec.received_on, at, self.calendar).due if at else self.spec.received_on

    def submitted_at(self) -> dt.datetime:
        spec = self.spec
        minute = zlib.crc32(spec.key.encode()) % 240  # a fixed time of day per request
        if not spec.confirmed:
            day, hour = spec.received_on, 8  # this morning, still to be confirmed
        elif spec.channel in (InformationRequest.Channel.ONLINE, InformationRequest.Channel.FAX):
            day, hour = spec.received_on - dt.timedelta(days=1), 18  # sent the evening before, confirmed next
        elif spec.channel == InformationRequest.Channel.MAIL:
            day, hour = spec.received_on - dt.timedelta(days=2), 14  # posted two days before signing for it
        else:
            day, hour = spec.received_on, 8  # in person: at the counter
        naive = dt.datetime.combine(day, dt.time(hour + minute // 60, minute % 60))
        return timezone.make_aware(naive)

    def last_date(self) -> dt.date:
        ats = [step[1] for step in self.spec.steps] + [self.spec.answer_at]
        return self.day(max(ats))


def _record(spec: DemoRequest, calendar: deadlines.WorkCalendar) -> InformationRequest:
    plan = Plan(spec, calendar)
    applicant = APPLICANTS[spec.applicant]
    data = {**applicant.data(), "description": spec.description}
    data.update(form_wanted=spec.form_wanted, delivery=spec.delivery)
    if spec.received_on < REGULATION_IN_FORCE:
        request = _take_over_paper_record(spec, plan, data)
    elif spec.channel == InformationRequest.Channel.ONLINE:
        request, _code = services.submit_online_request(data=data, submitted_at=plan.submitted_at())
        # the natural key at once, so a half-done request cannot be created twice
        InformationRequest.objects.filter(pk=request.pk).update(import_key=spec.import_key)
        if spec.confirmed:
            request = services.confirm_receipt(request=request, received_on=spec.received_on)
    else:
        request, _code = services.record_offline_request(
            data=data, channel=spec.channel, received_on=spec.received_on, submitted_at=plan.submitted_at()
        )
        InformationRequest.objects.filter(pk=request.pk).update(import_key=spec.import_key)

    for kind, at, *args in spec.steps:
        _step(request, kind, plan.day(at), args, plan, calendar)
        request.refresh_from_db()

    if spec.outcome:
        request = _conclude(request, spec, plan.day(spec.answer_at))
    return request


def _take_over_paper_record(spec: DemoRequest, plan: Plan, data: dict) -> InformationRequest:
    """A request received before 2019-05-15, which no channel of the portal records (docs/rules.md
    §1.4): the organ's paper record taken over as it stood, received and confirmed on its receipt
    date, with the deadline derived from its events like every other request's."""
    request = InformationRequest(
        channel=spec.channel,
        submitted_at=plan.submitted_at(),
        received_on=spec.received_on,
        receipt_confirmed=True,
        status=InformationRequest.Status.IN_PROGRESS,
        import_key=spec.import_key,
        **{name: data.get(name, "") for name in APPLICANT_FIELDS},
    )
    request.set_new_lookup_code()
    request.save()
    RequestEvent.objects.create(
        request=request,
        kind=RequestEvent.Kind.RECEIVED,
        date=spec.received_on,
        note="演示数据：2019年5月15日前收到的申请，按纸质记录补录。",
    )
    services.recompute_deadline(request=request)
    return request


def _step(request: InformationRequest, kind: str, date: dt.date, args: list, plan: Plan, calendar) -> None:
    if kind == "correction":
        period_end = deadlines.count_period(date, args[0], calendar).due
        services.send_correction_notice(
            request=request,
            date=date,
            items="请写明所需政府信息的名称、文号或者项目名称、地点等特征性描述。",
            period_end=period_end,
        )
    elif kind == "supplement":
        services.record_supplement(request=request, date=date)
    elif kind == "consult":
        services.send_consultation(request=request, date=date, party=args[0])
    elif kind == "reply":
        services.record_consultation_reply(request=request, date=date, opinion="书面意见已收到。")
    elif kind == "extend":
        services.approve_extension(
            request=request,
            date=date,
            days=args[0],
            approver="政务公开和信息科科长（演示）",
            reason="所申请信息数量较多，需调取多个科室的档案逐件核对。",
        )
    elif kind == "custom":
        services.set_custom_deadline(
            request=request,
            date=date,
            due_date=plan.day(args[0]),
            reason="申请公开的信息约3000件，数量明显超过合理范围；申请人说明系课题研究所需，理由合理，但无法在法定期限内答复。",
        )
    elif kind == "fee":
        method, quantity = args
        quantity_kwargs = {"pages": quantity} if method == FeeMethod.PER_PAGE else {"items": quantity}
        services.issue_fee_notice(request=request, date=date, method=method, **quantity_kwargs)
    elif kind == "paid":
        services.record_payment(request=request, date=date)
    else:  # pragma: no cover - a mistake in the table of demo.request_data
        raise ValueError(f"unknown demo step {kind!r}")


def _conclude(request: InformationRequest, spec: DemoRequest, date: dt.date) -> InformationRequest:
    if spec.outcome == Outcome.NO_CORRECTION:
        return services.mark_abandoned(request=request, date=date)
    if spec.outcome == Outcome.NO_PAYMENT:
        return services.record_fee_lapse(request=request, date=date)
    if spec.outcome == Outcome.OTHER:
        return services.withdraw(request=request, date=date, reason="申请人书面撤回申请。")
    if spec.received_on < PORTAL_SINCE:
        # Answered on paper before the portal existed: taken over like a register row, no letter here.
        return services.answer(
            request=request, outcome=spec.outcome, legal_basis=legal_basis(spec), reply_date=date, require_letter=False
        )
    return services.answer_with_letter(
        request=request,
        outcome=spec.outcome,
        legal_basis=legal_basis(spec),
        reply_date=date,
        body=_letter_body(request, spec, date),
    )


def _letter_body(request: InformationRequest, spec: DemoRequest, date: dt.date) -> str:
    """The 答复告知书 as staff would send it: the drafted template with its 【】 blanks filled in."""
    draft = letters.draft_letter(request=request, outcome=spec.outcome, legal_basis=legal_basis(spec), reply_date=date)
    fills = dict(LETTER_FILLS)
    if spec.repeats:
        earlier = InformationRequest.objects.get(import_key=KEY_PREFIX + spec.repeats)
        fills["【原申请编号】"] = earlier.tracking_number
        fills["【原答复日期】"] = letters.cn_date(earlier.answered_on)
    body = draft.body
    for blank, text in fills.items():
        body = body.replace(blank, text)
    # the optional paragraph of （四）1 (information another agency is responsible for) does not apply
    body = "\n\n".join(p for p in body.split("\n\n") if not p.startswith("【所申请信息不属于本机关负责公开"))
    blanks = letters.unfilled_placeholders(body)
    if blanks:  # pragma: no cover - a blank LETTER_FILLS does not cover yet
        raise ValueError(f"demo request {spec.key}: letter blanks left {blanks}")
    return body


def load_demo_requests(*, today: dt.date | None = None) -> RequestsSummary:
    """Create the demo requests and appeals that are missing; nothing dated after `today` is recorded."""
    today = today or timezone.localdate()
    summary = RequestsSummary()
    with transaction.atomic():
        calendar = queries.build_calendar()
        keys = [spec.import_key for spec in DEMO_REQUESTS]
        existing = set(InformationRequest.objects.filter(import_key__in=keys).values_list("import_key", flat=True))
        specs = sorted(DEMO_REQUESTS, key=lambda spec: (Plan(spec, calendar).submitted_at(), spec.key))
        for spec in specs:
            if spec.import_key in existing:
                summary.found["requests"] += 1
            elif Plan(spec, calendar).last_date() > today:
                summary.later["requests"] += 1
            else:
                _record(spec, calendar)
                summary.created["requests"] += 1
        load_demo_appeals(today, summary)
    return summary


def load_demo_appeals(today: dt.date, summary: RequestsSummary) -> None:
    requests = dict(
        InformationRequest.objects.filter(import_key__startswith=KEY_PREFIX).values_list("import_key", "pk")
    )
    existing = set(
        Appeal.objects.filter(import_key__in=[a.import_key for a in DEMO_APPEALS]).values_list("import_key", flat=True)
    )
    for spec in DEMO_APPEALS:
        if spec.import_key in existing:
            summary.found["appeals"] += 1
            continue
        request_pk = requests.get(KEY_PREFIX + spec.request)
        if request_pk is None or max(filter(None, [spec.filed_on, spec.concluded_on])) > today:
            summary.later["appeals"] += 1
            continue
        appeal = Appeal(
            kind=spec.kind,
            request_id=request_pk,
            case_number=spec.case_number,
            filed_on=spec.filed_on,
            result=spec.result,
            concluded_on=spec.concluded_on,
            notes=spec.notes,
            import_key=spec.import_key,
        )
        appeal.full_clean(exclude=["import_key"])
        appeal.save()
        summary.created["appeals"] += 1
