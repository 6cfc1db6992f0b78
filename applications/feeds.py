"""Each handler's private iCalendar feed of due dates, and the staff page that creates or revokes it.

The feed URL carries a secret token (CalendarFeedToken): anyone holding the URL can read the
tracking numbers and dates in it, so it shows nothing about who asked, and deleting the token
revokes it at once (the old URL answers 404; a new one gets a new token).

The iCalendar text (RFC 5545) is written here: CRLF line ends, lines folded at 75 octets without
splitting a UTF-8 character, and TEXT values escaped (backslash, semicolon, comma, newline).
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from applications import reminders
from applications.models import CalendarFeedToken, InformationRequest

PRODID = "-//gov-info-disclosure portal//deadline feed//ZH"
UID_DOMAIN = "deadlines.gov-info-disclosure"
LINE_OCTETS = 75

# ---------------------------------------------------------------------------
# RFC 5545 text
# ---------------------------------------------------------------------------


def escape_text(value: str) -> str:
    """A TEXT property value (RFC 5545 §3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line to at most 75 octets a line (RFC 5545 §3.1), never inside a UTF-8 character."""
    pieces, current, size = [], [], 0
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > LINE_OCTETS:
            pieces.append("".join(current))
            current, size = [], 1  # a continuation line starts with one space
        current.append(char)
        size += octets
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def ical(lines: list[str]) -> str:
    return "".join(fold(line) + "\r\n" for line in lines)


def _date(value: dt.date) -> str:
    return f"{value:%Y%m%d}"


# ---------------------------------------------------------------------------
# The feed
# ---------------------------------------------------------------------------


def feed_requests(user, today: dt.date):
    """The user's open requests with a reply due date or a pending 补正 notice deadline (one query)."""
    return (
        InformationRequest.objects.open()
        .filter(handler=user)
        .filter(Q(due_date__isnull=False) | reminders.pending_correction_q(today))
        .annotate(has_correction_notice=reminders.correction_notice_sent())
        .order_by("due_date", "tracking_number")
    )


def _event(*, uid: str, stamp: str, day: dt.date, summary: str, description: str, url: str) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{_date(day)}",
        f"DTEND;VALUE=DATE:{_date(day + dt.timedelta(days=1))}",
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(description)}",
        f"URL:{url}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def feed_text(*, user, today: dt.date, absolute) -> str:
    """The iCalendar text of `user`'s deadlines; `absolute(path)` makes a link absolute."""
    stamp = f"{timezone.now().astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(_('政府信息公开答复期限'))}",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
    ]
    for request in feed_requests(user, today):
        url = absolute(reverse("admin:applications_informationrequest_change", args=[request.pk]))
        status = _("状态：%(status)s") % {"status": request.get_status_display()}
        link = _("管理后台：%(url)s") % {"url": url}
        if request.due_date is not None:
            marker = _("（暂定）") if request.deadline_provisional else ""
            notes = [status]
            if request.deadline_provisional:
                notes.append(_("期限跨入尚未录入放假安排的年份，暂按周末及法定节日休息计算。"))
            lines += _event(
                uid=f"request-{request.pk}-reply@{UID_DOMAIN}",
                stamp=stamp,
                day=request.due_date,
                summary=_("答复期限：%(number)s") % {"number": request.tracking_number} + marker,
                description="\n".join([*notes, link]),
                url=url,
            )
        correction = request.correction_due_date
        if (
            correction is not None
            and correction >= today
            and request.status in reminders.CORRECTION_STATUSES
            and not request.has_correction_notice
        ):
            marker = _("（暂定）") if request.correction_due_provisional else ""
            lines += _event(
                uid=f"request-{request.pk}-correction@{UID_DOMAIN}",
                stamp=stamp,
                day=correction,
                summary=_("补正告知期限：%(number)s") % {"number": request.tracking_number} + marker,
                description="\n".join([status, _("如需申请人补正，应在此日前一次性告知（条例第三十条）。"), link]),
                url=url,
            )
    lines.append("END:VCALENDAR")
    return ical(lines)


@require_safe
def calendar_feed(request, token):
    feed = get_object_or_404(
        CalendarFeedToken.objects.select_related("user"), token=token, user__is_active=True, user__is_staff=True
    )
    text = feed_text(user=feed.user, today=timezone.localdate(), absolute=request.build_absolute_uri)
    response = HttpResponse(text.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = 'inline; filename="deadlines.ics"'
    return response


# ---------------------------------------------------------------------------
# Creating and revoking the token
# ---------------------------------------------------------------------------


def issue_feed_token(*, user) -> CalendarFeedToken:
    """The user's feed token, created if there is none (an existing one is kept)."""
    token, _created = CalendarFeedToken.objects.get_or_create(user=user)
    return token


def revoke_feed_token(*, user) -> bool:
    """Delete the user's feed token: its URL stops working at once. Returns whether there was one."""
    deleted, _details = CalendarFeedToken.objects.filter(user=user).delete()
    return bool(deleted)


class FeedActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("create", gettext_lazy("生成订阅地址")), ("revoke", gettext_lazy("撤销订阅地址"))]
    )


@staff_member_required
def feed_settings(request):
    if request.method == "POST":
        form = FeedActionForm(request.POST)
        if form.is_valid():
            if form.cleaned_data["action"] == "create":
                issue_feed_token(user=request.user)
                messages.success(request, _("已生成日历订阅地址。请勿将地址告诉他人。"))
            elif revoke_feed_token(user=request.user):
                messages.success(request, _("已撤销日历订阅地址，原地址即刻失效。"))
            return redirect("applications:calendar-feed-settings")
    token = CalendarFeedToken.objects.filter(user=request.user).first()
    feed_url = request.build_absolute_uri(reverse("applications:calendar-feed", args=[token.token])) if token else ""
    context = {
        **admin.site.each_context(request),
        "title": _("期限日历订阅"),
        "token": token,
        "feed_url": feed_url,
        "webcal_url": feed_url.replace("https://", "webcal://", 1).replace("http://", "webcal://", 1),
    }
    return render(request, "applications/feed_settings.html", context)
