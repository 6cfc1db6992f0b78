"""Admin page to upload 双公示 decisions (行政许可 or 行政处罚): upload → preview → confirm.

A plain function the admin wires into its URLs: `decision_upload_view(model_admin, request)` on
the AdministrativeDecision admin. The flow is common.imports.admin_flow (signed payload, rows
checked again on confirmation); the import is disclosures.decision_import / _rows / _apply, the
same code `manage.py import_decisions` runs. The preview shows the counts (新增 / 更新 / 无变化)
and the first PREVIEW_ROWS rows (ID numbers masked), or the list of row errors.

Permissions: the add or the change permission to open the page at all; then each row's own: a new
decision needs the add permission, a changed one the change permission, and changing a published
one the publish permission (disclosures.decision_import_apply.import_decisions, with the user).
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.imports.admin_flow import AdminImport, UploadForm, upload_view
from disclosures import decision_import, decision_import_apply, decision_import_rows, decision_mapping
from disclosures.models import AdministrativeDecision
from disclosures.validators import mask_identity_number

PREVIEW_ROWS = 50
SALT = "disclosures.decision_import_admin"


class DecisionUploadForm(UploadForm):
    file_label = gettext_lazy("决定文件")
    party_type = forms.ChoiceField(
        label=gettext_lazy("未填类别的相对人"),
        required=False,
        choices=[
            ("", gettext_lazy("按文件判断（无类别又无代码、证件号码的行将被拒绝）")),
            *AdministrativeDecision.PartyType.choices,
        ],
        help_text=gettext_lazy(
            "文件没有“行政相对人类别”列或该列为空时，这些行的相对人类别。有统一社会信用代码的行仍按法人及非法人组织导入。"
            "如公安机关的处罚名单，相对人都是自然人，请选“自然人”。"
        ),
    )


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _preview(rows, result):
    """(headers, body rows) of the rows shown; ID numbers masked."""
    penalty = result.kind == decision_import.PENALTY
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
    outcomes = result.by_number()
    body = []
    for row in rows:
        values, outcome = row.values, outcomes[row.number]
        action = decision_import_apply.ACTION_LABELS[outcome.action]
        if outcome.note == decision_import_apply.KEPT_WITHDRAWN:
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


def _run(decision_file, *, request, options, dry_run):
    return decision_import_apply.import_decisions(decision_file, actor=request.user, dry_run=dry_run)


def _may_open(model_admin, request) -> bool:
    # each row's own permission is checked by the import
    return model_admin.has_add_permission(request) or model_admin.has_change_permission(request)


DECISIONS = AdminImport(
    salt=SALT,
    title=gettext_lazy("导入行政许可、行政处罚决定（双公示）"),
    form_class=DecisionUploadForm,
    check=lambda table, options: decision_import_rows.parse_decisions(table, party_type=options.get("party_type", "")),
    run=_run,
    summary=decision_import_apply.summary,
    preview=_preview,
    may_open=_may_open,
    command="import_decisions",
    intro=gettext_lazy(
        "每行一个行政许可或行政处罚决定，一个文件只含一类。列名可用现行“信用中国”标准列名、旧版（2016年前后）列名，"
        "或各单位自己的列名（如“被处罚人姓名”“处罚决定书文号”）；列的顺序不限。上传后先核对每一列对应的标准项，"
        "可以修改并保存为本机构的对应关系，下次自动使用。"
    ),
    points=[
        gettext_lazy(
            "行政许可必填列：行政相对人名称、行政许可决定文书号（旧版：行政许可决定书文号）、许可决定日期、许可机关。"
        ),
        gettext_lazy("行政处罚必填列：行政相对人名称、行政处罚决定书文号、处罚决定日期、处罚机关。"),
        gettext_lazy(
            "日期如 2026-03-15、2026/3/15、20260315 或 03/29/2018（月/日/年，须能确定月和日）；金额以万元为单位；"
            "当前状态按文件所用标准：现行“有效”“无效”（代码 1、0），旧版“正常”“撤销”“异议”“其他”（代码 0、1、2、3）。"
        ),
        gettext_lazy("统一社会信用代码和居民身份证号码核对校验码；公开页面上的证件号码只显示脱敏号码。"),
        gettext_lazy(
            "文件有任何错误时整份不导入。与前面某行完全相同的行跳过并提示；决定文书号和许可（处罚）机关与已有决定相同的，"
            "更新该决定而不重复导入；新决定导入后即公示。"
        ),
    ],
    preview_limit=PREVIEW_ROWS,
    refusals=(decision_import_apply.NoOrganError,),
    facts=decision_import_apply.describe_file,
    mapping=decision_mapping.STEP,
)


def decision_upload_view(model_admin, request):
    """Upload a 双公示 file (行政许可 or 行政处罚), preview it, confirm the import."""
    return upload_view(DECISIONS, model_admin, request)
