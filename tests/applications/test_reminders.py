"""Deadline reminders by e-mail and the handlers' iCalendar feed, worked by hand on October 2026.

The calendar around the reminder day, Wednesday 2026-10-14 (国庆节 10-01..10-07, Saturday 10-10
worked): working days after it are Thu 10-15 (1), Fri 10-16 (2), Mon 10-19 (3), Tue 10-20 (4) …
so a 3-工作日 window runs from today (counted: 今日到期) through Monday 10-19.
"""

import datetime as dt
import re
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from applications import feeds, queries, reminders
from applications.models import CalendarFeedToken, InformationRequest, ReminderLog, RequestEvent
from tests.factories import InformationRequestFactory

pytestmark = pytest.mark.django_db

D = dt.date
SHANGHAI = ZoneInfo("Asia/Shanghai")
LONG_AGO = dt.date(2026, 9, 1)  # receipt of the fixed-date requests: its 补正 notice deadline is long past
PERSONAL = ["独特姓名甲乙丙", "360426199101010071", "13912349876", "unique-applicant@example.cn", "北部湾大道99号"]


def at(day: dt.date, hour: int = 8):
    return time_machine.travel(dt.datetime.combine(day, dt.time(hour), tzinfo=SHANGHAI), tick=False)


def run(*args) -> str:
    out = StringIO()
    call_command("send_deadline_reminders", *args, stdout=out, stderr=out)
    return out.getvalue()


@pytest.fixture
def handler(django_user_model):
    return django_user_model.objects.create_user(
        username="handler", password="pw-handler-123", email="handler@example.gov.cn", is_staff=True
    )


def make(due: dt.date | None = None, *, received_on=LONG_AGO, provisional=False, **kwargs):
    """A request with a fixed reply due date (the selection is under test here, not the deadline maths)."""
    kwargs.setdefault("name", PERSONAL[0])
    kwargs.setdefault("id_number", PERSONAL[1])
    kwargs.setdefault("phone", PERSONAL[2])
    kwargs.setdefault("email", PERSONAL[3])
    kwargs.setdefault("address", PERSONAL[4])
    request = InformationRequestFactory(received_on=received_on, **kwargs)
    if due is not None:
        InformationRequest.objects.filter(pk=request.pk).update(due_date=due, deadline_provisional=provisional)
        request.refresh_from_db()
    return request


@pytest.fixture
def october(handler):
    """Requests of one handler on 2026-10-14, named by what the reminder should say about them."""
    return {
        "overdue": make(D(2026, 10, 10), handler=handler),  # the worked Saturday: 3 工作日 late (12, 13, 14)
        "today": make(D(2026, 10, 14), handler=handler),
        "friday": make(D(2026, 10, 16), handler=handler, provisional=True),
        "monday": make(D(2026, 10, 19), handler=handler),  # 3rd working day after today: still in
        "tuesday": make(D(2026, 10, 20), handler=handler),  # 4th: out
        "later": make(D(2026, 10, 26), handler=handler),
        "answered": make(D(2026, 10, 9), handler=handler, status=InformationRequest.Status.ANSWERED),
        # received Thu 10-08: 补正 notice due by 09, 10 (Sat), 12, 13, 14, 15, 16 → 10-16
        "correction": make(received_on=D(2026, 10, 8), handler=handler),
        # received Mon 10-12: 补正 notice due 10-21, after the window
        "correction_later": make(received_on=D(2026, 10, 12), handler=handler),
    }


# ---------------------------------------------------------------------------
# Selection
# ---------------------------------------------------------------------------


def test_window_of_three_working_days_from_wednesday_ends_the_next_monday():
    calendar = queries.build_calendar()
    assert reminders.window_end(D(2026, 10, 14), 3, calendar) == D(2026, 10, 19)
    assert reminders.window_end(D(2026, 10, 14), 0, calendar) == D(2026, 10, 14)
    # Over the National Day holiday: Wed 09-30 + 3 = Thu 10-08, Fri 10-09, Sat 10-10 (worked)
    assert reminders.window_end(D(2026, 9, 30), 3, calendar) == D(2026, 10, 10)


def test_selection_worked_by_hand(october, handler):
    selection = reminders.select(today=D(2026, 10, 14), days=3)
    assert selection.until == D(2026, 10, 19)
    assert not selection.unassigned
    listed = {
        (item.request.pk, item.kind, item.date, item.working_days, item.provisional)
        for item in selection.by_handler[handler]
    }
    assert listed == {
        (october["overdue"].pk, "overdue", D(2026, 10, 10), 3, False),
        (october["today"].pk, "due", D(2026, 10, 14), 0, False),
        (october["friday"].pk, "due", D(2026, 10, 16), 2, True),
        (october["monday"].pk, "due", D(2026, 10, 19), 3, False),
        (october["correction"].pk, "correction", D(2026, 10, 16), 2, False),
    }


def test_a_sent_correction_notice_is_no_longer_listed(october, handler):
    RequestEvent.objects.create(
        request=october["correction"], kind=RequestEvent.Kind.CORRECTION_NOTICE, date=D(2026, 10, 13)
    )
    selection = reminders.select(today=D(2026, 10, 14), days=3)
    assert october["correction"].pk not in {item.request.pk for item in selection.by_handler[handler]}


# ---------------------------------------------------------------------------
# The command
# ---------------------------------------------------------------------------


def test_one_mail_per_handler_with_the_urgent_requests(october, handler, mailoutbox, settings):
    with at(D(2026, 10, 14)):
        output = run()
    assert "已向 handler 发送提醒：5 项" in output
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["handler@example.gov.cn"]
    assert mail.from_email == settings.DEFAULT_FROM_EMAIL
    assert "逾期1件，即将到期3件，待告知补正1件" in mail.subject
    body = mail.body
    number = {key: request.tracking_number for key, request in october.items()}
    assert f"{number['overdue']}｜办理中｜答复期限 2026-10-10｜已逾期3个工作日" in body
    assert f"{number['today']}｜办理中｜答复期限 2026-10-14｜今日到期" in body
    assert f"{number['friday']}｜办理中｜答复期限 2026-10-16（暂定）｜剩余2个工作日" in body
    assert f"{number['monday']}｜办理中｜答复期限 2026-10-19｜剩余3个工作日" in body
    assert f"{number['correction']}｜办理中｜补正告知期限 2026-10-16｜剩余2个工作日" in body
    for key in ["tuesday", "later", "answered", "correction_later"]:
        assert number[key] not in body, key
    assert reverse("admin:applications_informationrequest_change", args=[october["overdue"].pk]) in body
    assert "暂按周末及法定节日休息计算" in body
    log = ReminderLog.objects.get()
    assert (log.user, log.sent_on, log.count) == (handler, D(2026, 10, 14), 5)


def test_reminder_mail_carries_no_personal_data(october, mailoutbox):
    with at(D(2026, 10, 14)):
        run()
    text = mailoutbox[0].subject + mailoutbox[0].body
    for personal in [*PERSONAL, "请公开2026年本局行政许可事项"]:
        assert personal not in text, personal


def test_not_sent_twice_the_same_day_and_sent_again_the_next_working_day(october, handler, mailoutbox):
    with at(D(2026, 10, 14)):
        run()
    with at(D(2026, 10, 14), hour=17):
        output = run()
    assert len(mailoutbox) == 1
    assert "handler 今日已提醒过，不再发送" in output
    with at(D(2026, 10, 15)):
        run()
    assert len(mailoutbox) == 2
    assert list(ReminderLog.objects.order_by("sent_on").values_list("sent_on", flat=True)) == [
        D(2026, 10, 14),
        D(2026, 10, 15),
    ]


def test_dry_run_sends_nothing_and_writes_no_log(october, mailoutbox):
    with at(D(2026, 10, 14)):
        output = run("--dry-run")
    assert "将向 handler 发送提醒：5 项" in output
    assert mailoutbox == []
    assert not ReminderLog.objects.exists()


def test_days_option_widens_the_window(october, handler, mailoutbox):
    with at(D(2026, 10, 14)):
        run("--days", "4")
    assert october["tuesday"].tracking_number in mailoutbox[0].body
    assert october["later"].tracking_number not in mailoutbox[0].body


def test_nothing_is_sent_on_a_holiday(october, mailoutbox):
    with at(D(2026, 10, 5)):  # Monday in the National Day holiday
        output = run()
    assert "不是工作日" in output
    assert mailoutbox == [] and not ReminderLog.objects.exists()


def test_a_failed_mail_keeps_no_log_so_the_next_run_retries(october, mailoutbox, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr(reminders, "send_mail", down)
    with at(D(2026, 10, 14)):
        output = run()
    assert "发送提醒失败" in output and not ReminderLog.objects.exists()
    monkeypatch.undo()
    with at(D(2026, 10, 14), hour=9):
        run()
    assert len(mailoutbox) == 1 and ReminderLog.objects.count() == 1


def test_unassigned_requests_go_to_admins(handler, django_user_model, mailoutbox, settings):
    settings.ADMINS = [("信息公开科", "gk-admin@example.gov.cn")]
    nobody = make(D(2026, 10, 13))
    mute = django_user_model.objects.create_user(username="mute", is_staff=True)  # no e-mail address
    unreachable = make(D(2026, 10, 15), handler=mute)
    with at(D(2026, 10, 14)):
        output = run()
    assert "已向管理员（ADMINS）发送 2 项" in output
    assert [mail.to for mail in mailoutbox] == [["gk-admin@example.gov.cn"]]
    body = mailoutbox[0].body
    assert f"{nobody.tracking_number}｜办理中｜答复期限 2026-10-13｜已逾期1个工作日｜承办人：未指定" in body
    assert f"{unreachable.tracking_number}" in body and "承办人 mute 无法接收邮件" in body
    for personal in PERSONAL:
        assert personal not in body


def test_admins_mail_goes_out_once_a_day(mailoutbox, settings):
    settings.ADMINS = [("信息公开科", "gk-admin@example.gov.cn")]
    make(D(2026, 10, 13))
    with at(D(2026, 10, 14)):
        run()
        run()
    assert len(mailoutbox) == 1
    assert ReminderLog.objects.filter(user=None, sent_on=D(2026, 10, 14)).count() == 1


def test_unassigned_requests_without_admins_are_reported_and_skipped(mailoutbox, settings):
    settings.ADMINS = []
    make(D(2026, 10, 13))
    with at(D(2026, 10, 14)):
        output = run()
    assert "未设置 ADMINS，未发送" in output
    assert mailoutbox == []


def test_inactive_handler_gets_no_mail(october, handler, mailoutbox, settings):
    settings.ADMINS = []
    handler.is_active = False
    handler.save()
    with at(D(2026, 10, 14)):
        run()
    assert mailoutbox == []


# ---------------------------------------------------------------------------
# iCalendar text
# ---------------------------------------------------------------------------


def test_text_values_are_escaped():
    assert feeds.escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_long_lines_fold_at_75_octets_without_splitting_characters():
    line = "DESCRIPTION:" + "期限" * 40 + "abc"
    folded = feeds.fold(line)
    physical = folded.split("\r\n")
    assert len(physical) > 1
    assert all(len(part.encode()) <= 75 for part in physical)
    assert all(part.startswith(" ") for part in physical[1:])
    assert "".join([physical[0], *(part[1:] for part in physical[1:])]) == line
    assert feeds.fold("SUMMARY:short") == "SUMMARY:short"


def unfold(text: str) -> list[str]:
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")  # no bare LF
    assert "\r" not in text.replace("\r\n", "")  # no bare CR
    physical = text.split("\r\n")[:-1]
    assert all(len(line.encode()) <= 75 for line in physical)
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def parse_events(lines: list[str]) -> list[dict]:
    events, current, stack = [], None, []
    for line in lines:
        name, _, value = line.partition(":")
        if name == "BEGIN":
            stack.append(value)
            if value == "VEVENT":
                current = {}
        elif name == "END":
            assert stack.pop() == value
            if value == "VEVENT":
                events.append(current)
                current = None
        elif current is not None:
            current[name] = value
    assert stack == []
    return events


@pytest.fixture
def feed_token(handler):
    return CalendarFeedToken.objects.create(user=handler)


def test_feed_is_valid_icalendar_of_the_handlers_deadlines(client, october, handler, feed_token):
    other = make(D(2026, 10, 16))  # not this handler's
    url = reverse("applications:calendar-feed", args=[feed_token.token])
    assert url == f"/apply/calendar/{feed_token.token}.ics"
    with at(D(2026, 10, 14)):
        response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    text = response.content.decode("utf-8")
    assert "DESCRIPTION" in text and "\r\n " in text  # the long descriptions were folded
    lines = unfold(text)
    assert lines[:2] == ["BEGIN:VCALENDAR", "VERSION:2.0"] and lines[-1] == "END:VCALENDAR"
    events = parse_events(lines)
    by_summary = {event["SUMMARY"]: event for event in events}
    friday = october["friday"]
    assert set(by_summary) == {
        *(f"答复期限：{october[key].tracking_number}" for key in ["overdue", "today", "monday", "tuesday", "later"]),
        f"答复期限：{friday.tracking_number}（暂定）",
        f"答复期限：{october['correction'].tracking_number}",
        f"答复期限：{october['correction_later'].tracking_number}",
        f"补正告知期限：{october['correction'].tracking_number}",
        f"补正告知期限：{october['correction_later'].tracking_number}",
    }
    event = by_summary[f"答复期限：{friday.tracking_number}（暂定）"]
    assert event["DTSTART;VALUE=DATE"] == "20261016" and event["DTEND;VALUE=DATE"] == "20261017"
    assert event["UID"] == f"request-{friday.pk}-reply@{feeds.UID_DOMAIN}"
    assert all("UID" in e and "DTSTAMP" in e for e in events)
    admin_path = reverse("admin:applications_informationrequest_change", args=[friday.pk])
    assert f"管理后台：http://testserver{admin_path}" in event["DESCRIPTION"]
    assert "\\n" in event["DESCRIPTION"]  # the lines of the description, escaped
    assert other.tracking_number not in text
    for personal in PERSONAL:
        assert personal not in text


def test_feed_uids_are_stable(client, october, feed_token):
    url = reverse("applications:calendar-feed", args=[feed_token.token])
    with at(D(2026, 10, 14)):
        first = [line for line in unfold(client.get(url).content.decode()) if line.startswith("UID:")]
    with at(D(2026, 10, 14), hour=9):
        second = [line for line in unfold(client.get(url).content.decode()) if line.startswith("UID:")]
    assert first == second and len(set(first)) == len(first)


def test_feed_queries(client, october, feed_token, django_assert_num_queries):
    # (1) the token and its user  (2) the user's requests with their 补正 notice flag
    with at(D(2026, 10, 14)), django_assert_num_queries(2):
        client.get(reverse("applications:calendar-feed", args=[feed_token.token]))


def test_unknown_token_is_404(client, db):
    assert client.get(reverse("applications:calendar-feed", args=["no-such-token"])).status_code == 404


def test_feed_of_a_deactivated_user_is_404(client, handler, feed_token):
    handler.is_active = False
    handler.save()
    assert client.get(reverse("applications:calendar-feed", args=[feed_token.token])).status_code == 404


# ---------------------------------------------------------------------------
# The staff page: create and revoke
# ---------------------------------------------------------------------------


def test_staff_creates_revokes_and_recreates_the_feed(client, handler):
    client.force_login(handler)
    page = reverse("applications:calendar-feed-settings")
    response = client.get(page)
    assert response.status_code == 200 and "您尚未生成订阅地址" in response.content.decode()
    assert len(re.findall(r"<h1[\s>]", response.content.decode())) == 1

    client.post(page, {"action": "create"})
    old = CalendarFeedToken.objects.get(user=handler).token
    feed_url = reverse("applications:calendar-feed", args=[old])
    html = client.get(page).content.decode()
    assert f"http://testserver{feed_url}" in html
    assert client.get(feed_url).status_code == 200

    client.post(page, {"action": "create"})  # asking again keeps the same address
    assert CalendarFeedToken.objects.get(user=handler).token == old

    response = client.post(page, {"action": "revoke"})
    assert response.status_code == 302
    assert not CalendarFeedToken.objects.exists()
    assert client.get(feed_url).status_code == 404

    client.post(page, {"action": "create"})
    new = CalendarFeedToken.objects.get(user=handler).token
    assert new != old
    assert client.get(feed_url).status_code == 404
    assert client.get(reverse("applications:calendar-feed", args=[new])).status_code == 200


def test_non_staff_user_cannot_open_the_settings_page(client, django_user_model):
    user = django_user_model.objects.create_user(username="citizen", password="pw-citizen-123")
    client.force_login(user)
    page = reverse("applications:calendar-feed-settings")
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    client.post(page, {"action": "create"})
    assert not CalendarFeedToken.objects.exists()


def test_anonymous_user_is_sent_to_login(client, db):
    response = client.get(reverse("applications:calendar-feed-settings"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
