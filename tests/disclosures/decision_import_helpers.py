"""Shared pieces of the 双公示 decision import tests (docs/rules.md §4.7): column lists, row builders and file helpers.

Timing is measured by bench/import_decisions.py, not asserted in the tests."""

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from stdnum.cn import ric

from common.imports.errors import ImportFileError
from disclosures import decision_import_apply
from disclosures.decision_import_rows import read_decisions
from disclosures.models import AdministrativeDecision
from tests.factories import make_company_uscc, make_uscc

NOW = dt.datetime(2026, 11, 26, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
Decision = AdministrativeDecision
ORG_USCC, ORG_USCC_2 = make_company_uscc(1), make_company_uscc(2)
AUTHORITY_USCC = make_uscc(900)
PERSON_ID = "11010519491231002X"  # GB 11643's example


def resident_id(first17: str) -> str:
    return first17 + ric.calc_check_digit(first17 + "0")


REP_ID = resident_id("11010519700505003")


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
