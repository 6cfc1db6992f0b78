"""Register import of good files, re-import without duplicates and request numbers (dates worked by hand in register_helpers.py)."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.management import call_command

from applications import register_import, register_import_replay
from applications.models import InformationRequest, RequestCounter
from tests.applications.register_helpers import (
    COMPANY_USCC,
    GOOD_ROWS,
    _today,  # noqa: F401 - autouse fixture
    by_name,
    csv_file,
    good_file,
    row,
    write,
)
from tests.factories import InformationRequestFactory

pytestmark = pytest.mark.django_db

D = dt.date


# --- import: good files -----------------------------------------------------------------------


def test_good_csv_imports_every_row_with_its_deadline_outcome_and_lateness():
    result = register_import_replay.import_register(register_import.read_register(good_file()))
    assert result.created == len(GOOD_ROWS) and not result.skipped
    for cells, (due, status, outcome, late) in GOOD_ROWS:
        request = by_name(cells["申请人姓名或名称"])
        assert (request.due_date, request.status, request.outcome, request.answered_late) == (
            due,
            status,
            outcome,
            late,
        ), cells["申请人姓名或名称"]
        assert request.received_on.isoformat() == cells["收到日期"]
        assert request.receipt_confirmed and request.import_key
    assert by_name("庚").deadline_provisional
    assert not by_name("甲").deadline_provisional


def test_imported_rows_replay_the_live_events_without_actor():
    register_import_replay.import_register(register_import.read_register(good_file()))
    request = by_name("丙")
    events = list(request.events.order_by("date", "pk").values_list("kind", "date", "actor"))
    assert events == [
        ("received", D(2026, 2, 10), None),
        ("correction_notice", D(2026, 2, 12), None),
        ("correction_received", D(2026, 3, 2), None),
        ("answered", D(2026, 3, 31), None),
    ]
    assert request.legal_basis == register_import_replay.LEGAL_BASIS
    assert request.events.get(kind="correction_notice").data == {
        "period_end": "2026-03-06",
        "due": None,  # the deadline in force then: none while awaiting the 补正
        "due_provisional": False,
    }
    extension = by_name("某某商贸有限公司").events.get(kind="extension")
    assert extension.data["approver"] == "台账导入" and extension.data["days"] == 20
    fee = by_name("戊")
    assert (fee.fee_notice_on, fee.fee_paid_on, fee.fee_amount) == (D(2026, 9, 22), D(2026, 9, 29), None)
    assert by_name("己").events.filter(kind="withdrawn").exists()
    assert by_name("丁").events.filter(kind="abandoned").exists()


def test_applicant_columns_and_tracking_number():
    register_import_replay.import_register(register_import.read_register(good_file()))
    company = by_name("某某商贸有限公司")
    assert (company.applicant_type, company.organisation_kind, company.uscc, company.id_number) == (
        "organisation",
        "commercial",
        COMPANY_USCC,
        "",
    )
    assert (company.tracking_number, company.tracking_year, company.tracking_sequence) == ("2026-000123", 2026, 123)
    # live numbering continues after the imported number
    assert RequestCounter.objects.get(year=2026).last >= 123
    assert InformationRequestFactory(received_on=D(2026, 12, 1)).tracking_sequence > 123
    person = by_name("甲")
    assert (person.applicant_type, person.id_type, person.id_number, person.channel) == (
        "natural_person",
        "resident_id",
        "11010519491231002X",
        "in_person",
    )
    assert by_name("某研究所").organisation_kind == "research"


def test_good_xlsx_with_date_cells_numbers_and_a_title_row(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["2026年政府信息公开申请台账"])
    sheet.append(register_import.REGISTER_COLUMNS)
    values = {
        **row(申请人姓名或名称="乙"),
        "收到日期": D(2026, 9, 15),
        "联系电话": 13800138000,
        "征求意见发出日期": dt.datetime(2026, 9, 22),
        "征求意见答复日期": D(2026, 10, 9),
        "答复日期": D(2026, 10, 28),
        "办理结果": 3.4,
    }
    sheet.append([values.get(c) for c in register_import.REGISTER_COLUMNS])
    extended = {**row(申请人姓名或名称="丁"), "延期批准日期": "2026-10-16", "延期工作日数": 20}
    sheet.append([extended.get(c) for c in register_import.REGISTER_COLUMNS])
    out = io.BytesIO()
    workbook.save(out)
    output = io.StringIO()
    call_command("import_register", write(tmp_path, out.getvalue(), "register.xlsx"), stdout=output)
    assert "已导入 2 件申请" in output.getvalue()
    answered = by_name("乙")
    assert (answered.due_date, answered.outcome, answered.phone) == (D(2026, 10, 28), "3.4", "13800138000")
    assert by_name("丁").due_date == D(2026, 11, 16)


def test_gb18030_csv_without_the_optional_number_column():
    columns = [c for c in register_import.REGISTER_COLUMNS if c != "申请编号"]
    content = csv_file([row(申请人姓名或名称="欧阳")], columns=columns, encoding="gb18030")
    register_import_replay.import_register(register_import.read_register(content))
    assert by_name("欧阳").due_date == D(2026, 10, 19)


@pytest.mark.parametrize(
    "label",
    ["（三）4.保护第三方合法权益", "(三)4.保护第三方合法权益", "保护第三方合法权益", "3.4", " 3.4 "],
)
def test_result_by_label_with_or_without_prefix_or_by_code(label):
    content = csv_file([row(答复日期="2026-10-19", 办理结果=label)])
    register_import_replay.import_register(register_import.read_register(content))
    assert InformationRequest.objects.get().outcome == "3.4"


def test_quotes_in_result_labels_may_be_straight():
    content = csv_file([row(答复日期="2026-10-19", 办理结果='危及"三安全一稳定"')])
    register_import_replay.import_register(register_import.read_register(content))
    assert InformationRequest.objects.get().outcome == "3.3"


# --- idempotency and numbers ------------------------------------------------------------------


def test_reimporting_the_same_file_adds_nothing(tmp_path):
    target = write(tmp_path, good_file())
    call_command("import_register", target, stdout=io.StringIO())
    before = list(InformationRequest.objects.order_by("pk").values_list("pk", "tracking_number", "due_date"))
    output = io.StringIO()
    call_command("import_register", target, stdout=output)
    assert "已导入 0 件申请" in output.getvalue() and f"已存在而跳过 {len(GOOD_ROWS)} 件" in output.getvalue()
    assert list(InformationRequest.objects.order_by("pk").values_list("pk", "tracking_number", "due_date")) == before


def test_dry_run_saves_nothing(tmp_path):
    output = io.StringIO()
    call_command("import_register", write(tmp_path, good_file()), "--dry-run", stdout=output)
    assert f"将导入 {len(GOOD_ROWS)} 件申请" in output.getvalue() and "未保存" in output.getvalue()
    assert not InformationRequest.objects.exists()
    assert not RequestCounter.objects.filter(last__gt=0).exists()


def test_a_number_used_by_another_request_gets_a_new_one_and_is_kept_in_the_remarks():
    live = InformationRequestFactory(received_on=D(2026, 9, 1), name="现有申请人")
    content = csv_file([row(申请编号=live.tracking_number, 申请人姓名或名称="导入的人", 备注="原备注")])
    result = register_import_replay.import_register(register_import.read_register(content))
    imported = by_name("导入的人")
    assert imported.tracking_number != live.tracking_number
    assert imported.remarks == f"原备注\n原台账申请编号：{live.tracking_number}"
    assert "已被其他申请使用" in result.rows[0].note
    # the file again: skipped by its key
    again = register_import_replay.import_register(register_import.read_register(content))
    assert again.skipped == 1 and InformationRequest.objects.count() == 2


def test_a_foreign_number_is_kept_as_is():
    content = csv_file([row(申请编号="依申请〔2026〕7号")])
    register_import_replay.import_register(register_import.read_register(content))
    assert InformationRequest.objects.get().tracking_number == "依申请〔2026〕7号"
