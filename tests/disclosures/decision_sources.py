"""Files shaped like the 双公示 data bureaus publish (issue: the import takes real exports as they are).

Four shapes, each with the columns, the order, the value forms and the quirks of its source:

- POLICE: a city police bureau's 行政处罚 list, 2022–2024, in its own column names (序号,
  处罚决定书文号, 案件名称, 被处罚人姓名, 处罚事由, 处罚结果, 行政执法单位名称, 处罚日期); the people
  penalised are named masked (杜*), with no 类别, code or ID; some rows repeat an earlier one.
- NATIONAL_API: a 行政许可 record from the national credit platform's API in the older header
  generation, 2018: 当前状态 coded 0 = 正常, dates MM/DD/YYYY (03/29/2018).
- CITY_LICENCE / CITY_PENALTY: a city credit platform's records in the current generation, 2019,
  with 相对人代码 and 行政相对人代码-1（统一社会信用代码） (a hyphen for the underscore).
- TAX: a county tax office's 行政处罚 record, 2018, older-style labels with 行政处罚决定文书号.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from tests.disclosures.decision_import_helpers import OLDER_LICENCE_COLUMNS, resident_id
from tests.factories import make_company_uscc, make_uscc

SURNAMES = "杜王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
OFFENCES = [
    ("殴打他人", "《中华人民共和国治安管理处罚法》第四十三条第一款", "行政拘留五日"),
    ("盗窃", "《中华人民共和国治安管理处罚法》第四十九条", "行政拘留十日"),
    ("赌博", "《中华人民共和国治安管理处罚法》第七十条", "罚款人民币五百元"),
    ("无证驾驶", "《中华人民共和国道路交通安全法》第九十九条", "罚款人民币一千元"),
]


def _csv(header: list[str], rows: list[list[str]], *, title: str = "") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    if title:
        writer.writerow([title])
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


POLICE_HEADER = [
    "序号",
    "处罚决定书文号",
    "案件名称",
    "被处罚人姓名",
    "处罚事由",
    "处罚结果",
    "行政执法单位名称",
    "处罚日期",
]


def police_rows(people: int, repeats: int = 0) -> list[list[str]]:
    """`people` penalties over 2022–2024, then `repeats` of them listed again with a new 序号."""
    rows = []
    start = dt.date(2022, 1, 4)
    for n in range(people):
        offence, basis, result = OFFENCES[n % len(OFFENCES)]
        name = SURNAMES[n % len(SURNAMES)] + "*"
        decided = start + dt.timedelta(days=(n * 1095) // max(people, 1))
        rows.append(
            [
                "",
                f"防公（治）行罚决字〔{decided.year}〕{n + 1:05d}号",
                f"{name}{offence}案",
                name,
                f"{name}{offence}，依据{basis}。",
                result,
                "防城港市公安局港口分局",
                decided.strftime("%Y年%-m月%-d日"),
            ]
        )
    rows += [list(rows[(n * 7) % people]) for n in range(repeats)]
    for number, row in enumerate(rows, start=1):
        row[0] = str(number)
    return rows


def police(people: int = 40, repeats: int = 3) -> bytes:
    return _csv(POLICE_HEADER, police_rows(people, repeats), title="防城港市公安局港口分局行政处罚信息公示")


NATIONAL_API_HEADER = OLDER_LICENCE_COLUMNS  # the older generation, as the API returns it
NATIONAL_USCC = make_company_uscc(31)


def national_api() -> bytes:
    """One licence as the API returns it: 当前状态 0 (正常), dates month first."""
    row = [
        "桂防审批〔2018〕0329号",
        "食品经营许可",
        "核准",
        "预包装食品销售",
        "防城港市某某食品有限公司",
        NATIONAL_USCC,
        "",
        "",
        "",
        "",
        "黄某某",
        "03/29/2018",
        "03/28/2023",
        "防城港市食品药品监督管理局",
        "0",
        "450600",
        "03/30/2018 10:12:45",
        "",
    ]
    return _csv(NATIONAL_API_HEADER, [row])


CITY_LICENCE_HEADER = [
    "行政相对人名称",
    "行政相对人类别",
    "相对人代码",
    "法定代表人",
    "行政许可决定文书名称",
    "行政许可决定文书号",
    "许可类别",
    "许可内容",
    "许可决定日期",
    "有效期自",
    "有效期至",
    "许可机关",
    "当前状态",
]
CITY_PENALTY_HEADER = [
    "行政相对人名称",
    "行政相对人类别",
    "行政相对人代码-1（统一社会信用代码）",
    "法定代表人",
    "行政处罚决定书文号",
    "违法行为类型",
    "违法事实",
    "处罚依据",
    "处罚类别",
    "处罚内容",
    "罚款金额（万元）",
    "处罚决定日期",
    "处罚有效期",
    "公示截止期",
    "处罚机关",
    "当前状态",
]
CITY_USCC, CITY_USCC_2 = make_company_uscc(41), make_company_uscc(42)


def city_licence() -> bytes:
    row = [
        "防城港市海运物流有限公司",
        "法人及非法人组织",
        CITY_USCC,
        "蒙某某",
        "准予行政许可决定书",
        "防审批许〔2019〕0506号",
        "普通",
        "道路货物运输经营",
        "2019/5/6",
        "2019/5/6",
        "2023/5/5",
        "防城港市行政审批局",
        "有效",
    ]
    return _csv(CITY_LICENCE_HEADER, [row])


def city_penalty() -> bytes:
    row = [
        "防城港市某某建材经营部",
        "法人及非法人组织",
        CITY_USCC_2,
        "韦某某",
        "防市监罚〔2019〕88号",
        "产品质量违法",
        "销售不合格建材。",
        "《中华人民共和国产品质量法》第四十九条",
        "罚款",
        "罚款人民币二万元。",
        "2",
        "2019/8/12",
        "2020/8/11",
        "2022/8/11",
        "防城港市市场监督管理局",
        "有效",
    ]
    return _csv(CITY_PENALTY_HEADER, [row])


TAX_HEADER = [
    "行政处罚决定文书号",
    "处罚名称",
    "处罚类别1",
    "处罚类别2",
    "处罚事由",
    "处罚依据",
    "行政相对人名称",
    "行政相对人代码_1(统一社会信用代码)",
    "行政相对人代码_2(组织机构代码)",
    "行政相对人代码_3(工商登记码)",
    "行政相对人代码_4(税务登记号)",
    "行政相对人代码_5(居民身份证号)",
    "法定代表人姓名",
    "处罚结果",
    "处罚决定日期",
    "处罚机关",
    "当前状态",
    "地方编码",
    "数据更新时间戳",
    "备注",
]
TAX_PERSON_ID = resident_id("45060219800101002")
TAX_AUTHORITY_USCC = make_uscc(950)


def tax() -> bytes:
    row = [
        "防税简罚〔2018〕12号",
        "税务行政处罚",
        "罚款",
        "",
        "未按照规定期限办理纳税申报。",
        "《中华人民共和国税收征收管理法》第六十二条",
        "防城港市某某区某某小吃店",
        "",
        "",
        "",
        "",
        TAX_PERSON_ID,
        "",
        "罚款人民币二百元。",
        "20180716",
        "国家税务总局防城港市某某区税务局",
        "0",
        "450602",
        "20180717",
        "",
    ]
    return _csv(TAX_HEADER, [row])
