"""Publication timeliness in working days (issue 7 item 5), worked by hand on the 2026 calendar."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from applications.deadlines import WorkCalendar
from reports import timeliness
from tests.factories import DecisionFactory, DisclosureFactory

pytestmark = pytest.mark.django_db

D = dt.date
SH = ZoneInfo("Asia/Shanghai")


def at(d):
    return dt.datetime(d.year, d.month, d.day, 10, tzinfo=SH)


def test_days_to_publish_counts_working_days_and_estimates_beyond_two_years():
    calendar = WorkCalendar()
    assert timeliness.days_to_publish(D(2026, 9, 15), D(2026, 10, 19), calendar) == 20  # across 中秋/国庆
    # Beyond MAX_SPAN_DAYS the count is an estimate of 5 days in 7, far above every limit.
    assert timeliness.days_to_publish(D(2020, 1, 1), D(2022, 1, 4), calendar) == 734 * 5 // 7


def test_items_and_decisions_against_their_limits(organ):
    on_time = DisclosureFactory(organ=organ, written_on=D(2026, 9, 15), published_at=at(D(2026, 10, 19)))  # 20
    late = DisclosureFactory(organ=organ, written_on=D(2026, 9, 15), published_at=at(D(2026, 10, 20)))  # 21
    DisclosureFactory(organ=organ, written_on=None, published_at=at(D(2026, 10, 20)))
    DecisionFactory(organ=organ, decided_on=D(2026, 9, 28), published_at=at(D(2026, 10, 9)))  # 5: 29, 30, 10-08, 09
    DecisionFactory(
        organ=organ, decided_on=D(2026, 9, 24), published_at=at(D(2026, 10, 9))
    )  # 24→: 28, 29, 30, 10-08, 09 = 5... +0
    DecisionFactory(
        organ=organ, decided_on=D(2026, 9, 15), published_at=at(D(2026, 10, 9))
    )  # 16,17,18,20,21,22,23,24,28.. > 7
    items = {t.item.pk: t for t in timeliness.disclosure_timings(2026)}
    assert items[on_time.pk].days == 20 and not items[on_time.pk].late
    assert items[late.pk].days == 21 and items[late.pk].late
    assert timeliness.counts(2026) == {
        "disclosures_on_time": 1,
        "disclosures_late": 1,
        "disclosures_undated": 1,
        "decisions_on_time": 2,
        "decisions_late": 1,
    }


def test_staff_page_lists_late_items_pending_reviews_and_missing_interpretations(client, django_user_model, organ):
    DisclosureFactory(organ=organ, title="超期的通知", written_on=D(2026, 9, 15), published_at=at(D(2026, 10, 20)))
    DisclosureFactory(organ=organ, title="待审的通知", status="submitted", published_at=None)
    DisclosureFactory(organ=organ, title="无解读的规范性文件", normative=True)
    reviewer = django_user_model.objects.create_user("r", is_staff=True)
    reviewer.groups.add(Group.objects.get(name="保密审查员"))
    client.force_login(reviewer)
    html = client.get(reverse("reports:timeliness"), {"year": 2026}).content.decode()
    for text in ["超期的通知", "待审的通知", "无解读的规范性文件"]:
        assert text in html
    outsider = django_user_model.objects.create_user("o", is_staff=True)
    client.force_login(outsider)
    assert client.get(reverse("reports:timeliness")).status_code == 403
