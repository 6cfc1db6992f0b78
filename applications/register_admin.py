"""Admin pages to upload the request register (台账) and the appeals list: upload → preview → confirm.

Plain functions the admin wires into its URLs (`register_upload_view(model_admin, request)` on the
requests' admin, `appeals_upload_view` on the appeals' admin); the import itself is
applications.register, the same code the commands run.

1. Upload: the file is read, every row checked and the whole import run as a dry run (rolled
   back), so the preview shows each row's computed due date, or the list of row errors.
2. Confirm: the checked rows come back from the page in a hidden field signed with
   django.core.signing (bound to the user, valid for an hour, compressed). Nothing is stored on
   the server or in a public folder, a changed field is refused, and the rows are checked again
   before the import runs in one transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications import register
from applications.models import Appeal

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
PAYLOAD_MAX_AGE = 3600  # seconds between preview and confirmation


class RegisterUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("台账文件"),
        help_text=gettext_lazy("CSV（UTF-8 或 GB18030 编码）或 XLSX 文件，不超过5MB；第一张工作表的表头行见上。"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in {".csv", ".xlsx"}:
            raise ValidationError(_("请上传 .csv 或 .xlsx 文件。"), code="file_type")
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("文件过大：台账文件不应超过5MB，请分多个文件导入。"), code="file_too_large")
        return upload


@dataclass(frozen=True)
class _Spec:
    slug: str
    title: str
    intro: str
    columns: list[str]
    required: list[str]
    parse: object
    run: object
    summary: object
    preview: object  # (rows, result) -> (headers, body rows)


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
    outcome = {r.number: r for r in result.rows}
    body = []
    for row in rows:
        done = outcome[row.number]
        body.append(
            [
                row.number,
                row.tracking_number or _("（自动编号）"),
                _date(row.received_on),
                row.name,
                done.outcome,
                _date(row.answered_on),
                _date(done.due_date) if not done.skipped else "",
                _yes(done.provisional) if not done.skipped else "",
                _yes(done.answered_late) if not done.skipped else "",
                done.status,
                done.note,
            ]
        )
    return headers, body


def _appeals_preview(rows, result):
    headers = [_("行号"), _("申请编号"), _("关联申请"), _("类型"), _("提起日期"), _("结果"), _("审结日期"), _("说明")]
    outcome = {r.number: r for r in result.rows}
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


REGISTER = _Spec(
    slug="register",
    title=gettext_lazy("导入政府信息公开申请台账"),
    intro=gettext_lazy(
        "每行一件申请，按表中日期依次登记收到、补正、征求意见、延期、收费和答复，答复期限与在系统中办理的申请按同样规则计算。"
        "日期格式 YYYY-MM-DD；办理结果填年度报告的结果名称或代码（如 3.4）；尚未办结的申请不填答复日期和办理结果。"
        "文件有任何错误时整份不导入；已导入过的行自动跳过。"
    ),
    columns=register.REGISTER_COLUMNS,
    required=register.REGISTER_REQUIRED,
    parse=register.parse_register,
    run=register.import_register,
    summary=register.register_summary,
    preview=_register_preview,
)
APPEALS = _Spec(
    slug="appeals",
    title=gettext_lazy("导入行政复议、行政诉讼台账"),
    intro=gettext_lazy(
        "每行一件行政复议或行政诉讼。类型：行政复议、未经复议直接起诉、复议后起诉；结果：结果维持、结果纠正、其他结果、尚未审结；"
        "尚未审结的不填审结日期。有申请编号且系统中有该申请的，自动关联。文件有任何错误时整份不导入；已导入过的行自动跳过。"
    ),
    columns=register.APPEAL_COLUMNS,
    required=register.APPEAL_REQUIRED,
    parse=register.parse_appeals,
    run=register.import_appeals,
    summary=register.appeals_summary,
    preview=_appeals_preview,
)


def _salt(spec: _Spec) -> str:
    return f"applications.register_admin.{spec.slug}"


def _sign(spec: _Spec, request, table) -> str:
    return signing.dumps({"user": request.user.pk, "table": table}, salt=_salt(spec), compress=True)


def _unsign(spec: _Spec, request, payload: str):
    data = signing.loads(payload, salt=_salt(spec), max_age=PAYLOAD_MAX_AGE)
    if data.get("user") != request.user.pk:
        raise signing.BadSignature("payload of another user")
    return [(int(number), dict(cells)) for number, cells in data["table"]]


def _upload_view(model_admin, request, spec: _Spec):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    opts = model_admin.model._meta
    form = RegisterUploadForm()
    errors, problem, preview, payload, summary = [], "", None, "", ""
    if request.method == "POST" and "payload" in request.POST:
        try:
            table = _unsign(spec, request, request.POST["payload"])
        except signing.BadSignature:  # SignatureExpired included
            problem = _("预览已过期或内容被改动，请重新上传文件。")
        else:
            try:
                result = spec.run(spec.parse(table))
            except register.RegisterFileError as exc:
                errors = exc.errors
            else:
                model_admin.message_user(request, spec.summary(result), messages.SUCCESS)
                return redirect(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    elif request.method == "POST":
        form = RegisterUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                table = register.read_table(
                    form.cleaned_data["file"].read(), columns=spec.columns, required=spec.required
                )
                rows = spec.parse(table)
                result = spec.run(rows, dry_run=True)
            except register.RegisterFileError as exc:
                errors = exc.errors
            else:
                payload = _sign(spec, request, table)
                limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
                if limit is not None and len(payload) > limit - 10_000:
                    # the confirmation could not post it back: better said now than as an error 400
                    payload, problem = (
                        "",
                        _("文件内容过多，无法在网页上预览后导入：请分成几个文件，或使用 import_register 命令。"),
                    )
                else:
                    preview = spec.preview(rows, result)
                    summary = spec.summary(result)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": opts,
        "title": spec.title,
        "intro": spec.intro,
        "columns": spec.columns,
        "form": form,
        "errors": errors,
        "problem": problem,
        "preview": preview,
        "summary": summary,
        "payload": payload,
        "upload_url": request.path,
    }
    response = render(request, "admin/applications/register_upload.html", context)
    add_never_cache_headers(response)  # the preview shows personal data
    return response


def register_upload_view(model_admin, request):
    """Upload a request register (台账), preview it, confirm the import."""
    return _upload_view(model_admin, request, REGISTER)


def appeals_upload_view(model_admin, request):
    """Upload a list of 行政复议 and 行政诉讼 cases, preview it, confirm the import."""
    return _upload_view(model_admin, request, APPEALS)
