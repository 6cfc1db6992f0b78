"""Disclosure: one proactively published item (主动公开), its 索引号 and its review path (保密审查)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common import sequences
from disclosures import search
from disclosures.models.catalogue import Category, Topic
from disclosures.models.organ import Organ
from disclosures.models.search_document import (
    also_saving_search_document,
    history_without_search_document,
    search_document_columns,
)
from disclosures.models.status import PublicationStatus
from disclosures.sanitize import sanitize_html


def staff_member(verbose_name) -> models.ForeignKey:
    """Who took a step of the review path; kept as empty when the account is deleted."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )


class IndexCounter(models.Model):
    """The last 索引号 sequence used per organ and year; only ever increases, so numbers are never reused."""

    organ = models.ForeignKey(Organ, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organ", "year"], name="unique_index_counter")]

    def __str__(self):
        return f"{self.organ_id}/{self.year}: {self.last}"


class DisclosureQuerySet(models.QuerySet):
    def published(self):
        """The one visibility rule: published items whose 发布日期 has come."""
        return self.filter(status=PublicationStatus.PUBLISHED, published_at__lte=timezone.now())

    def newest_first(self):
        return self.order_by("-published_at", "-pk")

    def without_interpretation(self):
        """规章 and 规范性文件 with no 政策解读 pointing at them (docs/rules.md Decision 7: warn, not block)."""
        return self.filter(kind__in=Disclosure.NORMATIVE_KINDS).exclude(
            pk__in=Disclosure.objects.filter(interprets__isnull=False).values("interprets")
        )

    def for_list(self):
        return self.select_related("organ", "category").only(
            "pk",
            "title",
            "kind",
            "document_number",
            "published_at",
            "written_on",
            "index_number",
            "organ__name",
            "organ__short_name",
            "category__name",
            "category__slug",
        )


class Disclosure(models.Model):
    class Kind(models.TextChoices):
        REGULATION = "regulation", _("规章")
        NORMATIVE = "normative", _("行政规范性文件")
        INTERPRETATION = "interpretation", _("政策解读")
        ORGANISATION = "organisation", _("机构信息")
        PERSONNEL = "personnel", _("人事信息")
        NEWS = "news", _("工作动态")
        BUDGET = "budget", _("财政预决算")
        RESPONSE = "response", _("回应关切")
        GUIDE = "guide", _("公开指南")
        ANNUAL_REPORT = "annual_report", _("公开年报")
        OTHER = "other", _("其他")

    NORMATIVE_KINDS = (Kind.REGULATION, Kind.NORMATIVE)

    class Validity(models.TextChoices):
        # docs/rules.md Decision 6; extensible by adding a member here.
        IN_FORCE = "in_force", _("有效")
        EXPIRED = "expired", _("失效")
        REPEALED = "repealed", _("废止")
        AMENDED = "amended", _("已修改")

    index_number = models.CharField(_("索引号"), max_length=40, unique=True, editable=False, blank=True)
    index_year = models.PositiveSmallIntegerField(_("索引年度"), editable=False, null=True)
    index_sequence = models.PositiveIntegerField(_("索引顺序号"), editable=False, null=True)
    organ = models.ForeignKey(Organ, verbose_name=_("发布机构"), on_delete=models.PROTECT, related_name="disclosures")
    category = models.ForeignKey(
        Category, verbose_name=_("公开目录"), on_delete=models.PROTECT, related_name="disclosures"
    )
    kind = models.CharField(_("信息类别"), max_length=20, choices=Kind.choices, default=Kind.NEWS)
    title = models.CharField(_("标题"), max_length=300)
    document_number = models.CharField(_("文号"), max_length=100, blank=True, help_text=_("如：防审批发〔2018〕3号"))
    topic = models.ForeignKey(
        Topic, verbose_name=_("主题分类"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    written_on = models.DateField(_("成文日期"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布日期"), null=True, blank=True)
    source = models.CharField(_("来源"), max_length=100, blank=True)
    author = models.CharField(_("作者"), max_length=100, blank=True)
    summary = models.TextField(_("内容概述"), blank=True)
    body = models.TextField(_("正文"), blank=True, help_text=_("保存时自动清除脚本等不安全的HTML。"))
    status = models.CharField(
        _("状态"), max_length=10, choices=PublicationStatus.choices, default=PublicationStatus.DRAFT
    )
    validity = models.CharField(_("有效性"), max_length=10, choices=Validity.choices, blank=True)
    repealed_on = models.DateField(_("废止日期"), null=True, blank=True)
    interprets = models.ForeignKey(
        "self",
        verbose_name=_("所解读文件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interpretations",
        limit_choices_to={"kind__in": NORMATIVE_KINDS},
    )
    related = models.ManyToManyField("self", verbose_name=_("关联文件"), blank=True)

    # The review path (保密审查): who drafted, submitted, reviewed, published or withdrew, and when.
    created_by = staff_member(_("起草人"))
    submitted_by = staff_member(_("提交人"))
    submitted_at = models.DateTimeField(_("提交审查时间"), null=True, blank=True, editable=False)
    reviewed_by = staff_member(_("保密审查人"))
    reviewed_at = models.DateTimeField(_("审查时间"), null=True, blank=True, editable=False)
    review_conclusion = models.TextField(_("保密审查结论"), blank=True, editable=False)
    return_reason = models.TextField(_("退回理由"), blank=True, editable=False)
    published_by = staff_member(_("发布人"))
    withdrawn_by = staff_member(_("撤回人"))
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True, editable=False)
    withdrawal_reason = models.TextField(_("撤回理由"), blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    # The stored search document (disclosures/search.py), rebuilt on every save.
    search_title, search_text = search_document_columns()

    objects = DisclosureQuerySet.as_manager()
    history = history_without_search_document(_("主动公开信息修改记录"))

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("主动公开信息")
        verbose_name_plural = _("主动公开信息")
        permissions = [
            ("submit_disclosure", _("提交保密审查")),
            ("review_disclosure", _("保密审查（通过或退回）")),
            ("publish_disclosure", _("发布信息")),
            ("withdraw_disclosure", _("撤回已发布信息")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organ", "index_year", "index_sequence"], name="unique_index_sequence_per_organ_year"
            ),
        ]
        # Every public list filters on status and sorts by (published_at, id): each index ends so, and
        # PostgreSQL reads it backwards for the newest-first order without sorting.
        indexes = [
            models.Index(fields=["status", "published_at", "id"], name="disclosure_public_idx"),
            models.Index(fields=["category", "status", "published_at", "id"], name="disclosure_category_idx"),
            models.Index(fields=["kind", "status", "published_at", "id"], name="disclosure_kind_idx"),
            models.Index(fields=["organ", "status", "published_at", "id"], name="disclosure_organ_idx"),
            models.Index(fields=["document_number"], name="disclosure_docnum_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # The body is sanitised on every save; the 索引号 is this row's identity, assigned once.
        self.body = sanitize_html(self.body)
        if not self.index_number:
            with transaction.atomic():
                self._assign_index_number()
                self.fill_search_fields()
                super().save(*args, **kwargs)
            return
        self.fill_search_fields()
        super().save(*args, **also_saving_search_document(kwargs))

    def get_absolute_url(self):
        return reverse("disclosures:disclosure-detail", kwargs={"pk": self.pk})

    def fill_search_fields(self, attachment_texts=None):
        """Build the stored search document from this row (and its attachments' extracted text)."""
        if attachment_texts is None:
            attachment_texts = list(self.attachments.values_list("text", flat=True)) if self.pk else []
        self.search_title, self.search_text = search.disclosure_document(self, attachment_texts)

    def refresh_search_document(self):
        """After an attachment changed: rewrite this row's search document without touching the rest."""
        self.fill_search_fields()
        type(self).objects.filter(pk=self.pk).update(search_title=self.search_title, search_text=self.search_text)

    @property
    def is_normative(self) -> bool:
        return self.kind in self.NORMATIVE_KINDS

    def clean(self):
        errors = {}
        if self.status == PublicationStatus.PUBLISHED and not self.published_at:
            errors["published_at"] = ValidationError(_("已发布的信息须填写发布日期。"), code="published_without_date")
        if self.validity and not self.is_normative:
            errors["validity"] = ValidationError(_("只有规章和规范性文件填写有效性。"), code="validity_not_normative")
        if self.validity == self.Validity.REPEALED and not self.repealed_on:
            errors["repealed_on"] = ValidationError(_("有效性为“废止”时须填写废止日期。"), code="repeal_without_date")
        if self.repealed_on and self.validity != self.Validity.REPEALED:
            errors["repealed_on"] = ValidationError(
                _("填写废止日期时，有效性应为“废止”。"), code="repeal_without_state"
            )
        if self.repealed_on and self.written_on and self.repealed_on < self.written_on:
            errors["repealed_on"] = ValidationError(_("废止日期不能早于成文日期。"), code="repeal_before_written")
        if self.interprets_id and self.kind != self.Kind.INTERPRETATION:
            errors["interprets"] = ValidationError(_("只有政策解读可以关联所解读文件。"), code="interprets_wrong_kind")
        if self.interprets_id and self.pk and self.interprets_id == self.pk:
            errors["interprets"] = ValidationError(_("不能解读自身。"), code="interprets_self")
        if errors:
            raise ValidationError(errors)

    def _assign_index_number(self):
        when = timezone.localdate(self.published_at) if self.published_at else (self.written_on or timezone.localdate())
        self.index_year = when.year
        self.index_sequence = sequences.next_value(IndexCounter, organ=self.organ, year=self.index_year)
        self.index_number = f"{self.organ.uscc}/{self.index_year}-{self.index_sequence:05d}"
