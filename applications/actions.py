"""The 办理 steps staff take in the admin: which form, which workflow function, and when allowed.

The admin shows only the steps allowed in the request's current state; the workflow function
checks again (and the law), so a stale page cannot do what is no longer allowed.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from applications import forms, letters, workflow
from applications.models import InformationRequest, Outcome, RequestEvent

Kind = RequestEvent.Kind
Status = InformationRequest.Status


def _has(request, kind) -> bool:
    return any(e.kind == kind for e in request.events.all())


def _open_consultations(request) -> int:
    events = request.events.all()
    return sum(e.kind == Kind.CONSULTATION_SENT for e in events) - sum(
        e.kind == Kind.CONSULTATION_REPLY for e in events
    )


def _in_progress(request) -> bool:
    return request.status == Status.IN_PROGRESS


def _fee_due(request) -> bool:
    return request.is_open and bool(request.fee_notice_on) and not request.fee_paid_on


@dataclass(frozen=True)
class Action:
    label: str
    form: type
    service: Callable
    allowed: Callable[[InformationRequest], bool]
    intro: str = ""
    needs_personal_data: bool = False

    def run(self, request, form, user):
        return self.service(request=request, actor=user, **form.service_kwargs())


class AnswerAction(Action):
    """First submit drafts the letter from the result; the second, with the edited letter, answers.

    The letter, the answer and the DOCX are one transaction: a refused answer leaves no letter behind.
    """

    @transaction.atomic
    def run(self, request, form, user):
        data = form.cleaned_data
        if not data["letter_body"].strip():
            draft = letters.draft_letter(
                request=request, outcome=data["outcome"], legal_basis=data["legal_basis"], reply_date=data["date"]
            )
            bound = form.data.copy()
            bound["letter_title"], bound["letter_body"] = draft.title, draft.body
            form.data = bound
            form.add_error(None, _("已按办理结果生成告知书草稿，请核对、修改后再次提交。"))
            return None
        blanks = letters.unfilled_placeholders(data["letter_body"])
        if blanks:
            form.add_error("letter_body", _("告知书中还有未填写的内容：%(blanks)s") % {"blanks": "、".join(blanks)})
            return None
        letter = letters.draft_letter(
            request=request, outcome=data["outcome"], legal_basis=data["legal_basis"], reply_date=data["date"]
        )
        letter.title = data["letter_title"].strip() or letter.title
        letter.body = data["letter_body"]
        letter.save()
        done = workflow.answer(
            request=request,
            outcome=data["outcome"],
            legal_basis=data["legal_basis"],
            reply_date=data["date"],
            letter=letter,
            actor=user,
        )
        letters.store_docx(letter)
        return done


ACTIONS: dict[str, Action] = {
    "handler": Action(_("指定承办人"), forms.HandlerForm, workflow.assign_handler, lambda r: r.is_open),
    "correction": Action(
        _("告知补正"),
        forms.CorrectionNoticeForm,
        workflow.send_correction_notice,
        lambda r: r.status in (Status.PENDING, Status.IN_PROGRESS) and not _has(r, Kind.CORRECTION_NOTICE),
        _("申请内容不明确的，应自收到申请之日起7个工作日内一次性告知补正事项和合理的补正期限（条例第三十条）。"),
    ),
    "supplement": Action(
        _("收到补正"),
        forms.ActionForm,
        workflow.record_supplement,
        lambda r: r.status == Status.AWAITING_CORRECTION,
        _("答复期限自收到补正后的申请之日起重新计算。"),
    ),
    "abandon": Action(
        _("逾期未补正"),
        forms.ActionForm,
        workflow.mark_abandoned,
        lambda r: r.status == Status.AWAITING_CORRECTION,
        _("补正期限届满仍未补正的，视为放弃申请，办理结果计入（六）1。"),
    ),
    "consult": Action(
        _("征求意见"),
        forms.ConsultationForm,
        workflow.send_consultation,
        _in_progress,
        _(
            "征求第三方或其他机关意见（条例第三十二条、第三十四条）：被征求意见方应在15个工作日内提出意见，征求意见的时间不计入答复期限。"
        ),
    ),
    "consult-reply": Action(
        _("收到征求意见答复"),
        forms.ConsultationReplyForm,
        workflow.record_consultation_reply,
        lambda r: r.is_open and _open_consultations(r) > 0,
    ),
    "extend": Action(
        _("延长答复期限"),
        forms.ExtensionForm,
        workflow.approve_extension,
        lambda r: _in_progress(r) and not _has(r, Kind.EXTENSION),
        _("经政府信息公开工作机构负责人同意，可以延长一次，最长20个工作日，并告知申请人（条例第三十三条）。"),
    ),
    "custom": Action(
        _("确定延迟答复期限"),
        forms.CustomDeadlineForm,
        workflow.set_custom_deadline,
        _in_progress,
        _("申请数量、频次明显超过合理范围，理由合理但无法按期答复的，可以确定延迟答复的合理期限（条例第三十五条）。"),
    ),
    "fee": Action(
        _("发出收费通知"),
        forms.FeeNoticeForm,
        workflow.issue_fee_notice,
        lambda r: _in_progress(r) and not r.fee_notice_on,
        _("信息处理费按件或按量计收，只能选一种（国办函〔2020〕109号）；金额由系统按超额累进计算。"),
    ),
    "paid": Action(_("登记缴费"), forms.ActionForm, workflow.record_payment, _fee_due),
    "fee-lapse": Action(
        _("逾期未缴费"),
        forms.ActionForm,
        workflow.record_fee_lapse,
        _fee_due,
        _("自收到收费通知次日起20个工作日内未缴费的，视为放弃申请，办理结果计入（六）2。"),
    ),
    "withdraw": Action(
        _("申请人撤回"), forms.WithdrawForm, workflow.withdraw, lambda r: r.is_open, _("办理结果计入（六）3 其他。")
    ),
    "answer": AnswerAction(
        _("作出答复"),
        forms.AnswerForm,
        workflow.answer,
        lambda r: _in_progress(r) and r.receipt_confirmed,
        _("选择一项办理结果并填写法律依据；系统生成答复告知书草稿，核对修改后再次提交即完成答复。"),
        needs_personal_data=True,
    ),
    "promote": Action(
        _("转为主动公开"),
        forms.ConfirmForm,
        workflow.promote_to_disclosure,
        lambda r: (
            r.status == Status.ANSWERED
            and r.outcome in (Outcome.DISCLOSED, Outcome.PARTIAL)
            and not r.promoted_disclosure_id
        ),
        _("依照条例第四十四条，生成一条不含申请人信息的主动公开信息草稿，由工作人员完善后发布。"),
    ),
}
