"""Register export: round trip through an empty database, columns and values, what is left out."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.core.management import call_command

from applications import register_export, register_import, register_import_replay, services
from applications.models import InformationRequest
from applications.services import answer_with_letter
from tests.applications.register_helpers import (
    COMPANY_USCC,
    GOOD_ROWS,
    _today,  # noqa: F401 - autouse fixture
    by_name,
    good_file,
)
from tests.factories import InformationRequestFactory

pytestmark = pytest.mark.django_db

D = dt.date


# --- export -----------------------------------------------------------------------------------

COMPARED = [
    "tracking_number",
    "received_on",
    "channel",
    "applicant_type",
    "organisation_kind",
    "name",
    "id_number",
    "uscc",
    "phone",
    "description",
    "status",
    "outcome",
    "answered_on",
    "answered_late",
    "due_date",
    "deadline_provisional",
    "fee_notice_on",
    "fee_amount",
    "fee_paid_on",
]


def snapshot():
    return sorted(InformationRequest.objects.values_list(*COMPARED))


def read_export(content: bytes, fmt: str) -> list[list[str]]:
    if fmt == "csv":
        assert content.startswith(b"\xef\xbb\xbf")
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [["" if v is None else str(v) for v in values] for values in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_round_trips_through_an_empty_database(tmp_path, fmt):
    register_import_replay.import_register(register_import.read_register(good_file()))
    # and a request handled live, with a fee computed by the workflow
    live = InformationRequestFactory(received_on=D(2026, 9, 15), name="现场申请人", remarks="现场")
    services.send_consultation(request=live, date=D(2026, 9, 22), party="第三方")
    services.record_consultation_reply(request=live, date=D(2026, 10, 9))
    services.issue_fee_notice(request=live, date=D(2026, 10, 12), method="per_page", pages=50)
    services.record_payment(request=live, date=D(2026, 10, 14))
    answer_with_letter(request=live, outcome="5.2", legal_basis="条例第三十六条第（六）项", reply_date=D(2026, 11, 2))
    InformationRequestFactory(received_on=D(2025, 12, 31), name="去年的申请")
    before = [s for s in snapshot() if s[5] != "去年的申请"]

    target = tmp_path / f"out.{fmt}"
    output = io.StringIO()
    call_command("export_register", "--year", "2026", "--format", fmt, "-o", str(target), stdout=output)
    assert f"已导出 2026 年收到的申请 {len(GOOD_ROWS) + 1} 件" in output.getvalue()

    InformationRequest.objects.all().delete()
    call_command("import_register", str(target), stdout=io.StringIO())
    after = snapshot()
    # everything comes back, the live fee's amount (收费金额) included
    assert after == before
    # consultation → 10-28; the fee pause from the day after the notice through payment (10-13, 10-14) → 10-30
    assert (by_name("现场申请人").due_date, by_name("现场申请人").answered_late) == (D(2026, 10, 30), True)


def test_export_columns_and_values():
    register_import_replay.import_register(register_import.read_register(good_file()))
    content, count = register_export.export_register(2026, "csv")
    table = read_export(content, "csv")
    assert table[0] == register_export.EXPORT_COLUMNS
    assert count == len(table) - 1 == len(GOOD_ROWS)
    rows = {r[4]: dict(zip(table[0], r, strict=True)) for r in table[1:]}
    assert rows["乙"]["办理结果"] == "（三）4.保护第三方合法权益"
    assert rows["乙"]["征求意见发出日期"] == "2026-09-22" and rows["乙"]["答复期限"] == "2026-10-28"
    assert (rows["乙"]["是否逾期"], rows["乙"]["状态"], rows["乙"]["申请渠道"]) == ("否", "已答复", "邮寄")
    assert (rows["丙"]["是否逾期"], rows["丙"]["补正期限"]) == ("是", "2026-03-06")
    assert rows["甲"]["是否逾期"] == "是"  # open and past its due date 10-19
    assert (rows["庚"]["期限待定"], rows["庚"]["答复期限"], rows["庚"]["是否逾期"]) == ("是", "2027-01-08", "否")
    company = rows["某某商贸有限公司"]
    assert (company["申请编号"], company["申请人类型"], company["证件号码"]) == (
        "2026-000123",
        "商业企业",
        COMPANY_USCC,
    )
    assert (company["延期批准日期"], company["延期工作日数"]) == ("2026-10-16", "20")
    assert rows["某研究所"]["办理结果"].startswith("（六）2.") and rows["某研究所"]["状态"] == "已终止"
    assert rows["戊"]["缴费日期"] == "2026-09-29"


def test_export_leaves_out_unconfirmed_online_requests_and_other_years(tmp_path):
    InformationRequestFactory(received_on=D(2026, 9, 15), receipt_confirmed=False, status="pending")
    InformationRequestFactory(received_on=D(2025, 9, 15))
    InformationRequestFactory(received_on=D(2026, 1, 1))
    output = io.StringIO()
    target = tmp_path / "out.xlsx"
    call_command("export_register", "--year", "2026", "--format", "xlsx", "-o", str(target), stdout=output)
    assert "申请 1 件" in output.getvalue() and "另有 1 件" in output.getvalue()
    assert len(read_export(target.read_bytes(), "xlsx")) == 2
