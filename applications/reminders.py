"""Deadline reminders for handling staff: which requests are urgent, and one e-mail per handler a day.

A request is urgent for a reminder run on `today` with a window of N 工作日 when it is open and
- its reply deadline has passed (due_date < today: overdue), or
- its reply deadline falls from today through the Nth working day after today (today counts: a
  request due today is listed as 今日到期), or
- its Art. 30 补正 notice deadline (correction_due_date) falls in that same window, no 补正 notice was
  sent yet and it is still pending or in progress. A passed 补正 notice deadline is no longer listed:
  the notice can no longer lawfully be sent, so it is no reminder any more.
Working days come from queries.build_calendar() (official calendar plus staff-entered days).

Each handler (an active user with an e-mail address) gets one e-mail listing their urgent requests.
The ReminderLog row (user, today) is written in the same transaction as the decision to send, and
the mail is sent inside it: a second run the same day sends nothing to that user, and a mail that
could not be sent rolls the row back so the next run tries again. Requests without a handler, or
whose handler cannot receive mail, go in one e-mail to settings.ADMINS (mail_admins); without
ADMINS (DJANGO_ADMINS) they are only reported by the command. That e-mail is logged with user=None,
so it too goes out once a day.

Mails carry tracking numbers, status, dates and admin paths only, never who asked (no names,
ID numbers, phone numbers, addresses or the request text).

Run by cron on working days, e.g. at 08:00:
    0 8 * * 1-5 cd /srv/portal && .venv/bin/python manage.py send_deadline_reminders
The command does nothing on days that are not working days (holidays falling on a weekday), so it
may as well run every day (`0 8 * * *`) to cover the worked weekend days (调休上班).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import mail_admins, send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import deadlines, queries
from applications.models import InformationRequest, ReminderLog, RequestEvent

logger = logging.getLogger(__name__)

DEFAULT_DAYS = 3
# A 补正 notice can only be sent while the request is being handled (services.send_correction_notice).
CORRECTION_STATUSES = (InformationRequest.Status.PENDING, InformationRequest.Status.IN_PROGRESS)

OVERDUE = "overdue"
DUE = "due"
CORRECTION = "correction"


# ---------------------------------------------------------------------------
# Working-day arithmetic around today
# ---------------------------------------------------------------------------


def window_end(today: dt.date, days: int, calendar: deadlines.WorkCalendar) -> dt.date:
    """The last day of the reminder window: the Nth working day after today (today itself when N=0)."""
    if days <= 0:
        return today
    return deadlines.count_period(today, days, calendar).due


# ---------------------------------------------------------------------------
# Selection
# ---------------------------------------------------------------------------


def correction_notice_sent():
    return Exists(RequestEvent.objects.filter(request=OuterRef("pk"), kind=RequestEvent.Kind.CORRECTION_NOTICE))


def pending_correction_q(since: dt.date, until: dt.date | None = None) -> Q:
    """Requests whose 补正 notice deadline falls in [since, until] and to whom no notice was sent yet."""
    q = Q(status__in=CORRECTION_STATUSES, correction_due_date__gte=since) & ~Q(correction_notice_sent())
    if until is not None:
        q &= Q(correction_due_date__lte=until)
    return q


def urgent_requests(*, today: dt.date, until: dt.date) -> QuerySet[InformationRequest]:
    """Open requests overdue or due by `until`, or with a pending 补正 notice deadline by `until` (one query).

    Annotated with `has_correction_notice`, which `items_for` reads."""
    return (
        InformationRequest.objects.open()
        .filter(Q(due_date__lte=until) | pending_correction_q(today, until))
        .annotate(has_correction_notice=correction_notice_sent())
        .select_related("handler")
        .order_by("due_date", "tracking_number")
    )


@dataclass(frozen=True)
class Item:
    """One line of a reminder: a request and the deadline it is listed for."""

    request: InformationRequest
    kind: str  # OVERDUE | DUE | CORRECTION
    date: dt.date
    provisional: bool
    working_days: int  # left until the date (DUE, CORRECTION) or past it (OVERDUE)

    @property
    def admin_path(self) -> str:
        return reverse("admin:applications_informationrequest_change", args=[self.request.pk])


def items_for(
    request: InformationRequest, *, today: dt.date, until: dt.date, calendar: deadlines.WorkCalendar
) -> list[Item]:
    items = []
    if request.due_date is not None and request.due_date < today:
        late = deadlines.working_days_between(request.due_date, today, calendar)
        items.append(Item(request, OVERDUE, request.due_date, request.deadline_provisional, late))
    elif request.due_date is not None and request.due_date <= until:
        left = deadlines.working_days_between(today, request.due_date, calendar)
        items.append(Item(request, DUE, request.due_date, request.deadline_provisional, left))
    correction = request.correction_due_date
    if (
        correction is not None
        and today <= correction <= until
        and request.status in CORRECTION_STATUSES
        and not request.has_correction_notice
    ):
        left = deadlines.working_days_between(today, correction, calendar)
        items.append(Item(request, CORRECTION, correction, request.correction_due_provisional, left))
    return items


def can_receive(user) -> bool:
    return user is not None and user.is_active and bool(user.email)


@dataclass
class Selection:
    today: dt.date
    days: int
    until: dt.date
    by_handler: dict = field(default_factory=dict)  # user → [Item]
    unassigned: list[Item] = field(default_factory=list)  # no handler, or one who cannot receive mail


def select(*, today: dt.date, days: int = DEFAULT_DAYS, calendar: deadlines.WorkCalendar | None = None) -> Selection:
    calendar = calendar or queries.build_calendar()
    until = window_end(today, days, calendar)
    selection = Selection(today, days, until)
    for request in urgent_requests(today=today, until=until):
        items = items_for(request, today=today, until=until, calendar=calendar)
        if not items:
            continue
        if can_receive(request.handler):
            selection.by_handler.setdefault(request.handler, []).extend(items)
        else:
            selection.unassigned.extend(items)
    return selection


# ---------------------------------------------------------------------------
# The e-mail text
# ---------------------------------------------------------------------------


def _provisional(item: Item) -> str:
    return _("（暂定）") if item.provisional else ""


def _line(item: Item, *, show_handler: bool = False) -> str:
    request = item.request
    if item.kind == OVERDUE:
        label, when = _("答复期限"), _("已逾期%(n)d个工作日") % {"n": item.working_days}
    else:
        label = _("答复期限") if item.kind == DUE else _("补正告知期限")
        when = _("今日到期") if item.working_days == 0 else _("剩余%(n)d个工作日") % {"n": item.working_days}
    parts = [
        request.tracking_number,
        str(request.get_status_display()),
        f"{label} {item.date:%Y-%m-%d}{_provisional(item)}",
        when,
    ]
    if show_handler:
        handler = request.handler
        parts.append(
            _("承办人：未指定")
            if handler is None
            else _("承办人 %(user)s 无法接收邮件（未填邮箱或已停用）") % {"user": handler.get_username()}
        )
    return f"- {'｜'.join(parts)}\n  {item.admin_path}"


def render(items: list[Item], *, today: dt.date, days: int, for_admins: bool = False) -> tuple[str, str]:
    """(subject, body) of one reminder e-mail."""
    overdue = [i for i in items if i.kind == OVERDUE]
    due = [i for i in items if i.kind == DUE]
    correction = [i for i in items if i.kind == CORRECTION]
    subject = _("政府信息公开申请期限提醒（%(date)s）：逾期%(overdue)d件，即将到期%(due)d件，待告知补正%(corr)d件") % {
        "date": f"{today:%Y-%m-%d}",
        "overdue": len(overdue),
        "due": len(due),
        "corr": len(correction),
    }
    intro = (
        _("以下政府信息公开申请未指定承办人，或承办人无法接收提醒邮件，请及时指定承办人并办理：")
        if for_admins
        else _("您好！以下是您承办的政府信息公开申请的期限提醒：")
    )
    scope = _("（%(date)s；提醒范围：已逾期的，以及今日至第%(days)d个工作日到期的）") % {
        "date": f"{today:%Y年%-m月%-d日}",
        "days": days,
    }
    paragraphs = [f"{intro}\n{scope}"]
    sections = [
        (_("已超过答复期限"), overdue, ""),
        (_("%(days)d个工作日内答复期限届满") % {"days": days}, due, ""),
        (
            _("补正告知期限将至"),
            correction,
            _(
                "申请内容不明确的，应当自收到申请之日起7个工作日内一次性告知申请人补正（条例第三十条）；无需补正的可不予理会。"
            ),
        ),
    ]
    numbers = "一二三"
    shown = 0
    for title, section, note in sections:
        if not section:
            continue
        lines = [f"{numbers[shown]}、{title}（{len(section)}件）"]
        if note:
            lines.append(note)
        lines += [_line(item, show_handler=for_admins) for item in section]
        paragraphs.append("\n".join(lines))
        shown += 1
    if any(item.provisional for item in items):
        paragraphs.append(
            _(
                "标“暂定”的期限跨入尚未录入放假安排的年份，暂按周末及法定节日休息计算（不含调休），放假安排公布后可能变化。"
            )
        )
    paragraphs.append(_("链接为管理后台中的申请页面。本邮件由系统自动发送，每个工作日最多一封，请勿直接回复。"))
    return subject, "\n\n".join(paragraphs)


# ---------------------------------------------------------------------------
# Sending
# ---------------------------------------------------------------------------


@dataclass
class RunReport:
    """What a run did (or, with dry_run, would do), for the command's output."""

    today: dt.date
    until: dt.date
    sent: list = field(default_factory=list)  # (user, number of items)
    already_sent: list = field(default_factory=list)  # users reminded earlier today
    failed: list = field(default_factory=list)  # users whose mail could not be sent
    unassigned: int = 0
    admins_mailed: bool = False


def send_reminders(
    *,
    today: dt.date | None = None,
    days: int = DEFAULT_DAYS,
    dry_run: bool = False,
    calendar: deadlines.WorkCalendar | None = None,
) -> RunReport:
    """Send each handler their reminder for `today` unless they already had one; see the module docstring."""
    today = today or timezone.localdate()
    selection = select(today=today, days=days, calendar=calendar)
    outcome = RunReport(today, selection.until, unassigned=len(selection.unassigned))
    for user, items in sorted(selection.by_handler.items(), key=lambda pair: pair[0].pk):
        subject, body = render(items, today=today, days=days)
        if dry_run:
            reminded = ReminderLog.objects.filter(user=user, sent_on=today).exists()
            (outcome.already_sent if reminded else outcome.sent).append((user, len(items)))
            continue
        try:
            with transaction.atomic():
                # The row is the decision: a concurrent or later run the same day finds it and sends nothing.
                _log, created = ReminderLog.objects.get_or_create(
                    user=user, sent_on=today, defaults={"count": len(items)}
                )
                if created:
                    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        except OSError:
            # No row is kept (the transaction rolled back), so the next run tries this user again.
            logger.warning("deadline reminder for user %s could not be sent", user.pk)
            outcome.failed.append((user, len(items)))
            continue
        (outcome.sent if created else outcome.already_sent).append((user, len(items)))
    if selection.unassigned and settings.ADMINS and not dry_run:
        subject, body = render(selection.unassigned, today=today, days=days, for_admins=True)
        try:
            with transaction.atomic():
                # user=None is the administrators' row: one such mail a day, like the handlers'.
                _log, created = ReminderLog.objects.get_or_create(
                    user=None, sent_on=today, defaults={"count": len(selection.unassigned)}
                )
                if created:
                    mail_admins(subject, body)
            outcome.admins_mailed = created
        except OSError:
            logger.warning("deadline reminder for the administrators could not be sent")
    return outcome
