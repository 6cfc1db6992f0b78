"""The holiday-arrangement file: read, checked, loaded, and the deadlines it touches recomputed."""

import datetime as dt

import pytest

from applications import calendar_file, services
from applications.models import CalendarDay
from common.imports.errors import ImportFileError
from tests.factories import InformationRequestFactory

pytestmark = pytest.mark.django_db

D = dt.date


CSV_2027 = "日期,类型,名称\n2027-01-01,休,元旦\n2027-01-02,休,元旦\n2027-01-03,休,元旦\n"  # made up for tests


def test_entering_a_year_recomputes_provisional_deadlines_and_logs_it():
    crossing = InformationRequestFactory(received_on=D(2026, 12, 10))
    untouched = InformationRequestFactory(received_on=D(2026, 9, 15))
    closed = InformationRequestFactory(received_on=D(2026, 12, 11))
    closed.status = "answered"
    closed.save()
    # provisional: 2027-01-01 rests as 元旦 of the 办法 (docs/rules.md §5.2), the rest of 2027 is unknown
    assert crossing.due_date == D(2027, 1, 8) and crossing.deadline_provisional

    summary = services.load_calendar(rows=calendar_file.read_calendar(CSV_2027.encode()).rows, source_notice="测试")
    assert summary == {"created": 3, "updated": 0, "years": [2027], "recomputed": 1}

    crossing.refresh_from_db()
    assert crossing.due_date == D(2027, 1, 8) and not crossing.deadline_provisional
    log = crossing.events.get(kind="deadline_recomputed")
    assert log.data == {  # the same day, no longer provisional: the year's arrangement is now known
        "before": "2027-01-08",
        "after": "2027-01-08",
        "provisional_before": True,
        "provisional_after": False,
    }
    assert not untouched.events.filter(kind="deadline_recomputed").exists()
    assert not closed.events.filter(kind="deadline_recomputed").exists()
    # loading the same file again changes nothing and logs nothing
    assert services.load_calendar(rows=calendar_file.read_calendar(CSV_2027).rows)["recomputed"] == 0
    assert CalendarDay.objects.count() == 3


@pytest.mark.parametrize(
    ("content", "row", "fragment"),
    [
        ("date,kind,name\n2027-01-01,休,元旦\n", 1, "表头"),
        ("日期,类型,名称\n2027-13-01,休,元旦\n", 2, "“日期”应为有效日期"),
        ("日期,类型,名称\n2027-01-01,放,元旦\n", 2, "“休”或“班”"),
        ("日期,类型,名称\n2027-01-01,休,元旦\n2027-01-01,班,元旦\n", 3, "重复"),
        ("日期,类型,名称\n", 2, "没有数据行"),
    ],
)
def test_bad_calendar_file_is_refused_whole(content, row, fragment):
    with pytest.raises(ImportFileError) as exc:
        calendar_file.read_calendar(content.encode())
    assert exc.value.errors[0][0] == row and fragment in exc.value.errors[0][1]


def test_calendar_file_in_gb18030_with_bom_variants():
    rows = calendar_file.read_calendar(CSV_2027.encode("gb18030")).rows
    assert [r.date for r in rows] == [D(2027, 1, 1), D(2027, 1, 2), D(2027, 1, 3)]
    assert calendar_file.read_calendar(("\ufeff" + CSV_2027).encode()).rows[0].name == "元旦"


def test_load_calendar_command(tmp_path):
    from django.core.management import CommandError, call_command

    good = tmp_path / "2027.csv"
    good.write_text(CSV_2027, encoding="utf-8")
    call_command("load_calendar", str(good), "--source-notice", "测试通知")
    assert CalendarDay.objects.filter(date__year=2027, source_notice="测试通知").count() == 3
    bad = tmp_path / "bad.csv"
    bad.write_text("日期,类型,名称\n2027-02-30,休,春节\n", encoding="utf-8")
    with pytest.raises(CommandError, match="第2行"):
        call_command("load_calendar", str(bad))


def test_admin_upload_previews_the_recomputation_then_loads_on_confirmation(staff_client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    crossing = InformationRequestFactory(received_on=D(2026, 12, 10))
    url = reverse("admin:applications_calendarday_upload")
    upload = SimpleUploadedFile("2027.csv", CSV_2027.encode(), "text/csv")
    response = staff_client.post(url, {"file": upload, "source_notice": "测试\u202e通知"})
    html = response.content.decode()
    assert "将导入 2027 年的日历：新增 3 天，更新 0 天；1 件办理中申请的答复期限将重新计算。" in html
    assert "2027-01-03" in html and "确认导入" in html
    crossing.refresh_from_db()
    assert not CalendarDay.objects.exists() and crossing.deadline_provisional  # the preview saved nothing

    response = staff_client.post(url, {"payload": response.context["payload"]}, follow=True)
    assert "已导入 2027 年的日历：新增 3 天" in response.content.decode()
    assert set(CalendarDay.objects.values_list("source_notice", flat=True)) == {"测试通知"}
    crossing.refresh_from_db()
    assert crossing.due_date == D(2027, 1, 8) and not crossing.deadline_provisional


def test_admin_upload_needs_the_add_permission(client, django_user_model):
    from django.urls import reverse

    clerk = django_user_model.objects.create_user("clerk", password="pw-clerk-123", is_staff=True)
    client.force_login(clerk)
    assert client.get(reverse("admin:applications_calendarday_upload")).status_code == 403


def test_dates_of_every_accepted_form_and_names_cleaned():
    rows = calendar_file.read_calendar("日期,类型,名称\n2027/1/1,休,元\x00旦\n20270206, 班 ,春节\n").rows
    assert [(r.date, r.kind, r.name, r.number) for r in rows] == [
        (D(2027, 1, 1), "holiday", "元旦", 2),
        (D(2027, 2, 6), "workday", "春节", 3),
    ]
