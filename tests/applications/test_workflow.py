"""Every transition of the handling workflow, and its refusal (issue 4 item 1)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from applications import queries, services, stats
from applications.models import InformationRequest, Outcome, RequestEvent
from applications.services import answer_with_letter
from tests.factories import InformationRequestFactory

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def req():
    # received 2026-09-15: due 2026-10-19 (docs/rules.md §1.2's worked example)
    return InformationRequestFactory(received_on=D(2026, 9, 15))


def kinds(request):
    return list(request.events.values_list("kind", flat=True))


def test_answer_records_result_basis_and_timeliness(req, django_user_model):
    clerk = django_user_model.objects.create_user("clerk")
    done = answer_with_letter(
        request=req, outcome="1", legal_basis="条例第三十六条第（二）项", reply_date=D(2026, 10, 19), actor=clerk
    )
    assert done.status == "answered" and done.outcome == "1" and not done.answered_late
    assert done.answered_on == D(2026, 10, 19) and done.deadline_state == "stopped"
    event = done.events.get(kind="answered")
    assert event.actor == clerk and event.data == {"outcome": "1"}


def test_answer_after_the_due_date_is_late(req):
    done = answer_with_letter(
        request=req, outcome="4.1", legal_basis="条例第三十六条第（四）项", reply_date=D(2026, 10, 20)
    )
    assert done.answered_late


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"outcome": "", "legal_basis": "x"}, "outcome_invalid"),
        ({"outcome": "6.1", "legal_basis": "x"}, "outcome_invalid"),  # reached by mark_abandoned only
        ({"outcome": "9.9", "legal_basis": "x"}, "outcome_invalid"),
        ({"outcome": "1", "legal_basis": " "}, "legal_basis_missing"),
        ({"outcome": "1", "legal_basis": "x", "reply_date": D(2026, 9, 14)}, "reply_before_receipt"),
        ({"outcome": "1", "legal_basis": "x", "reply_date": D(2099, 1, 1)}, "reply_in_future"),
    ],
)
def test_answer_refusals(req, kwargs, code):
    kwargs.setdefault("reply_date", D(2026, 10, 9))
    with pytest.raises(ValidationError) as exc:
        answer_with_letter(request=req, **kwargs)
    assert exc.value.code == code
    req.refresh_from_db()
    assert req.is_open and not req.outcome


def test_unconfirmed_online_request_cannot_be_answered(req):
    req.receipt_confirmed = False
    req.save()
    with pytest.raises(ValidationError) as exc:
        answer_with_letter(request=req, outcome="1", legal_basis="x", reply_date=D(2026, 10, 9))
    assert exc.value.code == "receipt_unconfirmed"


@pytest.mark.parametrize(
    "action",
    [
        lambda r: answer_with_letter(request=r, outcome="1", legal_basis="x", reply_date=D(2026, 10, 9)),
        lambda r: services.withdraw(request=r, date=D(2026, 10, 9)),
        lambda r: services.approve_extension(request=r, date=D(2026, 10, 9), days=5, approver="张", reason="复杂"),
        lambda r: services.issue_fee_notice(request=r, date=D(2026, 10, 9), method="per_page", pages=50),
        lambda r: services.send_consultation(request=r, date=D(2026, 10, 9), party="第三方"),
    ],
)
def test_a_withdrawn_request_refuses_everything(req, action):
    services.withdraw(request=req, date=D(2026, 9, 20), reason="申请人电话撤回")
    req.refresh_from_db()
    assert req.status == "closed" and req.outcome == "6.3"
    with pytest.raises(ValidationError) as exc:
        action(req)
    assert exc.value.code == "request_closed"


def test_correction_then_abandonment(req):
    services.send_correction_notice(
        request=req, date=D(2026, 9, 18), items="请写明文件名称或文号", period_end=D(2026, 10, 9)
    )
    req.refresh_from_db()
    assert req.status == "awaiting_correction"
    with pytest.raises(ValidationError) as exc:
        services.mark_abandoned(request=req, date=D(2026, 10, 9))
    assert exc.value.code == "correction_period_running"
    done = services.mark_abandoned(request=req, date=D(2026, 10, 12))
    assert done.outcome == "6.1" and done.status == "closed" and done.answered_on == D(2026, 10, 12)
    assert "abandoned" in kinds(done)


def test_abandonment_needs_a_pending_correction(req):
    with pytest.raises(ValidationError) as exc:
        services.mark_abandoned(request=req, date=D(2026, 10, 12))
    assert exc.value.code == "not_awaiting_correction"


def test_correction_needs_items(req):
    with pytest.raises(ValidationError) as exc:
        services.send_correction_notice(request=req, date=D(2026, 9, 18), items=" ", period_end=D(2026, 10, 9))
    assert exc.value.code == "correction_items_missing"


def test_supplement_restarts(req):
    services.send_correction_notice(request=req, date=D(2026, 9, 18), items="写明文号", period_end=D(2026, 10, 9))
    services.record_supplement(request=req, date=D(2026, 9, 24))
    req.refresh_from_db()
    # 20 working days from 09-24 → 10-29 (docs/rules.md §1.2's example)
    assert req.status == "in_progress" and req.due_date == D(2026, 10, 29)


def test_consultation_needs_a_party_and_pauses(req):
    with pytest.raises(ValidationError):
        services.send_consultation(request=req, date=D(2026, 9, 22), party="")
    services.send_consultation(request=req, date=D(2026, 9, 22), party="防城港市某某公司")
    services.record_consultation_reply(request=req, date=D(2026, 10, 9), opinion="不同意公开")
    req.refresh_from_db()
    assert req.due_date == D(2026, 10, 28)
    assert req.events.get(kind="consultation_sent").data == {
        "party": "防城港市某某公司",
        "due": "2026-11-09",  # the deadline in force once it was recorded (services.clock.stamp_deadline)
        "due_provisional": False,
    }


def test_extension_needs_reason_and_is_once(req):
    with pytest.raises(ValidationError) as exc:
        services.approve_extension(request=req, date=D(2026, 10, 16), days=20, approver="张科长", reason="")
    assert exc.value.code == "extension_reason"
    services.approve_extension(request=req, date=D(2026, 10, 16), days=20, approver="张科长", reason="需调取档案")
    req.refresh_from_db()
    assert req.due_date == D(2026, 11, 16)
    with pytest.raises(ValidationError) as exc:
        services.approve_extension(request=req, date=D(2026, 10, 20), days=5, approver="张科长", reason="再延")
    assert exc.value.code == "second_extension"


def test_custom_deadline(req):
    services.set_custom_deadline(
        request=req, date=D(2026, 9, 30), due_date=D(2026, 12, 15), reason="数量明显超过合理范围"
    )
    req.refresh_from_db()
    assert req.due_date == D(2026, 12, 15) and req.deadline_state == "custom"


# --- fees ------------------------------------------------------------------------------------


def test_per_page_fee_notice_pays_and_resumes(req):
    done = services.issue_fee_notice(request=req, date=D(2026, 9, 22), method="per_page", pages=101)
    assert done.fee_amount == 720 and done.fee_notice_on == D(2026, 9, 22)
    with pytest.raises(ValidationError) as exc:
        services.issue_fee_notice(request=req, date=D(2026, 9, 23), method="per_page", pages=120)
    assert exc.value.code == "second_fee_notice"
    services.record_payment(request=req, date=D(2026, 9, 29))
    req.refresh_from_db()
    assert req.fee_paid_on == D(2026, 9, 29)
    # counted 16, 17, 18, 20, 21, 22 = 6; paused 23, 24, 28, 29; from 30 = 7, 10-08..10 = 10, 12..16 = 15, 19..23 = 20
    assert req.due_date == D(2026, 10, 23)
    with pytest.raises(ValidationError) as exc:
        services.record_payment(request=req, date=D(2026, 9, 30))
    assert exc.value.code == "no_fee_due"


def test_fee_below_threshold_is_refused(req):
    with pytest.raises(ValidationError) as exc:
        services.issue_fee_notice(request=req, date=D(2026, 9, 22), method="per_page", pages=30)
    assert exc.value.code == "fee_zero"
    with pytest.raises(ValidationError) as exc:
        services.issue_fee_notice(request=req, date=D(2026, 9, 22), method="per_page")
    assert exc.value.code == "fee_pages_missing"


def test_per_item_fee_counts_the_applicants_month():
    # The same applicant (same ID number) files 12 requests in September 2026; the 11th and 12th pay ¥100.
    requests = [
        InformationRequestFactory(received_on=D(2026, 9, 1 + i), id_number="360426199101010071") for i in range(12)
    ]
    InformationRequestFactory(received_on=D(2026, 8, 31), id_number="360426199101010071")  # other month
    InformationRequestFactory(received_on=D(2026, 9, 2))  # another applicant
    assert queries.items_earlier_in_month(requests[10]) == 10
    twelfth = services.issue_fee_notice(request=requests[11], date=D(2026, 9, 15), method="per_item")
    assert twelfth.fee_amount == 100
    with pytest.raises(ValidationError) as exc:
        services.issue_fee_notice(request=requests[3], date=D(2026, 9, 15), method="per_item")
    assert exc.value.code == "fee_zero"


def test_unpaid_fee_lapses_after_20_working_days(req):
    services.issue_fee_notice(request=req, date=D(2026, 9, 22), method="per_page", pages=40)
    # 20 working days from 09-22: 23, 24, 28, 29, 30 = 5; 10-08, 09, 10 = 8; 12..16 = 13; 19..23 = 18; 26, 27 = 20
    assert queries.payment_due(InformationRequest.objects.get(pk=req.pk)) == D(2026, 10, 27)
    with pytest.raises(ValidationError) as exc:
        services.record_fee_lapse(request=req, date=D(2026, 10, 27))
    assert exc.value.code == "payment_period_running"
    done = services.record_fee_lapse(request=req, date=D(2026, 10, 28))
    assert done.outcome == "6.2" and done.status == "closed"


def test_fee_totals_of_a_year(req):
    other = InformationRequestFactory(received_on=D(2026, 9, 15))
    services.issue_fee_notice(request=req, date=D(2026, 9, 22), method="per_page", pages=40)  # ¥100
    services.issue_fee_notice(request=other, date=D(2026, 9, 22), method="per_page", pages=101)  # ¥720
    services.record_payment(request=other, date=D(2026, 9, 25))
    assert stats.fee_totals(2026) == {
        "notices": 2,
        "amount": 820,
        "collected": 720,
        "amount_unknown": 0,  # every amount known (a register may lack them: test_register_fee_amounts)
        "collected_unknown": 0,
    }
    assert stats.fee_totals(2025) == {
        "notices": 0,
        "amount": 0,
        "collected": 0,
        "amount_unknown": 0,
        "collected_unknown": 0,
    }


# --- each result lands in its report row ------------------------------------------------------


@pytest.mark.parametrize("outcome", [o.value for o in Outcome])
def test_each_result_code_lands_in_its_report_row(outcome):
    organisation = InformationRequestFactory(
        received_on=D(2026, 3, 2),
        applicant_type="organisation",
        organisation_kind="research",
        uscc="91110000600037341L",
    )
    person = InformationRequestFactory(received_on=D(2026, 3, 2))
    for request in (organisation, person):
        if outcome == "6.1":
            services.send_correction_notice(
                request=request, date=D(2026, 3, 3), items="写明文号", period_end=D(2026, 3, 13)
            )
            services.mark_abandoned(request=request, date=D(2026, 3, 16))
        elif outcome == "6.2":
            services.issue_fee_notice(request=request, date=D(2026, 3, 3), method="per_page", pages=40)
            services.record_fee_lapse(request=request, date=D(2026, 4, 6))
        elif outcome == "6.3":
            services.withdraw(request=request, date=D(2026, 3, 10))
        elif outcome == "4.3":  # only after a 补正 that left the request unclear
            services.send_correction_notice(
                request=request, date=D(2026, 3, 3), items="写明文号", period_end=D(2026, 3, 13)
            )
            services.record_supplement(request=request, date=D(2026, 3, 6))
            answer_with_letter(request=request, outcome=outcome, legal_basis="依据", reply_date=D(2026, 3, 20))
        else:
            answer_with_letter(request=request, outcome=outcome, legal_basis="依据", reply_date=D(2026, 3, 20))
    counts = stats.result_counts(2026)
    assert list(counts) == [outcome]
    assert counts[outcome] == {
        "natural_person": 1,
        "commercial": 0,
        "research": 1,
        "public_interest": 0,
        "legal_services": 0,
        "other": 0,
        "total": 2,
    }
    assert stats.result_counts(2025) == {}


def test_result_counts_use_one_query(django_assert_num_queries):
    for i in range(5):
        answer_with_letter(
            request=InformationRequestFactory(received_on=D(2026, 3, 2)),
            outcome="1",
            legal_basis="x",
            reply_date=D(2026, 3, 9 + i),
        )
    with django_assert_num_queries(1):
        stats.result_counts(2026)


def test_requester_is_emailed_at_each_step(req, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_extension(request=req, date=D(2026, 10, 16), days=20, approver="张科长", reason="需调取档案")
    with django_capture_on_commit_callbacks(execute=True):
        answer_with_letter(request=req, outcome="1", legal_basis="x", reply_date=D(2026, 11, 2))
    assert [m.to for m in mailoutbox] == [[req.email], [req.email]]
    assert "延长20个工作日，至2026年11月16日" in mailoutbox[0].body
    assert "作出答复（予以公开），详见答复告知书" in mailoutbox[1].body and req.tracking_number in mailoutbox[1].subject
    assert req.name not in mailoutbox[1].body and req.id_number not in mailoutbox[1].body
    assert req.events.filter(kind=RequestEvent.Kind.NOTIFIED).count() == 2


def test_no_email_without_an_address(mailoutbox, django_capture_on_commit_callbacks):
    request = InformationRequestFactory(received_on=D(2026, 9, 15), email="")
    with django_capture_on_commit_callbacks(execute=True):
        answer_with_letter(request=request, outcome="1", legal_basis="x", reply_date=D(2026, 10, 9))
    assert mailoutbox == []


def test_an_answer_needs_its_letter(req):
    with pytest.raises(ValidationError) as exc:
        services.answer(request=req, outcome="1", legal_basis="x", reply_date=D(2026, 10, 9))
    assert exc.value.code == "letter_missing"


def test_no_answer_while_waiting_for_the_supplement(req):
    services.send_correction_notice(request=req, date=D(2026, 9, 18), items="写明文号", period_end=D(2026, 10, 9))
    with pytest.raises(ValidationError) as exc:
        answer_with_letter(request=req, outcome="1", legal_basis="x", reply_date=D(2026, 9, 25))
    assert exc.value.code == "not_in_progress"


def test_unclear_after_correction_needs_a_correction(req):
    with pytest.raises(ValidationError) as exc:
        answer_with_letter(request=req, outcome="4.3", legal_basis="条例第三十条", reply_date=D(2026, 10, 9))
    assert exc.value.code == "no_supplement"


@pytest.mark.parametrize(
    ("steps", "code"),
    [
        # a supplement dated before its notice
        (
            [
                lambda r: services.send_correction_notice(
                    request=r, date=D(2026, 9, 18), items="写明文号", period_end=D(2026, 10, 9)
                ),
                lambda r: services.record_supplement(request=r, date=D(2026, 9, 17)),
            ],
            "before_its_cause",
        ),
        # a reply dated before the consultation was sent
        (
            [
                lambda r: services.send_consultation(request=r, date=D(2026, 9, 22), party="某公司"),
                lambda r: services.record_consultation_reply(request=r, date=D(2026, 9, 21)),
            ],
            "before_its_cause",
        ),
        # payment after the 20-day payment period (notice 09-22 → last day 10-27)
        (
            [
                lambda r: services.issue_fee_notice(request=r, date=D(2026, 9, 22), method="per_page", pages=40),
                lambda r: services.record_payment(request=r, date=D(2026, 10, 28)),
            ],
            "payment_after_period",
        ),
        # a fee notice after the reply deadline (10-19)
        (
            [lambda r: services.issue_fee_notice(request=r, date=D(2026, 10, 20), method="per_page", pages=40)],
            "fee_notice_after_due",
        ),
        # a consultation or an extension while waiting for the supplement
        (
            [
                lambda r: services.send_correction_notice(
                    request=r, date=D(2026, 9, 18), items="写明文号", period_end=D(2026, 10, 9)
                ),
                lambda r: services.send_consultation(request=r, date=D(2026, 9, 22), party="某公司"),
            ],
            "not_in_progress",
        ),
        (
            [
                lambda r: services.send_correction_notice(
                    request=r, date=D(2026, 9, 18), items="写明文号", period_end=D(2026, 10, 9)
                ),
                lambda r: services.approve_extension(
                    request=r, date=D(2026, 9, 22), days=5, approver="张", reason="复杂"
                ),
            ],
            "not_in_progress",
        ),
    ],
)
def test_steps_out_of_order_are_refused(req, steps, code):
    *before, last = steps
    for step in before:
        step(req)
    with pytest.raises(ValidationError) as exc:
        last(req)
    assert exc.value.code == code


def test_receipt_is_confirmed_once(req):
    with pytest.raises(ValidationError) as exc:
        services.confirm_receipt(request=req, received_on=D(2026, 10, 10))
    assert exc.value.code == "already_confirmed"


def test_same_applicant_by_name_and_phone_when_an_entry_has_no_id():
    first = InformationRequestFactory(received_on=D(2026, 9, 1), id_number="", name="赵某", phone="13800001111")
    second = InformationRequestFactory(
        received_on=D(2026, 9, 2), id_number="360426199101010071", name="赵某", phone="13800001111"
    )
    assert queries.items_earlier_in_month(second) == 1
    assert queries.items_earlier_in_month(first) == 0


def test_closures_tell_the_requester(req, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw(request=req, date=D(2026, 9, 20))
    assert len(mailoutbox) == 1 and "您已撤回申请" in mailoutbox[0].body


def test_correction_notice_text_states_the_items_and_the_date(req, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.send_correction_notice(
            request=req, date=D(2026, 9, 18), items="请写明文件名称或文号", period_end=D(2026, 10, 9)
        )
    assert "请于2026年10月9日前（含当日）补正以下事项：请写明文件名称或文号" in mailoutbox[0].body


# --- answering with the letter (one service for the admin, the demo and tests) ----------------


def test_answer_with_letter_sends_the_edited_letter_and_stores_its_docx(req, django_user_model):
    clerk = django_user_model.objects.create_user("clerk")
    done = services.answer_with_letter(
        request=req,
        outcome="1",
        legal_basis="条例第三十六条第（二）项",
        reply_date=D(2026, 10, 19),
        title="  关于申请的答复  ",
        body="经查，您申请的信息予以公开。\n\n特此告知。",
        actor=clerk,
    )
    letter = done.letters.get()
    assert letter.title == "关于申请的答复" and letter.body == "经查，您申请的信息予以公开。\n\n特此告知。"
    assert letter.outcome == "1" and letter.sent_on == D(2026, 10, 19) and letter.sent_by == clerk
    assert letter.docx and letter.docx.name.endswith(".docx")
    assert done.status == "answered" and done.events.get(kind="answered").actor == clerk


def test_answer_with_letter_keeps_the_draft_when_nothing_was_edited(req):
    done = services.answer_with_letter(request=req, outcome="1", legal_basis="x", reply_date=D(2026, 10, 9), body=" ")
    letter = done.letters.get()
    assert letter.title == f"关于政府信息公开申请（{req.tracking_number}）的答复告知书"
    assert "予以公开" in letter.body and letter.docx


def test_a_refused_answer_with_letter_leaves_no_letter_behind(req):
    with pytest.raises(ValidationError) as exc:
        services.answer_with_letter(request=req, outcome="1", legal_basis=" ", reply_date=D(2026, 10, 9), body="正文")
    assert exc.value.code == "legal_basis_missing"
    assert not req.letters.exists()
