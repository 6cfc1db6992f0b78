"""What the requester is told at each step: one text per event, for the lookup page and the e-mail.

E-mails go out only after the transaction that recorded the step commits, to requesters who gave
an address, and each one is logged as a NOTIFIED event. Texts carry no personal data beyond what
the requester already knows, and no staff notes.
"""

import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from applications import letter_pdf
from applications.models import InformationRequest, RequestEvent
from applications.reminders import can_receive

User = get_user_model()

logger = logging.getLogger(__name__)

# The steps the requester is told about by e-mail (issue: confirmation of receipt, 补正 notice,
# extension, fee notice, answer; the Art. 35 date is an extension of a kind too).
NOTIFIED_KINDS = {
    RequestEvent.Kind.RECEIVED,
    RequestEvent.Kind.CORRECTION_NOTICE,
    RequestEvent.Kind.EXTENSION,
    RequestEvent.Kind.CUSTOM_DEADLINE,
    RequestEvent.Kind.FEE_NOTICE,
    RequestEvent.Kind.ANSWERED,
    RequestEvent.Kind.ABANDONED,
    RequestEvent.Kind.FEE_LAPSED,
    RequestEvent.Kind.WITHDRAWN,
}

# The steps whose e-mail carries the letter PDF (the answer, and the lapses' letters).
LETTER_KINDS = {RequestEvent.Kind.ANSWERED, RequestEvent.Kind.ABANDONED, RequestEvent.Kind.FEE_LAPSED}

# The result as the requester reads it: the group of the official list; the letter gives the detail.
RESULT_GROUPS = {"1": "予以公开", "2": "部分公开", "3": "不予公开", "4": "无法提供", "5": "不予处理", "6": "其他处理"}


def _date(value) -> str:
    return f"{value:%Y年%-m月%-d日}" if value else _("（待定）")


def _due_then(request: InformationRequest, event: RequestEvent) -> str:
    """The deadline in force once `event` was recorded (stamped with it: services.clock.stamp_deadline),
    marked 暂定 if it was; for an event recorded before deadlines were stamped, the current one."""
    data = event.data or {}
    if "due" in data:
        due = dt.date.fromisoformat(data["due"]) if data["due"] else None
        provisional = data.get("due_provisional", False)
    else:
        due, provisional = request.due_date, request.deadline_provisional
    return _date(due) + (_("（暂定）") if provisional and due else "")


def public_text(request: InformationRequest, event: RequestEvent) -> str:
    """The sentence the requester reads about `event`, on the lookup page and in the e-mail: what
    was true when it happened (the deadline then in force), never what later steps made of it."""
    kind, data = event.kind, event.data or {}
    if kind == RequestEvent.Kind.SUBMITTED:
        return _("您通过网络提交了申请。")
    if kind == RequestEvent.Kind.RECEIVED:
        return _("本机关确认%(date)s为收到申请之日，答复期限至%(due)s。") % {
            "date": _date(event.date),
            "due": _due_then(request, event),
        }
    if kind == RequestEvent.Kind.CORRECTION_NOTICE:
        end = data.get("period_end")
        text = _("您的申请内容不明确，请于%(end)s前（含当日）补正") % {
            "end": _date(dt.date.fromisoformat(end)) if end else _("（见补正告知书）")
        }
        items = (event.note or "").strip()
        text += (_("以下事项：%(items)s") % {"items": items}) if items else _("。")
        return text + _("答复期限自本机关收到补正后的申请之日起重新计算。")
    if kind == RequestEvent.Kind.CORRECTION_RECEIVED:
        return _("本机关收到您补正后的申请，答复期限重新计算。")
    if kind == RequestEvent.Kind.CONSULTATION_SENT:
        return _("本机关依法征求意见，征求意见期间不计入答复期限。")
    if kind == RequestEvent.Kind.CONSULTATION_REPLY:
        return _("征求意见已结束，继续计算答复期限。")
    if kind == RequestEvent.Kind.EXTENSION:
        return _("经政府信息公开工作机构负责人同意，答复期限延长%(days)s个工作日，至%(due)s。") % {
            "days": data.get("days", ""),
            "due": _due_then(request, event),
        }
    if kind == RequestEvent.Kind.CUSTOM_DEADLINE:
        due = data.get("due_date")
        return _("依照条例第三十五条，本机关确定延迟答复的期限为%(due)s。") % {
            "due": _date(dt.date.fromisoformat(due)) if due else ""
        }
    if kind == RequestEvent.Kind.FEE_NOTICE:
        return _("本机关依法收取信息处理费%(amount)s元，请自收到通知次日起20个工作日内缴纳，逾期视为放弃申请。") % {
            "amount": request.fee_amount or data.get("amount", "")
        }
    if kind == RequestEvent.Kind.FEE_PAID:
        return _("本机关收到您缴纳的信息处理费，继续计算答复期限。")
    if kind == RequestEvent.Kind.ANSWERED:
        return _("本机关已于%(date)s作出答复（%(result)s），详见答复告知书。") % {
            "date": _date(event.date),
            "result": RESULT_GROUPS.get(request.outcome.split(".")[0], ""),
        }
    if kind == RequestEvent.Kind.ABANDONED:
        return _("您未在补正期限内补正，申请视为放弃，本机关不再处理。")
    if kind == RequestEvent.Kind.FEE_LAPSED:
        return _("您未在期限内缴纳信息处理费，申请视为放弃，本机关不再处理。")
    if kind == RequestEvent.Kind.WITHDRAWN:
        return _("您已撤回申请。")
    return event.get_kind_display()


PUBLIC_KINDS = {
    RequestEvent.Kind.SUBMITTED,
    RequestEvent.Kind.RECEIVED,
    RequestEvent.Kind.CORRECTION_NOTICE,
    RequestEvent.Kind.CORRECTION_RECEIVED,
    RequestEvent.Kind.CONSULTATION_SENT,
    RequestEvent.Kind.CONSULTATION_REPLY,
    RequestEvent.Kind.EXTENSION,
    RequestEvent.Kind.CUSTOM_DEADLINE,
    RequestEvent.Kind.FEE_NOTICE,
    RequestEvent.Kind.FEE_PAID,
    RequestEvent.Kind.ANSWERED,
    RequestEvent.Kind.ABANDONED,
    RequestEvent.Kind.FEE_LAPSED,
    RequestEvent.Kind.WITHDRAWN,
}


def public_timeline(request: InformationRequest) -> list[tuple]:
    """(date, kind label, text) of the steps a requester may see; never notes or staff-only steps."""
    return [
        (event.date, event.get_kind_display(), public_text(request, event))
        for event in request.events.all()
        if event.kind in PUBLIC_KINDS
    ]


def after_commit(request: InformationRequest, kind: str) -> None:
    """Tell the requester about the latest `kind` step once the current transaction commits."""
    if kind in NOTIFIED_KINDS:
        transaction.on_commit(lambda: send_step_email(request.pk, kind))


def status_link() -> str:
    """The address of the status lookup, absolute when SITE_URL is set (an e-mail has no page to be
    relative to)."""
    return settings.SITE_URL + reverse("applications:lookup")


def send_step_email(request_pk: int, kind: str) -> bool:
    request = InformationRequest.objects.get(pk=request_pk)
    if not request.email:
        return False
    event = request.events.filter(kind=kind).order_by("-date", "-pk").first()
    if event is None:
        return False
    letter = sent_letter(request) if kind in LETTER_KINDS else None
    letter = letter if letter is not None and letter.pdf else None
    paragraphs = [
        _("您的政府信息公开申请（编号 %(number)s）有新进展：") % {"number": request.tracking_number},
        public_text(request, event),
        _("您可以凭申请编号和查询码在本机关网站“申请进度查询”查看办理情况%(files)s：%(link)s")
        % {"link": status_link(), "files": _("、下载答复告知书和所提供的信息") if letter else ""},
    ]
    if letter is not None:
        paragraphs.append(_("答复告知书见附件（PDF）。"))
    paragraphs.append(_("本邮件由系统自动发送，请勿直接回复。"))
    subject = _("政府信息公开申请 %(number)s：%(step)s") % {
        "number": request.tracking_number,
        "step": event.get_kind_display(),
    }
    message = EmailMessage(subject, "\n\n".join(paragraphs), settings.DEFAULT_FROM_EMAIL, [request.email])
    if letter is not None:
        with letter.pdf.open("rb") as pdf:
            message.attach(letter_pdf.pdf_name(letter), pdf.read(), "application/pdf")
    try:
        message.send()
    except OSError:
        # The step is recorded either way; a mail outage must not undo it. Staff see the gap in the log.
        logger.warning("notice for request %s (%s) could not be sent", request.tracking_number, kind)
        return False
    RequestEvent.objects.create(
        request=request,
        kind=RequestEvent.Kind.NOTIFIED,
        date=event.date,
        data={"step": kind},
        note=_("已通过电子邮件通知申请人"),
    )
    return True


def sent_letter(request: InformationRequest):
    """The letter sent with the answer or the lapse (the latest), or None."""
    return request.letters.filter(sent_on__isnull=False).order_by("-sent_on", "-pk").first()


def tell_staff(request: InformationRequest, what: str) -> int:
    """Tell the request's handler (or, without one who can receive mail, the staff who handle
    requests) that the requester did `what` online; how many were written to. Names the request by
    its number only: the details are in the admin."""
    if request.handler is not None and can_receive(request.handler):
        recipients = [request.handler.email]
    else:
        handlers = User.objects.filter(is_active=True).exclude(email="")
        handlers = handlers.filter(
            Q(groups__permissions__codename="change_informationrequest") | Q(is_superuser=True)
        ).distinct()
        recipients = sorted(set(handlers.values_list("email", flat=True)))
    if not recipients:
        return 0
    subject = _("申请 %(number)s：申请人在线%(what)s") % {"number": request.tracking_number, "what": what}
    body = _("申请人已通过网站%(what)s（申请编号 %(number)s），请登录管理后台查看。") % {
        "what": what,
        "number": request.tracking_number,
    }
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except OSError:
        logger.warning("staff notice for request %s could not be sent", request.tracking_number)
        return 0
    return len(recipients)
