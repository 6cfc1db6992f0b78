"""Decision import of good files: both header generations, licences and penalties, CSV/XLSX encodings, masking after import."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from common import spreadsheets
from disclosures import decision_import, decision_import_apply, decision_import_rows
from disclosures.decision_import_rows import read_decisions
from disclosures.models import DecisionKind, PublicationStatus
from disclosures.validators import mask_identity_number
from tests.disclosures.decision_import_helpers import (
    AUTHORITY_USCC,
    NOW,
    OLDER_LICENCE_COLUMNS,
    ORG_USCC,
    PENALTY_COLUMNS,
    PERSON_ID,
    REP_ID,
    Decision,
    _now,  # noqa: F401 - autouse fixture
    csv_file,
    errors_of,
    import_bytes,
    licence,
    penalty,
    person_licence,
    resident_id,
)

pytestmark = pytest.mark.django_db


PERSON_ID_2 = resident_id("11010519800101001")


# --- reading and importing good files ------------------------------------------------------------


def test_current_generation_licence_file_imports_published_under_the_default_organ(organ):
    result = import_bytes(csv_file([licence(), person_licence()]))
    assert (result.kind, result.created, result.updated, result.unchanged) == ("licence", 2, 0, 0)

    company = Decision.objects.get(party_name="防城港市海湾商贸有限公司")
    assert company.kind == DecisionKind.LICENCE and company.organ == organ
    assert company.status == PublicationStatus.PUBLISHED and company.published_at == NOW
    assert company.party_type == Decision.PartyType.ORGANISATION and company.party_uscc == ORG_USCC
    assert company.legal_representative == "王某某" and company.legal_rep_id_number == REP_ID
    assert company.document_number == "防审批许〔2026〕101号"
    assert company.licence_category == Decision.LicenceCategory.ORDINARY
    assert (company.decided_on, company.valid_from, company.valid_until) == (
        dt.date(2026, 11, 20),
        dt.date(2026, 11, 20),
        dt.date(2031, 11, 19),
    )
    assert company.authority_uscc == AUTHORITY_USCC and company.data_source_uscc == AUTHORITY_USCC
    assert company.current_status == Decision.CurrentStatus.VALID
    company.full_clean()  # what was imported passes the model's own validation

    person = Decision.objects.get(party_name="李某某")
    assert person.party_type == Decision.PartyType.NATURAL_PERSON
    assert (person.party_id_type, person.party_id_number, person.party_uscc) == ("身份证", PERSON_ID, "")


def test_import_writes_the_audit_trail_with_the_importing_user(organ, staff_user):
    import_bytes(csv_file([licence()]), actor=staff_user)
    decision = Decision.objects.get()
    record = decision.history.get()
    assert record.history_type == "+" and record.history_user == staff_user
    assert record.history_change_reason == decision_import_apply.CHANGE_REASON

    import_bytes(csv_file([licence(许可内容="预包装食品销售；散装食品销售")]), actor=staff_user)
    assert decision.history.count() == 2 and decision.history.first().history_type == "~"


def test_older_generation_licence_file_imports(organ):
    rows = [
        {
            "行政许可决定书文号": "防城港审批〔2017〕15号",
            "项目名称": "建筑工程施工许可",
            "审批类别": "核准",
            "许可内容": "准予建设防城港市某某小区1#楼",
            "行政相对人名称": "防城港市某某建筑有限公司",
            "行政相对人代码_1(统一社会信用代码)": ORG_USCC,
            "行政相对人代码_2(组织机构代码)": "MA5KX1234",
            "行政相对人代码_3(工商登记码)": "450600000012345",
            "行政相对人代码_4(税务登记号)": "450602MA5KX1234",
            "法定代表人姓名": "赵某某",
            "许可决定日期": "2017/3/8",
            "许可截止期": "长期",
            "许可机关": "防城港市住房和城乡建设局",
            "当前状态": "有效",
            "地方编码": "450600",
            "数据更新时间戳": "2017-03-09 10:12:00",
        },
        {
            "行政许可决定书文号": "防城港审批〔2017〕16号",
            "项目名称": "从事城市生活垃圾经营性清扫许可",
            "审批类别": "普通",
            "行政相对人名称": "周某某",
            "行政相对人代码_5(居民身份证号)": PERSON_ID_2.lower(),
            "许可决定日期": "20170310",
            "许可截止期": "2020-03-09",
            "许可机关": "防城港市住房和城乡建设局",
            "当前状态": "0",
        },
    ]
    decision_file = read_decisions(csv_file(rows, OLDER_LICENCE_COLUMNS))
    assert decision_file.variant == decision_import.OLDER
    result = decision_import_apply.import_decisions(decision_file)
    assert result.created == 2 and not result.ignored

    company = Decision.objects.get(document_number="防城港审批〔2017〕15号")
    assert company.document_name == "建筑工程施工许可"
    assert company.licence_category == Decision.LicenceCategory.APPROVAL
    assert (company.party_org_code, company.party_business_reg_no, company.party_tax_reg_no) == (
        "MA5KX1234",
        "450600000012345",
        "450602MA5KX1234",
    )
    assert company.legal_representative == "赵某某" and company.party_type == Decision.PartyType.ORGANISATION
    assert company.decided_on == dt.date(2017, 3, 8) and company.valid_until is None  # 长期

    person = Decision.objects.get(document_number="防城港审批〔2017〕16号")
    assert person.party_type == Decision.PartyType.NATURAL_PERSON  # no 类别 column: inferred from the ID
    assert (person.party_id_type, person.party_id_number) == ("居民身份证", PERSON_ID_2)
    assert person.current_status == Decision.CurrentStatus.NORMAL  # older code 0 = 正常
    assert person.valid_until == dt.date(2020, 3, 9)


def test_headers_are_matched_leniently_and_unknown_columns_are_named(organ):
    columns = [
        "序号",
        " 行政相对人名称 ",
        "*行政相对人类别",
        "行政相对人代码_1",  # the short form
        "行政相对人代码＿2(工商注册号)",  # full-width underscore, half-width brackets
        "行政许可决定文书号",
        "许可决定日期（必填）",
        "许可机关",
        "经办人",
    ]
    row = {
        "序号": "1",
        " 行政相对人名称 ": "防城港市海湾商贸有限公司",
        "*行政相对人类别": "法人和非法人组织",
        "行政相对人代码_1": ORG_USCC.lower(),
        "行政相对人代码＿2(工商注册号)": "450600000054321",
        "行政许可决定文书号": "防审批许〔2026〕9号",
        "许可决定日期（必填）": "2026年11月2日",
        "许可机关": "防城港市行政审批局",
        "经办人": "张三",
    }
    result = import_bytes(csv_file([row], columns, title="2026年11月行政许可信息公示表"))
    assert result.ignored == ["序号", "经办人"]
    assert result.notices == ["未识别而忽略的列：序号、经办人。"]
    decision = Decision.objects.get()
    assert decision.party_uscc == ORG_USCC and decision.party_business_reg_no == "450600000054321"
    assert decision.decided_on == dt.date(2026, 11, 2)


@pytest.mark.parametrize(
    ("number_column", "until_column", "expected_field"),
    [
        ("行政许可决定书文号", "许可截止期", "party_org_code"),  # older: _2 is the 组织机构代码
        ("行政许可决定文书号", "有效期至", "party_business_reg_no"),  # current: _2 is the 工商注册号
    ],
)
def test_short_code_headers_follow_the_generation_the_other_columns_show(
    organ, number_column, until_column, expected_field
):
    columns = ["行政相对人名称", "行政相对人代码_1", "行政相对人代码_2", number_column, "许可决定日期", "许可机关"]
    row = {
        "行政相对人名称": "防城港市海湾商贸有限公司",
        "行政相对人代码_1": ORG_USCC,
        "行政相对人代码_2": "CODE-2",
        number_column: "防审批许〔2026〕9号",
        "许可决定日期": "2026-11-02",
        "许可机关": "防城港市行政审批局",
    }
    import_bytes(csv_file([row], [*columns, until_column]))
    assert getattr(Decision.objects.get(), expected_field) == "CODE-2"


def test_short_code_headers_in_a_file_mixing_both_generations_are_refused(organ):
    columns = ["行政相对人名称", "行政相对人代码_2", "行政许可决定文书号", "许可截止期", "许可决定日期", "许可机关"]
    errors = errors_of(csv_file([dict.fromkeys(columns, "x")], columns))
    assert len(errors) == 1 and errors[0][0] == 1 and "无法判断“行政相对人代码_2”" in errors[0][1]


def test_penalty_file_imports_with_decimal_amounts(organ):
    result = import_bytes(csv_file([penalty()], PENALTY_COLUMNS))
    assert result.kind == "penalty" and result.created == 1
    assert "已导入 1 条行政处罚决定：新增 1 条" in decision_import_apply.summary(result)
    decision = Decision.objects.get()
    assert decision.kind == DecisionKind.PENALTY and decision.is_penalty
    assert decision.party_type == Decision.PartyType.INDIVIDUAL_BUSINESS
    assert decision.fine_amount == Decimal("0.5") and decision.confiscated_amount == Decimal("0.012345")
    assert decision.decided_on == dt.date(2026, 11, 18) and decision.valid_until == dt.date(2027, 11, 18)
    assert decision.publicity_until == dt.date(2029, 11, 18)
    assert decision.penalty_category == "罚款；没收违法所得" and decision.violation_type == "违反食品安全法"
    assert decision.content.startswith("罚款人民币五千元") and decision.authority == "防城港市市场监督管理局"
    assert decision.current_status == Decision.CurrentStatus.VALID  # code 1
    assert decision.licence_category == ""


def test_older_penalty_names_and_short_amount_headers(organ):
    columns = [
        "行政处罚决定书文号",
        "处罚名称",
        "处罚类别1",
        "处罚类别2",
        "处罚事由",
        "处罚依据",
        "行政相对人名称",
        "行政相对人代码_1(统一社会信用代码)",
        "法定代表人姓名",
        "处罚结果",
        "罚款金额",
        "处罚决定日期",
        "处罚机关",
        "当前状态",
    ]
    row = {
        "行政处罚决定书文号": "防市监罚〔2017〕3号",
        "处罚名称": "销售不合格产品案",
        "处罚类别1": "罚款",
        "处罚类别2": "没收违法所得",
        "处罚事由": "销售不合格产品",
        "处罚依据": "《中华人民共和国产品质量法》第四十九条",
        "行政相对人名称": "防城港市某某电器有限公司",
        "行政相对人代码_1(统一社会信用代码)": ORG_USCC,
        "法定代表人姓名": "孙某某",
        "处罚结果": "罚款一万二千元",
        "罚款金额": "1,2",  # a thousands comma is dropped: 12 万元
        "处罚决定日期": "2017-05-04",
        "处罚机关": "防城港市质量技术监督局",
        "当前状态": "有效",
    }
    import_bytes(csv_file([row], columns))
    decision = Decision.objects.get()
    assert decision.document_name == "销售不合格产品案" and decision.penalty_category == "罚款；没收违法所得"
    assert decision.violation_facts == "销售不合格产品" and decision.content == "罚款一万二千元"
    assert decision.fine_amount == Decimal("12") and decision.legal_representative == "孙某某"


def test_xlsx_with_date_cells_numbers_and_a_title_row(organ):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["2026年行政处罚信息"])
    sheet.append(PENALTY_COLUMNS)
    cells = penalty(
        处罚决定日期=dt.datetime(2026, 11, 18),  # a date cell
        处罚有效期=20271118,  # typed as a number
        公示截止期=dt.date(2029, 11, 18),
        **{"罚款金额（万元）": 0.1, "没收违法所得、没收非法财物的金额（万元）": 0.00001, "当前状态": 1},
    )
    sheet.append([cells.get(c) for c in PENALTY_COLUMNS])
    out = io.BytesIO()
    workbook.save(out)
    import_bytes(out.getvalue())
    decision = Decision.objects.get()
    assert decision.decided_on == dt.date(2026, 11, 18) and decision.valid_until == dt.date(2027, 11, 18)
    assert decision.fine_amount == Decimal("0.1") and decision.confiscated_amount == Decimal("0.00001")
    assert decision.current_status == Decision.CurrentStatus.VALID


def test_gb18030_csv_from_chinese_windows(organ):
    import_bytes(csv_file([licence(许可决定日期="2026/11/3")], encoding="gb18030"))
    assert Decision.objects.get().decided_on == dt.date(2026, 11, 3)


def test_every_parsed_row_sets_every_data_field(organ):
    decision_file = read_decisions(csv_file([licence()]))
    assert set(decision_file.rows[0].values) == set(decision_import_rows.DATA_FIELDS)


def test_passports_are_not_checked_as_resident_ids(organ):
    import_bytes(csv_file([person_licence(证件类型="护照", 证件号码="e12345678")]))
    assert Decision.objects.get().party_id_number == "E12345678"


# --- privacy on the public side -----------------------------------------------------------------


def test_identity_numbers_stay_masked_on_the_public_page_after_import(organ, client):
    import_bytes(csv_file([person_licence(), licence()]))
    person = Decision.objects.get(party_name="李某某")
    html = client.get(person.get_absolute_url()).content.decode()
    assert PERSON_ID not in html and mask_identity_number(PERSON_ID) in html
    company = Decision.objects.get(party_uscc=ORG_USCC)
    html = client.get(company.get_absolute_url()).content.decode()
    assert REP_ID not in html and mask_identity_number(REP_ID) in html
    listing = client.get(reverse("disclosures:decisions")).content.decode()
    assert PERSON_ID not in listing and REP_ID not in listing


def test_spreadsheet_cells_read_as_typed():
    assert spreadsheets.cell_text(0.00001) == "0.00001" and spreadsheets.cell_text(20261118.0) == "20261118"
    assert spreadsheets.cell_text(dt.datetime(2026, 1, 2, 3, 4)) == "2026-01-02"
    assert spreadsheets.clean("张\x00三\u202e") == "张三"
