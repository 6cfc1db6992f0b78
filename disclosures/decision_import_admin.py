"""Admin page to upload 双公示 decisions (行政许可 or 行政处罚): upload → preview → confirm.

A plain function the admin wires into its URLs: `decision_upload_view(model_admin, request)` on
the AdministrativeDecision admin. The import itself is disclosures.decision_import, the same code
`manage.py import_decisions` runs.

1. Upload: the file is read and every row checked; the preview shows the counts (新增 / 更新 /
   无变化) and the first 50 rows, or the list of row errors (nothing is saved either way).
2. Confirm: the rows come back from the page in a hidden field signed with django.core.signing
   (bound to the user, valid for an hour, compressed). Nothing is stored on the server or in a
   public folder, a changed field is refused, and the rows are checked again before the import
   runs in one transaction.

Permissions: the add permission to open the page at all; the change permission as well when the
file would update existing decisions.
"""

from __future__ import annotations

import datetime as dt
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

from disclosures import decision_import
from disclosures.decision_import import DecisionFile, DecisionTable, ImportResult
from disclosures.models import AdministrativeDecision
from disclosures.validators import mask_identity_number

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
PAYLOAD_MAX_AGE = 3600  # seconds between preview and confirmation
PREVIEW_ROWS = 50
SALT = "disclosures.decision_import_admin"
TEMPLATE = "admin/disclosures/decision_upload.html"
GENERATION_LABELS = {
    decision_import.CURRENT: gettext_lazy("现行“信用中国”标准列名"),
    decision_import.OLDER: gettext_lazy("旧版（2016年前后）列名"),
    "": "",  # mixed names, or none that only one generation uses
}


class DecisionUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("决定文件"),
        help_text=gettext_lazy("CSV（UTF-8 或 GB18030 编码）或 XLSX 文件（第一张工作表），不超过10MB。"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in {".csv", ".xlsx"}:
            raise ValidationError(_("请上传 .csv 或 .xlsx 文件。"), code="file_type")
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("文件过大：不应超过10MB，请分多个文件导入。"), code="file_too_large")
        return upload


def _sign(request, table: DecisionTable) -> str:
    return signing.dumps({"user": request.user.pk, "table": table.to_payload()}, salt=SALT, compress=True)


def _unsign(request, payload: str) -> DecisionTable:
    data = signing.loads(payload, salt=SALT, max_age=PAYLOAD_MAX_AGE)
    if data.get("user") != request.user.pk:
        raise signing.BadSignature("payload of another user")
    try:
        return DecisionTable.from_payload(data["table"])
    except (KeyError, TypeError, ValueError) as exc:  # signed by us, so only an older layout
        raise signing.BadSignature("payload of another layout") from exc


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _preview(decision_file: DecisionFile, result: ImportResult):
    """(headers, body rows) of the first PREVIEW_ROWS rows; ID numbers masked."""
    penalty = decision_file.kind == decision_import.PENALTY
    headers = [
        _("行号"),
        _("导入方式"),
        _("行政相对人名称"),
        _("行政相对人类别"),
        _("统一社会信用代码或证件号码"),
        _("决定文书号"),
        _("决定日期"),
        _("处罚机关") if penalty else _("许可机关"),
        _("处罚类别") if penalty else _("许可类别"),
        _("当前状态"),
    ]
    party_types = dict(AdministrativeDecision.PartyType.choices)
    categories = dict(AdministrativeDecision.LicenceCategory.choices)
    statuses = dict(AdministrativeDecision.CurrentStatus.choices)
    withdrawn = set(result.withdrawn)
    body = []
    for row in decision_file.rows[:PREVIEW_ROWS]:
        values = row.values
        action = decision_import.ACTION_LABELS[result.actions[row.number]]
        if row.number in withdrawn:
            action += _("（已撤回，保持撤回）")
        body.append(
            [
                row.number,
                action,
                values["party_name"],
                party_types.get(values["party_type"], ""),
                values["party_uscc"] or mask_identity_number(values["party_id_number"]),
                values["document_number"],
                _date(values["decided_on"]),
                values["authority"],
                values["penalty_category"] if penalty else categories.get(values["licence_category"], ""),
                statuses.get(values["current_status"], ""),
            ]
        )
    return headers, body


def decision_upload_view(model_admin, request):
    """Upload a 双公示 file (行政许可 or 行政处罚), preview it, confirm the import."""
    if not (model_admin.has_add_permission(request) or model_admin.has_change_permission(request)):
        raise PermissionDenied  # each row's own permission is checked by the import
    opts = model_admin.model._meta
    form = DecisionUploadForm()
    errors, problem, preview, payload, summary = [], "", None, "", ""
    decision_file = None
    if request.method == "POST" and "payload" in request.POST:
        try:
            table = _unsign(request, request.POST["payload"])
        except signing.BadSignature:  # SignatureExpired included
            problem = _("预览已过期或内容被改动，请重新上传文件。")
        else:
            try:
                decision_file = decision_import.parse_decisions(table)
                result = decision_import.import_decisions(decision_file, actor=request.user)
            except decision_import.DecisionFileError as exc:
                errors = exc.errors
            except decision_import.NoOrganError as exc:
                problem = str(exc)
            else:
                model_admin.message_user(request, decision_import.summary(result), messages.SUCCESS)
                return redirect(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            decision_file = None
    elif request.method == "POST":
        form = DecisionUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                table = decision_import.read_table(form.cleaned_data["file"].read())
                decision_file = decision_import.parse_decisions(table)
                result = decision_import.import_decisions(decision_file, actor=request.user, dry_run=True)
            except decision_import.DecisionFileError as exc:
                errors = exc.errors
                decision_file = None
            except decision_import.NoOrganError as exc:
                problem = str(exc)
                decision_file = None
            else:
                payload = _sign(request, table)
                limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
                if payload and limit is not None and len(payload) > limit - 10_000:
                    # the confirmation could not post it back: better said now than as an error 400
                    payload = ""
                    problem = _(
                        "文件内容过多，无法在网页上预览后导入：请分成几个文件，或使用 import_decisions 命令导入。"
                    )
                if payload:
                    preview = _preview(decision_file, result)
                    summary = decision_import.summary(result)
                else:
                    decision_file = None
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": opts,
        "title": _("导入行政许可、行政处罚决定（双公示）"),
        "form": form,
        "errors": errors,
        "problem": problem,
        "preview": preview,
        "preview_limit": PREVIEW_ROWS,
        "row_count": len(decision_file.rows) if decision_file else 0,
        "kind_label": decision_import.KIND_LABELS[decision_file.kind] if decision_file else "",
        "generation_label": GENERATION_LABELS[decision_file.generation] if decision_file else "",
        "columns": list(decision_file.labels.values()) if decision_file else [],
        "summary": summary,
        "payload": payload,
        "upload_url": request.path,
    }
    response = render(request, TEMPLATE, context)
    add_never_cache_headers(response)  # the preview shows personal data
    return response
