"""Bulk import of 双公示 decisions (docs/rules.md §4.7): both header generations, licences and penalties,
whole-file refusal with row numbers, re-import without duplicates, masking, the admin upload and
the command. Timing is measured by bench/import_decisions.py, not asserted here."""

import csv
import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import include, path, reverse
from stdnum.cn import ric

from common import spreadsheets
from common.imports.errors import ImportFileError
from disclosures import decision_import, decision_import_admin, decision_import_apply, decision_import_rows
from disclosures.decision_import_apply import NoOrganError
from disclosures.decision_import_rows import decision_key, read_decisions
from disclosures.models import AdministrativeDecision, DecisionKind, Organ, PublicationStatus
from disclosures.validators import mask_identity_number
from tests.factories import DecisionFactory, make_company_uscc, make_uscc

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 26, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
Decision = AdministrativeDecision
ORG_USCC, ORG_USCC_2 = make_company_uscc(1), make_company_uscc(2)
AUTHORITY_USCC = make_uscc(900)
PERSON_ID = "11010519491231002X"  # GB 11643's example


def resident_id(first17: str) -> str:
    return first17 + ric.calc_check_digit(first17 + "0")


PERSON_ID_2 = resident_id("11010519800101001")
REP_ID = resident_id("11010519700505003")
BAD_USCC = ORG_USCC[:-1] + ("0" if ORG_USCC[-1] != "0" else "1")
BAD_ID = PERSON_ID[:-1] + "1"


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


# --- building files --------------------------------------------------------------------------

LICENCE_COLUMNS = [
    "行政相对人名称",
    "行政相对人类别",
    "行政相对人代码_1（统一社会信用代码）",
    "行政相对人代码_2（工商注册号）",
    "行政相对人代码_3（组织机构代码）",
    "行政相对人代码_4（税务登记号）",
    "行政相对人代码_5（事业单位证书号）",
    "行政相对人代码_6（社会组织登记证号）",
    "法定代表人",
    "法定代表人证件类型",
    "法定代表人证件号码",
    "证件类型",
    "证件号码",
    "行政许可决定文书名称",
    "行政许可决定文书号",
    "许可类别",
    "许可证书名称",
    "许可编号",
    "许可内容",
    "许可决定日期",
    "有效期自",
    "有效期至",
    "许可机关",
    "许可机关统一社会信用代码",
    "当前状态",
    "数据来源单位",
    "数据来源单位统一社会信用代码",
    "备注",
]
OLDER_LICENCE_COLUMNS = [
    "行政许可决定书文号",
    "项目名称",
    "审批类别",
    "许可内容",
    "行政相对人名称",
    "行政相对人代码_1(统一社会信用代码)",
    "行政相对人代码_2(组织机构代码)",
    "行政相对人代码_3(工商登记码)",
    "行政相对人代码_4(税务登记号)",
    "行政相对人代码_5(居民身份证号)",
    "法定代表人姓名",
    "许可决定日期",
    "许可截止期",
    "许可机关",
    "当前状态",
    "地方编码",
    "数据更新时间戳",
    "备注",
]
PENALTY_COLUMNS = [
    "行政相对人名称",
    "行政相对人类别",
    "行政相对人代码_1（统一社会信用代码）",
    "法定代表人",
    "证件类型",
    "证件号码",
    "行政处罚决定书文号",
    "违法行为类型",
    "违法事实",
    "处罚依据",
    "处罚类别",
    "处罚内容",
    "罚款金额（万元）",
    "没收违法所得、没收非法财物的金额（万元）",
    "暂扣或吊销证照名称及编号",
    "处罚决定日期",
    "处罚有效期",
    "公示截止期",
    "处罚机关",
    "处罚机关统一社会信用代码",
    "当前状态",
    "数据来源单位",
    "数据来源单位统一社会信用代码",
    "备注",
]


def licence(**cells) -> dict:
    """A current-generation 行政许可 row of an organisation."""
    base = {
        "行政相对人名称": "防城港市海湾商贸有限公司",
        "行政相对人类别": "法人及非法人组织",
        "行政相对人代码_1（统一社会信用代码）": ORG_USCC,
        "法定代表人": "王某某",
        "法定代表人证件类型": "居民身份证",
        "法定代表人证件号码": REP_ID,
        "行政许可决定文书名称": "准予行政许可决定书",
        "行政许可决定文书号": "防审批许〔2026〕101号",
        "许可类别": "普通",
        "许可证书名称": "食品经营许可证",
        "许可编号": "JY14506020000101",
        "许可内容": "预包装食品（不含冷藏冷冻食品）销售",
        "许可决定日期": "2026-11-20",
        "有效期自": "2026-11-20",
        "有效期至": "2031-11-19",
        "许可机关": "防城港市行政审批局",
        "许可机关统一社会信用代码": AUTHORITY_USCC,
        "当前状态": "有效",
        "数据来源单位": "防城港市行政审批局",
        "数据来源单位统一社会信用代码": AUTHORITY_USCC,
    }
    return {**base, **cells}


def person_licence(**cells) -> dict:
    return licence(
        **{
            "行政相对人名称": "李某某",
            "行政相对人类别": "自然人",
            "行政相对人代码_1（统一社会信用代码）": "",
            "法定代表人": "",
            "法定代表人证件类型": "",
            "法定代表人证件号码": "",
            "证件类型": "身份证",
            "证件号码": PERSON_ID,
            "行政许可决定文书号": "防审批许〔2026〕102号",
            "许可证书名称": "",
            "许可编号": "",
            **cells,
        }
    )


def penalty(**cells) -> dict:
    base = {
        "行政相对人名称": "防城港市港口区某某餐馆",
        "行政相对人类别": "个体工商户",
        "行政相对人代码_1（统一社会信用代码）": ORG_USCC_2,
        "法定代表人": "陈某某",
        "行政处罚决定书文号": "防市监罚〔2026〕7号",
        "违法行为类型": "违反食品安全法",
        "违法事实": "经营超过保质期的食品。",
        "处罚依据": "《中华人民共和国食品安全法》第一百二十四条",
        "处罚类别": "罚款；没收违法所得",
        "处罚内容": "罚款人民币五千元，没收违法所得一百二十三元四角五分。",
        "罚款金额（万元）": "0.5",
        "没收违法所得、没收非法财物的金额（万元）": "0.012345",
        "处罚决定日期": "20261118",
        "处罚有效期": "2027-11-18",
        "公示截止期": "2029-11-18",
        "处罚机关": "防城港市市场监督管理局",
        "处罚机关统一社会信用代码": AUTHORITY_USCC,
        "当前状态": "1",
    }
    return {**base, **cells}


def csv_file(rows, columns=LICENCE_COLUMNS, encoding="utf-8-sig", title=None) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    if title:
        writer.writerow([title])
    writer.writerow(columns)
    for cells in rows:
        writer.writerow([cells.get(c, "") for c in columns])
    return out.getvalue().encode(encoding)


def import_bytes(content: bytes, **kwargs):
    return decision_import_apply.import_decisions(read_decisions(content), **kwargs)


def errors_of(content: bytes) -> list[tuple[int, str]]:
    with pytest.raises(ImportFileError) as exc:
        import_bytes(content)
    return exc.value.errors


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
    assert person.current_status == Decision.CurrentStatus.INVALID  # code 0
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


# --- bad files: refused whole, every bad row named ----------------------------------------------


def test_every_bad_row_is_reported_with_its_number_and_nothing_is_imported(organ):
    rows = [
        licence(),  # 2: good
        licence(行政相对人名称="", **{"行政许可决定文书号": "号3"}),  # 3
        licence(行政许可决定文书号=""),  # 4
        licence(许可决定日期="", 行政许可决定文书号="号5"),  # 5
        licence(许可机关="", 行政许可决定文书号="号6"),  # 6
        licence(许可决定日期="2026-02-30", 行政许可决定文书号="号7"),  # 7
        licence(许可决定日期="2026-12-01", 行政许可决定文书号="号8"),  # 8: later than today
        licence(**{"行政相对人代码_1（统一社会信用代码）": BAD_USCC, "行政许可决定文书号": "号9"}),  # 9
        person_licence(证件号码=BAD_ID, 行政许可决定文书号="号10"),  # 10
        licence(有效期自="2026-11-20", 有效期至="2026-11-19", 行政许可决定文书号="号11"),  # 11
        licence(行政相对人类别="企业", 行政许可决定文书号="号12"),  # 12
        licence(许可类别="特别", 行政许可决定文书号="号13"),  # 13
        licence(当前状态="2", 行政许可决定文书号="号14"),  # 14
        licence(**{"行政相对人代码_1（统一社会信用代码）": "", "行政许可决定文书号": "号15"}),  # 15
        licence(行政许可决定文书号="防审批许[2026]101号 "),  # 16: row 2 again, other brackets
        licence(许可机关统一社会信用代码="91450600ABC", 行政许可决定文书号="号17"),  # 17
        licence(行政相对人名称="某" * 201, 行政许可决定文书号="号18"),  # 18
        licence(有效期至="下个月", 法定代表人证件号码=BAD_ID, 行政许可决定文书号="号19"),  # 19: two problems
    ]
    errors = errors_of(csv_file(rows))
    expected = [
        (3, "缺少必填项“行政相对人名称”"),
        (4, "缺少必填项“行政许可决定文书号”"),
        (5, "缺少必填项“许可决定日期”"),
        (6, "缺少必填项“许可机关”"),
        (7, "“许可决定日期”应为有效日期"),
        (8, "“许可决定日期”（2026-12-01）晚于今天"),
        (9, "“行政相对人代码_1（统一社会信用代码）”"),
        (10, "“证件号码”“110*************21”不是有效的居民身份证号码"),
        (11, "“有效期至”（2026-11-19）早于“有效期自”（2026-11-20）"),
        (12, "“行政相对人类别”的值“企业”不是可用的选项"),
        (13, "“许可类别”的值“特别”不是可用的选项"),
        (14, "“当前状态”的值“2”不是可用的选项"),
        (15, "法人及非法人组织须填写统一社会信用代码"),
        (16, "与第2行是同一决定"),
        (17, "“许可机关统一社会信用代码”“91450600ABC”不是有效的统一社会信用代码"),
        (18, "“行政相对人名称”不能超过200个字符"),
        (19, "“有效期至”应为有效日期"),
        (19, "“法定代表人证件号码”“110*************"),
    ]
    for number, fragment in expected:
        assert any(row == number and fragment in message for row, message in errors), (number, fragment, errors)
    assert {row for row, _m in errors} == set(range(3, 20))
    assert all(BAD_ID not in message for _row, message in errors)  # ID numbers masked in messages
    assert not Decision.objects.exists()


def test_bad_amounts_are_reported(organ):
    rows = [
        penalty(**{"罚款金额（万元）": "五千元", "行政处罚决定书文号": "罚2"}),
        penalty(**{"罚款金额（万元）": "-1", "行政处罚决定书文号": "罚3"}),
        penalty(**{"罚款金额（万元）": "0.1234567", "行政处罚决定书文号": "罚4"}),
        penalty(**{"没收违法所得、没收非法财物的金额（万元）": "123456789", "行政处罚决定书文号": "罚5"}),
        penalty(**{"罚款金额（万元）": "１２.５", "行政处罚决定书文号": "罚6"}),  # full-width digits are fine
    ]
    errors = errors_of(csv_file(rows, PENALTY_COLUMNS))
    assert [row for row, _m in errors] == [2, 3, 4, 5]
    assert "应为以万元为单位的非负数字，而不是“五千元”" in errors[0][1]
    assert "小数最多6位" in errors[2][1] and "整数部分最多8位" in errors[3][1]
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("columns", "fragment"),
    [
        (
            ["行政相对人名称", "行政许可决定文书号", "许可决定日期"],
            "表头缺少必填列：行政相对人名称、行政许可决定文书号",
        ),
        (["名称", "文号", "日期"], "未找到表头"),
        (
            ["行政相对人名称", "行政许可决定文书号", "处罚决定日期", "许可机关", "处罚机关"],
            "表头同时有行政许可和行政处罚的列",
        ),
        (
            ["行政相对人名称", "行政处罚决定书文号", "处罚决定日期", "处罚机关", "罚款金额（元）"],
            "列“罚款金额（元）”与标准列名不符：应为“罚款金额（万元）”",
        ),
        (
            ["行政相对人名称", "行政许可决定文书号", "许可决定日期", "许可机关", "法定代表人", "法定代表人姓名"],
            "表头重复：“法定代表人”和“法定代表人姓名”是同一项",
        ),
        (
            ["行政相对人名称", "行政相对人代码_3", "行政处罚决定书文号", "处罚决定日期", "处罚机关"],
            "无法判断“行政相对人代码_3”属于新版还是旧版列名",
        ),
        (
            ["行政相对人名称", "行政相对人代码_2（营业执照号）", "行政许可决定文书号", "许可决定日期", "许可机关"],
            "不认识列“行政相对人代码_2（营业执照号）”括号中的代码名称",
        ),
    ],
)
def test_bad_headers_are_refused_on_the_header_row(organ, columns, fragment):
    errors = errors_of(csv_file([dict.fromkeys(columns, "x")], columns))
    assert errors[0][0] == 1 and fragment in errors[0][1], errors


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "文件为空"),
        (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "不支持旧版 Excel"),
        (b"PK\x03\x04" + b"\x00" * 100, "无法读取 XLSX 文件"),
        (csv_file([]), "文件中没有数据行"),
    ],
)
def test_damaged_or_empty_files_are_refused_with_a_message(content, fragment):
    with pytest.raises(ImportFileError) as exc:
        read_decisions(content)
    assert fragment in exc.value.errors[0][1]


def test_without_an_organ_the_import_is_refused(db, tmp_path):
    decision_file = read_decisions(csv_file([licence()]))
    assert not Organ.objects.exists()
    with pytest.raises(NoOrganError):
        decision_import_apply.import_decisions(decision_file)
    target = tmp_path / "decisions.csv"
    target.write_bytes(csv_file([licence()]))
    with pytest.raises(CommandError, match="系统中还没有发布机构"):
        call_command("import_decisions", str(target))
    assert not Decision.objects.exists()


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


# --- the command ----------------------------------------------------------------------------------


def test_command_imports_and_reports_in_chinese(organ, tmp_path):
    target = tmp_path / "decisions.csv"
    target.write_bytes(csv_file([licence(), person_licence()]))
    output = io.StringIO()
    call_command("import_decisions", str(target), "--dry-run", stdout=output)
    assert "将导入 2 条行政许可决定：新增 2 条" in output.getvalue() and "未保存" in output.getvalue()
    assert not Decision.objects.exists()

    output = io.StringIO()
    call_command("import_decisions", str(target), stdout=output)
    assert "已导入 2 条行政许可决定：新增 2 条，更新 0 条" in output.getvalue()
    output = io.StringIO()
    call_command("import_decisions", str(target), stdout=output)
    assert "新增 0 条，更新 0 条，内容无变化 2 条" in output.getvalue()
    assert Decision.objects.count() == 2


def test_command_lists_every_row_error(organ, tmp_path):
    target = tmp_path / "decisions.csv"
    target.write_bytes(csv_file([licence(), licence(许可决定日期="昨天"), person_licence(证件号码=BAD_ID)]))
    with pytest.raises(CommandError) as exc:
        call_command("import_decisions", str(target))
    message = str(exc.value)
    assert "文件有误，未导入任何内容（2 处错误）" in message
    assert "第3行：“许可决定日期”应为有效日期" in message and "第4行：“证件号码”" in message
    assert not Decision.objects.exists()
    with pytest.raises(CommandError, match="无法读取文件"):
        call_command("import_decisions", str(tmp_path / "missing.csv"))


# --- the admin upload: preview, then confirm ------------------------------------------------------


def _upload_view(request):
    return decision_import_admin.decision_upload_view(admin.site._registry[AdministrativeDecision], request)


urlpatterns = [
    path("test-import/decisions/", admin.site.admin_view(_upload_view), name="test-decision-import"),
    path("", include("portal.urls")),
]


@pytest.fixture
def admin_urls(settings):
    settings.ROOT_URLCONF = __name__


def upload(client, content, name="decisions.csv"):
    return client.post(reverse("test-decision-import"), {"file": SimpleUploadedFile(name, content)})


def test_admin_upload_previews_the_first_rows_then_imports_on_confirmation(admin_urls, staff_client, staff_user, organ):
    url = reverse("test-decision-import")
    page = staff_client.get(url).content.decode()
    assert page.count("<h1") == 1 and "导入行政许可、行政处罚决定" in page and 'type="file"' in page

    existing = DecisionFactory(organ=organ, document_number="防审批许〔2026〕1号", authority="防城港市行政审批局")
    rows = [
        person_licence(行政许可决定文书号=f"防审批许〔2026〕{n}号", 行政相对人名称=f"申请人{n:02d}")
        for n in range(1, 61)
    ]
    response = upload(staff_client, csv_file(rows))
    html = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"].startswith("max-age=0")
    assert "将导入 60 条行政许可决定：新增 59 条，更新 1 条" in html and "确认导入" in html
    assert "下表只列出前 50 行（共 60 行）" in html
    assert "申请人50" in html and "申请人51" not in html  # rows 2..51: the first 50
    assert PERSON_ID not in html and "110*************2X" in html  # masked in the preview too
    assert Decision.objects.count() == 1  # the preview saved nothing
    payload = response.context["payload"]

    response = staff_client.post(url, {"payload": payload})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:disclosures_administrativedecision_changelist")
    assert Decision.objects.count() == 60
    existing.refresh_from_db()
    assert existing.party_name == "申请人01"
    assert Decision.objects.get(party_name="申请人60").history.get().history_user == staff_user
    # confirming twice (a double click) adds nothing
    staff_client.post(url, {"payload": payload})
    assert Decision.objects.count() == 60


def test_admin_upload_lists_row_errors_and_offers_no_confirmation(admin_urls, staff_client, organ):
    content = csv_file([licence(), licence(许可决定日期="2026-13-01", 行政许可决定文书号="号3")])
    html = upload(staff_client, content).content.decode()
    assert "文件有误，未导入任何内容" in html and "第3行：“许可决定日期”应为有效日期" in html
    assert "确认导入" not in html and not Decision.objects.exists()


def test_admin_upload_refuses_a_changed_or_foreign_payload(admin_urls, staff_client, django_user_model, organ):
    url = reverse("test-decision-import")
    payload = upload(staff_client, csv_file([licence()])).context["payload"]
    html = staff_client.post(url, {"payload": payload[:-2] + "xx"}).content.decode()
    assert "预览已过期或内容被改动" in html
    other = django_user_model.objects.create_superuser("other", "o@example.cn", "pw-other-123")
    forged = signing.dumps({"user": other.pk, "table": {}}, salt=decision_import_admin.SALT, compress=True)
    assert "预览已过期或内容被改动" in staff_client.post(url, {"payload": forged}).content.decode()
    with time_machine.travel(NOW + dt.timedelta(hours=2), tick=False):
        assert "预览已过期或内容被改动" in staff_client.post(url, {"payload": payload}).content.decode()
    assert not Decision.objects.exists()


def test_admin_upload_without_an_organ_says_so(admin_urls, staff_client):
    html = upload(staff_client, csv_file([licence()])).content.decode()
    assert "系统中还没有发布机构" in html and "确认导入" not in html


def test_admin_upload_refuses_other_file_types_and_oversized_payloads(admin_urls, staff_client, organ, settings):
    assert "请上传 .csv 或 .xlsx 文件" in upload(staff_client, b"x", name="decisions.xls").content.decode()
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_500  # leaves 500 bytes for the rows
    html = upload(staff_client, csv_file([licence()])).content.decode()
    assert "文件内容过多" in html and "确认导入" not in html


def test_admin_upload_needs_the_add_permission_and_to_update_the_change_permission(
    admin_urls, client, django_user_model, organ
):
    clerk = django_user_model.objects.create_user("clerk", password="pw-clerk-123", is_staff=True)
    client.force_login(clerk)
    assert client.get(reverse("test-decision-import")).status_code == 403
    assert upload(client, csv_file([licence()])).status_code == 403

    clerk.user_permissions.add(Permission.objects.get(codename="add_administrativedecision"))
    clerk = django_user_model.objects.get(pk=clerk.pk)  # permissions are cached per instance
    client.force_login(clerk)
    response = upload(client, csv_file([licence()]))
    assert "确认导入" in response.content.decode()  # new decisions only: allowed
    DecisionFactory(organ=organ, document_number="防审批许〔2026〕101号", authority="防城港市行政审批局")
    html = upload(client, csv_file([licence()])).content.decode()
    assert "您没有修改决定的权限" in html and "确认导入" not in html
    # a preview made before the existing decision appeared cannot be confirmed either
    html = client.post(reverse("test-decision-import"), {"payload": response.context["payload"]}).content.decode()
    assert "您没有修改决定的权限" in html
    assert Decision.objects.count() == 1


def test_spreadsheet_cells_read_as_typed():
    assert spreadsheets.cell_text(0.00001) == "0.00001" and spreadsheets.cell_text(20261118.0) == "20261118"
    assert spreadsheets.cell_text(dt.datetime(2026, 1, 2, 3, 4)) == "2026-01-02"
    assert spreadsheets.clean("张\x00三\u202e") == "张三"


def test_the_decisions_admin_links_to_the_import_page(staff_client, organ):
    from django.urls import reverse

    html = staff_client.get(reverse("admin:disclosures_administrativedecision_changelist")).content.decode()
    url = reverse("admin:disclosures_administrativedecision_import")
    assert url in html and staff_client.get(url).status_code == 200


def test_an_importer_without_the_publish_permission_imports_drafts(organ):
    import_bytes(csv_file([licence()]), publish=False)
    decision = AdministrativeDecision.objects.get()
    assert decision.status == "draft" and decision.published_at is None
    assert not AdministrativeDecision.objects.published().exists()
