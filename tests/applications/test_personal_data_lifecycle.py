"""Personal data has an end: deleting a request takes its files and masks its history, and
`purge_personal_data` masks requests closed longer than the retention period, leaving every
statistic and the annual report as they were."""

import datetime as dt
import io
import itertools

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse

from applications import retention, services
from applications.models import (
    PERSONAL_FIELDS,
    Appeal,
    InformationRequest,
    ReplyLetter,
    RequestAttachment,
    RequestEvent,
    private_storage,
)
from applications.services import answer_with_letter
from reports.compiler import compile_annual_report
from reports.statistics_views import year_statistics
from tests.factories import InformationRequestFactory

pytestmark = pytest.mark.django_db

D = dt.date
# 2026-12-10 noon in Beijing: with the default period (1826 days) requests closed before 2021-12-10 are due.
NOW = dt.datetime(2026, 12, 10, 4, 0, tzinfo=dt.UTC)
TODAY = D(2026, 12, 10)
LONG_AGO = D(2019, 3, 4)  # a Monday
RECENTLY = D(2025, 3, 3)  # a Monday
_serial = itertools.count(1)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def personal_values(n: int) -> dict:
    """A requester's data, different for each n, none of it a substring of another's."""
    return {
        "name": f"欧阳敏感{n}号",
        "id_number": f"4506021980{n:04d}77X",
        "phone": f"1391234{n:04d}",
        "email": f"minggan{n}@example.cn",
        "address": f"广西防城港市港口区敏感路{n}号",
        "postal_code": "538001",
    }


def make_request(*, received_on=LONG_AGO, answered_on=None, outcome="1", **overrides):
    """A request carrying personal data everywhere it can: its fields, an earlier value kept only in
    the history, its free text, an event note, an identity document and (when answered) the letter's DOCX."""
    values = personal_values(next(_serial))
    fields = {
        **values,
        "address": values["address"] + "旧址",
        "description": f"本人{values['name']}（电话{values['phone']}）申请公开本局行政许可办理情况统计表。",
        "remarks": f"申请人邮箱 {values['email']}",
        **overrides,
    }
    request = InformationRequestFactory(received_on=received_on, **fields)
    request.address = values["address"]  # a correction: the old address lives on only in the history
    request.save()
    attachment = RequestAttachment(request=request, original_name="身份证.jpg", content_type="image/jpeg", size=4)
    attachment.file.save("id.jpg", ContentFile(b"\xff\xd8\xff\xe0"), save=True)
    RequestEvent.objects.create(
        request=request,
        kind=RequestEvent.Kind.NOTE,
        date=received_on,
        note=f"已电话联系{values['name']}，{values['phone']}",
    )
    if answered_on is not None:
        answer_with_letter(  # stores the letter's DOCX too
            request=request, outcome=outcome, legal_basis="条例第三十六条第（二）项", reply_date=answered_on
        )
    request.refresh_from_db()
    personal = [fields[name] for name in PERSONAL_FIELDS if name != "id_type" and fields.get(name)]
    request.originals = [*personal, values["address"]]
    return request


def stored_names(request) -> list[str]:
    names = [a.file.name for a in RequestAttachment.objects.filter(request_id=request.pk)]
    names += [letter.docx.name for letter in ReplyLetter.objects.filter(request_id=request.pk) if letter.docx]
    return names


def history_text(pk) -> str:
    return repr(list(InformationRequest.history.model.objects.filter(id=pk).values()))


def everything_about(pk) -> str:
    """Every stored value of the request: its row, history rows, events, letters and attachments."""
    return "\n".join(
        [
            repr(list(InformationRequest.objects.filter(pk=pk).values())),
            history_text(pk),
            repr(list(RequestEvent.objects.filter(request_id=pk).values())),
            repr(list(ReplyLetter.objects.filter(request_id=pk).values())),
            repr(list(RequestAttachment.objects.filter(request_id=pk).values())),
        ]
    )


def traces(request, text) -> list[str]:
    # The postal code is a common six-digit number: checked by field, not searched for in text.
    return [value for value in request.originals if value in text and value != "538001"]


def files_exist(names) -> list[bool]:
    return [private_storage().exists(name) for name in names]


# --- deleting a request ----------------------------------------------------------------------------


@pytest.fixture
def deleter(django_user_model, client):
    user = django_user_model.objects.create_superuser(username="chief", password="pw-chief-123")
    client.force_login(user)
    return client


def assert_deleted_cleanly(request, names, pk=None):
    pk = pk or request.pk
    assert not InformationRequest.objects.filter(pk=pk).exists()
    assert names and files_exist(names) == [False] * len(names)
    history = InformationRequest.history.model.objects.filter(id=pk)
    # The audit trail stays: every change and the deletion, with who and when, without the data.
    assert history.count() >= 3 and history.filter(history_type="-").exists()
    assert traces(request, history_text(pk)) == []
    assert set(history.values_list("name", flat=True)) == {"已清除"}
    assert set(history.values_list("email", flat=True)) == {""}


def test_admin_delete_removes_files_and_masks_history(deleter, organ, django_capture_on_commit_callbacks):
    request = make_request(answered_on=D(2019, 3, 20))
    other = make_request(answered_on=D(2019, 3, 20))
    names, other_names = stored_names(request), stored_names(other)
    assert len(names) == 2  # the identity document and the letter
    with django_capture_on_commit_callbacks(execute=True):
        response = deleter.post(
            reverse("admin:applications_informationrequest_delete", args=[request.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert_deleted_cleanly(request, names)
    # The other request keeps its files and its history as they were.
    assert files_exist(other_names) == [True, True]
    assert other.originals[0] in history_text(other.pk)


def test_admin_bulk_delete_removes_files_and_masks_history(deleter, organ, django_capture_on_commit_callbacks):
    chosen = [make_request(answered_on=D(2019, 3, 20)), make_request()]
    kept = make_request()
    names = {request.pk: stored_names(request) for request in [*chosen, kept]}
    with django_capture_on_commit_callbacks(execute=True):
        response = deleter.post(
            reverse("admin:applications_informationrequest_changelist"),
            {"action": "delete_selected", "_selected_action": [r.pk for r in chosen], "post": "yes"},
        )
    assert response.status_code == 302
    for request in chosen:
        assert_deleted_cleanly(request, names[request.pk])
    assert files_exist(names[kept.pk]) == [True]
    assert InformationRequest.objects.filter(pk=kept.pk, name=kept.originals[0]).exists()


@pytest.mark.parametrize(
    "delete",
    [
        pytest.param(lambda request: InformationRequest.objects.filter(pk=request.pk).delete(), id="queryset"),
        pytest.param(lambda request: request.delete(), id="instance"),
        pytest.param(lambda request: retention.delete_request(request), id="service"),
    ],
)
def test_every_orm_deletion_removes_files_and_masks_history(delete, organ, django_capture_on_commit_callbacks):
    request = make_request(answered_on=D(2019, 3, 20))
    names = stored_names(request)
    appeal = Appeal.objects.create(kind="reconsideration", request=request, filed_on=D(2019, 4, 1))
    pk, events = request.pk, request.events.count()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        deleted, per_model = delete(request)
    assert len(callbacks) == 1
    # What QuerySet.delete() answers: the rows deleted, by model (the appeal is kept, not counted).
    assert per_model == {
        "applications.InformationRequest": 1,
        "applications.RequestEvent": events,
        "applications.RequestAttachment": 1,
        "applications.ReplyLetter": 1,
    }
    assert deleted == 3 + events
    assert_deleted_cleanly(request, names, pk)
    appeal.refresh_from_db()
    assert appeal.request_id is None  # the appeal still counts in table 四


def test_files_stay_when_the_deleting_transaction_rolls_back(organ, django_capture_on_commit_callbacks):
    request = make_request(answered_on=D(2019, 3, 20))
    names = stored_names(request)
    pk = request.pk
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        request.delete()
        raise RuntimeError("the caller's transaction fails after the delete")
    assert callbacks == []
    request.pk = pk
    assert files_exist(names) == [True, True]
    assert InformationRequest.objects.get(pk=request.pk).name == request.originals[0]
    assert request.originals[0] in history_text(request.pk)


def test_sliced_querysets_are_refused_as_django_refuses_them():
    make_request()
    with pytest.raises(TypeError):
        InformationRequest.objects.all()[:1].delete()


@pytest.fixture
def clerk(django_user_model, client):
    """Handles requests and sees personal data, but may not delete."""
    user = django_user_model.objects.create_user(username="clerk", password="pw-clerk-123", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_informationrequest", "change_informationrequest", "view_personal_data"]
        )
    )
    client.force_login(user)
    return client


def test_staff_without_the_delete_permission_cannot_delete(clerk, django_capture_on_commit_callbacks):
    request = make_request()
    names = stored_names(request)
    with django_capture_on_commit_callbacks(execute=True):
        single = clerk.post(reverse("admin:applications_informationrequest_delete", args=[request.pk]), {"post": "yes"})
        clerk.post(
            reverse("admin:applications_informationrequest_changelist"),
            {"action": "delete_selected", "_selected_action": [request.pk], "post": "yes"},
        )
    assert single.status_code == 403
    assert InformationRequest.objects.filter(pk=request.pk, name=request.originals[0]).exists()
    assert files_exist(names) == [True]


# --- purging after the retention period ------------------------------------------------------------


def purge(*args) -> str:
    out = io.StringIO()
    call_command("purge_personal_data", *args, stdout=out, stderr=out)
    return out.getvalue()


def closed_long_ago(organ):
    return make_request(answered_on=D(2019, 3, 20))


def withdrawn_long_ago(organ):
    request = make_request()
    services.withdraw(request=request, date=D(2019, 3, 6), reason="申请人书面撤回")
    request.refresh_from_db()
    return request


def closed_recently(organ):
    return make_request(received_on=RECENTLY, answered_on=D(2025, 3, 20))


def still_open(organ):
    return make_request()  # received in 2019 and never answered


def appeal_pending(organ):
    request = make_request(answered_on=D(2019, 3, 20))
    Appeal.objects.create(kind="litigation_direct", request=request, filed_on=D(2019, 6, 1))
    return request


def appeal_concluded_recently(organ):
    request = make_request(answered_on=D(2019, 3, 20))
    Appeal.objects.create(
        kind="reconsideration", request=request, filed_on=D(2019, 5, 1), result="upheld", concluded_on=D(2022, 1, 5)
    )
    return request


def appeal_concluded_long_ago(organ):
    request = make_request(answered_on=D(2019, 3, 20))
    Appeal.objects.create(
        kind="reconsideration", request=request, filed_on=D(2019, 5, 1), result="upheld", concluded_on=D(2019, 7, 1)
    )
    return request


@pytest.mark.parametrize(
    ("build", "purged"),
    [
        (closed_long_ago, True),
        (withdrawn_long_ago, True),
        (appeal_concluded_long_ago, True),
        (closed_recently, False),
        (still_open, False),
        (appeal_pending, False),
        (appeal_concluded_recently, False),
    ],
    ids=lambda value: getattr(value, "__name__", str(value)),
)
def test_purge_masks_only_requests_closed_longer_than_the_period(
    build, purged, organ, settings, django_capture_on_commit_callbacks
):
    settings.RELEASED_FILES_RETENTION_DAYS = 100_000  # the downloads' own period: test_answer_downloads
    request = build(organ)
    names = stored_names(request)
    before = everything_about(request.pk)
    with django_capture_on_commit_callbacks(execute=True):
        output = purge()
    request.refresh_from_db()
    if not purged:
        assert everything_about(request.pk) == before
        assert files_exist(names) == [True] * len(names)
        assert request.personal_data_purged_on is None
        assert "已清除 0 件申请" in output
        return
    assert "已清除 1 件申请" in output
    assert request.personal_data_purged_on == TODAY
    assert (request.name, request.phone, request.id_number, request.address) == ("已清除",) * 4
    assert (request.email, request.postal_code, request.id_type) == ("", "", "")
    request.full_clean()  # every masked value is one the model accepts
    assert files_exist(names) == [False] * len(names)
    assert not request.attachments.exists()
    assert traces(request, everything_about(request.pk)) == []
    assert "538001" not in repr(list(InformationRequest.history.model.objects.filter(id=request.pk).values()))
    # What was asked stays readable, without the requester.
    assert request.description == "本人***（电话***）申请公开本局行政许可办理情况统计表。"
    note = request.events.get(kind=RequestEvent.Kind.NOTE, data__personal_data_purged=True)
    assert note.date == TODAY and note.note.startswith("个人信息已按保存期限清除（保存期限1826日）")
    assert request.history.first().history_change_reason == "个人信息已按保存期限清除"


def test_purge_is_idempotent(organ, django_capture_on_commit_callbacks):
    request = closed_long_ago(organ)
    with django_capture_on_commit_callbacks(execute=True):
        purge()
    after_first = everything_about(request.pk)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        output = purge()
    assert everything_about(request.pk) == after_first
    assert callbacks == []
    assert "已清除 0 件申请" in output and "此前已清除 1 件" in output


def test_dry_run_changes_nothing_and_prints_counts_only(organ, django_capture_on_commit_callbacks):
    # (the letter PDFs of the two answered long ago are past their download period as well)
    requests = [closed_long_ago(organ), withdrawn_long_ago(organ), closed_recently(organ)]
    names = [name for request in requests for name in stored_names(request)]
    before = [everything_about(request.pk) for request in requests]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        output = purge("--dry-run")
    assert callbacks == []
    assert [everything_about(request.pk) for request in requests] == before
    assert files_exist(names) == [True] * len(names)
    assert "将清除 2 件申请的个人信息，删除身份证明文件 2 个、答复告知书文件 2 个" in output
    assert "的下载文件（所提供的信息、告知书PDF）：将删除 2 个" in output
    for request in requests:
        assert traces(request, output) == [] and request.tracking_number not in output


def test_the_period_comes_from_the_setting(organ, settings, django_capture_on_commit_callbacks):
    request = make_request(received_on=D(2026, 9, 1), answered_on=D(2026, 10, 9))
    with django_capture_on_commit_callbacks(execute=True):
        assert "已清除 0 件申请" in purge()
        settings.PERSONAL_DATA_RETENTION_DAYS = 60
        assert "已清除 1 件申请" in purge()
    request.refresh_from_db()
    assert request.name == "已清除"


def test_a_retention_period_below_one_day_is_refused(organ, settings):
    request = closed_long_ago(organ)
    settings.PERSONAL_DATA_RETENTION_DAYS = 0
    with pytest.raises(CommandError, match="PERSONAL_DATA_RETENTION_DAYS"):
        purge()
    assert InformationRequest.objects.get(pk=request.pk).name == request.originals[0]


@pytest.mark.parametrize("folder_exists", [False, True], ids=["absent", "empty (a volume not mounted)"])
def test_purge_stops_when_the_private_storage_is_not_there(folder_exists, organ, settings, tmp_path):
    request = closed_long_ago(organ)
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "not-mounted"
    if folder_exists:
        settings.PRIVATE_MEDIA_ROOT.mkdir()
    with pytest.raises(CommandError, match="存储可能未挂载"):
        purge()
    assert InformationRequest.objects.get(pk=request.pk).personal_data_purged_on is None


def test_a_file_already_gone_is_reported_and_the_others_still_go(organ, django_capture_on_commit_callbacks):
    lost, kept = closed_long_ago(organ), closed_long_ago(organ)
    private_storage().delete(lost.attachments.get().file.name)
    names = stored_names(kept)
    with django_capture_on_commit_callbacks(execute=True):
        output = purge()
    assert "已清除 2 件申请" in output and "其中 1 个文件在存储中已不存在" in output
    assert files_exist(names) == [False, False]


def test_the_annual_report_and_statistics_are_the_same_after_a_purge(organ, django_capture_on_commit_callbacks):
    # 2019: requests of several applicant columns and results, one late, a fee paid, one carried into
    # 2020, one withdrawn, appeals; 2025: a year inside the period.
    make_request(answered_on=D(2019, 3, 20))
    make_request(
        answered_on=D(2019, 4, 30),
        outcome="3.4",
        applicant_type="organisation",
        organisation_kind="commercial",
        id_type="",
        id_number="",
        uscc="91450600MA5KXXXX1X",
        legal_representative="法人敏感",
    )
    late = make_request(received_on=D(2019, 11, 4))
    services.issue_fee_notice(request=late, date=D(2019, 11, 8), method="per_page", pages=50)
    services.record_payment(request=late, date=D(2019, 11, 12))
    answer_with_letter(request=late, outcome="2", legal_basis="条例第三十七条", reply_date=D(2020, 1, 20))
    withdrawn_long_ago(organ)
    appealed = make_request(answered_on=D(2019, 5, 6), outcome="4.1")
    Appeal.objects.create(kind="reconsideration", request=appealed, filed_on=D(2019, 6, 3))
    Appeal.objects.create(
        kind="litigation_direct", request=make_request(answered_on=D(2019, 5, 7)), filed_on=D(2019, 6, 3),
        result="upheld", concluded_on=D(2019, 9, 2),
    )  # fmt: skip
    closed_recently(organ)
    make_request(received_on=RECENTLY)  # open since 2025

    years = (2019, 2020, 2025, 2026)

    def figures():
        compiled = {}
        for year in years:
            cache.clear()
            compiled[year] = (compile_annual_report(organ, year), year_statistics(organ, year))
        return compiled

    before = figures()
    with django_capture_on_commit_callbacks(execute=True):
        output = purge()
    assert "已清除 5 件申请" in output  # all closed before 2021-12-10 but the one with an appeal pending
    assert figures() == before


def test_the_requester_can_still_look_up_a_purged_request(client, organ, django_capture_on_commit_callbacks):
    request = closed_long_ago(organ)
    code = request.set_new_lookup_code()
    request.save(update_fields=["lookup_code_hash"])
    with django_capture_on_commit_callbacks(execute=True):
        purge()
    response = client.post(
        reverse("applications:lookup"), {"tracking_number": request.tracking_number, "lookup_code": code}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert request.tracking_number in html and "已答复" in html and "（一）予以公开" in html
    assert traces(request, html) == []


def test_staff_see_the_purge_and_cannot_retype_the_data(clerk, organ, django_capture_on_commit_callbacks):
    request = closed_long_ago(organ)
    with django_capture_on_commit_callbacks(execute=True):
        purge()
    html = clerk.get(reverse("admin:applications_informationrequest_change", args=[request.pk])).content.decode()
    assert "个人信息已按保存期限清除" in html and "2026年12月10日" in html and "已清除" in html
    assert 'name="name"' not in html and 'name="phone"' not in html
    assert traces(request, html) == []


def test_dates_and_numbers_of_events_survive_a_requester_named_like_them(
    client, organ, django_capture_on_commit_callbacks
):
    """The review's case: a requester named "20" turned period_end 2019-03-20 into ***19-03-***, and
    the status page then failed."""
    request = make_request(name="20")
    services.send_correction_notice(
        request=request, date=D(2019, 3, 6), items="请补正申请人20的身份证明", period_end=D(2019, 3, 20)
    )
    services.record_supplement(request=request, date=D(2019, 3, 8))
    answer_with_letter(request=request, outcome="1", legal_basis="条例第三十六条第（一）项", reply_date=D(2019, 3, 20))
    code = request.set_new_lookup_code()
    request.save(update_fields=["lookup_code_hash"])
    with django_capture_on_commit_callbacks(execute=True):
        purge()
    notice = request.events.get(kind="correction_notice")
    assert notice.data["period_end"] == "2019-03-20"
    assert "20" not in notice.note.replace("2019", "")  # the free text is scrubbed
    response = client.post(
        reverse("applications:lookup"), {"tracking_number": request.tracking_number, "lookup_code": code}
    )
    assert response.status_code == 200
