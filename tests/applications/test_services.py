import datetime as dt
import uuid

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from applications import services
from applications.forms import ConfirmReceiptForm, StaffRequestForm
from applications.models import InformationRequest, RequestEvent
from tests.factories import InformationRequestFactory

pytestmark = pytest.mark.django_db

D = dt.date

FORM_DATA = {
    "applicant_type": "natural_person",
    "name": "王小明",
    "id_type": "resident_id",
    "id_number": "11010519491231002X",
    "phone": "13800138000",
    "email": "wxm@example.cn",
    "description": "请公开2026年本局行政许可事项办理情况统计表。",
    "form_wanted": "electronic",
    "delivery": "email",
}


@time_machine.travel(dt.datetime(2026, 9, 19, 10, 0, tzinfo=dt.UTC), tick=False)
def test_online_request_gets_number_code_proposed_receipt_and_deadline():
    request, code = services.submit_online_request(data=FORM_DATA, form_token=uuid.uuid4())
    assert request.tracking_number == "2026-000001"
    assert request.check_lookup_code(code) and request.check_lookup_code(code.lower())
    assert not request.check_lookup_code("WRONGCODE2")
    assert code not in request.lookup_code_hash
    # Saturday 09-19: the proposed receipt day is the worked Sunday 09-20, awaiting confirmation
    assert request.received_on == D(2026, 9, 20) and not request.receipt_confirmed
    # 09-21..24 = 4, 28..30 = 7, 10-08..10 = 10, 12..16 = 15, 19..23 = 20
    assert request.due_date == D(2026, 10, 23)
    assert request.status == InformationRequest.Status.PENDING
    assert list(request.events.values_list("kind", flat=True)) == ["submitted"]


def test_tracking_numbers_are_sequential_per_year():
    with time_machine.travel(dt.datetime(2026, 12, 31, 15, 0, tzinfo=dt.UTC), tick=False):  # 23:00 in Shanghai
        first, _ = services.submit_online_request(data=FORM_DATA)
        second, _ = services.submit_online_request(data=FORM_DATA)
    with time_machine.travel(dt.datetime(2026, 12, 31, 16, 30, tzinfo=dt.UTC), tick=False):  # 00:30 on 2027-01-01
        third, _ = services.submit_online_request(data=FORM_DATA)
    assert [first.tracking_number, second.tracking_number, third.tracking_number] == [
        "2026-000001",
        "2026-000002",
        "2027-000001",
    ]
    assert third.deadline_provisional  # 2027 is in no calendar yet


def test_same_form_token_creates_one_request():
    token = uuid.uuid4()
    first, code = services.submit_online_request(data=FORM_DATA, form_token=token)
    again, no_code = services.submit_online_request(data=FORM_DATA, form_token=token)
    assert again.pk == first.pk and code and no_code is None
    assert InformationRequest.objects.count() == 1


def test_confirm_receipt_sets_date_and_recomputes():
    with time_machine.travel(dt.datetime(2026, 9, 19, 2, 0, tzinfo=dt.UTC), tick=False):
        request, _ = services.submit_online_request(data=FORM_DATA)
    services.confirm_receipt(request=request, received_on=D(2026, 9, 22))
    request.refresh_from_db()
    assert request.receipt_confirmed and request.status == InformationRequest.Status.IN_PROGRESS
    # 09-23, 24 = 2, 28..30 = 5, 10-08..10 = 8, 12..16 = 13, 19..23 = 18, 26, 27 = 20
    assert request.due_date == D(2026, 10, 27)
    with pytest.raises(ValidationError) as exc:
        services.confirm_receipt(request=request, received_on=D(2026, 9, 18))
    assert exc.value.code == "receipt_before_submission"


def test_offline_request_uses_its_receipt_date():
    request, code = services.record_offline_request(data=FORM_DATA, channel="mail", received_on=D(2026, 1, 30))
    assert request.receipt_confirmed and request.due_date == D(2026, 3, 5) and code
    assert request.events.get().kind == RequestEvent.Kind.RECEIVED


# --- clock events: allowed and refused -------------------------------------------------


@pytest.fixture
def request_0915():
    return InformationRequestFactory(received_on=D(2026, 9, 15))


def test_extension_is_recorded_once(request_0915):
    services.record_clock_event(
        request=request_0915, kind="extension", date=D(2026, 10, 16), days=20, approver="张科长"
    )
    request_0915.refresh_from_db()
    assert request_0915.due_date == D(2026, 11, 16)
    with pytest.raises(ValidationError) as exc:
        services.record_clock_event(
            request=request_0915, kind="extension", date=D(2026, 10, 20), days=5, approver="张科长"
        )
    assert exc.value.code == "second_extension"


@pytest.mark.parametrize(
    ("kind", "data", "code"),
    [
        ("extension", {"days": 21, "approver": "张科长"}, "extension_days"),
        ("extension", {"days": 10, "approver": " "}, "extension_approver"),
        ("correction_notice", {}, "correction_period_missing"),
        ("correction_received", {}, "no_correction_notice"),
        ("consultation_reply", {}, "no_open_consultation"),
        ("fee_paid", {}, "no_fee_notice"),
        ("custom_deadline", {"due_date": "2026-12-01"}, "custom_reason_missing"),
        ("custom_deadline", {"reason": "数量过多"}, "custom_date_missing"),
        ("custom_deadline", {"due_date": "2026-10-19", "reason": "数量过多"}, "custom_not_later"),
        ("answered", {}, "not_a_clock_event"),
    ],
)
def test_unlawful_clock_events_are_refused(request_0915, kind, data, code):
    with pytest.raises(ValidationError) as exc:
        services.record_clock_event(request=request_0915, kind=kind, date=D(2026, 9, 20), **data)
    assert exc.value.code == code
    assert not request_0915.events.filter(kind=kind).exists()


@pytest.mark.parametrize(
    ("kind", "date", "data", "code"),
    [
        ("extension", D(2026, 10, 20), {"days": 20, "approver": "张科长"}, "extension_after_due"),
        ("custom_deadline", D(2026, 10, 20), {"due_date": "2026-12-15", "reason": "数量过多"}, "custom_after_due"),
        # 7 working days from 09-15: 16, 17, 18, 20 (worked Sun), 21, 22, 23 → 09-23
        ("correction_notice", D(2026, 9, 24), {"period_end": "2026-10-30"}, "correction_notice_late"),
    ],
)
def test_events_after_their_time_limit_are_refused(request_0915, kind, date, data, code):
    assert request_0915.due_date == D(2026, 10, 19) and request_0915.correction_due_date == D(2026, 9, 23)
    with pytest.raises(ValidationError) as exc:
        services.record_clock_event(request=request_0915, kind=kind, date=date, **data)
    assert exc.value.code == code


def test_event_before_receipt_is_refused(request_0915):
    with pytest.raises(ValidationError) as exc:
        services.record_clock_event(request=request_0915, kind="consultation_sent", date=D(2026, 9, 14))
    assert exc.value.code == "before_receipt"


def test_correction_cycle_sets_status_and_restarts(db):
    request = InformationRequestFactory(received_on=D(2026, 2, 10))
    services.record_clock_event(
        request=request, kind="correction_notice", date=D(2026, 2, 12), period_end=D(2026, 3, 6)
    )
    request.refresh_from_db()
    assert request.status == "awaiting_correction" and request.due_date is None
    assert request.deadline_state == "awaiting_correction"
    assert request.correction_due_date == D(2026, 2, 26)
    with pytest.raises(ValidationError):
        services.record_clock_event(
            request=request, kind="correction_notice", date=D(2026, 2, 13), period_end=D(2026, 3, 6)
        )
    services.record_clock_event(request=request, kind="correction_received", date=D(2026, 3, 2))
    request.refresh_from_db()
    assert request.status == "in_progress" and request.due_date == D(2026, 3, 30)


def test_consultation_pause_then_resume(request_0915):
    services.record_clock_event(request=request_0915, kind="consultation_sent", date=D(2026, 9, 22))
    request_0915.refresh_from_db()
    # counted to the 15-day limit of the consultation (10-20) while it is open
    assert request_0915.due_date == D(2026, 11, 9) and request_0915.deadline_state == "paused"
    services.record_clock_event(request=request_0915, kind="consultation_reply", date=D(2026, 10, 9))
    request_0915.refresh_from_db()
    assert request_0915.due_date == D(2026, 10, 28) and request_0915.deadline_state == "running"


# --- calendar entry recomputes what depends on it --------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_submissions_get_distinct_sequential_tracking_numbers():
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("row locks are what this test exercises; SQLite serialises writers by itself")
    workers, per_worker = 6, 4
    barrier = threading.Barrier(workers)
    errors = []

    def work():
        try:
            barrier.wait()
            for _ in range(per_worker):
                services.submit_online_request(data=FORM_DATA, form_token=uuid.uuid4())
        except Exception as exc:  # surfaced in the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    sequences = sorted(InformationRequest.objects.values_list("tracking_sequence", flat=True))
    assert sequences == list(range(1, workers * per_worker + 1))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_double_submit_creates_one_request_and_no_error():
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent transactions")
    token = uuid.uuid4()
    barrier = threading.Barrier(4)
    results, errors = [], []

    def work():
        try:
            barrier.wait()
            results.append(services.submit_online_request(data=FORM_DATA, form_token=token))
        except Exception as exc:  # surfaced in the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert InformationRequest.objects.count() == 1
    assert len({request.pk for request, _code in results}) == 1
    assert sum(code is not None for _request, code in results) == 1


def test_recompute_deadlines_command_refreshes_stale_dates():
    from django.core.management import call_command

    request = InformationRequestFactory(received_on=D(2026, 9, 15))
    InformationRequest.objects.filter(pk=request.pk).update(due_date=D(2026, 10, 1), deadline_provisional=True)
    call_command("recompute_deadlines")
    request.refresh_from_db()
    assert request.due_date == D(2026, 10, 19) and not request.deadline_provisional
    assert request.events.filter(kind="deadline_recomputed").count() == 1


def test_online_lookup_codes_are_unguessable_and_repeat_only_for_their_own_form():
    # Derived from the form token with the secret key: the same for the same form, and unlike
    # anything a visitor can compute (different tokens, different codes; the alphabet has no 0/O/1/I).
    first, second = uuid.uuid4(), uuid.uuid4()
    code = InformationRequest.derived_lookup_code(first)
    assert code == InformationRequest.derived_lookup_code(first)
    assert code != InformationRequest.derived_lookup_code(second)
    assert len(code) == 10 and set(code) <= set(InformationRequest.LOOKUP_CODE_ALPHABET)
    codes = {InformationRequest.derived_lookup_code(uuid.uuid4()) for _ in range(2000)}
    assert len(codes) == 2000
    assert len(set("".join(codes))) == len(InformationRequest.LOOKUP_CODE_ALPHABET)


@pytest.mark.django_db
def test_a_repeated_form_gets_its_code_again_only_within_the_receipt_period(settings):
    token = uuid.uuid4()
    request, code = services.submit_online_request(data=FORM_DATA, form_token=token)
    again, no_code = services.submit_online_request(data=FORM_DATA, form_token=token)
    assert no_code is None and again.pk == request.pk
    assert services.repeat_receipt_code(form_token=token, request=again) == code
    assert services.repeat_receipt_code(form_token=uuid.uuid4(), request=again) is None
    with time_machine.travel(request.submitted_at + dt.timedelta(seconds=services.REPEAT_RECEIPT_SECONDS + 1)):
        assert services.repeat_receipt_code(form_token=token, request=again) is None
    # A new secret key: the derived code no longer matches the stored hash, so none is shown.
    settings.SECRET_KEY = "another-secret-key-0123456789abcdefghijklmnopqrstuvwxyz-0123"
    assert services.repeat_receipt_code(form_token=token, request=again) is None


# --- receipt dates on every channel (docs/rules.md §1.4) ---------------------------------


@pytest.mark.parametrize(
    ("received_on", "code"),
    [
        (D(2018, 6, 6), "receipt_before_regulation"),  # accepted by staff entry before the rules applied here
        (D(2019, 5, 14), "receipt_before_regulation"),
        (D(2026, 12, 8), "receipt_in_future"),
    ],
)
@time_machine.travel(dt.datetime(2026, 12, 7, 2, 0, tzinfo=dt.UTC), tick=False)
def test_offline_entry_refuses_a_receipt_date_the_rules_refuse(received_on, code):
    with pytest.raises(ValidationError) as exc:
        services.record_offline_request(data=FORM_DATA, channel="mail", received_on=received_on)
    assert exc.value.code == code
    assert not InformationRequest.objects.exists()


@time_machine.travel(dt.datetime(2026, 12, 7, 2, 0, tzinfo=dt.UTC), tick=False)
def test_offline_entry_accepts_the_first_day_of_the_regulation_and_today():
    for received_on in (D(2019, 5, 15), D(2026, 12, 7)):
        request, _code = services.record_offline_request(data=FORM_DATA, channel="mail", received_on=received_on)
        assert request.received_on == received_on


@pytest.mark.parametrize(
    ("received_on", "code"), [(D(2026, 12, 8), "receipt_in_future"), (D(2019, 5, 14), "receipt_before_regulation")]
)
def test_confirming_a_receipt_refuses_a_date_the_rules_refuse(received_on, code):
    with time_machine.travel(dt.datetime(2026, 12, 5, 2, 0, tzinfo=dt.UTC), tick=False):  # Saturday
        request, _ = services.submit_online_request(data=FORM_DATA)
    with (
        time_machine.travel(dt.datetime(2026, 12, 7, 2, 0, tzinfo=dt.UTC), tick=False),
        pytest.raises(ValidationError) as exc,
    ):
        services.confirm_receipt(request=request, received_on=received_on)
    assert exc.value.code == code
    request.refresh_from_db()
    assert not request.receipt_confirmed


def test_confirming_a_receipt_tells_the_requester(mailoutbox, django_capture_on_commit_callbacks):
    # One confirm_receipt for the admin, the demo and every other caller: each one e-mails.
    with time_machine.travel(dt.datetime(2026, 9, 19, 2, 0, tzinfo=dt.UTC), tick=False):
        request, _ = services.submit_online_request(data=FORM_DATA)
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_receipt(request=request, received_on=D(2026, 9, 22))
    assert [m.to for m in mailoutbox] == [[FORM_DATA["email"]]]
    assert "本机关确认2026年9月22日为收到申请之日，答复期限至2026年10月27日" in mailoutbox[0].body


@pytest.mark.parametrize("form_class", [StaffRequestForm, ConfirmReceiptForm])
@pytest.mark.parametrize(
    ("received_on", "code"), [("2018-06-06", "receipt_before_regulation"), ("2026-12-08", "receipt_in_future")]
)
@time_machine.travel(dt.datetime(2026, 12, 7, 2, 0, tzinfo=dt.UTC), tick=False)
def test_staff_forms_apply_the_same_rules_at_the_field(form_class, received_on, code):
    form = form_class(data={"received_on": received_on})
    assert not form.is_valid()
    assert [error.code for error in form.errors.as_data()["received_on"]] == [code]


@time_machine.travel(dt.datetime(2026, 12, 7, 2, 0, tzinfo=dt.UTC), tick=False)
def test_the_admin_refuses_to_record_a_request_received_in_2018(admin_client):
    response = admin_client.post(
        reverse("admin:applications_informationrequest_add"),
        {
            "channel": "mail",
            "received_on": "2018-06-06",
            "applicant_type": "natural_person",
            "name": "钱某",
            "id_type": "resident_id",
            "id_number": "11010519491231002X",
            "phone": "13800000000",
            "description": "请公开本局2018年部门预算。",
            "form_wanted": "paper",
            "delivery": "pickup",
        },
    )
    assert response.status_code == 200  # the form again, with the error at the date
    assert "收到申请之日早于2019年5月15日" in response.content.decode()
    assert not InformationRequest.objects.exists()
