"""Admin pages to upload the request register (台账) and the appeals list: upload → preview → confirm.

Plain functions the admin wires into its URLs (`register_upload_view(model_admin, request)` on the
requests' admin, `appeals_upload_view` on the appeals' admin). The flow is common.imports.admin_flow
(signed payload, confirmation checked again); the imports are applications.register_import,
register_import_replay and appeals_import, the same code the commands run. The preview of either is
the whole import run as a dry run, so each row shows its computed due date or its link. Opening
the page needs the add permission of the model.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications import appeals_import, register_import, register_import_replay
from applications.models import Appeal
from common.imports.admin_flow import AdminImport, UploadForm, upload_view
from common.imports.result import SKIPPED


class RegisterUploadForm(UploadForm):
    max_bytes = 5 * 1024 * 1024
    file_label = gettext_lazy("台账文件")
    file_help = gettext_lazy("CSV（UTF-8 或 GB18030 编码）或 XLSX 文件，不超过5MB；第一张工作表的表头行见上。")


def _yes(value: bool) -> str:
    return _("是") if value else _("否")


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _register_preview(rows, result):
    headers = [
        _("行号"),
        _("申请编号"),
        _("收到日期"),
        _("申请人姓名或名称"),
        _("办理结果"),
        _("答复日期"),
        _("答复期限"),
        _("期限待定"),
        _("逾期答复"),
        _("状态"),
        _("说明"),
    ]
    outcome = result.by_number()
    body = []
    for row in rows:
        done = outcome[row.number]
        created = done.action != SKIPPED
        body.append(
            [
                row.number,
                row.tracking_number or _("（自动编号）"),
                _date(row.received_on),
                row.name,
                done.outcome,
                _date(row.answered_on),
                _date(done.due_date) if created else "",
                _yes(done.provisional) if created else "",
                _yes(done.answered_late) if created else "",
                done.status,
                done.note,
            ]
        )
    return headers, body


def _appeals_preview(rows, result):
    headers = [_("行号"), _("申请编号"), _("关联申请"), _("类型"), _("提起日期"), _("结果"), _("审结日期"), _("说明")]
    outcome = result.by_number()
    body = [
        [
            row.number,
            row.tracking_number,
            _yes(outcome[row.number].linked),
            Appeal.Kind(row.kind).label,
            _date(row.filed_on),
            Appeal.Result(row.result).label,
            _date(row.concluded_on),
            outcome[row.number].note,
        ]
        for row in rows
    ]
    return headers, body


def _may_add(model_admin, request) -> bool:
    return model_admin.has_add_permission(request)


def _spec(
    slug: str, title, intro, columns: list[str], read, check, run, summary, preview, example_caption
) -> AdminImport:
    """The page of one of the two registers: `run(checked, dry_run=…)` imports without a user."""
    return AdminImport(
        salt=f"applications.register_admin.{slug}",
        title=title,
        form_class=RegisterUploadForm,
        read=read,
        check=lambda table, options: check(table),
        run=lambda checked, *, request, options, dry_run: run(checked, dry_run=dry_run),
        summary=summary,
        preview=preview,
        may_open=_may_add,
        command=f"import_{slug}",
        intro=intro,
        example_caption=example_caption,
        example=",".join(columns),
    )


REGISTER_INTRO = gettext_lazy(
    "每行一件申请，按表中日期依次登记收到、补正、征求意见、延期、收费和答复，答复期限与在系统中办理的申请按同样规则计算。"
    "日期如 2026-03-15、2026/3/15 或 20260315；办理结果填年度报告的结果名称或代码（如 3.4）；尚未办结的申请不填答复日期和办理结果。"
    "收费金额填收费通知所列金额（整数元，如 120 或 1,200），须同时填写收费通知日期；未记载金额的可留空，年度报告将说明金额未记载。"
    "文件有任何错误时整份不导入；已导入过的行自动跳过。"
)
REGISTER_EXAMPLE_CAPTION = gettext_lazy(
    "表头行（列的顺序不限，“申请编号”和“收费金额”可省略；未识别的列不导入，并在预览中列出）："
)
APPEALS_EXAMPLE_CAPTION = gettext_lazy("表头行（列的顺序不限，“申请编号”可省略；未识别的列不导入，并在预览中列出）：")
APPEALS_INTRO = gettext_lazy(
    "每行一件行政复议或行政诉讼。类型：行政复议、未经复议直接起诉、复议后起诉；结果：结果维持、结果纠正、其他结果、尚未审结；"
    "尚未审结的不填审结日期。有申请编号且系统中有该申请的，自动关联。文件有任何错误时整份不导入；已导入过的行自动跳过。"
)
REGISTER = _spec(
    "register",
    gettext_lazy("导入政府信息公开申请台账"),
    REGISTER_INTRO,
    register_import.REGISTER_COLUMNS,
    register_import.read_table,
    register_import.parse_register,
    register_import_replay.import_register,
    register_import_replay.register_summary,
    _register_preview,
    REGISTER_EXAMPLE_CAPTION,
)
APPEALS = _spec(
    "appeals",
    gettext_lazy("导入行政复议、行政诉讼台账"),
    APPEALS_INTRO,
    appeals_import.APPEAL_COLUMNS,
    appeals_import.read_table,
    appeals_import.parse_appeals,
    appeals_import.import_appeals,
    appeals_import.appeals_summary,
    _appeals_preview,
    APPEALS_EXAMPLE_CAPTION,
)


def register_upload_view(model_admin, request):
    """Upload a request register (台账), preview it, confirm the import."""
    return upload_view(REGISTER, model_admin, request)


def appeals_upload_view(model_admin, request):
    """Upload a list of 行政复议 and 行政诉讼 cases, preview it, confirm the import."""
    return upload_view(APPEALS, model_admin, request)
