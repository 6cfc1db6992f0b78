"""The 办理 steps staff take in the admin: which form, which workflow function, and when allowed.

The admin (applications/admin/requests.py, through common.admin_steps) shows only the steps allowed
in the request's current state; the workflow function checks again (and the law), so a stale page
cannot do what is no longer allowed. Every step needs the change permission on the request; the
answer, which writes a letter naming the applicant, needs the personal-data permission too.
"""

from django.utils.translation import gettext_lazy as _

from applications import forms, letters, services
from applications.models import InformationRequest, Outcome, RequestEvent
from common.admin_steps import AdminStep


def _has(request, kind) -> bool:
    return any(e.kind == kind for e in request.events.all())


def _open_consultations(request) -> int:
    events = request.events.all()
    return sum(e.kind == RequestEvent.Kind.CONSULTATION_SENT for e in events) - sum(
        e.kind == RequestEvent.Kind.CONSULTATION_REPLY for e in events
    )


def _in_progress(request) -> bool:
    return request.status == InformationRequest.Status.IN_PROGRESS


def _fee_due(request) -> bool:
    return request.is_open and bool(request.fee_notice_on) and not request.fee_paid_on


class RequestStep(AdminStep):
    """A 办理 step: its workflow function takes the request as `request`."""

    subject = "request"


class AnswerAction(RequestStep):
    """First submit drafts the letter from the result; the second, with the edited letter, answers.

    The letter, the answer and the DOCX are one transaction: a refused answer leaves no letter behind.
    """

    def apply(self, request, form, user):
        data = form.cleaned_data
        if not data["letter_body"].strip():
            draft = letters.draft_letter(
                request=request, outcome=data["outcome"], legal_basis=data["legal_basis"], reply_date=data["date"]
            )
            bound = form.data.copy()
            bound["letter_title"], bound["letter_body"] = draft.title, draft.body
            form.data = bound
            form.add_error(
                None, _("已按办理结果生成告知书草稿，请核对、修改后再次提交；随答复提供的文件请在再次提交时选择。")
            )
            return None
        blanks = letters.unfilled_placeholders(data["letter_body"])
        if blanks:
            form.add_error("letter_body", _("告知书中还有未填写的内容：%(blanks)s") % {"blanks": "、".join(blanks)})
            return None
        return services.answer_with_letter(
            request=request,
            outcome=data["outcome"],
            legal_basis=data["legal_basis"],
            reply_date=data["date"],
            title=data["letter_title"],
            body=data["letter_body"],
            files=data.get("released_files") or [],
            actor=user,
        )


ACTIONS: tuple[RequestStep, ...] = (
    RequestStep("handler", _("指定承办人"), forms.HandlerForm, services.assign_handler, lambda r: r.is_open),
    RequestStep(
        "correction",
        _("告知补正"),
        forms.CorrectionNoticeForm,
        services.send_correction_notice,
        lambda r: (
            r.status in (InformationRequest.Status.PENDING, InformationRequest.Status.IN_PROGRESS)
            and not _has(r, RequestEvent.Kind.CORRECTION_NOTICE)
        ),
        _("申请内容不明确的，应自收到申请之日起7个工作日内一次性告知补正事项和合理的补正期限（条例第三十条）。"),
    ),
    RequestStep(
        "supplement",
        _("收到补正"),
        forms.ActionForm,
        services.record_supplement,
        lambda r: r.status == InformationRequest.Status.AWAITING_CORRECTION,
        _("答复期限自收到补正后的申请之日起重新计算。"),
    ),
    RequestStep(
        "abandon",
        _("逾期未补正"),
        forms.ActionForm,
        services.mark_abandoned,
        lambda r: r.status == InformationRequest.Status.AWAITING_CORRECTION,
        _("补正期限届满仍未补正的，视为放弃申请，办理结果计入（六）1。"),
    ),
    RequestStep(
        "consult",
        _("征求意见"),
        forms.ConsultationForm,
        services.send_consultation,
        _in_progress,
        _(
            "征求第三方或其他机关意见（条例第三十二条、第三十四条）：被征求意见方应在15个工作日内提出意见，征求意见的时间不计入答复期限。"
        ),
    ),
    RequestStep(
        "consult-reply",
        _("收到征求意见答复"),
        forms.ConsultationReplyForm,
        services.record_consultation_reply,
        lambda r: r.is_open and _open_consultations(r) > 0,
    ),
    RequestStep(
        "extend",
        _("延长答复期限"),
        forms.ExtensionForm,
        services.approve_extension,
        lambda r: _in_progress(r) and not _has(r, RequestEvent.Kind.EXTENSION),
        _("经政府信息公开工作机构负责人同意，可以延长一次，最长20个工作日，并告知申请人（条例第三十三条）。"),
    ),
    RequestStep(
        "custom",
        _("确定延迟答复期限"),
        forms.CustomDeadlineForm,
        services.set_custom_deadline,
        _in_progress,
        _("申请数量、频次明显超过合理范围，理由合理但无法按期答复的，可以确定延迟答复的合理期限（条例第三十五条）。"),
    ),
    RequestStep(
        "fee",
        _("发出收费通知"),
        forms.FeeNoticeForm,
        services.issue_fee_notice,
        lambda r: _in_progress(r) and not r.fee_notice_on,
        _("信息处理费按件或按量计收，只能选一种（国办函〔2020〕109号）；金额由系统按超额累进计算。"),
    ),
    RequestStep("paid", _("登记缴费"), forms.ActionForm, services.record_payment, _fee_due),
    RequestStep(
        "fee-lapse",
        _("逾期未缴费"),
        forms.ActionForm,
        services.record_fee_lapse,
        _fee_due,
        _("自收到收费通知次日起20个工作日内未缴费的，视为放弃申请，办理结果计入（六）2。"),
    ),
    RequestStep(
        "withdraw",
        _("申请人撤回"),
        forms.WithdrawForm,
        services.withdraw,
        lambda r: r.is_open,
        _("办理结果计入（六）3 其他。"),
    ),
    AnswerAction(
        "answer",
        _("作出答复"),
        forms.AnswerForm,
        services.answer,
        lambda r: _in_progress(r) and r.receipt_confirmed,
        _("选择一项办理结果并填写法律依据；系统生成答复告知书草稿，核对修改后再次提交即完成答复。"),
        permissions=("change", "personal_data"),
    ),
    RequestStep(
        "promote",
        _("转为主动公开"),
        forms.ConfirmForm,
        services.promote_to_disclosure,
        lambda r: (
            r.status == InformationRequest.Status.ANSWERED
            and r.outcome in (Outcome.DISCLOSED, Outcome.PARTIAL)
            and not r.promoted_disclosure_id
        ),
        _("依照条例第四十四条，生成一条不含申请人信息的主动公开信息草稿，由工作人员完善后发布。"),
    ),
)


class ConfirmReceiptStep(RequestStep):
    """Art. 31 / Decision 3: staff confirm the proposed receipt date with the applicant, or correct it.

    Not among ACTIONS: it has a URL and a button of its own (shown until the receipt is confirmed).
    """

    def initial(self, obj) -> dict:
        return {"received_on": obj.received_on}


CONFIRM_RECEIPT = ConfirmReceiptStep(
    "confirm",
    _("确认收到申请之日"),
    forms.ConfirmReceiptForm,
    services.confirm_receipt,
    lambda r: True,  # the workflow function says when it is too late
    _(
        "通过网络、传真等提交的申请，以双方确认之日为收到申请之日（条例第三十一条）。"
        "系统拟定的日期为提交当日（非工作日顺延至下一个工作日）；请与申请人确认后填写，不得早于提交日期。"
    ),
    done_message=_("已确认收到申请之日，答复期限已重新计算。"),
    submit_label=_("确认"),
    error_field="received_on",
)
