"""The annual report (政府信息公开工作年度报告) per organ and year: narrative, review, frozen tables."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class AnnualReportQuerySet(models.QuerySet):
    def published(self):
        """Reports the public sees: published at least once. While a revision is prepared, the
        public keeps seeing the last published tables (they stay in `compiled`)."""
        return self.filter(compiled__isnull=False)


class AnnualReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        IN_REVIEW = "in_review", _("审核中")
        PUBLISHED = "published", _("已发布")

    organ = models.ForeignKey(
        "disclosures.Organ", verbose_name=_("机构"), on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2008), MaxValueValidator(2100)])
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)

    # Narrative: section 一 with its five sub-headings, 五 and 六 (docs/rules.md §2.6)
    overview = models.TextField(
        _("一、总体情况（概述）"), blank=True, help_text=_("留空时使用系统根据数据生成的概述段落。")
    )
    overview_proactive = models.TextField(_("（一）主动公开"), blank=True)
    overview_on_request = models.TextField(_("（二）依申请公开"), blank=True)
    overview_management = models.TextField(_("（三）政府信息管理"), blank=True)
    overview_platforms = models.TextField(_("（四）政府信息公开平台建设"), blank=True)
    overview_supervision = models.TextField(_("（五）监督保障"), blank=True)
    problems = models.TextField(_("五、存在的主要问题及改进情况"), blank=True)
    other_matters = models.TextField(
        _("六、其他需要报告的事项"), blank=True, help_text=_("留空时使用系统根据收费记录生成的信息处理费段落。")
    )
    # What the data cannot hold: table 二 第二十条第（八）项
    fees_wan_yuan = models.DecimalField(
        _("行政事业性收费本年收费金额（万元）"), max_digits=16, decimal_places=6, default=0
    )

    # Publication freezes the compiled tables; a recompilation of a published report is a new revision.
    compiled = models.JSONField(_("发布时的统计表"), null=True, blank=True, editable=False)
    revision = models.PositiveSmallIntegerField(_("修订版次"), default=0, editable=False)
    revision_note = models.TextField(_("修订说明"), blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发布人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    # The published report's downloads, built once from `compiled` after publication (reports.files).
    docx_file = models.FileField(_("Word 文件"), upload_to="reports/", blank=True, editable=False)
    xlsx_file = models.FileField(_("Excel 文件"), upload_to="reports/", blank=True, editable=False)

    objects = AnnualReportQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["compiled", "docx_file", "xlsx_file"], verbose_name=_("年度报告修改记录")
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("政府信息公开工作年度报告")
        verbose_name_plural = _("政府信息公开工作年度报告")
        constraints = [models.UniqueConstraint(fields=["organ", "year"], name="one_report_per_organ_year")]

    def __str__(self):
        return f"{self.organ}{self.year}年度政府信息公开工作年度报告"

    def get_absolute_url(self):
        return reverse("reports:report-detail", kwargs={"year": self.year})

    @property
    def title(self) -> str:
        return f"{self.organ.name}{self.year}年政府信息公开工作年度报告"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def narrative(self) -> dict:
        """Staff-written sections; empty ones are filled by the compiler from the data."""
        sections = {}
        if self.overview.strip():
            sections["1"] = self.overview
        if self.other_matters.strip():
            sections["6"] = self.other_matters
        sections["5"] = self.problems
        sections["overview"] = {
            "proactive": self.overview_proactive,
            "on_request": self.overview_on_request,
            "management": self.overview_management,
            "platforms": self.overview_platforms,
            "supervision": self.overview_supervision,
        }
        return sections


class AnnualReportRevision(models.Model):
    """The tables of an earlier publication, kept when a published report is recompiled."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="revisions")
    revision = models.PositiveSmallIntegerField(_("修订版次"))
    compiled = models.JSONField(_("统计表"))
    published_at = models.DateTimeField(_("发布时间"))
    note = models.TextField(_("修订说明"), blank=True)

    class Meta:
        ordering = ["-revision"]
        verbose_name = _("年度报告历史版本")
        verbose_name_plural = _("年度报告历史版本")
        constraints = [models.UniqueConstraint(fields=["report", "revision"], name="unique_report_revision")]

    def __str__(self):
        return f"{self.report} 第{self.revision}版"
