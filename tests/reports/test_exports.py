"""The report as HTML, DOCX and XLSX in the official layout (docs/rules.md §2.3–§2.5), and `manage.py annual_report`."""

import datetime as dt
import io
import json
from decimal import Decimal

import docx
import openpyxl
import pytest
from django.core.management import CommandError, call_command
from lxml import html as lxml_html

from applications.models import InformationRequest
from reports import exports, labels
from reports.models import AnnualReport
from tests.factories import InformationRequestFactory, OrganFactory, make_uscc

D = dt.date
TITLE = "测试市行政审批局2025年政府信息公开工作年度报告"


# ---------------------------------------------------------------------------
# A small hand-built report: every number of table 三 and 四 is different, so a misplaced cell shows.
# ---------------------------------------------------------------------------


def t3_value(row: str, column: str) -> int:
    return 100 * (labels.TABLE3_ROW_KEYS.index(row) + 1) + labels.TABLE3_COLUMN_KEYS.index(column) + 1


def t4_value(group: str, column: str) -> int:
    return 10 * (labels.TABLE4_GROUP_KEYS.index(group) + 1) + labels.TABLE4_COLUMN_KEYS.index(column) + 1


@pytest.fixture
def data():
    return {
        "organ": "测试市行政审批局",
        "year": 2025,
        "period": "2025年1月1日至2025年12月31日",
        "table2": {
            "regulations": {"issued": 2, "repealed": 1, "in_force": 7},
            "normative_documents": {"issued": 62, "repealed": 33, "in_force": 440},
            "licensing": {"decisions": 58635},
            "penalties": {"decisions": 12},
            "coercion": {"decisions": 3},
            "fees_wan_yuan": "5949.088667",
        },
        "table3": {row: {c: t3_value(row, c) for c in labels.TABLE3_COLUMN_KEYS} for row in labels.TABLE3_ROW_KEYS},
        "table4": {g: {c: t4_value(g, c) for c in labels.TABLE4_COLUMN_KEYS} for g in labels.TABLE4_GROUP_KEYS},
        "facts": {},
        "sections": {
            "1": "2025年，本局主动公开政府信息100条。\n全年新收申请10件。",
            "5": "",
            "6": "2025年，本机关未收取信息处理费。",
            "overview": {"proactive": "按时公开规范性文件。", "on_request": "", "management": "", "platforms": ""},
        },
        "checks": [],
        "labels": labels.all_labels(),
    }


def every_official_label() -> list[str]:
    return [
        *labels.SECTION_HEADINGS.values(),
        *labels.TABLE2.values(),
        *labels.TABLE3_ROWS.values(),
        *labels.TABLE3_HEADER.values(),
        *labels.TABLE3_COLUMNS.values(),
        *labels.TABLE4_GROUPS.values(),
        *labels.TABLE4_COLUMNS.values(),
    ]


# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------


def parse_tables(page: str) -> dict[str, object]:
    """The report tables of a page by section key ("2", "3", "4"), as lxml elements."""
    tree = lxml_html.fromstring(page)
    return {key: tree.xpath(f"//table[contains(@class, 'report-table-{key}')]")[0] for key in "234"}


def th(table, text):
    (cell,) = [c for c in table.iter("th", "td") if c.text_content().strip() == text]
    return cell


def span(cell) -> tuple[int, int]:
    return int(cell.get("rowspan", 1)), int(cell.get("colspan", 1))


def grid_widths(table) -> list[int]:
    """The number of columns each row covers once rowspans and colspans are resolved."""
    taken, widths = set(), []
    for r, row in enumerate(table.iter("tr")):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            rows, cols = span(cell)
            taken.update((r + i, c + j) for i in range(rows) for j in range(cols))
            c += cols
        widths.append(len({col for (row_index, col) in taken if row_index == r}))
    return widths


def test_html_carries_every_official_label_verbatim(data):
    page = exports.report_html(data, TITLE)
    for label in every_official_label():
        assert label in page, label
    assert "3.危及“三安全一稳定”" in page  # curly quotes kept
    assert page.startswith("<!DOCTYPE html>") and 'lang="zh-CN"' in page
    assert f"<h1>{TITLE}</h1>" in page and page.count("<h1") == 1
    assert "本报告所列数据统计期限为2025年1月1日至2025年12月31日。" in page


def test_html_table3_merged_cells_are_the_official_ones(data):
    table = parse_tables(exports.report_html(data, TITLE))["3"]
    identity = th(table, labels.TABLE3_HEADER["identity"])
    assert identity.tag == "td" and span(identity) == (3, 3)
    assert span(th(table, "申请人情况")) == (1, 7)
    assert span(th(table, "法人或其他组织")) == (1, 5)
    assert span(th(table, "自然人")) == (2, 1) and span(th(table, "总计")) == (2, 1)
    assert span(th(table, "三、本年度办理结果")) == (22, 1)
    assert span(th(table, "（三）不予公开")) == (8, 1)
    assert span(th(table, "（四）无法提供")) == (3, 1)
    assert span(th(table, "（五）不予处理")) == (5, 1)
    assert span(th(table, "（六）其他处理")) == (3, 1)
    for key in ("new", "carried_in", "carried_out"):
        assert span(th(table, labels.TABLE3_ROWS[key])) == (1, 3)
    for key in ("1", "2", "total"):
        assert span(th(table, labels.TABLE3_ROWS[key])) == (1, 2)
    assert span(th(table, "1.属于国家秘密")) == (1, 1)
    assert grid_widths(table) == [10] * 28  # 3 header rows + 25 data rows, each 3 label + 7 number columns
    assert len(table.xpath("./tbody/tr")) == 25


def test_html_table4_and_table2_merged_cells_are_the_official_ones(data):
    tables = parse_tables(exports.report_html(data, TITLE))
    table4 = tables["4"]
    assert span(th(table4, "行政复议")) == (1, 5)
    assert span(th(table4, "行政诉讼")) == (1, 10)
    assert span(th(table4, "未经复议直接起诉")) == (1, 5)
    assert span(th(table4, "复议后起诉")) == (1, 5)
    first_five = table4.xpath("./thead/tr")[1].xpath("./th")[:5]
    assert [c.text_content() for c in first_five] == list(labels.TABLE4_COLUMNS.values())
    assert all(span(c) == (2, 1) for c in first_five)
    assert len(table4.xpath("./thead/tr")[2].xpath("./th")) == 10
    assert grid_widths(table4) == [15] * 4
    assert [int(td.text_content()) for td in table4.xpath("./tbody/tr/td")] == [
        t4_value(g, c) for g in labels.TABLE4_GROUP_KEYS for c in labels.TABLE4_COLUMN_KEYS
    ]

    table2 = tables["2"]
    assert grid_widths(table2) == [4] * 14
    for group in ("article_20_1", "article_20_5", "article_20_6", "article_20_8"):
        assert span(th(table2, labels.TABLE2[group])) == (1, 4)
    assert [span(c) for c in table2.xpath(".//th") if c.text_content() == "本年处理决定数量"] == [(1, 3), (1, 3)]
    assert span(th(table2, labels.TABLE2["fees_amount"])) == (1, 3)
    values = [(td.text_content(), span(td)) for td in table2.xpath(".//td")]
    assert values == [
        ("2", (1, 1)), ("1", (1, 1)), ("7", (1, 1)), ("62", (1, 1)), ("33", (1, 1)), ("440", (1, 1)),
        ("58635", (1, 3)), ("12", (1, 3)), ("3", (1, 3)), ("5949.088667", (1, 3)),
    ]  # fmt: skip


def test_html_data_cells_name_their_headers(data):
    """Screen readers announce each number with its row and column labels (headers/id)."""
    for table in parse_tables(exports.report_html(data, TITLE)).values():
        ids = {cell.get("id") for cell in table.iter("th")}
        for td in table.xpath("./tbody/tr/td"):
            assert td.get("headers"), td.text_content()
            assert set(td.get("headers").split()) <= ids
        assert table.xpath("./caption")
        assert table.getparent().get("class") == "table-scroll"
    table3 = parse_tables(exports.report_html(data, TITLE))["3"]
    (cell,) = [td for td in table3.xpath(".//td") if td.text_content() == str(t3_value("3.4", "research"))]
    named = [th(table3, label).get("id") for label in ("三、本年度办理结果", "（三）不予公开", "4.保护第三方合法权益")]
    named += [th(table3, label).get("id") for label in ("申请人情况", "法人或其他组织", "科研机构")]
    assert cell.get("headers").split() == named


def test_html_table3_numbers_sit_in_their_row_and_column(data):
    table = parse_tables(exports.report_html(data, TITLE))["3"]
    rows = table.xpath("./tbody/tr")
    for index, key in enumerate(labels.TABLE3_ROW_KEYS):
        numbers = [int(td.text_content()) for td in rows[index].xpath("./td")]
        assert numbers == [t3_value(key, c) for c in labels.TABLE3_COLUMN_KEYS], key
        assert rows[index].xpath("./th")[-1].text_content() == labels.TABLE3_ROWS[key]


def test_html_narrative_shows_written_sub_headings_and_empty_sections_as_none(data):
    page = exports.report_html(data, TITLE)
    assert "<p>2025年，本局主动公开政府信息100条。</p>" in page and "<p>全年新收申请10件。</p>" in page
    assert "（一）主动公开" in page and "按时公开规范性文件。" in page
    assert "（二）依申请公开" not in page  # no text written: no empty sub-heading
    assert "<p>无。</p>" in page  # section 五 left empty
    assert "2025年，本机关未收取信息处理费。" in page


def test_narrative_text_is_escaped(data):
    data["sections"]["5"] = "<script>alert(1)</script>"
    page = exports.report_html(data, TITLE)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_wan_yuan_is_shown_exactly():
    assert exports.format_wan_yuan("0.000000") == "0"
    assert exports.format_wan_yuan("1.500000") == "1.5"
    assert exports.format_wan_yuan("18651.06") == "18651.06"
    assert exports.format_wan_yuan("100.000000") == "100"


# ---------------------------------------------------------------------------
# DOCX
# ---------------------------------------------------------------------------


def test_docx_opens_and_holds_the_three_tables(data):
    document = docx.Document(io.BytesIO(exports.report_docx(data, TITLE)))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == TITLE and document.core_properties.title == TITLE
    for heading in labels.SECTION_HEADINGS.values():
        assert heading in texts
    assert "2025年，本机关未收取信息处理费。" in texts and "（一）主动公开" in texts
    table2, table3, table4 = document.tables

    assert (len(table2.rows), len(table2.columns)) == (14, 4)
    assert [c.text for c in table2.rows[3].cells] == ["行政规范性文件", "62", "33", "440"]
    assert [c.text for c in table2.rows[6].cells] == ["行政许可", "58635", "58635", "58635"]  # one cell over 3
    assert table2.cell(6, 1)._tc is table2.cell(6, 3)._tc
    assert table2.cell(13, 1).text == "5949.088667"

    assert (len(table3.rows), len(table3.columns)) == (28, 10)
    assert table3.cell(0, 0).text == labels.TABLE3_HEADER["identity"]
    assert table3.cell(0, 0)._tc is table3.cell(2, 2)._tc  # the A1 cell spans 3 × 3
    assert table3.cell(0, 3).text == "申请人情况" and table3.cell(0, 3)._tc is table3.cell(0, 9)._tc
    assert table3.cell(1, 4).text == "法人或其他组织" and table3.cell(1, 4)._tc is table3.cell(1, 8)._tc
    assert [table3.cell(2, c).text for c in range(4, 9)] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    results = table3.cell(5, 0)
    assert results.text == "三、本年度办理结果" and results._tc is table3.cell(26, 0)._tc  # rowspan 22
    assert table3.cell(7, 1).text == "（三）不予公开" and table3.cell(7, 1)._tc is table3.cell(14, 1)._tc
    for index, key in enumerate(labels.TABLE3_ROW_KEYS, start=3):
        assert table3.cell(index, 2).text == labels.TABLE3_ROWS[key]
        numbers = [int(table3.cell(index, 3 + c).text) for c in range(7)]
        assert numbers == [t3_value(key, c) for c in labels.TABLE3_COLUMN_KEYS], key

    assert (len(table4.rows), len(table4.columns)) == (4, 15)
    assert table4.cell(0, 0).text == "行政复议" and table4.cell(0, 0)._tc is table4.cell(0, 4)._tc
    assert table4.cell(0, 5).text == "行政诉讼" and table4.cell(0, 5)._tc is table4.cell(0, 14)._tc
    assert table4.cell(1, 0)._tc is table4.cell(2, 0)._tc  # 结果维持 over two rows
    assert table4.cell(1, 10).text == "复议后起诉"
    assert [int(c.text) for c in table4.rows[3].cells] == [
        t4_value(g, c) for g in labels.TABLE4_GROUP_KEYS for c in labels.TABLE4_COLUMN_KEYS
    ]


# ---------------------------------------------------------------------------
# XLSX
# ---------------------------------------------------------------------------


def test_xlsx_opens_and_holds_the_three_tables(data):
    workbook = openpyxl.load_workbook(io.BytesIO(exports.report_xlsx(data, TITLE)))
    assert workbook.sheetnames == [labels.SECTION_HEADINGS[k] for k in "234"]
    sheet2, sheet3, sheet4 = workbook.worksheets
    assert sheet2["A1"].value == TITLE and sheet2["A2"].value.startswith("本报告所列数据统计期限为2025年")

    rows2 = [[c.value for c in row] for row in sheet2.iter_rows(min_row=4, max_row=17)]
    assert rows2[0] == ["第二十条第（一）项", None, None, None]
    assert rows2[3] == ["行政规范性文件", 62, 33, 440]
    assert rows2[6][:2] == ["行政许可", 58635]
    assert rows2[13][0] == "行政事业性收费" and Decimal(str(rows2[13][1])) == Decimal("5949.088667")
    merged2 = {str(r) for r in sheet2.merged_cells.ranges}
    assert {"A4:D4", "B9:D9", "B10:D10", "B17:D17"} <= merged2

    assert sheet3["A4"].value == labels.TABLE3_HEADER["identity"]
    merged3 = {str(r) for r in sheet3.merged_cells.ranges}
    assert {
        "A4:C6",
        "D4:J4",
        "E5:I5",
        "D5:D6",
        "J5:J6",
        "A9:A30",
        "B11:B18",
        "B19:B21",
        "B22:B26",
        "B27:B29",
    } <= merged3
    for row, key in enumerate(labels.TABLE3_ROW_KEYS, start=7):
        label_column = 1 if key in ("new", "carried_in", "carried_out") else 3 if "." in key else 2
        assert sheet3.cell(row, label_column).value == labels.TABLE3_ROWS[key]
        assert [sheet3.cell(row, 4 + c).value for c in range(7)] == [
            t3_value(key, c) for c in labels.TABLE3_COLUMN_KEYS
        ]
    assert sheet3["A30"].value is None and sheet3["B30"].value == "（七）总计"

    merged4 = {str(r) for r in sheet4.merged_cells.ranges}
    assert {"A4:E4", "F4:O4", "F5:J5", "K5:O5", "A5:A6", "E5:E6"} <= merged4
    assert [sheet4.cell(7, c).value for c in range(1, 16)] == [
        t4_value(g, c) for g in labels.TABLE4_GROUP_KEYS for c in labels.TABLE4_COLUMN_KEYS
    ]


# ---------------------------------------------------------------------------
# manage.py annual_report
# ---------------------------------------------------------------------------


def answered(received, on, outcome="1", **kwargs):
    request = InformationRequestFactory(received_on=received, **kwargs)
    InformationRequest.objects.filter(pk=request.pk).update(outcome=outcome, answered_on=on, status="answered")
    return request


@pytest.fixture
def recorded(organ):
    answered(D(2025, 3, 3), D(2025, 3, 20))
    answered(D(2025, 4, 1), D(2025, 4, 20), "3.4")
    InformationRequestFactory(received_on=D(2025, 12, 29))  # open at the year end
    return organ


def run(*args) -> str:
    out = io.StringIO()
    call_command("annual_report", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_command_writes_json_with_the_stable_keys(recorded):
    data = json.loads(run("2025", "--format", "json"))
    assert {"table2", "table3", "table4", "facts", "sections", "checks", "labels"} <= set(data)
    assert list(data["table3"]) == labels.TABLE3_ROW_KEYS
    assert all(list(row) == labels.TABLE3_COLUMN_KEYS for row in data["table3"].values())
    assert list(data["table4"]) == labels.TABLE4_GROUP_KEYS
    assert data["table3"]["new"]["natural_person"] == 3
    assert data["table3"]["1"]["total"] == 1 and data["table3"]["3.4"]["total"] == 1
    assert data["table3"]["carried_out"]["total"] == 1
    assert data["checks"] == [] and data["table2"]["fees_wan_yuan"] == "0"
    assert data["labels"]["table3.row.3.3"] == "3.危及“三安全一稳定”"


@pytest.mark.django_db
def test_command_uses_the_report_rows_fees_and_narrative(recorded):
    AnnualReport.objects.create(organ=recorded, year=2025, fees_wan_yuan=Decimal("1.25"), problems="一是公开不够及时。")
    data = json.loads(run("2025"))  # json is the default format
    assert Decimal(data["table2"]["fees_wan_yuan"]) == Decimal("1.25")
    assert data["sections"]["5"] == "一是公开不够及时。"
    assert data["sections"]["overview"]["proactive"] == ""


@pytest.mark.django_db
def test_command_writes_json_and_html_to_a_file(recorded, tmp_path):
    run("2025", "--format", "json", "-o", str(tmp_path / "r.json"))
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["year"] == 2025
    page = run("2025", "--format", "html")
    assert page.startswith("<!DOCTYPE html>")
    for label in every_official_label():
        assert label in page, label
    assert f"{recorded.name}2025年政府信息公开工作年度报告" in page
    run("2025", "--format", "html", "-o", str(tmp_path / "r.html"))
    assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.django_db
def test_command_writes_xlsx_and_docx(recorded, tmp_path):
    message = run("2025", "--format", "xlsx", "-o", str(tmp_path / "r.xlsx"))
    assert "r.xlsx" in message
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx").worksheets[1]
    assert sheet["D7"].value == 3  # 一、本年新收 · 自然人
    run("2025", "--format", "docx", "-o", str(tmp_path / "r.docx"))
    table3 = docx.Document(tmp_path / "r.docx").tables[1]
    assert table3.cell(3, 2).text == labels.TABLE3_ROWS["new"] and table3.cell(3, 9).text == "3"


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_command_refuses_binary_formats_on_stdout(recorded, fmt):
    with pytest.raises(CommandError, match="-o"):
        run("2025", "--format", fmt)


@pytest.mark.django_db
def test_command_names_an_unknown_organ(recorded):
    with pytest.raises(CommandError) as exc:
        run("2025", "--organ", make_uscc(999))
    assert make_uscc(999) in str(exc.value) and recorded.uscc in str(exc.value)


@pytest.mark.django_db
def test_command_compiles_for_the_organ_given_by_its_code(recorded):
    other = OrganFactory(name="测试市另一局")
    data = json.loads(run("2025", "--organ", other.uscc.lower()))
    assert data["organ"] == "测试市另一局"


@pytest.mark.django_db
def test_command_without_any_organ_says_so():
    with pytest.raises(CommandError, match="机关"):
        run("2025")


@pytest.mark.django_db
def test_command_rejects_a_year_before_the_regulation(recorded):
    with pytest.raises(CommandError, match="2007"):
        run("2007")
