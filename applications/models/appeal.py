"""Appeal: a 行政复议 or 行政诉讼 about a request (report table 四)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models.request import InformationRequest


class Appeal(models.Model):
    """行政复议 or 行政诉讼 about a request (report table 四)."""

    class Kind(models.TextChoices):
        RECONSIDERATION = "reconsideration", _("行政复议")
        LITIGATION_DIRECT = "litigation_direct", _("未经复议直接起诉")
        LITIGATION_AFTER_RECONSIDERATION = "litigation_after_reconsideration", _("复议后起诉")

    class Result(models.TextChoices):
        UPHELD = "upheld", _("结果维持")
        CORRECTED = "corrected", _("结果纠正")
        OTHER = "other", _("其他结果")
        PENDING = "pending", _("尚未审结")

    kind = models.CharField(_("类型"), max_length=40, choices=Kind.choices)
    request = models.ForeignKey(
        InformationRequest,
        verbose_name=_("所涉申请"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appeals",
    )
    case_number = models.CharField(_("案号"), max_length=100, blank=True)
    filed_on = models.DateField(_("提起日期"))
    result = models.CharField(_("结果"), max_length=12, choices=Result.choices, default=Result.PENDING)
    concluded_on = models.DateField(_("审结日期"), null=True, blank=True)
    notes = models.TextField(_("说明"), blank=True)
    import_key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        ordering = ["-filed_on", "-pk"]
        verbose_name = _("行政复议和行政诉讼")
        verbose_name_plural = _("行政复议和行政诉讼")
        indexes = [models.Index(fields=["filed_on"]), models.Index(fields=["concluded_on"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.case_number or self.filed_on}"

    def clean(self):
        errors = {}
        if self.result == self.Result.PENDING and self.concluded_on:
            errors["concluded_on"] = ValidationError(_("尚未审结的案件不填写审结日期。"), code="pending_concluded")
        if self.result != self.Result.PENDING and not self.concluded_on:
            errors["concluded_on"] = ValidationError(_("已审结的案件须填写审结日期。"), code="concluded_without_date")
        if self.concluded_on and self.filed_on and self.concluded_on < self.filed_on:
            errors["concluded_on"] = ValidationError(_("审结日期不能早于提起日期。"), code="concluded_before_filed")
        if errors:
            raise ValidationError(errors)
