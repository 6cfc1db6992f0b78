import datetime as dt
import io
from pathlib import Path

import docx
import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from applications import letters
from applications.models import Outcome, RequestEvent
from tests.factories import InformationRequestFactory, OrganFactory

pytestmark = pytest.mark.django_db

D = dt.date
# The remedy notice names the organ's 行政复议机关 and court (tests/applications/test_letters_appeal_bodies.py).
REMEDY = (
    "如对本答复不服，可以自收到本告知书之日起60日内依法向测试市人民政府申请行政复议，"
    "或者自收到本告知书之日起6个月内依法向测试市港口区人民法院提起行政诉讼。"
)

# The article each result must cite (docs/rules.md §1.3).
ARTICLES = {
    Outcome.DISCLOSED: ["第三十六条第（二）项"],
    Outcome.PARTIAL: ["第三十七条"],
    Outcome.SECRET: ["第十四条", "国家秘密"],
    Outcome.PROHIBITED: ["第十四条", "法律、行政法规禁止公开"],
    Outcome.SECURITY: ["第十四条", "国家安全、公共安全、经济安全、社会稳定"],
    Outcome.THIRD_PARTY: ["第十五条", "第三方合法权益"],
    Outcome.INTERNAL: ["第十六条第一款", "内部事务信息"],
    Outcome.PROCESS: ["第十六条第二款", "过程性信息"],
    Outcome.ENFORCEMENT: ["第十六条第二款", "行政执法案卷"],
    Outcome.ADMIN_QUERY: ["第三十六条第（七）项"],
    Outcome.NOT_HELD: ["第三十六条第（四）项", "第三十六条第（五）项"],
    Outcome.NEEDS_CREATION: ["第三十八条", "加工、分析"],
    Outcome.STILL_UNCLEAR: ["第三十条", "仍不明确"],
    Outcome.PETITION: ["第三十九条第一款", "信访、投诉、举报"],
    Outcome.REPEATED: ["第三十六条第（六）项", "不予重复处理"],
    Outcome.PUBLICATION: ["第三十九条第二款", "公开出版物"],
    Outcome.EXCESSIVE: ["第三十五条"],
    Outcome.CONFIRMATION: ["确认或者重新出具"],
    Outcome.NO_CORRECTION: ["第三十条", "逾期未补正", "视为放弃申请"],
    Outcome.NO_PAYMENT: ["信息处理费", "国办函〔2020〕109号", "视为放弃申请"],
    Outcome.OTHER: ["不再处理"],
}


def test_every_outcome_has_its_expected_article():
    assert set(ARTICLES) == set(Outcome)


@pytest.fixture
def organ():
    return OrganFactory(
        name="测试市行政审批局",
        office_name="政务公开和信息科",
        phone="0770-2828077",
        reconsideration_body="测试市人民政府",
        litigation_court="测试市港口区人民法院",
    )


@pytest.fixture
def info_request():
    return InformationRequestFactory(
        name="王小明", received_on=D(2026, 3, 2), description="请公开2026年本局行政许可事项办理情况统计表。"
    )


@pytest.mark.parametrize("outcome", list(Outcome), ids=[o.value for o in Outcome])
def test_draft_cites_the_article_of_its_result_and_the_remedies(outcome, organ, info_request):
    letter = letters.draft_letter(
        request=info_request,
        outcome=outcome,
        legal_basis="依据《中华人民共和国政府信息公开条例》的有关规定。",
        reply_date=D(2026, 3, 20),
        organ=organ,
    )
    assert letter.pk is None
    assert letter.outcome == outcome
    assert letter.title == f"关于政府信息公开申请（{info_request.tracking_number}）的答复告知书"
    for phrase in ARTICLES[outcome]:
        assert phrase in letter.body, phrase
    body = letter.body
    assert body.startswith("王小明：\n\n")
    assert "2026年3月2日收到您提出的政府信息公开申请" in body
    assert f"申请编号：{info_request.tracking_number}" in body
    assert "“请公开2026年本局行政许可事项办理情况统计表”" in body
    assert "依据《中华人民共和国政府信息公开条例》的有关规定。" in body
    assert "60日" in body and "6个月" in body
    assert REMEDY in body
    assert body.endswith(f"{REMEDY}\n\n测试市行政审批局\n2026年3月20日\n")
    assert "请与本机关政务公开和信息科联系，联系电话：0770-2828077。" in body
    # plain text: quotes and angle brackets stay as typed, no HTML escaping
    assert "&" not in body and "<" not in body
    assert "\n\n\n" not in body


def test_organisation_is_addressed_by_its_name(organ):
    request = InformationRequestFactory(
        applicant_type="organisation",
        organisation_kind="legal_services",
        name="广西某某律师事务所",
        uscc="",
        received_on=D(2026, 3, 2),
    )
    body = letters.draft_letter(request=request, outcome=Outcome.DISCLOSED, legal_basis="x", organ=organ).body
    assert body.startswith("广西某某律师事务所：")
    assert "收到贵单位提出的政府信息公开申请" in body
    assert "您" not in body


def test_natural_person_is_addressed_by_name(organ, info_request):
    body = letters.draft_letter(request=info_request, outcome=Outcome.DISCLOSED, legal_basis="x", organ=organ).body
    assert body.startswith("王小明：")
    assert "贵单位" not in body


def test_legal_basis_defaults_to_the_requests_and_blank_is_marked(organ, info_request):
    info_request.legal_basis = "《中华人民共和国政府信息公开条例》第三十六条第（二）项"
    letter = letters.draft_letter(request=info_request, outcome=Outcome.DISCLOSED, organ=organ)
    assert "答复依据：《中华人民共和国政府信息公开条例》第三十六条第（二）项" in letter.body

    info_request.legal_basis = ""
    letter = letters.draft_letter(request=info_request, outcome=Outcome.DISCLOSED, organ=organ)
    assert "【答复的具体理由和依据】" in letters.unfilled_placeholders(letter.body)


def test_draft_uses_the_default_organ_and_today(organ, info_request):
    with time_machine.travel(dt.datetime(2026, 4, 1, 2, 0, tzinfo=dt.UTC), tick=False):
        letter = letters.draft_letter(request=info_request, outcome=Outcome.DISCLOSED, legal_basis="x")
    assert letter.body.endswith("测试市行政审批局\n2026年4月1日\n")


def test_unknown_outcome_is_refused(info_request):
    with pytest.raises(ValidationError) as exc:
        letters.draft_letter(request=info_request, outcome="9.9", legal_basis="x")
    assert exc.value.code == "outcome_invalid"


def test_third_party_letter_mentions_the_consultation_when_there_was_one(organ, info_request):
    without = letters.draft_letter(request=info_request, outcome=Outcome.THIRD_PARTY, legal_basis="x", organ=organ)
    assert "第三十二条" not in without.body
    RequestEvent.objects.create(request=info_request, kind=RequestEvent.Kind.CONSULTATION_SENT, date=D(2026, 3, 5))
    consulted = letters.draft_letter(request=info_request, outcome=Outcome.THIRD_PARTY, legal_basis="x", organ=organ)
    assert "第十五条、第三十二条" in consulted.body and "第三方不同意公开且有合理理由" in consulted.body
    # whether the third party objected or stayed silent (Art. 32) is the reviewer's to state: a blank
    # the answer step refuses to send unfilled
    assert letters.unfilled_placeholders(consulted.body)


def test_lapse_letters_use_the_recorded_notice_dates_and_amount(organ, info_request):
    RequestEvent.objects.create(
        request=info_request,
        kind=RequestEvent.Kind.CORRECTION_NOTICE,
        date=D(2026, 3, 6),
        data={"period_end": "2026-03-20"},
    )
    body = letters.draft_letter(request=info_request, outcome=Outcome.NO_CORRECTION, legal_basis="x", organ=organ).body
    assert "已于2026年3月6日" in body and "（至2026年3月20日）" in body

    info_request.fee_notice_on, info_request.fee_amount = D(2026, 3, 10), 300
    body = letters.draft_letter(request=info_request, outcome=Outcome.NO_PAYMENT, legal_basis="x", organ=organ).body
    assert "已于2026年3月10日向您发出收费通知，告知应缴纳信息处理费300元" in body


def test_withdrawal_letter_states_the_date(organ, info_request):
    RequestEvent.objects.create(request=info_request, kind=RequestEvent.Kind.WITHDRAWN, date=D(2026, 3, 9))
    body = letters.draft_letter(request=info_request, outcome=Outcome.OTHER, legal_basis="x", organ=organ).body
    assert "您已于2026年3月9日撤回该政府信息公开申请" in body
    assert not letters.unfilled_placeholders(body)


def test_disclosed_letter_follows_the_delivery_asked_for(organ, info_request):
    body = letters.draft_letter(request=info_request, outcome=Outcome.DISCLOSED, legal_basis="x", organ=organ).body
    assert "以电子邮件方式向您提供该政府信息的电子件" in body
    info_request.delivery, info_request.form_wanted = "pickup", "paper"
    body = letters.draft_letter(request=info_request, outcome=Outcome.DISCLOSED, legal_basis="x", organ=organ).body
    assert "到本机关政务公开和信息科（地址：测试市港口区北部湾大道148号）领取该政府信息的纸质件" in body


def test_multiline_description_is_quoted_as_one_run(organ):
    request = InformationRequestFactory(description="1. 2025年许可统计表\n\n2. 2026年许可统计表。\n")
    body = letters.draft_letter(request=request, outcome=Outcome.DISCLOSED, legal_basis="x", organ=organ).body
    assert "申请获取“1. 2025年许可统计表；2. 2026年许可统计表”。" in body


# ---------------------------------------------------------------------------
# DOCX and storage
# ---------------------------------------------------------------------------


def _saved_letter(request, organ, outcome=Outcome.DISCLOSED):
    letter = letters.draft_letter(
        request=request, outcome=outcome, legal_basis="条例第三十六条第（二）项", reply_date=D(2026, 3, 20), organ=organ
    )
    letter.save()
    return letter


@pytest.mark.parametrize("outcome", list(Outcome), ids=[o.value for o in Outcome])
def test_docx_opens_and_holds_title_number_and_remedy(outcome, organ, info_request):
    letter = letters.draft_letter(request=info_request, outcome=outcome, legal_basis="x", organ=organ)
    document = docx.Document(io.BytesIO(letters.render_docx(letter, organ)))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == letter.title
    assert texts[1] == f"申请编号：{info_request.tracking_number}"
    assert REMEDY in texts
    assert texts[2] == "王小明："
    for phrase in ARTICLES[outcome]:
        assert any(phrase in text for text in texts), phrase


def test_docx_layout_title_centred_bold_signature_right_and_chinese_font(organ, info_request):
    letter = _saved_letter(info_request, organ)
    document = docx.Document(io.BytesIO(letters.render_docx(letter)))
    paragraphs = document.paragraphs
    title = paragraphs[0]
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(run.bold for run in title.runs)
    assert paragraphs[-2].text == "测试市行政审批局" and paragraphs[-1].text == "2026年3月20日"
    assert paragraphs[-2].alignment == paragraphs[-1].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    # the signature is laid out once, not repeated as a body paragraph
    assert [p.text for p in paragraphs].count("测试市行政审批局") == 1
    fonts = title.runs[0]._element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "宋体"
    normal = document.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == "宋体"


def test_edited_body_without_signature_gets_one_from_the_organ(organ, info_request):
    letter = _saved_letter(info_request, organ)
    letter.body = "王小明：\n\n经审查，予以公开。\n\n" + REMEDY + "\n"
    letter.sent_on = D(2026, 3, 21)
    parts = letters.layout(letter, organ)
    assert parts.salutation == "王小明："
    assert parts.paragraphs == ["经审查，予以公开。", REMEDY]
    assert parts.signature == ["测试市行政审批局", "2026年3月21日"]


def test_store_docx_keeps_the_file_private(organ, info_request, settings):
    letter = _saved_letter(info_request, organ)
    letters.store_docx(letter, organ)
    letter.refresh_from_db()
    path = Path(letter.docx.path)
    assert path.is_file()
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT))
    assert path.name == f"答复告知书-{info_request.tracking_number}.docx"
    with pytest.raises(ValueError):
        _ = letter.docx.url
    with letter.docx.open("rb") as fh:
        document = docx.Document(fh)
    assert document.paragraphs[0].text == letter.title


def test_store_docx_replaces_a_drafts_file_but_not_a_sent_one(organ, info_request):
    letter = _saved_letter(info_request, organ)
    letters.store_docx(letter, organ)
    first = Path(letter.docx.path)
    letter.body = letter.body.replace("予以公开", "予以公开（已修改）")
    letters.store_docx(letter, organ)
    assert not first.exists() or first == Path(letter.docx.path)
    assert len(list(Path(letter.docx.path).parent.iterdir())) == 1

    letter.sent_on = D(2026, 3, 20)
    letter.save()
    with pytest.raises(ValidationError) as exc:
        letters.store_docx(letter, organ)
    assert exc.value.code == "letter_sent"


def test_every_outcome_has_a_group_template():
    for outcome in Outcome:
        assert letters.template_for(outcome).startswith("applications/letters/")


# ---------------------------------------------------------------------------
# Printable page
# ---------------------------------------------------------------------------


def test_printable_page_shows_the_letter_with_one_h1_and_a_print_button(organ, info_request, rf):
    letter = _saved_letter(info_request, organ)
    html = render_to_string(
        "applications/reply_letter.html", letters.letter_context(letter, organ), request=rf.get("/")
    )
    assert html.count("<h1") == 1
    assert letter.title in html
    assert f"申请编号：{info_request.tracking_number}" in html
    assert '<p class="salutation">王小明：</p>' in html
    assert "<p>" + REMEDY + "</p>" in html
    assert '<p class="signature">测试市行政审批局<br>2026年3月20日</p>' in html
    assert "data-print" in html
    assert '<article class="letter">' in html
    # no applicant data beyond the letter itself
    assert info_request.phone not in html and info_request.id_number not in html


def test_printable_page_falls_back_to_the_stored_body(organ, info_request, rf):
    letter = _saved_letter(info_request, organ)
    html = render_to_string("applications/reply_letter.html", {"letter": letter}, request=rf.get("/"))
    assert REMEDY in html and html.count("<h1") == 1


def test_text_added_below_the_signature_stays_below_it(organ, info_request, rf):
    letter = _saved_letter(info_request, organ)
    letter.body += "\n抄送：测试市人民政府办公室\n"
    parts = letters.layout(letter, organ)
    assert parts.signature == ["测试市行政审批局", "2026年3月20日"]
    assert parts.paragraphs[-1] == REMEDY
    assert parts.after == ["抄送：测试市人民政府办公室"]
    texts = [p.text for p in docx.Document(io.BytesIO(letters.render_docx(letter, organ))).paragraphs]
    assert texts.count("测试市行政审批局") == 1
    assert texts[-1] == "抄送：测试市人民政府办公室"
    html = render_to_string(
        "applications/reply_letter.html", letters.letter_context(letter, organ), request=rf.get("/")
    )
    assert html.index("2026年3月20日</p>") < html.index("抄送：测试市人民政府办公室")


def test_signature_split_by_a_blank_line_is_still_one_block(organ, info_request):
    letter = _saved_letter(info_request, organ)
    letter.body = letter.body.replace("测试市行政审批局\n2026年3月20日", "测试市行政审批局\n\n2026年3月20日")
    parts = letters.layout(letter, organ)
    assert parts.signature == ["测试市行政审批局", "2026年3月20日"]
    assert parts.paragraphs[-1] == REMEDY
