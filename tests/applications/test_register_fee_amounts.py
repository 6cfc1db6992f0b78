"""收费金额 in the request register (台账) and the fee facts of the annual report's section 六.

The column: read in whole yuan after 收费通知日期 (applications.register_import), refused when 0 or
less, not a number, with fen, or without 收费通知日期; optional (older registers without it still
import, their amounts unknown); written back by the export, blank when unknown, so import ∘ export
round-trips. The report (applications.stats.fee_totals, reports.compiler.fee_paragraph) states the
amounts and never turns an unknown amount into 0 元.

Due dates as in register_helpers.py: received 09-15, a fee notice of 09-22 paid 09-29 pauses
09-23, 24, 28, 29 → due 10-23; unpaid, the payment period ends 10-27.
"""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from applications import register_export, register_import, register_import_replay, stats
from applications.models import InformationRequest
from common.imports.errors import ImportFileError
from reports import compiler
from reports.compiler import compile_annual_report
from tests.applications.register_helpers import (
    _today,  # noqa: F401 - autouse fixture
    by_name,
    csv_file,
    row,
    write,
)
from tests.applications.test_register_upload import admin_urls, upload  # noqa: F401 - fixture
from tests.factories import InformationRequestFactory

pytestmark = pytest.mark.django_db

D = dt.date
AMOUNT = "收费金额"
FEE_COLUMNS = ["收费通知日期", AMOUNT, "缴费日期"]
OLD_COLUMNS = [c for c in register_import.REGISTER_COLUMNS if c != AMOUNT]
PREAMBLE = "2026年，本机关依据《政府信息公开信息处理费管理办法》"


def fee_row(name, **cells):
    return row(申请人姓名或名称=name, 申请内容=f"{name}申请公开的政府信息", **cells)


# A register with amounts: (cells, the fee columns as exported).
PAID = fee_row(
    "甲", 收费通知日期="2026-09-22", 收费金额="1,200元", 缴费日期="2026-09-29", 答复日期="2026-10-23", 办理结果="1"
)
LAPSED = fee_row("乙", 收费通知日期="2026-09-22", 收费金额="300", 答复日期="2026-10-28", 办理结果="6.2")
UNKNOWN_PAID = fee_row("丙", 收费通知日期="2026-09-22", 缴费日期="2026-09-29")
NO_FEE = fee_row("丁")
WITH_AMOUNTS = [
    (PAID, ["2026-09-22", "1200", "2026-09-29"]),
    (LAPSED, ["2026-09-22", "300", ""]),
    (NO_FEE, ["", "", ""]),
]
SOME_UNKNOWN = [*WITH_AMOUNTS, (UNKNOWN_PAID, ["2026-09-22", "", "2026-09-29"])]


def import_file(content: bytes):
    return register_import_replay.import_register(register_import.read_register(content))


def export_table(fmt: str = "csv") -> dict[str, dict[str, str]]:
    """The 2026 export, row by row as {column: cell}, by applicant name."""
    content, _count = register_export.export_register(2026, fmt)
    if fmt == "csv":
        table = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        table = [["" if v is None else str(v) for v in values] for values in sheet.iter_rows(values_only=True)]
    assert table[0] == register_export.EXPORT_COLUMNS
    return {cells[4]: dict(zip(table[0], cells, strict=True)) for cells in table[1:]}


# --- the column -------------------------------------------------------------------------------


def test_the_column_comes_right_after_the_fee_notice_date_and_is_optional():
    columns = register_import.REGISTER_COLUMNS
    assert columns[columns.index("收费通知日期") + 1] == AMOUNT == register_import.FEE_AMOUNT
    export = register_export.EXPORT_COLUMNS
    assert export[export.index("收费通知日期") + 1] == AMOUNT
    assert {column.name: column.required for column in register_import.COLUMNS}[AMOUNT] is False


@pytest.mark.parametrize(
    ("written", "yuan"),
    [
        ("120", 120),
        ("1200", 1200),
        ("1,200", 1200),
        ("1，200", 1200),  # a full-width comma
        ("1200元", 1200),
        ("1,200 元", 1200),
        ("¥1,200.00", 1200),  # as Excel writes a currency cell into a CSV
        ("￥1200", 1200),
        ("１２００", 1200),  # full-width digits
        ("1200.0", 1200),
        ("1,234,560", 1234560),
        ("2147483647", 2147483647),
        ("", None),  # the amount unknown
    ],
)
def test_an_amount_is_read_in_whole_yuan(written, yuan):
    checked = register_import.read_register(csv_file([row(收费通知日期="2026-09-22", 收费金额=written)]))
    assert checked.rows[0].fee_amount == yuan
    assert type(checked.rows[0].fee_amount) is type(yuan)  # an int, never a float or Decimal


def test_an_amount_in_a_number_cell_of_an_xlsx_file_is_read():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(register_import.REGISTER_COLUMNS)
    for value in (1200, 300.0):
        cells = row(申请人姓名或名称=f"申请人{value}", 收费通知日期="2026-09-22", 收费金额=value)
        sheet.append([cells.get(c) for c in register_import.REGISTER_COLUMNS])
    out = io.BytesIO()
    workbook.save(out)
    assert [r.fee_amount for r in register_import.read_register(out.getvalue()).rows] == [1200, 300]


NOT_AN_AMOUNT = "“收费金额”应为收费通知所列的金额（整数元，如 120、1,200 或 1200元），而不是“{}”。"
NOT_ABOVE_ZERO = "“收费金额”（{}）应大于0：不应收费的申请无需发出收费通知。"


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        # the live workflow issues no notice for a fee of 0 元 (applications.services.fees)
        ({AMOUNT: "0"}, NOT_ABOVE_ZERO.format("0")),
        ({AMOUNT: "0元"}, NOT_ABOVE_ZERO.format("0元")),
        ({AMOUNT: "0.00"}, NOT_ABOVE_ZERO.format("0.00")),
        ({AMOUNT: "-120"}, NOT_ABOVE_ZERO.format("-120")),
        ({AMOUNT: "－120元"}, NOT_ABOVE_ZERO.format("－120元")),
        ({AMOUNT: "−1,200"}, NOT_ABOVE_ZERO.format("−1,200")),
        # not a number
        ({AMOUNT: "免费"}, NOT_AN_AMOUNT.format("免费")),
        ({AMOUNT: "一百元"}, NOT_AN_AMOUNT.format("一百元")),
        ({AMOUNT: "待定"}, NOT_AN_AMOUNT.format("待定")),
        ({AMOUNT: "1,20"}, NOT_AN_AMOUNT.format("1,20")),  # not a thousands separator
        ({AMOUNT: "12,0000"}, NOT_AN_AMOUNT.format("12,0000")),
        ({AMOUNT: "1.2e3"}, NOT_AN_AMOUNT.format("1.2e3")),
        ({AMOUNT: "120.005"}, NOT_AN_AMOUNT.format("120.005")),
        ({AMOUNT: "120美元"}, NOT_AN_AMOUNT.format("120美元")),
        ({AMOUNT: "+120"}, NOT_AN_AMOUNT.format("+120")),
        # whole yuan
        ({AMOUNT: "120.5"}, "“收费金额”（120.5）应为整数元，信息处理费不计角、分。"),
        ({AMOUNT: "0.50"}, "“收费金额”（0.50）应为整数元，信息处理费不计角、分。"),
        ({AMOUNT: "2147483648"}, "“收费金额”（2147483648）超出可记录的范围。"),
    ],
)
def test_a_bad_amount_rejects_the_whole_file_with_its_row_number(tmp_path, cells, reason):
    good = row(申请人姓名或名称="好", 收费通知日期="2026-09-22", 收费金额="120")
    bad = row(申请人姓名或名称="坏", 申请内容="另一件申请", 收费通知日期="2026-09-22", **cells)
    content = csv_file([good, bad])
    with pytest.raises(ImportFileError) as exc:
        register_import.read_register(content)
    assert exc.value.errors == [(3, reason)]
    with pytest.raises(CommandError) as command_exc:
        call_command("import_register", write(tmp_path, content))
    assert f"第3行：{reason}" in str(command_exc.value)
    assert not InformationRequest.objects.exists()


@pytest.mark.parametrize(
    ("cells", "errors"),
    [
        ({AMOUNT: "120"}, ["填写了“收费金额”，须同时填写“收费通知日期”。"]),
        (
            {AMOUNT: "0"},
            [NOT_ABOVE_ZERO.format("0"), "填写了“收费金额”，须同时填写“收费通知日期”。"],
        ),
        (
            {AMOUNT: "120", "缴费日期": "2026-09-29"},
            ["填写了“缴费日期”，须同时填写“收费通知日期”。", "填写了“收费金额”，须同时填写“收费通知日期”。"],
        ),
    ],
)
def test_an_amount_needs_its_fee_notice_date(cells, errors):
    with pytest.raises(ImportFileError) as exc:
        register_import.read_register(csv_file([row(**cells)]))
    assert exc.value.errors == [(2, message) for message in errors]


def test_an_amount_is_recorded_on_the_request_and_its_notice_event():
    import_file(csv_file([cells for cells, _fees in SOME_UNKNOWN]))
    paid, lapsed, unknown = by_name("甲"), by_name("乙"), by_name("丙")
    assert (paid.fee_notice_on, paid.fee_amount, paid.fee_paid_on) == (D(2026, 9, 22), 1200, D(2026, 9, 29))
    assert (paid.due_date, paid.answered_late, paid.fee_method) == (D(2026, 10, 23), False, "")
    assert (lapsed.fee_amount, lapsed.outcome, lapsed.fee_paid_on) == (300, "6.2", None)
    assert (unknown.fee_notice_on, unknown.fee_amount) == (D(2026, 9, 22), None)
    notice = paid.events.get(kind="fee_notice")
    assert (notice.data["amount"], notice.note) == (1200, "台账导入：收费金额1200元，收费方式未记载于台账。")
    notice = unknown.events.get(kind="fee_notice")
    assert ("amount" in notice.data, notice.note) == (False, "台账导入：收费金额未记载于台账。")
    assert by_name("丁").fee_amount is None and by_name("丁").fee_notice_on is None


def test_the_admin_upload_reads_the_amount(admin_urls, staff_client):  # noqa: F811 - the fixture
    url = reverse("test-register-import")
    page = staff_client.get(url).content.decode()
    assert "“申请编号”和“收费金额”可省略" in page and "收费通知日期,收费金额,缴费日期" in page
    payload = upload(staff_client, url, csv_file([PAID])).context["payload"]
    staff_client.post(url, {"payload": payload})
    assert by_name("甲").fee_amount == 1200
    html = upload(staff_client, url, csv_file([row(收费通知日期="2026-09-22", 收费金额="0")])).content.decode()
    assert f"第2行：{NOT_ABOVE_ZERO.format('0')}" in html and "确认导入" not in html


# --- export and round trip ----------------------------------------------------------------------


@pytest.mark.parametrize("rows", [WITH_AMOUNTS, SOME_UNKNOWN], ids=["amounts", "some-unknown"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_fee_columns_round_trip_through_import_and_export(tmp_path, rows, fmt):
    import_file(csv_file([cells for cells, _fees in rows]))
    expected = {cells["申请人姓名或名称"]: fees for cells, fees in rows}
    exported = export_table(fmt)
    assert {name: [cells[c] for c in FEE_COLUMNS] for name, cells in exported.items()} == expected
    first, _count = register_export.export_register(2026, "csv")

    target = tmp_path / f"out.{fmt}"
    call_command("export_register", "--year", "2026", "--format", fmt, "-o", str(target), stdout=io.StringIO())
    InformationRequest.objects.all().delete()
    call_command("import_register", str(target), stdout=io.StringIO())
    assert {name: [cells[c] for c in FEE_COLUMNS] for name, cells in export_table(fmt).items()} == expected
    assert register_export.export_register(2026, "csv")[0] == first  # byte for byte


def test_a_live_fee_notice_exports_its_amount_and_comes_back():
    live = InformationRequestFactory(received_on=D(2026, 9, 15), name="现场申请人")
    from applications import services

    services.issue_fee_notice(request=live, date=D(2026, 9, 22), method="per_page", pages=50)  # 20 × ¥10
    assert [export_table()["现场申请人"][c] for c in FEE_COLUMNS] == ["2026-09-22", "200", ""]
    content, _count = register_export.export_register(2026, "csv")
    InformationRequest.objects.all().delete()
    import_file(content)
    assert (by_name("现场申请人").fee_amount, by_name("现场申请人").fee_notice_on) == (200, D(2026, 9, 22))


def test_an_old_register_without_the_column_imports_and_exports_the_amount_blank():
    content = csv_file([UNKNOWN_PAID, NO_FEE], columns=OLD_COLUMNS)
    checked = register_import.read_register(content)
    assert checked.ignored == [] and [r.fee_amount for r in checked.rows] == [None, None]
    result = register_import_replay.import_register(checked)
    assert result.created == 2
    assert (by_name("丙").fee_notice_on, by_name("丙").fee_amount) == (D(2026, 9, 22), None)
    assert [export_table()["丙"][c] for c in FEE_COLUMNS] == ["2026-09-22", "", "2026-09-29"]


# --- the annual report --------------------------------------------------------------------------


def fee_facts(report: dict) -> tuple:
    facts = report["facts"]
    keys = ["fee_notices", "fee_amount", "fee_amount_unknown", "fee_collected", "fee_collected_unknown"]
    return tuple(facts[key] for key in keys)


@pytest.mark.parametrize(
    ("rows", "columns", "facts", "section"),
    [
        (
            [PAID, LAPSED, NO_FEE],
            register_import.REGISTER_COLUMNS,
            (2, 1500, 0, 1200, 0),
            f"{PREAMBLE}发出收费通知2件，金额1500元，实际收取信息处理费1200元。",
        ),
        (
            [PAID, LAPSED, NO_FEE, UNKNOWN_PAID],
            register_import.REGISTER_COLUMNS,
            (3, 1500, 1, 1200, 1),
            f"{PREAMBLE}发出收费通知3件，金额1500元，实际收取信息处理费1200元。"
            "其中1件收费通知的金额未记载，未计入收费通知金额；本年缴纳的信息处理费中有1件金额未记载，未计入实际收取金额。",
        ),
        (
            [UNKNOWN_PAID, NO_FEE],
            OLD_COLUMNS,
            (1, 0, 1, 0, 1),
            f"{PREAMBLE}发出收费通知1件，金额未记载，实际收取信息处理费1件，金额未记载。",
        ),
        (
            [NO_FEE],
            OLD_COLUMNS,
            (0, 0, 0, 0, 0),
            "2026年，本机关未发出信息处理费收费通知，未收取信息处理费。",
        ),
    ],
    ids=["amounts", "some-unknown", "old-register", "no-fees"],
)
def test_the_report_of_an_imported_year_states_its_fee_amounts(organ, rows, columns, facts, section):
    import_file(csv_file(rows, columns=columns))
    report = compile_annual_report(organ, 2026)
    assert fee_facts(report) == facts
    assert report["sections"]["6"] == section
    assert report["checks"] == []
    assert report["labels"]["facts.fee_amount_unknown"] == "金额未记载的收费通知（件）"
    assert report["labels"]["facts.fee_collected_unknown"] == "金额未记载的缴费（件）"


def test_fee_totals_count_each_fact_in_its_own_year_and_unknown_amounts_apart():
    def fee(notice, amount, paid=None):
        InformationRequestFactory(received_on=notice, fee_notice_on=notice, fee_amount=amount, fee_paid_on=paid)

    InformationRequestFactory(received_on=D(2026, 5, 1))  # no fee
    fee(D(2025, 12, 20), 300, D(2026, 1, 5))  # noticed in 2025, collected in 2026
    fee(D(2026, 3, 2), 120, D(2026, 3, 6))
    fee(D(2026, 4, 1), None, D(2026, 4, 8))  # an imported notice without amount, paid
    fee(D(2026, 5, 4), None)  # … unpaid
    fee(D(2026, 12, 21), 500, D(2027, 1, 5))  # noticed in 2026, collected in 2027
    fee(D(2027, 1, 4), None, D(2027, 1, 6))
    totals = {year: stats.fee_totals(year) for year in (2024, 2025, 2026, 2027)}
    keys = ["notices", "amount", "amount_unknown", "collected", "collected_unknown"]
    assert {year: [t[key] for key in keys] for year, t in totals.items()} == {
        2024: [0, 0, 0, 0, 0],
        2025: [1, 300, 0, 0, 0],
        2026: [4, 620, 2, 420, 1],
        2027: [1, 0, 1, 500, 1],
    }
    assert all(set(t) == set(keys) for t in totals.values())


def facts_of(notices, amount, unknown, collected, collected_unknown) -> dict:
    return {
        "fee_notices": notices,
        "fee_amount": amount,
        "fee_amount_unknown": unknown,
        "fee_collected": collected,
        "fee_collected_unknown": collected_unknown,
    }


NOTICES_LEFT_OUT = "其中{}件收费通知的金额未记载，未计入收费通知金额"
PAYMENTS_LEFT_OUT = "本年缴纳的信息处理费中有{}件金额未记载，未计入实际收取金额"


@pytest.mark.parametrize(
    ("facts", "text"),
    [
        # (notices, amount, notices without amount, collected, payments without amount)
        ((0, 0, 0, 0, 0), "2026年，本机关未发出信息处理费收费通知，未收取信息处理费。"),
        ((2, 1500, 0, 1200, 0), "发出收费通知2件，金额1500元，实际收取信息处理费1200元。"),
        ((1, 120, 0, 0, 0), "发出收费通知1件，金额120元，实际收取信息处理费0元。"),
        # nothing noticed this year, but last year's notice paid this year
        ((0, 0, 0, 120, 0), "发出收费通知0件，金额0元，实际收取信息处理费120元。"),
        ((0, 0, 0, 0, 1), "发出收费通知0件，金额0元，实际收取信息处理费1件，金额未记载。"),
        ((0, 0, 0, 120, 2), f"发出收费通知0件，金额0元，实际收取信息处理费120元。{PAYMENTS_LEFT_OUT.format(2)}。"),
        # some amounts unknown: the known total, and how many are left out of it
        ((3, 1500, 1, 0, 0), f"发出收费通知3件，金额1500元，实际收取信息处理费0元。{NOTICES_LEFT_OUT.format(1)}。"),
        (
            (5, 1500, 2, 1200, 1),
            f"发出收费通知5件，金额1500元，实际收取信息处理费1200元。"
            f"{NOTICES_LEFT_OUT.format(2)}；{PAYMENTS_LEFT_OUT.format(1)}。",
        ),
        (
            (3, 1500, 1, 1200, 0),
            f"发出收费通知3件，金额1500元，实际收取信息处理费1200元。{NOTICES_LEFT_OUT.format(1)}。",
        ),
        (
            (2, 1500, 0, 1200, 3),
            f"发出收费通知2件，金额1500元，实际收取信息处理费1200元。{PAYMENTS_LEFT_OUT.format(3)}。",
        ),
        # every amount unknown: never 0 元
        ((2, 0, 2, 0, 0), "发出收费通知2件，金额未记载，实际收取信息处理费0元。"),
        ((2, 0, 2, 0, 2), "发出收费通知2件，金额未记载，实际收取信息处理费2件，金额未记载。"),
        ((3, 0, 3, 0, 1), "发出收费通知3件，金额未记载，实际收取信息处理费1件，金额未记载。"),
        (
            (1, 0, 1, 120, 1),
            f"发出收费通知1件，金额未记载，实际收取信息处理费120元。{PAYMENTS_LEFT_OUT.format(1)}。",
        ),
        (
            (2, 300, 1, 0, 1),
            f"发出收费通知2件，金额300元，实际收取信息处理费1件，金额未记载。{NOTICES_LEFT_OUT.format(1)}。",
        ),
    ],
)
def test_section_six_states_the_known_amounts_and_the_unknown_ones(facts, text):
    expected = text if text.startswith("2026年") else PREAMBLE + text
    assert compiler.fee_paragraph(2026, facts_of(*facts)) == expected
