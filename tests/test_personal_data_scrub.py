"""Requesters' personal data is scrubbed: promoted items drop the requester, scrub_personal_data, one definition of control characters."""

from __future__ import annotations

import datetime as dt

import pytest

from applications import services
from applications.models import InformationRequest
from tests import personal_data_helpers
from tests.personal_data_helpers import ORGANISATION, PERSON, _answer, _request

world = personal_data_helpers.world  # a fixture shared with other modules, bound here for pytest


pytestmark = pytest.mark.django_db

D = dt.date


def test_promoted_item_keeps_the_information_and_drops_the_requester(world, client):
    page = client.get(world.promoted.get_absolute_url()).content.decode()
    assert "行政许可事项办理情况统计表" in page
    for value in world.values:
        assert value not in page, value


def test_promoted_item_drops_an_organisations_representative_and_contact(organ):
    request = _request(
        ORGANISATION,
        received_on=D(2025, 3, 3),
        description=(
            f"联系人{ORGANISATION['contact_person']}（法定代表人{ORGANISATION['legal_representative']}）"
            "代表本公司申请公开珍珠湾大道道路工程规划许可文件。"
        ),
    )
    draft = services.promote_to_disclosure(request=_answer(request))
    text = f"{draft.title} {draft.summary} {draft.body}"
    assert "珍珠湾大道道路工程规划许可文件" in text
    for value in (ORGANISATION["contact_person"], ORGANISATION["legal_representative"]):
        assert value not in text


SCRUBBED = [
    # (text, what the proactive item says): the requester's own values, in any form she types them
    (f"申请人{PERSON['name']}，住{PERSON['address']}。", "申请人***，住***。"),
    ("电话139 7771 2345。", "电话***。"),
    ("电话139-7771-2345。", "电话***。"),
    ("电话１３９７７７１２３４５。", "电话***。"),
    ("电话+86 (139) 7771 2345", "电话***"),
    ("身份证450602 19880214 1231。", "身份证***。"),
    ("身份证450602-1988-0214-1231", "身份证***"),
    ("身份证４５０６０２１９８８０２１４１２３１，", "身份证***，"),
    ("邮箱ＯＵＹＡＮＧ．ＪＩＮＧＹＡＯ＠ＥＸＡＭＰＬＥ．ＮＥＴ", "邮箱***"),
    # anyone's data, by its shape
    ("联系人电话（0770）6123457。", "联系人电话***。"),
    ("(010) 1234-5678、0770-282-8077", "***、***"),
    ("邻居司马怀瑾的电话15877765432", "邻居司马怀瑾的电话***"),  # the name is no shape: see the crawl
    ("其邮箱zhang@例子.中国，", "其邮箱***，"),
    ("其身份证号ID45068119921107246X。", "其身份证号ID***。"),
    # what the request is about stays as written, full-width punctuation and all
    ("申请公开本局2024年度行政许可事项办理情况统计表（第1—4季度）。", None),
    ("防审批规〔2018〕12号、文号2025-000123", None),
    ("索引号114506000000000171/2025-00003", None),
    ("用时6.515929727227629秒，共１２件", None),
]


@pytest.mark.parametrize(("text", "expected"), SCRUBBED)
def test_scrub_personal_data(text, expected):
    request = InformationRequest(**PERSON)
    assert services.scrub_personal_data(text, request) == (text if expected is None else expected)


# One definition of a control character for forms, imports and logs (common.personal_data).
@pytest.mark.parametrize(
    ("text", "stripped"),
    [
        ("张三", "张三"),
        ("张\x00三", "张三"),  # NUL, refused by PostgreSQL
        ("张\u202e三", "张三"),  # right-to-left override
        ("张\u200b三\u00ad", "张三"),  # zero-width space, soft hyphen (format characters)
        ("张\x85三\x9b", "张三"),  # C1 controls
        ("a\U000e0041b", "ab"),  # a tag character beyond the BMP
        ("一\t二\r\n三", "一\t二\r\n三"),  # tab and line breaks stay
    ],
)
def test_control_characters_one_definition(text, stripped):
    from common.personal_data import has_control_characters, strip_control_characters

    assert strip_control_characters(text) == stripped
    assert has_control_characters(text) == (text != stripped)
    assert strip_control_characters("一\t二\n", keep="") == "一二"


def test_no_control_or_format_character_lies_outside_the_planes_searched():
    import sys
    import unicodedata

    from common.personal_data import CONTROL_CATEGORIES, CONTROL_PLANES

    searched = {c for block in CONTROL_PLANES for c in block}
    outside = [
        hex(c)
        for c in range(sys.maxunicode + 1)
        if c not in searched and unicodedata.category(chr(c)) in CONTROL_CATEGORIES
    ]
    assert outside == []
