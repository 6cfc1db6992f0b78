"""A lapse closes the request with its 告知书 (issue 18 item 7): （六）1 no 补正 by the stated date
(Art. 30), （六）2 the fee unpaid in time (Art. 42, 国办函〔2020〕109号). The letter is drafted, dated
the day of the lapse and stored as DOCX in the step's transaction; it is recorded as sent only when no
【】 blank is left."""

import datetime as dt
import io
from pathlib import Path

import docx
import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from applications import letters, services
from applications.models import InformationRequest, Outcome, ReplyLetter
from tests.factories import InformationRequestFactory, OrganFactory

pytestmark = pytest.mark.django_db

D = dt.date
BODY = "测试市人民政府"
COURT = "测试市港口区人民法院"
REGULATION = "《中华人民共和国政府信息公开条例》"


def correction_lapse(request, **kwargs):
    services.send_correction_notice(
        request=request, date=D(2026, 9, 18), items="请写明文件名称或文号", period_end=D(2026, 10, 9)
    )
    return services.mark_abandoned(request=request, date=D(2026, 10, 12), **kwargs)


def fee_lapse(request, **kwargs):
    # ¥100 (40 pages); the last day to pay is 2026-10-27 (docs/rules.md §3)
    services.issue_fee_notice(request=request, date=D(2026, 9, 22), method="per_page", pages=40)
    return services.record_fee_lapse(request=request, date=D(2026, 10, 28), **kwargs)


# Which lapse gets which letter: its step, result, date, legal basis and the sentences of its body.
LAPSES = [
    pytest.param(
        correction_lapse,
        Outcome.NO_CORRECTION,
        D(2026, 10, 12),
        f"{REGULATION}第三十条",
        [
            "现告知如下：",
            f"本机关已于2026年9月18日依照{REGULATION}第三十条的规定，一次性告知您需要补正的事项和补正期限"
            "（至2026年10月9日）。您无正当理由逾期未补正。",
            "视为放弃申请，本机关不再处理该政府信息公开申请。",
            f"答复依据：{REGULATION}第三十条",
        ],
        id="6.1",
    ),
    pytest.param(
        fee_lapse,
        Outcome.NO_PAYMENT,
        D(2026, 10, 28),
        f"{REGULATION}第四十二条、《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
        [
            "现告知如下：",
            "本机关已于2026年9月22日向您发出收费通知，告知应缴纳信息处理费100元，缴费期限至2026年10月27日。"
            "您逾期未按收费通知要求缴纳费用。",
            "国办函〔2020〕109号",
            "视为放弃申请，本机关不再处理该政府信息公开申请。",
            f"答复依据：{REGULATION}第四十二条、《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
        ],
        id="6.2",
    ),
]


@pytest.fixture
def organ():
    return OrganFactory(name="测试市行政审批局", reconsideration_body=BODY, litigation_court=COURT)


@pytest.fixture
def req():
    return InformationRequestFactory(name="王小明", received_on=D(2026, 9, 15))


@pytest.mark.parametrize(("lapse", "outcome", "date", "basis", "sentences"), LAPSES)
def test_lapse_closes_with_its_letter_sent_and_stored(
    lapse, outcome, date, basis, sentences, organ, req, django_user_model
):
    clerk = django_user_model.objects.create_user("clerk")
    done = lapse(req, actor=clerk)
    assert (done.status, done.outcome, done.answered_on, done.legal_basis) == ("closed", outcome, date, basis)
    letter = ReplyLetter.objects.get(request=req)
    assert letter.outcome == outcome
    assert letter.title == letters.letter_title(req)
    assert (letter.sent_on, letter.sent_by) == (date, clerk)
    for sentence in sentences:
        assert sentence in letter.body, sentence
    assert letter.body.startswith("王小明：\n\n")
    assert f"依法向{BODY}申请行政复议" in letter.body and f"依法向{COURT}提起行政诉讼" in letter.body
    assert letter.body.endswith(f"测试市行政审批局\n{letters.cn_date(date)}\n")
    assert not letters.unfilled_placeholders(letter.body)
    with letter.docx.open("rb") as handle:
        texts = [p.text for p in docx.Document(io.BytesIO(handle.read())).paragraphs]
    assert texts[0] == letter.title and texts[-1] == letters.cn_date(date)
    assert any(sentences[1] in text for text in texts)


@pytest.mark.parametrize(("lapse", "outcome", "date", "basis", "sentences"), LAPSES)
def test_a_letter_with_blanks_stays_a_draft(lapse, outcome, date, basis, sentences, req):
    OrganFactory(name="测试市行政审批局")  # 行政复议机关 and court not entered
    done = lapse(req)
    assert done.status == "closed" and done.outcome == outcome  # the lapse is a fact; the letter waits
    letter = ReplyLetter.objects.get(request=req)
    assert not letter.is_sent and letter.sent_by is None
    assert letters.unfilled_placeholders(letter.body) == ["【行政复议机关】", "【行政诉讼管辖法院】"]
    assert letter.docx and Path(letter.docx.path).is_file()
    assert sentences[1] in letter.body


@pytest.mark.parametrize(("lapse", "outcome", "date", "basis", "sentences"), LAPSES)
def test_a_lapse_taken_over_from_a_register_writes_no_letter(lapse, outcome, date, basis, sentences, organ, req):
    done = lapse(req, with_letter=False)
    assert done.outcome == outcome and done.legal_basis == basis
    assert not ReplyLetter.objects.exists()


@pytest.mark.parametrize(("lapse", "outcome", "date", "basis", "sentences"), LAPSES)
def test_a_failing_letter_undoes_the_lapse(lapse, outcome, date, basis, sentences, organ, req, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(letters, "render_docx", broken)
    with pytest.raises(RuntimeError):
        lapse(req)
    req.refresh_from_db()
    assert req.is_open and req.outcome == "" and not ReplyLetter.objects.exists()
    assert not req.events.filter(kind__in=["abandoned", "fee_lapsed"]).exists()


@pytest.mark.parametrize(
    ("start", "lapse", "date", "code"),
    [
        pytest.param(
            lambda r: services.send_correction_notice(
                request=r, date=D(2026, 9, 18), items="写明文号", period_end=D(2026, 10, 9)
            ),
            services.mark_abandoned,
            D(2026, 10, 9),
            "correction_period_running",
            id="6.1",
        ),
        pytest.param(
            lambda r: services.issue_fee_notice(request=r, date=D(2026, 9, 22), method="per_page", pages=40),
            services.record_fee_lapse,
            D(2026, 10, 27),
            "payment_period_running",
            id="6.2",
        ),
    ],
)
def test_a_refused_lapse_leaves_no_letter(start, lapse, date, code, organ, req):
    start(req)
    with pytest.raises(ValidationError) as exc:
        lapse(request=req, date=date)
    assert exc.value.code == code
    assert InformationRequest.objects.get(pk=req.pk).is_open
    assert not ReplyLetter.objects.exists()


def test_a_closed_request_does_not_lapse_again(organ, req):
    correction_lapse(req)
    with pytest.raises(ValidationError) as exc:
        services.mark_abandoned(request=req, date=D(2026, 10, 13))
    assert exc.value.code == "request_closed"
    assert ReplyLetter.objects.count() == 1


def test_lapse_letters_are_refused_for_other_results(organ, req):
    with pytest.raises(ValidationError) as exc:
        letters.write_lapse_letter(req, date=D(2026, 10, 12))
    assert exc.value.code == "outcome_invalid"


@time_machine.travel(dt.datetime(2026, 10, 14, 2, 0, tzinfo=dt.UTC), tick=False)
def test_the_admin_step_writes_the_letter_and_lists_it(staff_client, organ, req):
    services.send_correction_notice(request=req, date=D(2026, 9, 18), items="写明文号", period_end=D(2026, 10, 9))
    url = reverse("admin:applications_informationrequest_act", args=[req.pk, "abandon"])
    assert staff_client.post(url, {"date": "2026-10-12"}).status_code == 302
    letter = ReplyLetter.objects.get(request=req)
    assert letter.sent_on == D(2026, 10, 12) and letter.docx
    change = reverse("admin:applications_informationrequest_change", args=[req.pk])
    html = staff_client.get(change).content.decode()
    assert reverse("admin:applications_replyletter_docx", args=[letter.pk]) in html
    assert "2026-10-12" in html
