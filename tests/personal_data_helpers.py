"""Shared pieces of the requesters' personal-data tests: the applicants, their values in every form, and the record (world).

The record is the demo slice plus requests whose applicants carry distinctive names, ID numbers,
phone numbers, e-mail addresses and addresses, some answered, one promoted to proactive disclosure
(Art. 44) and published, some appealed, and the year's annual report published.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import pytest
from django.core.files.base import ContentFile

from applications import services
from applications.models import Appeal, InformationRequest, RequestAttachment
from demo.requests import APPLICANTS, load_demo_requests
from disclosures import services as disclosure_services
from reports import services as report_services
from reports.models import AnnualReport
from tests import factories

D = dt.date

# ---------------------------------------------------------------------------
# The applicants: every value here is personal data and must never be public
# ---------------------------------------------------------------------------

PERSON = {
    "applicant_type": "natural_person",
    "name": "欧阳靖瑶",
    "id_type": "resident_id",
    "id_number": "450602198802141231",
    "phone": "13977712345",
    "email": "ouyang.jingyao@example.net",
    "address": "防城港市港口区渔洲坪路88号金海湾小区5栋302室",
}
SECOND_PERSON = {
    "applicant_type": "natural_person",
    "name": "司马怀瑾",
    "id_type": "resident_id",
    "id_number": "450681199211072465",
    "phone": "15877765432",
    "email": "sima_huaijin@example.org",
    "address": "东兴市江平镇巫头村十二组47号",
}
ORGANISATION = {
    "applicant_type": "organisation",
    "organisation_kind": "commercial",
    "name": "防城港市鸿澜庭贸易有限公司",
    "id_type": "",
    "id_number": "",
    "uscc": factories.make_company_uscc(20260917),
    "legal_representative": "诸葛明轩",
    "contact_person": "上官婉清",
    "phone": "0770-6123457",
    "email": "contact@honglanting.example.com",
    "address": "防城港市防城区珍珠湾大道1688号鸿澜大厦19楼",
}
LAWYER = {
    "applicant_type": "organisation",
    "organisation_kind": "legal_services",
    "name": "广西澄溪律师事务所",
    "id_type": "",
    "id_number": "",
    "uscc": factories.make_company_uscc(20260918),
    "legal_representative": "慕容清岚",
    "contact_person": "东方晓棠",
    "phone": "18677788123",
    "email": "murong@chengxi-law.example.cn",
    "address": "南宁市青秀区民族大道136号华润大厦C座2108",
}
PRIVATE_FILE = b"%PDF-1.4\n% PRIVATE-IDENTITY-SCAN-7f3a91 \n"
SECRET_REMARK = "承办人备注：申请人系本局退休职工家属"

ANSWERED = D(2025, 3, 20)


def full_width(value: str) -> str:
    """１３９７７７１２３４５: ASCII letters and digits as a Chinese input method may type them."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in value)


def _variants(key: str, value: str) -> set[str]:
    """A value and the forms it may take on a page, and the parts of it that identify on their own."""
    forms = {value}
    digits = re.sub(r"\D", "", value)
    if key == "id_number":  # the birth date and sequence number identify without the rest
        forms |= {value[6:17], value.lower(), f"{value[:6]} {value[6:14]} {value[14:]}", full_width(value)}
    if key == "phone" and re.fullmatch(r"1\d{10}", digits):  # a mobile number, also grouped
        grouped = {f"{digits[:3]} {digits[3:7]} {digits[7:]}", f"{digits[:3]}-{digits[3:7]}-{digits[7:]}"}
        forms |= grouped | {full_width(digits)}
    if key == "phone" and re.fullmatch(r"0\d{2,3}-\d{7,8}", value):  # a landline, also bracketed
        area, number = value.split("-")
        forms |= {f"({area}){number}", f"（{area}）{number}", f"{area}{number}"}
    if key == "email" and len(value.split("@")[0]) >= 8:  # a distinctive mailbox name (not "contact")
        forms.add(value.split("@")[0])
    if key == "address":
        forms.add(value[-10:])  # the street number, building and room
    return forms


PERSONAL_KEYS = ["name", "id_number", "uscc", "legal_representative", "contact_person", "phone", "email", "address"]


def canonical_values(*applicants) -> list[str]:
    """Each personal value once, as the requester gave it (what the crawl searches for)."""
    return sorted({a[key] for a in applicants for key in PERSONAL_KEYS if a.get(key)})


def personal_values(*applicants) -> set[str]:
    """Every form of every value (what each answer is searched for)."""
    return {form for a in applicants for key in PERSONAL_KEYS if a.get(key) for form in _variants(key, a[key])}


# ---------------------------------------------------------------------------
# The record: the demo slice plus the requests above, through the workflow
# ---------------------------------------------------------------------------


@dataclass
class World:
    sample: object
    requests: dict[str, InformationRequest]
    promoted: object
    report_year: int
    values: set[str]
    names: set[str]
    searched: list[str]
    demo_values: set[str] = field(default_factory=set)


def _request(applicant: dict, **kwargs) -> InformationRequest:
    return factories.InformationRequestFactory(**applicant, **kwargs)


def _answer(request, outcome="1"):
    return services.answer_with_letter(
        request=request,
        outcome=outcome,
        legal_basis=f"依据《中华人民共和国政府信息公开条例》第三十六条，答复{request.name}。",
        reply_date=ANSWERED,
    )


@pytest.fixture
def world(django_user_model):
    sample = factories.load_demo_sample(per_category=4, licences=12)
    load_demo_requests(today=D(2026, 1, 15))
    received = D(2025, 3, 3)
    person = _request(
        PERSON,
        received_on=received,
        # The data in every form the requester may type it, some of it not her stored values'
        # (grouped, full-width, bracketed): promote_to_disclosure must scrub them by their shape.
        description=(
            f"本人{PERSON['name']}（身份证号{PERSON['id_number']}，电话{PERSON['phone']}，邮箱{PERSON['email']}）"
            "申请公开本局2024年度行政许可事项办理情况统计表。"
            "联系电话139 7771 2345或139-7771-2345（全角：１３９７７７１２３４５），"
            "身份证号也写作450602 19880214 1231或４５０６０２１９８８０２１４１２３１，"
            "单位电话（0770）6123457。"
        ),
        remarks=SECRET_REMARK,
    )
    second = _request(SECOND_PERSON, received_on=received, description="请公开本局2024年部门预算及说明。")
    company = _request(
        ORGANISATION,
        received_on=received,
        description=f"我公司（统一社会信用代码{ORGANISATION['uscc']}）申请公开珍珠湾大道道路工程规划许可文件。",
    )
    lawyer = _request(LAWYER, received_on=received, description="请公开2024年本局行政处罚案件数量统计。")
    # Open, answered, answered and promoted (Art. 44), answered and appealed.
    person = _answer(person)
    company = _answer(company, outcome="2")
    lawyer = _answer(lawyer, outcome="3.4")
    draft = services.promote_to_disclosure(request=person)
    editor = django_user_model.objects.create_user(username="editor", password="pw-editor-123")
    reviewer = django_user_model.objects.create_user(username="reviewer", password="pw-review-123")
    disclosure_services.submit_for_review(disclosure=draft, actor=editor)
    disclosure_services.review_disclosure(disclosure=draft, conclusion="经审查不涉密", actor=reviewer)
    promoted = disclosure_services.publish_disclosure(disclosure=draft, actor=reviewer)
    for request, kind in [(lawyer, Appeal.Kind.RECONSIDERATION), (company, Appeal.Kind.LITIGATION_DIRECT)]:
        Appeal.objects.create(
            kind=kind,
            request=request,
            case_number="防府复〔2025〕8号",
            filed_on=D(2025, 4, 10),
            notes=f"申请人{request.name}（{request.phone}）不服答复。",
        )
    attachment = RequestAttachment(
        request=person, original_name="欧阳靖瑶身份证.pdf", content_type="application/pdf", size=1
    )
    attachment.file.save("id.pdf", ContentFile(PRIVATE_FILE), save=True)
    # The 2025 report (a draft in the demo) counts these requests: published.
    report = AnnualReport.objects.get(organ=sample.organ, year=2025)
    report_services.submit_for_review(report=report)
    report_services.publish_report(report=report)

    demo_values = set()
    for applicant in APPLICANTS.values():
        # The demo's names are placeholders (张某某) that public records use too: its codes, phone
        # numbers and addresses are what identify.
        demo_values |= {applicant.phone, applicant.address}
        demo_values.add(getattr(applicant, "id_number", None) or applicant.uscc)
    mine = [PERSON, SECOND_PERSON, ORGANISATION, LAWYER]
    names = {a[k] for a in mine for k in ("name", "legal_representative", "contact_person", "address") if a.get(k)}
    # Searched for: each of the requesters' values once, and every 16th demo value (each kind of
    # demo value is among them); every form of all of them is looked for in every answer.
    searched = canonical_values(*mine) + sorted(demo_values)[::16]
    return World(
        sample=sample,
        requests={"person": person, "second": second, "company": company, "lawyer": lawyer},
        promoted=promoted,
        report_year=2025,
        values=personal_values(*mine) | {SECRET_REMARK, "PRIVATE-IDENTITY-SCAN"},
        names=names,
        searched=searched,
        demo_values=demo_values,
    )
