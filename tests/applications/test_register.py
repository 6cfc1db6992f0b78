"""The request register (台账) and appeals import/export.

Every due date below is worked out by hand from the 2026 calendar (docs/rules.md §5.1): receipt day
not counted; 09-25..09-27 中秋 and 10-01..10-07 国庆 off, 09-20 (Sun) and 10-10 (Sat) worked;
02-15..02-23 春节 off, 02-14 and 02-28 (Sat) worked.
"""

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from django.contrib import admin
from django.core import signing
from django.core.management import CommandError, call_command
from django.urls import include, path, reverse

from applications import (
    appeals_import,
    register_admin,
    register_export,
    register_import,
    register_import_replay,
    services,
)
from applications.models import Appeal, InformationRequest, RequestCounter
from common.imports.errors import ImportFileError
from tests.factories import InformationRequestFactory, answer_with_letter, make_company_uscc

pytestmark = pytest.mark.django_db

D = dt.date
NOW = dt.datetime(2026, 12, 28, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
COMPANY_USCC = make_company_uscc(1)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


# --- a small urlconf for the admin upload views (settings.ROOT_URLCONF = this module) ----------


def _register_view(request):
    return register_admin.register_upload_view(admin.site._registry[InformationRequest], request)


def _appeals_view(request):
    return register_admin.appeals_upload_view(admin.site._registry[Appeal], request)


urlpatterns = [
    path("test-import/register/", admin.site.admin_view(_register_view), name="test-register-import"),
    path("test-import/appeals/", admin.site.admin_view(_appeals_view), name="test-appeals-import"),
    path("", include("portal.urls")),
]


# --- building files --------------------------------------------------------------------------


def row(**cells) -> dict:
    """A register row: an open request received 2026-09-15 in person by a natural person."""
    base = {
        "收到日期": "2026-09-15",
        "申请渠道": "当面",
        "申请人类型": "自然人",
        "申请人姓名或名称": "张三",
        "证件号码": "11010519491231002X",
        "联系电话": "13800138000",
        "申请内容": "请公开2026年本局行政许可事项办理情况统计表。",
    }
    return {**base, **cells}


def csv_file(rows, columns=register_import.REGISTER_COLUMNS, encoding="utf-8-sig") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for cells in rows:
        writer.writerow([cells.get(c, "") for c in columns])
    return out.getvalue().encode(encoding)


def write(tmp_path, content: bytes, name="register.csv") -> str:
    target = tmp_path / name
    target.write_bytes(content)
    return str(target)


# One row per path through the workflow: (cells, (expected due date, status, outcome, answered late)).
# Received 02-10, 补正 notified 02-12 with a period to 03-06.
CORRECTION_NOTIFIED = {"收到日期": "2026-02-10", "补正告知日期": "2026-02-12", "补正期限": "2026-03-06"}
GOOD_ROWS = [
    # no events: 20 工作日 after 09-15 → 10-19 (docs/rules.md §1.2's example); still open
    (row(申请人姓名或名称="甲"), (D(2026, 10, 19), "in_progress", "", False)),
    # consultation 09-22 → 10-09 pauses 09-23..10-09 (11 working days): 4 counted before, 16 after → 10-28
    (
        row(
            申请人姓名或名称="乙",
            申请渠道="邮寄",
            征求意见发出日期="2026-09-22",
            征求意见答复日期="2026-10-09",
            答复日期="2026-10-28",
            办理结果="（三）4.保护第三方合法权益",
        ),
        (D(2026, 10, 28), "answered", "3.4", False),
    ),
    # 补正: the supplement of 03-02 restarts the 20 days → 03-30; the answer of 03-31 is late
    (
        row(
            申请人姓名或名称="丙",
            申请渠道="网络",
            **CORRECTION_NOTIFIED,
            补正收到日期="2026-03-02",
            答复日期="2026-03-31",
            办理结果="予以公开",
        ),
        (D(2026, 3, 30), "answered", "1", True),
    ),
    # an organisation with its own number; extension by 20 working days: 10-19 + 20 → 11-16
    (
        row(
            申请编号="2026-000123",
            申请人姓名或名称="某某商贸有限公司",
            申请人类型="商业企业",
            证件号码=COMPANY_USCC,
            申请渠道="传真",
            延期批准日期="2026-10-16",
            延期工作日数="20",
            答复日期="2026-11-16",
            办理结果="2",
        ),
        (D(2026, 11, 16), "answered", "2", False),
    ),
    # no supplement by 03-06: （六）1 on 03-09; the clock never restarted, so no due date
    (
        row(
            申请人姓名或名称="丁",
            申请渠道="平常信函",
            **CORRECTION_NOTIFIED,
            答复日期="2026-03-09",
            办理结果="6.1",
        ),
        (None, "closed", "6.1", False),
    ),
    # fee notice 09-22 unpaid: payment period 20 工作日 → 10-27; lapse recorded 10-28 → （六）2
    (
        row(
            申请人姓名或名称="某研究所",
            申请人类型="科研机构",
            证件号码="",
            申请渠道="电子邮件",
            收费通知日期="2026-09-22",
            答复日期="2026-10-28",
            办理结果="（六）2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        ),
        (D(2026, 11, 16), "closed", "6.2", False),
    ),
    # fee notice 09-22 paid 09-29: 09-23, 24, 28, 29 paused → 10-19 + 4 → 10-23; still open
    (
        row(申请人姓名或名称="戊", 申请渠道="其他", 收费通知日期="2026-09-22", 缴费日期="2026-09-29"),
        (D(2026, 10, 23), "in_progress", "", False),
    ),
    # （六）3 其他 on the worked Sunday 09-20: closed as withdrawn
    (
        row(申请人姓名或名称="己", 收到日期="2026-09-16", 答复日期="2026-09-20", 办理结果="其他"),
        (D(2026, 10, 20), "closed", "6.3", False),
    ),
    # received 12-10: the 20th working day falls in 2027, not yet known → 2027-01-07, provisional
    (row(申请人姓名或名称="庚", 收到日期="2026-12-10"), (D(2027, 1, 7), "in_progress", "", False)),
]


def good_file() -> bytes:
    return csv_file([cells for cells, *_ in GOOD_ROWS])


def by_name(name) -> InformationRequest:
    return InformationRequest.objects.get(name=name)


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
    assert request.events.get(kind="correction_notice").data == {"period_end": "2026-03-06"}
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


# --- import: bad files ------------------------------------------------------------------------

WAITING = {"补正告知日期": "2026-09-17", "补正期限": "2026-09-30"}


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        ({"申请渠道": "微信"}, "“申请渠道”的值“微信”不是可用的选项"),
        ({"申请人类型": "个体工商户"}, "“申请人类型”的值“个体工商户”不是可用的选项"),
        ({"答复日期": "2026-10-10", "办理结果": "9.9"}, "“办理结果”的值“9.9”不是可用的选项"),
        (
            {"收到日期": "15/09/2026"},
            "“收到日期”应为有效日期（如 2026-03-15、2026/3/15 或 20260315），而不是“15/09/2026”",
        ),
        ({"收到日期": "2026-02-30"}, "“收到日期”应为有效日期"),
        ({"收到日期": "2026-12-29"}, "“收到日期”（2026-12-29）：收到申请之日不能晚于今天。"),
        ({"收到日期": ""}, "缺少必填项“收到日期”"),
        ({"申请内容": ""}, "缺少必填项“申请内容”"),
        ({"申请人姓名或名称": ""}, "缺少必填项“申请人姓名或名称”"),
        (
            {**WAITING, "补正收到日期": "2026-09-16"},
            "“补正收到日期”（2026-09-16）早于“补正告知日期”（2026-09-17）",
        ),
        ({"补正告知日期": "2026-09-17"}, "填写了“补正告知日期”，须同时填写“补正期限”"),
        ({"补正告知日期": "2026-09-17", "补正期限": "2026-09-17"}, "“补正期限”（2026-09-17）应晚于“补正告知日期”"),
        ({"答复日期": "2026-09-14", "办理结果": "1"}, "“答复日期”（2026-09-14）早于“收到日期”（2026-09-15）"),
        ({"答复日期": "2026-10-10"}, "填写了“答复日期”，须同时填写“办理结果”"),
        ({"办理结果": "1"}, "填写了“办理结果”，须同时填写“答复日期”"),
        ({"征求意见答复日期": "2026-09-30"}, "填写了“征求意见答复日期”，须同时填写“征求意见发出日期”"),
        ({"缴费日期": "2026-09-30"}, "填写了“缴费日期”，须同时填写“收费通知日期”"),
        (
            {
                "征求意见发出日期": "2026-09-22",
                "征求意见答复日期": "2026-10-09",
                "答复日期": "2026-10-08",
                "办理结果": "1",
            },
            "“答复日期”（2026-10-08）早于“征求意见答复日期”（2026-10-09）",
        ),
        ({"答复日期": "2026-12-29", "办理结果": "1"}, "“答复日期”（2026-12-29）晚于今天"),
        ({"证件号码": "110105194912310021"}, "不是有效的居民身份证号码"),
        ({"申请人类型": "商业企业", "证件号码": "914506000000000000"}, "不是有效的统一社会信用代码"),
        ({"延期批准日期": "2026-10-09", "延期工作日数": "25"}, "“延期工作日数”应为1至20的整数"),
        ({"延期批准日期": "2026-10-09"}, "填写了“延期批准日期”，须同时填写“延期工作日数”"),
        ({**WAITING, "答复日期": "2026-10-09", "办理结果": "1"}, "等待补正的申请不能作出答复"),
        ({**WAITING, "答复日期": "2026-09-29", "办理结果": "6.1"}, "“答复日期”（2026-09-29）须晚于“补正期限”"),
        ({"答复日期": "2026-10-30", "办理结果": "6.1"}, "须有“补正告知日期”和“补正期限”"),
        (
            {"收费通知日期": "2026-09-22", "缴费日期": "2026-09-29", "答复日期": "2026-10-30", "办理结果": "6.2"},
            "须有“收费通知日期”，且没有“缴费日期”",
        ),
        (
            {**WAITING, "补正收到日期": "2026-09-25", "征求意见发出日期": "2026-09-18"},
            "“征求意见发出日期”（2026-09-18）在等待补正期间",
        ),
        # refusals of the live workflow, reported for their row and column:
        # the 补正 notice is due within 7 工作日 of 09-15, i.e. by 09-23
        (
            {"补正告知日期": "2026-09-30", "补正期限": "2026-10-20", "补正收到日期": "2026-10-12"},
            "补正告知日期：补正应自收到申请之日起7个工作日内告知（至2026-09-23），已超过期限。",
        ),
        (
            {"延期批准日期": "2026-10-20", "延期工作日数": "10"},
            "延期批准日期：答复期限已于2026-10-19届满，不能再延长。",
        ),
        (
            {"收费通知日期": "2026-09-22", "答复日期": "2026-10-27", "办理结果": "6.2"},
            "答复日期：缴费期限至2026-10-27，期限届满后才能按逾期未缴费处理。",
        ),
        # the same request twice in one file
        ({"申请人姓名或名称": "好", "申请内容": row()["申请内容"]}, "与第2行是同一申请"),
    ],
)
def test_a_bad_row_rejects_the_whole_file_with_its_row_number(tmp_path, cells, reason):
    good = row(申请人姓名或名称="好")
    bad = row(**{"申请人姓名或名称": "坏", "申请内容": "另一件申请", **cells})
    content = csv_file([good, bad])
    with pytest.raises(ImportFileError) as exc:
        register_import_replay.import_register(register_import.read_register(content))
    assert any(number == 3 and reason in message for number, message in exc.value.errors), exc.value.errors
    assert {number for number, _ in exc.value.errors} == {3}
    assert not InformationRequest.objects.exists()
    with pytest.raises(CommandError) as command_exc:
        call_command("import_register", write(tmp_path, content))
    lines = str(command_exc.value).splitlines()
    assert lines[0] == f"文件有误，未导入任何内容（{len(exc.value.errors)} 处错误）："
    assert any(line.strip().startswith("第3行：") and reason in line for line in lines[1:]), lines
    assert not InformationRequest.objects.exists()


def test_every_bad_row_is_listed_parse_errors_and_workflow_refusals_alike():
    content = csv_file(
        [
            row(申请人姓名或名称="一", 申请渠道="微信", 收到日期="2026-13-01"),
            row(申请人姓名或名称="二"),
            row(申请人姓名或名称="三", 办理结果="1"),
        ]
    )
    with pytest.raises(ImportFileError) as exc:
        register_import.read_register(content)
    assert [number for number, _ in exc.value.errors] == [2, 2, 4]

    late = {"延期批准日期": "2026-10-20", "延期工作日数": "10"}
    content = csv_file(
        [row(申请人姓名或名称="一", **late), row(申请人姓名或名称="二"), row(申请人姓名或名称="三", **late)]
    )
    with pytest.raises(ImportFileError) as exc:
        register_import_replay.import_register(register_import.read_register(content))
    assert [number for number, _ in exc.value.errors] == [2, 4]
    assert not InformationRequest.objects.exists()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "文件为空"),
        ("收到日期,申请渠道\n2026-09-15,当面\n".encode(), "表头缺少：申请人类型"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "不支持旧版 Excel"),
        (csv_file([]), "没有数据行"),
    ],
)
def test_unreadable_files_are_rejected(content, reason):
    with pytest.raises(ImportFileError) as exc:
        register_import.read_register(content)
    assert reason in exc.value.errors[0][1]


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
    # fee amounts are not in the register; everything else comes back
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
    assert (rows["庚"]["期限待定"], rows["庚"]["答复期限"], rows["庚"]["是否逾期"]) == ("是", "2027-01-07", "否")
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


# --- appeals ----------------------------------------------------------------------------------


def appeals_file(rows) -> bytes:
    return csv_file(rows, columns=appeals_import.APPEAL_COLUMNS)


def test_appeals_import_links_requests_and_reads_short_result_names(tmp_path):
    request = InformationRequestFactory(received_on=D(2026, 3, 2))
    content = appeals_file(
        [
            {
                "申请编号": request.tracking_number,
                "类型": "行政复议",
                "提起日期": "2026-04-01",
                "结果": "维持",
                "审结日期": "2026-06-01",
            },
            {"类型": "未经复议直接起诉", "提起日期": "2026-05-01", "结果": "未审结"},
            {
                "申请编号": "2019-000001",
                "类型": "复议后起诉",
                "提起日期": "2026-07-01",
                "结果": "结果纠正",
                "审结日期": "2026-09-30",
            },
        ]
    )
    output = io.StringIO()
    call_command("import_appeals", write(tmp_path, content), stdout=output)
    assert "已导入 3 件行政复议、行政诉讼（关联申请 1 件，未关联 2 件）" in output.getvalue()
    linked = Appeal.objects.get(kind="reconsideration")
    assert (linked.request, linked.result, linked.concluded_on) == (request, "upheld", D(2026, 6, 1))
    assert Appeal.objects.get(kind="litigation_direct").result == "pending"
    unlinked = Appeal.objects.get(kind="litigation_after_reconsideration")
    assert unlinked.request is None and "2019-000001" in unlinked.notes


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        ({"结果": "尚未审结", "审结日期": "2026-06-01"}, "“审结日期”：尚未审结的案件不填写审结日期。"),
        ({"结果": "结果维持", "审结日期": ""}, "“审结日期”：已审结的案件须填写审结日期。"),
        ({"结果": "结果纠正", "审结日期": "2026-03-31"}, "“审结日期”：审结日期不能早于提起日期。"),
        ({"类型": "行政诉讼"}, "“类型”的值“行政诉讼”不是可用的选项"),
        ({"结果": "撤诉"}, "“结果”的值“撤诉”不是可用的选项"),
        ({"提起日期": "2026-4-31"}, "“提起日期”应为有效日期"),
        ({"提起日期": "2026-12-29", "审结日期": ""}, "“提起日期”（2026-12-29）晚于今天"),
        ({"类型": ""}, "缺少必填项“类型”"),
    ],
)
def test_a_bad_appeal_row_rejects_the_whole_file(tmp_path, cells, reason):
    good = {"类型": "行政复议", "提起日期": "2026-04-01", "结果": "尚未审结"}
    bad = {"类型": "行政复议", "提起日期": "2026-04-01", "结果": "结果维持", "审结日期": "2026-06-01", **cells}
    content = appeals_file([good, bad])
    with pytest.raises(CommandError) as exc:
        call_command("import_appeals", write(tmp_path, content))
    assert f"第3行：{reason}" in str(exc.value)
    assert not Appeal.objects.exists()


def test_an_appeal_filed_before_its_request_was_received_is_refused():
    request = InformationRequestFactory(received_on=D(2026, 9, 15))
    content = appeals_file(
        [{"申请编号": request.tracking_number, "类型": "行政复议", "提起日期": "2026-09-01", "结果": "尚未审结"}]
    )
    with pytest.raises(ImportFileError) as exc:
        appeals_import.import_appeals(appeals_import.read_appeals(content))
    assert exc.value.errors == [(2, "“提起日期”（2026-09-01）早于所涉申请的收到日期（2026-09-15）。")]
    assert not Appeal.objects.exists()


def test_reimporting_appeals_adds_nothing_and_identical_rows_are_two_cases(tmp_path):
    same = {"类型": "行政复议", "提起日期": "2026-04-01", "结果": "尚未审结"}
    target = write(tmp_path, appeals_file([same, same]))
    call_command("import_appeals", target, stdout=io.StringIO())
    assert Appeal.objects.count() == 2
    output = io.StringIO()
    call_command("import_appeals", target, stdout=output)
    assert "已导入 0 件" in output.getvalue() and "已存在而跳过 2 件" in output.getvalue()
    assert Appeal.objects.count() == 2


# --- admin upload: preview, then confirm -------------------------------------------------------


@pytest.fixture
def admin_urls(settings):
    settings.ROOT_URLCONF = __name__


def upload(client, url, content, name="register.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def test_admin_upload_previews_then_imports_on_confirmation(admin_urls, staff_client):
    url = reverse("test-register-import")
    page = staff_client.get(url).content.decode()
    assert page.count("<h1") == 1 and "导入政府信息公开申请台账" in page and 'type="file"' in page

    response = upload(staff_client, url, good_file())
    html = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"].startswith("max-age=0")
    assert "确认导入" in html and "2026-10-19" in html and "2027-01-07" in html and "甲" in html
    assert f"将导入 {len(GOOD_ROWS)} 件申请" in html
    assert not InformationRequest.objects.exists()  # the preview was a dry run
    payload = response.context["payload"]

    response = staff_client.post(url, {"payload": payload})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:applications_informationrequest_changelist")
    assert InformationRequest.objects.count() == len(GOOD_ROWS)
    assert by_name("乙").due_date == D(2026, 10, 28)
    # confirming twice (a double click) adds nothing
    staff_client.post(url, {"payload": payload})
    assert InformationRequest.objects.count() == len(GOOD_ROWS)


def test_admin_upload_lists_row_errors_and_offers_no_confirmation(admin_urls, staff_client):
    content = csv_file([row(申请人姓名或名称="一"), row(申请人姓名或名称="二", 申请渠道="微信"), row(办理结果="1")])
    html = upload(staff_client, reverse("test-register-import"), content).content.decode()
    assert "文件有误，未导入任何内容" in html
    assert "第3行：“申请渠道”的值“微信”不是可用的选项" in html
    assert "第4行：填写了“办理结果”，须同时填写“答复日期”" in html
    assert "确认导入" not in html and not InformationRequest.objects.exists()


def test_admin_upload_refuses_a_changed_or_foreign_payload(admin_urls, staff_client, django_user_model):
    url = reverse("test-register-import")
    payload = upload(staff_client, url, good_file()).context["payload"]
    html = staff_client.post(url, {"payload": payload[:-2] + "xx"}).content.decode()
    assert "预览已过期或内容被改动" in html
    other = django_user_model.objects.create_superuser("other", "o@example.cn", "pw-other-123")
    forged = signing.dumps({"user": other.pk, "table": []}, salt="applications.register_admin.register", compress=True)
    assert "预览已过期或内容被改动" in staff_client.post(url, {"payload": forged}).content.decode()
    assert not InformationRequest.objects.exists()


def test_admin_upload_too_big_to_post_back_says_so_before_the_confirmation(admin_urls, staff_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_500  # leaves 500 bytes for the rows
    html = upload(staff_client, reverse("test-register-import"), good_file()).content.decode()
    assert "文件内容过多" in html and "确认导入" not in html


def test_admin_upload_refuses_other_file_types(admin_urls, staff_client):
    html = upload(staff_client, reverse("test-register-import"), b"x", name="register.txt").content.decode()
    assert "请上传 .csv 或 .xlsx 文件" in html


def test_admin_upload_needs_the_add_permission(admin_urls, client, django_user_model):
    clerk = django_user_model.objects.create_user("clerk", password="pw-clerk-123", is_staff=True)
    client.force_login(clerk)
    assert client.get(reverse("test-register-import")).status_code == 403
    assert upload(client, reverse("test-appeals-import"), b"x").status_code == 403


def test_admin_appeals_upload_previews_then_imports(admin_urls, staff_client):
    request = InformationRequestFactory(received_on=D(2026, 3, 2))
    url = reverse("test-appeals-import")
    content = appeals_file(
        [
            {
                "申请编号": request.tracking_number,
                "类型": "行政复议",
                "提起日期": "2026-04-01",
                "结果": "维持",
                "审结日期": "2026-06-01",
            }
        ]
    )
    response = upload(staff_client, url, content)
    html = response.content.decode()
    assert "结果维持" in html and request.tracking_number in html and not Appeal.objects.exists()
    response = staff_client.post(url, {"payload": response.context["payload"]})
    assert response["Location"] == reverse("admin:applications_appeal_changelist")
    assert Appeal.objects.get().request == request


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"PK\x03\x04" + b"\x00" * 200, "无法读取 XLSX 文件"),  # a broken zip
        (("申请编号,收到日期\n" + "x" * 200_000 + "\n").encode(), None),  # a cell beyond the csv limit
    ],
)
def test_damaged_files_are_refused_with_a_message_not_a_crash(content, fragment):
    with pytest.raises(ImportFileError) as exc:
        register_import.read_register(content)
    if fragment:
        assert fragment in exc.value.errors[0][1]


def test_control_characters_and_old_receipts(tmp_path):
    header = ",".join(register_import.REGISTER_COLUMNS)
    row = ",".join(["", "2018-03-05", "当面", "自然人", "张\x00某", "", "", "请公开\u202e文件", *[""] * 12])
    with pytest.raises(ImportFileError) as exc:
        register_import_replay.import_register(register_import.read_register(f"{header}\n{row}\n".encode()))
    assert any("早于2019年5月15日" in message for _n, message in exc.value.errors)
