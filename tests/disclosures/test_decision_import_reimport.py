"""Decision re-import: updating in place without duplicates, keeping withdrawals, decision keys."""

import datetime as dt

import pytest
import time_machine

from disclosures import decision_import_apply
from disclosures.decision_import_rows import decision_key
from disclosures.models import PublicationStatus
from tests.disclosures.decision_import_helpers import (
    NOW,
    PENALTY_COLUMNS,
    Decision,
    _now,  # noqa: F401 - autouse fixture
    csv_file,
    import_bytes,
    licence,
    penalty,
    person_licence,
)
from tests.factories import DecisionFactory

pytestmark = pytest.mark.django_db


# --- re-import ------------------------------------------------------------------------------------


def test_reimport_updates_in_place_instead_of_duplicating(organ):
    first = import_bytes(csv_file([licence(), person_licence()]))
    assert first.created == 2
    company = Decision.objects.get(party_name="防城港市海湾商贸有限公司")
    published_at = company.published_at

    later = NOW + dt.timedelta(days=3)
    with time_machine.travel(later, tick=False):
        again = import_bytes(
            csv_file(
                [
                    # the same decision: other brackets and spaces in 文书号 and 机关, new content and status
                    licence(
                        行政许可决定文书号="防审批许[2026] 101号",
                        许可机关=" 防城港市行政审批局",
                        许可内容="预包装食品销售；散装食品销售",
                        当前状态="无效",
                    ),
                    person_licence(),  # unchanged
                    person_licence(行政许可决定文书号="防审批许〔2026〕103号", 行政相对人名称="吴某某"),  # new
                ]
            )
        )
    assert (again.created, again.updated, again.unchanged) == (1, 1, 1)
    assert "新增 1 条，更新 1 条，内容无变化 1 条" in decision_import_apply.summary(again)
    assert Decision.objects.count() == 3
    company.refresh_from_db()
    assert company.content == "预包装食品销售；散装食品销售"
    assert company.current_status == Decision.CurrentStatus.INVALID
    assert company.document_number == "防审批许[2026] 101号"  # stored as the file now writes it
    assert company.published_at == published_at  # the 公示日期 is kept
    assert company.updated_at == later


def test_reimport_leaves_fields_of_absent_columns_and_keeps_withdrawals(organ):
    withdrawn = DecisionFactory(
        organ=organ,
        withdrawn=True,
        document_number="防审批许〔2026〕101号",
        authority="防城港市行政审批局",
        party_org_code="MA5KX1234",
        certificate_name="食品经营许可证",
        current_status=Decision.CurrentStatus.INVALID,
        party_type=Decision.PartyType.INDIVIDUAL_BUSINESS,
    )
    draft = DecisionFactory(
        organ=organ, draft=True, document_number="防审批许〔2026〕55号", authority="防城港市行政审批局"
    )
    columns = ["行政相对人名称", "行政相对人代码_1", "行政许可决定文书号", "许可决定日期", "许可机关", "许可内容"]
    rows = [
        {
            "行政相对人名称": withdrawn.party_name,
            "行政相对人代码_1": withdrawn.party_uscc,
            "行政许可决定文书号": "防审批许〔2026〕101号",
            "许可决定日期": "2026-11-20",
            "许可机关": "防城港市行政审批局",
            "许可内容": "变更后的许可内容",
        },
        {
            "行政相对人名称": draft.party_name,
            "行政相对人代码_1": draft.party_uscc,
            "行政许可决定文书号": "防审批许〔2026〕55号",
            "许可决定日期": draft.decided_on.isoformat(),
            "许可机关": "防城港市行政审批局",
            "许可内容": draft.content,
        },
    ]
    result = import_bytes(csv_file(rows, columns))
    assert result.updated == 2 and decision_import_apply.withdrawn_rows(result) == [2]
    assert "其中 1 条已被撤回，只更新内容，仍保持撤回" in decision_import_apply.summary(result)
    withdrawn.refresh_from_db()
    assert withdrawn.status == PublicationStatus.WITHDRAWN and withdrawn.content == "变更后的许可内容"
    assert withdrawn.party_org_code == "MA5KX1234" and withdrawn.certificate_name == "食品经营许可证"
    assert withdrawn.current_status == Decision.CurrentStatus.INVALID  # no 当前状态 column: kept
    assert withdrawn.party_type == Decision.PartyType.INDIVIDUAL_BUSINESS  # no 类别 column: kept
    draft.refresh_from_db()
    assert draft.status == PublicationStatus.PUBLISHED and draft.published_at == NOW
    assert Decision.objects.count() == 2


def test_a_licence_and_a_penalty_with_the_same_number_are_different_decisions(organ):
    import_bytes(csv_file([licence(许可机关="防城港市市场监督管理局", 行政许可决定文书号="防市监〔2026〕7号")]))
    import_bytes(csv_file([penalty(行政处罚决定书文号="防市监〔2026〕7号")], PENALTY_COLUMNS))
    assert sorted(Decision.objects.values_list("kind", flat=True)) == ["licence", "penalty"]


def test_decision_key_normalises_brackets_spaces_and_width():
    assert decision_key("licence", "防审批许〔2026〕1号", "防城港市行政审批局") == decision_key(
        "licence", " 防审批许 【2026】1号", "防城港市行政审批局 "
    )
    assert decision_key("licence", "ａｂ（2026）1号", "局") == decision_key("licence", "AB[2026]1号", "局")
    assert decision_key("licence", "1号", "局") != decision_key("penalty", "1号", "局")


def test_a_decision_stored_with_invisible_characters_is_found_again(organ):
    # Stored before every cell was cleaned of format characters: a zero-width space in the 文号 and a
    # left-to-right mark in the 机关 still name the decision a clean file names.
    stored = DecisionFactory(
        organ=organ, document_number="防审批许〔2026〕\u200b7号", authority="\u200e防城港市行政审批局"
    )
    assert decision_key(stored.kind, stored.document_number, stored.authority) == decision_key(
        stored.kind, "防审批许〔2026〕7号", "防城港市行政审批局"
    )
