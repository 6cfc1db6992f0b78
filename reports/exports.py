"""The annual report as HTML, DOCX and XLSX, laid out like the official tables (docs/rules.md §2.3–§2.5).

Every function takes `data`, the dict `compile_annual_report` returns (or the frozen copy in
`AnnualReport.compiled`), and never queries the database. The three tables are described once, as
rows of cells with their merges and header associations (`report_tables`); the HTML template, the
Word document and the workbook are all drawn from that one description, so they cannot disagree.
"""

import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.template import engines

from common.cells import neutralise
from reports import labels

# Sub-rows of the result groups （三）…（六） of table 三; their group cell spans them (docs/rules.md §2.4).
RESULT_GROUPS = {group: [key for key in labels.RESULT_ROWS if key.startswith(f"{group}.")] for group in "3456"}
# The rows under 三、本年度办理结果: the 21 result rows and （七）总计 (rowspan 22).
RESULTS_ROWSPAN = len(labels.RESULT_ROWS) + 1

TABLE_CAPTIONS = {
    "2": "主动公开政府信息情况（单位：件；收费金额单位：万元）",
    "3": "收到和处理政府信息公开申请情况（单位：件）",
    "4": "政府信息公开行政复议、行政诉讼情况（单位：件）",
}


@dataclass(frozen=True)
class Cell:
    """One cell of an official table. `headers` lists the ids of the header cells that describe it."""

    text: str
    header: bool = False
    scope: str = ""
    rowspan: int = 1
    colspan: int = 1
    id: str = ""
    headers: str = ""
    value: int | Decimal | str | None = None  # the number as written to the workbook
    css: str = ""


@dataclass
class Table:
    key: str  # "2", "3" or "4": the section the table belongs to
    heading: str
    caption: str
    columns: int
    head: list[list[Cell]] = field(default_factory=list)
    bodies: list[list[list[Cell]]] = field(default_factory=list)

    @property
    def rows(self) -> list[list[Cell]]:
        return [*self.head, *(row for body in self.bodies for row in body)]


def _th(text, *, id="", scope="", headers=(), rowspan=1, colspan=1) -> Cell:
    return Cell(text, True, scope, rowspan, colspan, id, " ".join(headers))


def _td(value, *, headers=(), colspan=1, text=None) -> Cell:
    return Cell(str(value) if text is None else text, headers=" ".join(headers), colspan=colspan, value=value)


def _dom_id(*parts: str) -> str:
    return "-".join(part.replace(".", "-").replace("_", "-") for part in parts)


def format_wan_yuan(value) -> str:
    """An amount in 万元 as written in the report: exact, without trailing zeros ("0", "18651.06")."""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return format(amount.normalize(), "f") if amount else "0"


def _wan_yuan_value(value):
    """The amount as a workbook number: an int when whole, else the exact Decimal (never a float)."""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return int(amount) if amount == amount.to_integral_value() else amount


# ---------------------------------------------------------------------------
# The three tables
# ---------------------------------------------------------------------------


def table2(data: dict) -> Table:
    """Four columns; a group title row spanning them; value cells of single-count groups span three."""
    t2, names = data["table2"], labels.TABLE2
    table = Table("2", labels.SECTION_HEADINGS["2"], TABLE_CAPTIONS["2"], columns=4)
    groups = [
        ("article_20_1", ["issued", "repealed", "in_force"], ["regulations", "normative_documents"]),
        ("article_20_5", ["decisions"], ["licensing"]),
        ("article_20_6", ["decisions"], ["penalties", "coercion"]),
        ("article_20_8", ["fees_amount"], ["fees_wan_yuan"]),
    ]
    for group, columns, rows in groups:
        group_id = _dom_id("t2", group)
        span = 3 // len(columns)
        body = [[_th(names[group], id=group_id, scope="colgroup", colspan=4)]]
        heads = [_th(names["content"], id=_dom_id(group_id, "content"), scope="col", headers=[group_id])]
        heads += [
            _th(names[column], id=_dom_id(group_id, column), scope="col", headers=[group_id], colspan=span)
            for column in columns
        ]
        body.append(heads)
        for row in rows:
            row_id = _dom_id("t2", row)
            cells = [_th(names[row], id=row_id, scope="row", headers=[group_id, _dom_id(group_id, "content")])]
            for column in columns:
                headers = [group_id, _dom_id(group_id, column), row_id]
                if row == "fees_wan_yuan":
                    amount = t2["fees_wan_yuan"]
                    cells.append(
                        _td(_wan_yuan_value(amount), text=format_wan_yuan(amount), headers=headers, colspan=span)
                    )
                else:
                    cells.append(_td(t2[row][column], headers=headers, colspan=span))
            body.append(cells)
        table.bodies.append(body)
    return table


def table3(data: dict) -> Table:
    """Three label columns (the identity note spans them in the header) and seven applicant columns."""
    t3, rows, columns, header = data["table3"], labels.TABLE3_ROWS, labels.TABLE3_COLUMNS, labels.TABLE3_HEADER
    table = Table("3", labels.SECTION_HEADINGS["3"], TABLE_CAPTIONS["3"], columns=3 + len(columns))
    applicants, organisations = "t3-applicants", "t3-organisations"
    column_headers = {
        key: [applicants, organisations, _dom_id("t3-c", key)]
        if key in ("commercial", "research", "public_interest", "legal_services", "other")
        else [applicants, _dom_id("t3-c", key)]
        for key in columns
    }
    table.head = [
        [
            Cell(header["identity"], rowspan=3, colspan=3, css="identity"),
            _th(header["applicants"], id=applicants, scope="colgroup", colspan=7),
        ],
        [
            _th(columns["natural_person"], id="t3-c-natural-person", scope="col", headers=[applicants], rowspan=2),
            _th(header["organisations"], id=organisations, scope="colgroup", headers=[applicants], colspan=5),
            _th(columns["total"], id="t3-c-total", scope="col", headers=[applicants], rowspan=2),
        ],
        [
            _th(columns[key], id=_dom_id("t3-c", key), scope="col", headers=[applicants, organisations])
            for key in ("commercial", "research", "public_interest", "legal_services", "other")
        ],
    ]
    results = "t3-results"
    body = []
    for key in labels.TABLE3_ROW_KEYS:
        row_id = _dom_id("t3-r", key)
        cells = []
        if key in ("new", "carried_in", "carried_out"):
            cells.append(_th(rows[key], id=row_id, scope="row", colspan=3))
            parents = []
        else:
            if key == labels.RESULT_ROWS[0]:
                cells.append(_th(rows["results"], id=results, scope="row", rowspan=RESULTS_ROWSPAN))
            group = key.split(".")[0] if "." in key else None
            if group is None:  # （一）, （二）, （七）总计
                cells.append(_th(rows[key], id=row_id, scope="row", headers=[results], colspan=2))
                parents = [results]
            else:
                group_id = _dom_id("t3-r", group)
                if key == RESULT_GROUPS[group][0]:
                    rowspan = len(RESULT_GROUPS[group])
                    cells.append(_th(rows[group], id=group_id, scope="row", headers=[results], rowspan=rowspan))
                cells.append(_th(rows[key], id=row_id, scope="row", headers=[results, group_id]))
                parents = [results, group_id]
        for column in columns:
            cells.append(_td(t3[key][column], headers=[*parents, row_id, *column_headers[column]]))
        body.append(cells)
    table.bodies = [body]
    return table


def table4(data: dict) -> Table:
    """Fifteen numbers: 行政复议 (5) and 行政诉讼 (10 = 未经复议直接起诉 5 + 复议后起诉 5)."""
    t4, groups, columns = data["table4"], labels.TABLE4_GROUPS, labels.TABLE4_COLUMNS
    table = Table("4", labels.SECTION_HEADINGS["4"], TABLE_CAPTIONS["4"], columns=15)
    reconsideration, litigation = "t4-reconsideration", "t4-litigation"
    lawsuits = ["litigation_direct", "litigation_after_reconsideration"]
    table.head = [
        [
            _th(groups["reconsideration"], id=reconsideration, scope="colgroup", colspan=5),
            _th(groups["litigation"], id=litigation, scope="colgroup", colspan=10),
        ],
        [
            *(
                _th(label, id=_dom_id(reconsideration, key), scope="col", headers=[reconsideration], rowspan=2)
                for key, label in columns.items()
            ),
            *(
                _th(groups[group], id=_dom_id("t4", group), scope="colgroup", headers=[litigation], colspan=5)
                for group in lawsuits
            ),
        ],
        [
            _th(label, id=_dom_id("t4", group, key), scope="col", headers=[litigation, _dom_id("t4", group)])
            for group in lawsuits
            for key, label in columns.items()
        ],
    ]
    values = [
        _td(t4["reconsideration"][key], headers=[reconsideration, _dom_id(reconsideration, key)]) for key in columns
    ]
    values += [
        _td(t4[group][key], headers=[litigation, _dom_id("t4", group), _dom_id("t4", group, key)])
        for group in lawsuits
        for key in columns
    ]
    table.bodies = [[values]]
    return table


def report_tables(data: dict) -> list[Table]:
    return [table2(data), table3(data), table4(data)]


def place(table: Table) -> list[tuple[int, int, Cell]]:
    """(row, column, cell) of every cell, zero-based, skipping the slots that merged cells cover."""
    taken: set[tuple[int, int]] = set()
    placed = []
    for r, row in enumerate(table.rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            placed.append((r, c, cell))
            taken.update((r + i, c + j) for i in range(cell.rowspan) for j in range(cell.colspan))
            c += cell.colspan
    return placed


# ---------------------------------------------------------------------------
# The narrative around the tables
# ---------------------------------------------------------------------------


def report_title(data: dict) -> str:
    return f"{data.get('organ', '')}{data['year']}年政府信息公开工作年度报告"


def period_sentence(data: dict) -> str:
    return f"本报告所列数据统计期限为{data['period']}。"


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def narrative(data: dict) -> dict:
    """Sections 一, 五 and 六 as paragraphs; section 一's sub-headings only where staff wrote text."""
    sections = data.get("sections", {})
    overview = sections.get("overview") or {}
    return {
        "1": paragraphs(sections.get("1", "")),
        "overview": [
            {"heading": heading, "paragraphs": paragraphs(overview.get(key, ""))}
            for key, heading in labels.OVERVIEW_HEADINGS.items()
            if paragraphs(overview.get(key, ""))
        ],
        "5": paragraphs(sections.get("5", "")) or ["无。"],
        "6": paragraphs(sections.get("6", "")) or ["无。"],
    }


def report_context(data: dict, title: str) -> dict:
    """What the page and the HTML export render: the title, period, headings, narrative and tables."""
    return {
        "title": title,
        "data": data,
        "period_sentence": period_sentence(data),
        "headings": labels.SECTION_HEADINGS,
        "narrative": narrative(data),
        "tables": report_tables(data),
    }


# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------

# A self-contained document (no site chrome, no external files) for `manage.py annual_report --format html`.
# The tables come from the same include as the public page.
STANDALONE_DOCUMENT = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>
body { font-family: "Songti SC", SimSun, "Noto Serif CJK SC", serif; max-width: 62rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.8; color: #000; }
h1 { text-align: center; font-size: 1.6rem; }
h2 { font-size: 1.2rem; margin-top: 1.5rem; }
h3 { font-size: 1.05rem; }
.report-text p { text-indent: 2em; margin: 0 0 .6em; }
.table-scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1rem; }
caption { padding: .25rem 0; }
th, td { border: 1px solid #000; padding: .3rem .4rem; text-align: center; vertical-align: middle; }
th[scope=row] { text-align: left; }
</style>
</head>
<body>
<main>
<h1>{{ title }}</h1>
<p class="report-period">{{ period_sentence }}</p>
<section class="report-text" aria-labelledby="section-1">
<h2 id="section-1">{{ headings.1 }}</h2>
{% for text in narrative.1 %}<p>{{ text }}</p>
{% endfor %}{% for part in narrative.overview %}<h3>{{ part.heading }}</h3>
{% for text in part.paragraphs %}<p>{{ text }}</p>
{% endfor %}{% endfor %}</section>
{% include "reports/includes/report_tables.html" %}
<section class="report-text" aria-labelledby="section-5">
<h2 id="section-5">{{ headings.5 }}</h2>
{% for text in narrative.5 %}<p>{{ text }}</p>
{% endfor %}</section>
<section class="report-text" aria-labelledby="section-6">
<h2 id="section-6">{{ headings.6 }}</h2>
{% for text in narrative.6 %}<p>{{ text }}</p>
{% endfor %}</section>
</main>
</body>
</html>
"""


def report_html(data: dict, title: str) -> str:
    """The whole report as one self-contained HTML document; its tables are the page's include."""
    return engines["django"].from_string(STANDALONE_DOCUMENT).render(report_context(data, title))


# ---------------------------------------------------------------------------
# DOCX
# ---------------------------------------------------------------------------

# Fonts: Word picks w:eastAsia for Chinese characters and w:ascii/w:hAnsi for the rest.
EAST_ASIAN_FONT = "宋体"
LATIN_FONT = "Times New Roman"
# Column widths in mm, within the 156 mm text width of an A4 page with GB/T 9704 margins.
DOCX_WIDTHS = {
    "2": [39] * 4,
    "3": [12, 20, 46] + [11] * 7,
    "4": [10.4] * 15,
}


def _fonts(rpr) -> None:
    from docx.oxml.ns import qn

    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)


def _docx_paragraph(container, text, *, size, bold=False, align=None, indent=False, space_after=0):
    from docx.shared import Pt

    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(space_after)
    if align is not None:
        paragraph.alignment = align
    if indent:
        fmt.first_line_indent = Pt(size * 2)  # 首行缩进两字
    run = paragraph.add_run(text)
    run.font.size, run.font.bold, run.font.name = Pt(size), bold, LATIN_FONT
    _fonts(run._element.get_or_add_rPr())
    return paragraph


def _docx_table(document, table: Table) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.shared import Mm, Pt

    rows = table.rows
    grid = document.add_table(rows=len(rows), cols=table.columns)
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    widths = DOCX_WIDTHS[table.key]
    for row in grid.rows:
        for index, cell in enumerate(row.cells):
            cell.width = Mm(widths[index])
    for index in range(len(table.head)):  # header rows repeat on every page
        grid.rows[index]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for r, c, cell in place(table):
        target = grid.cell(r, c)
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(grid.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
        target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph = target.paragraphs[0]
        row_label = cell.scope == "row" and cell.rowspan == 1
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if row_label else WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(cell.text)
        run.font.size = Pt(9)  # 小五
        run.font.bold = cell.header and cell.scope != "row"
        _fonts(run._element.get_or_add_rPr())


def report_docx(data: dict, title: str) -> bytes:
    """The report as a Word document: title, period, sections 一–六 with the three tables in place."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)  # A4
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)  # GB/T 9704
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = LATIN_FONT, Pt(16)
    rpr = normal.element.get_or_add_rPr()
    _fonts(rpr)
    if rpr.find(qn("w:lang")) is None:
        lang = OxmlElement("w:lang")
        lang.set(qn("w:eastAsia"), "zh-CN")
        rpr.append(lang)
    document.core_properties.title = title
    document.core_properties.language = "zh-CN"

    context = report_context(data, title)
    body, heading = 16, 16  # 三号
    _docx_paragraph(document, title, size=22, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12)
    _docx_paragraph(document, context["period_sentence"], size=body, indent=True)

    def section_heading(key):
        _docx_paragraph(document, labels.SECTION_HEADINGS[key], size=heading, bold=True, indent=True, space_after=4)

    section_heading("1")
    for text in context["narrative"]["1"]:
        _docx_paragraph(document, text, size=body, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    for part in context["narrative"]["overview"]:
        _docx_paragraph(document, part["heading"], size=body, bold=True, indent=True)
        for text in part["paragraphs"]:
            _docx_paragraph(document, text, size=body, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    for table in context["tables"]:
        section_heading(table.key)
        _docx_paragraph(document, table.caption, size=10.5, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=2)
        _docx_table(document, table)
        _docx_paragraph(document, "", size=body)
    for key in ("5", "6"):
        section_heading(key)
        for text in context["narrative"][key]:
            _docx_paragraph(document, text, size=body, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------
# XLSX
# ---------------------------------------------------------------------------

XLSX_WIDTHS = {"2": [24, 16, 16, 16], "3": [8, 12, 36] + [11] * 7, "4": [9] * 15}
TABLE_FIRST_ROW = 4  # row 1 title, row 2 period, row 3 caption


def report_xlsx(data: dict, title: str) -> bytes:
    """One worksheet per table, named by its section heading, with the official merged cells."""
    import openpyxl
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header_fill = PatternFill("solid", fgColor="F3F6FA")
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    workbook.properties.title = title
    for table in report_tables(data):
        sheet = workbook.create_sheet(table.heading)
        for index, width in enumerate(XLSX_WIDTHS[table.key], start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        for row, text, font in [(1, title, Font(bold=True, size=14)), (2, period_sentence(data), None)]:
            sheet.cell(row, 1, neutralise(text))
            if font:
                sheet.cell(row, 1).font = font
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=table.columns)
        sheet.cell(3, 1, neutralise(table.caption)).font = Font(bold=True)
        sheet.merge_cells(start_row=3, start_column=1, end_row=3, end_column=table.columns)
        for r, c, cell in place(table):
            row, column = TABLE_FIRST_ROW + r, 1 + c
            target = sheet.cell(row, column, neutralise(cell.value if cell.value is not None else cell.text))
            row_label = cell.scope == "row" and cell.rowspan == 1
            target.alignment = Alignment(
                horizontal="left" if row_label else "center", vertical="center", wrap_text=True
            )
            if cell.header or cell.css == "identity":
                target.font = Font(bold=cell.scope != "row")
                target.fill = header_fill
            for i in range(cell.rowspan):
                for j in range(cell.colspan):
                    sheet.cell(row + i, column + j).border = border
            if cell.rowspan > 1 or cell.colspan > 1:
                sheet.merge_cells(
                    start_row=row,
                    start_column=column,
                    end_row=row + cell.rowspan - 1,
                    end_column=column + cell.colspan - 1,
                )
        sheet.freeze_panes = sheet.cell(TABLE_FIRST_ROW + len(table.head), 1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
