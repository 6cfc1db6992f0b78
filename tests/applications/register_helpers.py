"""Shared pieces of the request register (台账) and appeals import/export tests: file builders and the good rows.

Every due date below is worked out by hand from the 2026 calendar (docs/rules.md §5.1): receipt day
not counted; 09-25..09-27 中秋 and 10-01..10-07 国庆 off, 09-20 (Sun) and 10-10 (Sat) worked;
02-15..02-23 春节 off, 02-14 and 02-28 (Sat) worked.
"""

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine

from applications import appeals_import, register_import
from applications.models import InformationRequest
from tests.factories import make_company_uscc

D = dt.date
NOW = dt.datetime(2026, 12, 28, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
COMPANY_USCC = make_company_uscc(1)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


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
    # received 12-10: the 20th working day falls in 2027, not yet known → 2027-01-08, provisional
    # (2027-01-01 rests as 元旦 of the 办法, docs/rules.md §5.2)
    (row(申请人姓名或名称="庚", 收到日期="2026-12-10"), (D(2027, 1, 8), "in_progress", "", False)),
]


def good_file() -> bytes:
    return csv_file([cells for cells, *_ in GOOD_ROWS])


def by_name(name) -> InformationRequest:
    return InformationRequest.objects.get(name=name)


# --- appeals ----------------------------------------------------------------------------------


def appeals_file(rows) -> bytes:
    return csv_file(rows, columns=appeals_import.APPEAL_COLUMNS)
