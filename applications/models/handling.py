"""A request's file: its handling log (办理记录), the documents the requester sent and the reply
letters (答复告知书)."""

import secrets
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models.choices import Outcome
from applications.models.request import InformationRequest
from applications.models.storage import private_storage


class RequestEvent(models.Model):
    """One step in a request's life. The deadline is derived from these, never typed in."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("提交申请")
        RECEIVED = "received", _("收到申请")
        CORRECTION_NOTICE = "correction_notice", _("告知补正")
        CORRECTION_RECEIVED = "correction_received", _("收到补正")
        CONSULTATION_SENT = "consultation_sent", _("征求意见")
        CONSULTATION_REPLY = "consultation_reply", _("收到征求意见答复")
        EXTENSION = "extension", _("延长答复期限")
        CUSTOM_DEADLINE = "custom_deadline", _("确定延迟答复期限（第三十五条）")
        FEE_NOTICE = "fee_notice", _("发出收费通知")
        FEE_PAID = "fee_paid", _("缴纳费用")
        FEE_LAPSED = "fee_lapsed", _("逾期未缴费，不再处理")
        ABANDONED = "abandoned", _("逾期未补正，视为放弃申请")
        WITHDRAWN = "withdrawn", _("申请人撤回申请")
        DEADLINE_RECOMPUTED = "deadline_recomputed", _("答复期限重新计算")
        HANDLER_ASSIGNED = "handler_assigned", _("指定承办人")
        ANSWERED = "answered", _("作出答复")
        NOTIFIED = "notified", _("通知申请人")
        PROMOTED = "promoted", _("转为主动公开")
        NOTE = "note", _("备注")

    request = models.ForeignKey(
        InformationRequest, verbose_name=_("申请"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("事项"), max_length=24, choices=Kind.choices)
    date = models.DateField(_("日期"), help_text=_("该事项的法定日期，如发出通知或收到材料之日"))
    data = models.JSONField(_("参数"), default=dict, blank=True)
    note = models.TextField(_("说明"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("经办人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"


def request_attachment_path(instance, filename):
    # The stored name never reuses the uploaded one: a random name with the checked extension.
    return f"requests/{timezone.now():%Y/%m}/{secrets.token_hex(16)}{Path(filename).suffix.lower()}"


class RequestAttachment(models.Model):
    """A file the requester sent (proof of identity). Stored privately, served to permitted staff only."""

    request = models.ForeignKey(
        InformationRequest, verbose_name=_("申请"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("文件"), storage=private_storage, upload_to=request_attachment_path)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=50)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("申请附件")
        verbose_name_plural = _("申请附件")

    def __str__(self):
        return self.original_name


class ReplyLetter(models.Model):
    """答复告知书: drafted from the template of its result type, edited by staff, frozen when sent."""

    request = models.ForeignKey(
        InformationRequest, verbose_name=_("申请"), on_delete=models.CASCADE, related_name="letters"
    )
    outcome = models.CharField(_("办理结果"), max_length=4, choices=Outcome.choices)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"), help_text=_("发送前可以修改；发送后不能再修改。"))
    created_at = models.DateTimeField(_("起草时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    sent_on = models.DateField(_("答复日期"), null=True, blank=True, help_text=_("告知书落款日期，即作出答复之日。"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发送人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    docx = models.FileField(_("告知书文件"), storage=private_storage, upload_to="letters/%Y/", blank=True)
    pdf = models.FileField(
        _("告知书PDF"),
        storage=private_storage,
        upload_to="letters/%Y/",
        blank=True,
        help_text=_("发给申请人的版本：申请人查询后可下载，并随答复邮件发送。"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("答复告知书")
        verbose_name_plural = _("答复告知书")

    def __str__(self):
        return self.title

    @property
    def is_sent(self) -> bool:
        return self.sent_on is not None


def released_file_path(instance, filename):
    # As for the requester's files: a random name with the checked extension, never the uploaded name.
    return f"released/{timezone.now():%Y/%m}/{secrets.token_hex(16)}{Path(filename).suffix.lower()}"


class ReleasedFile(models.Model):
    """A file of the information released with an answer (答复所提供的政府信息), attached by staff
    when they answer. Stored privately; the requester downloads it after looking the request up
    (applications.requester_access), until it is removed (applications.retention)."""

    request = models.ForeignKey(
        InformationRequest, verbose_name=_("申请"), on_delete=models.CASCADE, related_name="released_files"
    )
    letter = models.ForeignKey(
        ReplyLetter,
        verbose_name=_("答复告知书"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="files",
    )
    file = models.FileField(_("文件"), storage=private_storage, upload_to=released_file_path)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("答复提供的文件")
        verbose_name_plural = _("答复提供的文件")

    def __str__(self):
        return self.original_name
