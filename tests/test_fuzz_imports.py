"""Hostile, broken, lying and huge files never break the import commands: they succeed or refuse cleanly (hypothesis)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile

import openpyxl
import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from hypothesis import example, given
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from applications import register_import
from applications.models import Appeal, CalendarDay, CalendarYear, InformationRequest, RequestEvent
from disclosures.models import AdministrativeDecision, Disclosure
from tests import factories, fuzz_helpers
from tests.fuzz_helpers import (
    CASES,
    CJK,
    IMPORTS,
    _report_cases,  # noqa: F401 - autouse fixture
    either,
    hostile_text,
)
from tests.utils import fuzz

record = fuzz_helpers.record  # a fixture shared with other modules, bound here for pytest


pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------
# Import commands: files that lie, break or hold hostile cells
# ---------------------------------------------------------------------------

REGISTER_ROW = {
    **dict.fromkeys(register_import.REGISTER_COLUMNS, ""),
    "申请编号": "",
    "收到日期": "2025-03-03",
    "申请渠道": "当面",
    "申请人类型": "自然人",
    "申请人姓名或名称": "张三",
    "证件号码": "",
    "联系电话": "13800138000",
    "申请内容": "请公开本局2024年行政许可统计表。",
    "答复日期": "2025-03-20",
    "办理结果": "（一）予以公开",
}
APPEAL_ROW = {
    "申请编号": "2025-000001",
    "类型": "行政复议",
    "提起日期": "2025-04-01",
    "结果": "尚未审结",
    "审结日期": "",
}
LICENCE_ROW = {
    "行政相对人名称": "防城港市测试商贸有限公司",
    "行政相对人类别": "法人及非法人组织",
    "行政相对人代码_1（统一社会信用代码）": factories.make_company_uscc(7),
    "法定代表人": "王某某",
    "行政许可决定文书名称": "准予行政许可决定书",
    "行政许可决定文书号": "防审批许〔2025〕99号",
    "许可类别": "普通",
    "许可证书名称": "食品经营许可证",
    "许可编号": "JY14506029999999",
    "许可内容": "预包装食品销售",
    "许可决定日期": "2025-03-03",
    "有效期自": "2025-03-03",
    "有效期至": "2030-03-02",
    "许可机关": "防城港市行政审批局",
    "当前状态": "有效",
}
PENALTY_ROW = {
    "行政相对人名称": "防城港市测试餐饮店",
    "行政相对人类别": "法人及非法人组织",
    "行政相对人代码_1（统一社会信用代码）": factories.make_company_uscc(8),
    "行政处罚决定书文号": "防审批罚〔2025〕5号",
    "违法行为类型": "未按规定公示",
    "违法事实": "未在经营场所公示许可证。",
    "处罚依据": "《食品安全法》第一百二十六条",
    "处罚类别": "罚款",
    "处罚内容": "罚款人民币五千元",
    "罚款金额（万元）": "0.5",
    "处罚决定日期": "2025-03-05",
    "处罚机关": "防城港市行政审批局",
}
CALENDAR_ROW = {"日期": "2027-01-01", "类型": "休", "名称": "元旦"}

# What a cell of an XLSX file may hold besides text.
cell_value = st.one_of(
    hostile_text,
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1)),
    st.sampled_from(["=1/0", "=SUM(A1:A3)", '=HYPERLINK("http://x","y")', "2025/3/3", "2025年3月3日", "20250303"]),
)


@st.composite
def table(draw, template: dict[str, str]):
    """A header (maybe with a column missing, repeated or foreign) and rows from the template with
    some cells replaced by hostile values."""
    header = list(template)
    roll = draw(st.integers(0, 99))
    change = "keep" if roll < 65 else ["drop", "repeat", "extra", "shuffle", "title row"][roll % 5]
    if change == "drop":
        header.pop(draw(st.integers(0, len(header) - 1)))
    elif change == "repeat":
        header.append(draw(st.sampled_from(header)))
    elif change == "extra":
        header.append(draw(hostile_text))
    elif change == "shuffle":
        header = draw(st.permutations(header))
    rows = []
    for index in range(draw(st.sampled_from([0, 1, 1, 2, 3, 4]))):
        row = dict(template)
        # Distinct rows, so that a file is not refused only for repeating its first row.
        if index:
            for column in ("申请内容", "行政许可决定文书号", "行政处罚决定书文号"):
                if column in row:
                    row[column] = f"{row[column]}{index}"
            if "日期" in row:
                row["日期"] = (dt.date.fromisoformat(row["日期"]) + dt.timedelta(days=index)).isoformat()
        # Most rows keep most cells (so that files get through and hostile values reach the
        # database); some are wrecked.
        hostile_cells = draw(st.sampled_from([0, 0, 0, 0, 1, 1, 2, len(template)]))
        for column in draw(st.lists(st.sampled_from(list(template)), max_size=hostile_cells, unique=True)):
            row[column] = draw(cell_value)
        rows.append([row.get(column, "") for column in header])
    prefix = [["导入文件"]] if change == "title row" else []
    return [*prefix, header, *rows]


def csv_bytes(rows, encoding: str) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([["" if v is None else str(v) for v in row] for row in rows])
    return out.getvalue().encode(encoding, errors="replace")


def xlsx_bytes(rows) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)[:32000]
            elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**15:
                value = float(value)
            elif isinstance(value, float) and value != value:
                value = "NaN"
            cells.append(value)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def broken_files():
    """Files that are not what their name says, or not whole."""
    valid = xlsx_bytes([list(REGISTER_ROW), list(REGISTER_ROW.values())])
    zip_without_workbook = io.BytesIO()
    with zipfile.ZipFile(zip_without_workbook, "w") as archive:
        archive.writestr("readme.txt", "不是工作簿")
    return st.one_of(
        st.just(b""),
        st.binary(max_size=2000),
        st.just(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),  # a PNG named .xlsx
        st.just(b"%PDF-1.4\n%\xe2\xe3\n"),
        st.just(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100),  # old .xls
        st.just(zip_without_workbook.getvalue()),
        st.integers(4, len(valid) - 1).map(lambda n: valid[:n]),  # truncated XLSX
        st.text(max_size=300).map(lambda t: t.encode("utf-8")),  # text named .xlsx
        st.text(max_size=100).map(lambda t: t.encode("utf-16")),
        st.just("收到日期,申请渠道\n".encode("utf-16")),
        st.just(b"\xef\xbb\xbf"),
        st.just(b"a,b\n" + b'"' + b"x" * 200_000 + b'"\n'),  # one field larger than csv allows
    )


def files_for(template):
    """A CSV or XLSX file after `template` (often with hostile cells), or, one time in four, a broken one."""
    csv_file = st.tuples(table(template), st.sampled_from(["utf-8", "utf-8-sig", "gb18030"])).map(
        lambda t: csv_bytes(t[0], t[1])
    )
    return either(st.one_of(csv_file, table(template).map(xlsx_bytes)), broken_files(), one_in=4)


COUNTED = [InformationRequest, RequestEvent, Appeal, AdministrativeDecision, Disclosure, CalendarDay, CalendarYear]


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def run_import(tmp_path, command: str, content: bytes, *args) -> bool:
    """Run the command on `content`: True if it imported, False if it refused (and wrote nothing)."""
    cache.clear()
    path = tmp_path / "upload.xlsx"  # the name claims XLSX whatever the content is
    path.write_bytes(content)
    before = row_counts()
    try:
        call_command(command, str(path), *args, stdout=io.StringIO(), stderr=io.StringIO())
    except CommandError as exc:
        assert CJK.search(str(exc)), str(exc)
        assert row_counts() == before, "a refused file wrote rows"
        IMPORTS[f"{command} refused"] += 1
        return False
    IMPORTS[f"{command} imported"] += 1
    return True


def assert_clean_text(model, fields):
    """What was imported holds no control or direction characters (PostgreSQL refuses NUL)."""
    for values in model.objects.values_list(*fields):
        for value in values:
            assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\u202a-\u202e\u2066-\u2069]", value or ""), value


@fuzz(80)
@given(content=files_for(REGISTER_ROW))
@example(content=csv_bytes([list(REGISTER_ROW), [*list(REGISTER_ROW.values())[:4], "张\x00三\u202e"]], "utf-8"))
@example(content=b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
def test_import_register_succeeds_or_refuses_cleanly(record, tmp_path, content):
    CASES["import_register"] += 1
    if run_import(tmp_path, "import_register", content):
        assert_clean_text(InformationRequest, ["name", "phone", "description", "remarks", "tracking_number"])


@fuzz(60)
@given(content=files_for(APPEAL_ROW))
def test_import_appeals_succeeds_or_refuses_cleanly(record, tmp_path, content):
    CASES["import_appeals"] += 1
    run_import(tmp_path, "import_appeals", content)


@fuzz(80)
@given(content=st.one_of(files_for(LICENCE_ROW), files_for(PENALTY_ROW)))
@example(content=xlsx_bytes([list(LICENCE_ROW), [10**30, *list(LICENCE_ROW.values())[1:]]]))
@example(
    content=csv_bytes(
        [list(PENALTY_ROW), [*list(PENALTY_ROW.values())[:-3], "1e309", "2025-02-30", "处罚机关"]], "gb18030"
    )
)
def test_import_decisions_succeeds_or_refuses_cleanly(record, tmp_path, content):
    CASES["import_decisions"] += 1
    if run_import(tmp_path, "import_decisions", content):
        assert_clean_text(AdministrativeDecision, ["party_name", "document_number", "authority", "content"])


@fuzz(70)
@given(
    content=either(
        st.tuples(table(CALENDAR_ROW), st.sampled_from(["utf-8", "gb18030"])).map(lambda t: csv_bytes(t[0], t[1])),
        broken_files(),
        one_in=4,
    ),
    # Mostly the options a person gives (so that files get through), sometimes hostile ones.
    notice=either(st.sampled_from(["", "国务院办公厅关于2027年部分节假日安排的通知"]), hostile_text, one_in=4),
    url=either(
        st.sampled_from(["", "https://www.gov.cn/zhengce/content/2026-11/01/content_1.htm"]),
        st.one_of(st.sampled_from(["javascript:alert(1)", "http://" + "x" * 300 + ".cn/"]), hostile_text),
        one_in=4,
    ),
)
@example(content="日期,类型,名称\n2027-01-01,休,元\x00旦\n".encode(), notice="", url="")
@example(content="日期,类型,名称\n2027-01-01,休,元旦\n".encode(), notice="通知\x00" + "长" * 300, url="x" * 300)
def test_load_calendar_succeeds_or_refuses_cleanly(record, tmp_path, content, notice, url):
    CASES["load_calendar"] += 1
    if run_import(tmp_path, "load_calendar", content, f"--source-notice={notice}", f"--source-url={url}"):
        assert_clean_text(CalendarDay, ["name", "source_notice", "source_url"])


def test_gigantic_files_are_refused_cleanly(record, tmp_path):
    """A few megabytes: too many rows for one import, or one cell too large for CSV."""
    many_rows = csv_bytes(
        [list(REGISTER_ROW)] + [list(REGISTER_ROW.values())] * (register_import.MAX_ROWS + 5), "utf-8"
    )
    assert len(many_rows) > 2_000_000
    huge_cell = "日期,类型,名称\n2027-01-01,休,".encode() + "长".encode() * 1_000_000 + b"\n"
    for command, content in [
        ("import_register", many_rows),
        ("import_appeals", many_rows),
        ("import_decisions", many_rows),
        ("load_calendar", huge_cell),
        ("import_register", huge_cell),
    ]:
        CASES["gigantic files"] += 1
        assert run_import(tmp_path, command, content) is False, command
