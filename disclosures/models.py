"""The public record: organs, the catalogue, proactive items, 双公示 decisions and the guide."""

import mimetypes
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common import sequences
from disclosures import search
from disclosures.privacy import PERSON_PARTY_TYPES, mask_personal_numbers
from disclosures.sanitize import sanitize_html
from disclosures.textextract import extract_text
from disclosures.validators import mask_identity_number, normalize_code, validate_uscc


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待保密审查")
    REVIEWED = "reviewed", _("审查通过待发布")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")


# ---------------------------------------------------------------------------
# Organ
# ---------------------------------------------------------------------------


class OrganQuerySet(models.QuerySet):
    def default(self):
        """The organ the portal speaks for: the first by ordering, or None before any is entered."""
        return self.order_by("order", "pk").first()


class Organ(models.Model):
    """A publishing body (发布机构) and its 政府信息公开工作机构 (Art. 12 contact data)."""

    name = models.CharField(_("机构名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    uscc = models.CharField(
        _("统一社会信用代码"),
        max_length=18,
        unique=True,
        validators=[validate_uscc],
        help_text=_("18位，用作索引号前缀。"),
    )
    office_name = models.CharField(
        _("政府信息公开工作机构"), max_length=100, blank=True, help_text=_("如：政务公开和信息科")
    )
    address = models.CharField(_("办公地址"), max_length=200, blank=True)
    postal_code = models.CharField(_("邮政编码"), max_length=6, blank=True)
    office_hours = models.CharField(_("办公时间"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    fax = models.CharField(_("传真号码"), max_length=50, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    website = models.URLField(_("网站"), blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    objects = OrganQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("发布机构")
        verbose_name_plural = _("发布机构")

    def __str__(self):
        return self.name

    def clean(self):
        self.uscc = normalize_code(self.uscc)


# ---------------------------------------------------------------------------
# Catalogue (公开目录) and subject taxonomy (主题分类)
# ---------------------------------------------------------------------------


class DecisionKind(models.TextChoices):
    LICENCE = "licence", _("行政许可")
    PENALTY = "penalty", _("行政处罚")
    COERCION = "coercion", _("行政强制")


class CategoryQuerySet(models.QuerySet):
    def roots(self):
        return self.filter(parent__isnull=True)


class Category(models.Model):
    """A node of the 公开目录, an ordered tree (two levels in practice)."""

    name = models.CharField(_("名称"), max_length=50)
    slug = models.SlugField(_("网址标识"), max_length=50, unique=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级目录"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    description = models.TextField(_("说明"), blank=True)
    decision_kind = models.CharField(
        _("对应决定类型"),
        max_length=10,
        choices=DecisionKind.choices,
        blank=True,
        help_text=_("设置后，本目录列出对应的行政许可或行政处罚决定（双公示）。"),
    )

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("公开目录")
        verbose_name_plural = _("公开目录")

    def __str__(self):
        return f"{self.parent.name} / {self.name}" if self.parent_id and self.parent else self.name

    def get_absolute_url(self):
        return reverse("disclosures:category", kwargs={"slug": self.slug})

    def clean(self):
        node, seen = self.parent, {self.pk}
        while node is not None:
            if node.pk in seen:
                raise ValidationError({"parent": _("上级目录不能是本目录或其下级。")}, code="cycle")
            seen.add(node.pk)
            node = node.parent


class Topic(models.Model):
    """主题分类 (the gov.cn taxonomy by default; data-driven, bureaus may add their own)."""

    name = models.CharField(_("名称"), max_length=50)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级分类"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("主题分类")
        verbose_name_plural = _("主题分类")
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="unique_topic_name_per_parent")]

    def __str__(self):
        # gov.cn writes the second level with a backslash: 综合政务\政务公开
        return f"{self.parent.name}\\{self.name}" if self.parent_id and self.parent else self.name


# ---------------------------------------------------------------------------
# Disclosure (one proactively published item)
# ---------------------------------------------------------------------------


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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("起草人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )  # fmt: skip
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提交人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )  # fmt: skip
    submitted_at = models.DateTimeField(_("提交审查时间"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("保密审查人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )  # fmt: skip
    reviewed_at = models.DateTimeField(_("审查时间"), null=True, blank=True, editable=False)
    review_conclusion = models.TextField(_("保密审查结论"), blank=True, editable=False)
    return_reason = models.TextField(_("退回理由"), blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发布人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )  # fmt: skip
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("撤回人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )  # fmt: skip
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True, editable=False)
    withdrawal_reason = models.TextField(_("撤回理由"), blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    # The stored search document (disclosures/search.py), rebuilt on every save.
    search_title = models.TextField(_("检索标题词"), blank=True, editable=False)
    search_text = models.TextField(_("检索正文词"), blank=True, editable=False)

    objects = DisclosureQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("主动公开信息修改记录"), excluded_fields=["search_title", "search_text"])

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
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_title", "search_text"}
        super().save(*args, **kwargs)

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


def attachment_path(instance, filename):
    return f"attachments/{timezone.now():%Y/%m}/{filename}"


ATTACHMENT_EXTENSIONS = [
    "pdf",
    "ofd",
    "doc",
    "docx",
    "wps",
    "xls",
    "xlsx",
    "et",
    "csv",
    "txt",
    "zip",
    "jpg",
    "jpeg",
    "png",
]


def validate_attachment_size(file):
    limit = settings.ATTACHMENT_MAX_MB * 1024 * 1024
    if file.size > limit:
        raise ValidationError(
            _("附件不能超过 %(mb)s MB。"), code="attachment_too_large", params={"mb": settings.ATTACHMENT_MAX_MB}
        )


class Attachment(models.Model):
    disclosure = models.ForeignKey(
        Disclosure, verbose_name=_("所属信息"), on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("附件名称"), max_length=200, blank=True)
    file = models.FileField(
        _("文件"),
        upload_to=attachment_path,
        validators=[FileExtensionValidator(ATTACHMENT_EXTENSIONS), validate_attachment_size],
    )
    size = models.PositiveBigIntegerField(_("大小（字节）"), default=0, editable=False)
    content_type = models.CharField(_("文件类型"), max_length=100, blank=True, editable=False)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    text = models.TextField(
        _("提取的文本"), blank=True, editable=False, help_text=_("供全文检索，自动从PDF、DOCX等提取。")
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        if self.file:
            self.size = self.file.size
            self.content_type = mimetypes.guess_type(self.file.name)[0] or "application/octet-stream"
            if not self.file._committed or not self.text:  # a new file, or never read
                self.text = extract_text(self.file)
        super().save(*args, **kwargs)
        # The item's search document holds the text of its attachments.
        self.disclosure.refresh_search_document()

    def get_absolute_url(self):
        return reverse("disclosures:attachment", kwargs={"pk": self.pk})

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self.disclosure.refresh_search_document()
        return result

    @property
    def display_name(self) -> str:
        return self.title or Path(self.file.name).name

    @property
    def extension(self) -> str:
        return Path(self.file.name).suffix.lstrip(".").upper()


# ---------------------------------------------------------------------------
# AdministrativeDecision (双公示)
# ---------------------------------------------------------------------------


class DecisionQuerySet(models.QuerySet):
    def published(self):
        """Published decisions whose 公示日期 has come (the same rule as for Disclosure)."""
        return self.filter(status=PublicationStatus.PUBLISHED, published_at__lte=timezone.now())

    def newest_first(self):
        return self.order_by("-decided_on", "-pk")

    def for_list(self):
        return self.select_related("organ").only(
            "pk",
            "kind",
            "party_name",
            "party_uscc",
            "party_type",
            "document_number",
            "licence_number",
            "decided_on",
            "authority",
            "organ__name",
        )


class PublicText:
    """A decision's free-text fields as the public sees them, for templates: ``decision.public.remarks``."""

    def __init__(self, decision):
        self._decision = decision

    def __getattr__(self, name):
        if name not in AdministrativeDecision.FREE_TEXT_FIELDS:
            raise AttributeError(name)
        return self._decision.public_text(name)


class AdministrativeDecision(models.Model):
    """A 行政许可 / 行政处罚 / 行政强制 decision with the national 双公示 fields (docs/rules.md §4.7)."""

    # Prose that staff type or an import carries, which may quote a person's ID or mobile number.
    # A person's decision shows these masked on every public output (public_text); names, codes
    # and 文号/许可编号 are structured fields and are published as they stand.
    FREE_TEXT_FIELDS = frozenset(
        {
            "content",
            "remarks",
            "violation_type",
            "violation_facts",
            "penalty_basis",
            "penalty_category",
            "document_name",
            "certificate_name",
            "suspended_licence",
            "legal_representative",
            "data_source",
        }
    )

    class PartyType(models.TextChoices):
        # enumeration unverified (docs/rules.md §6, item 5); the three values seen in the 信用中国 standard
        ORGANISATION = "organisation", _("法人及非法人组织")
        NATURAL_PERSON = "natural_person", _("自然人")
        INDIVIDUAL_BUSINESS = "individual_business", _("个体工商户")

    class LicenceCategory(models.TextChoices):
        ORDINARY = "ordinary", _("普通")
        SPECIAL = "special", _("特许")
        RECOGNITION = "recognition", _("认可")
        APPROVAL = "approval", _("核准")
        REGISTRATION = "registration", _("登记")
        OTHER = "other", _("其他")

    class CurrentStatus(models.TextChoices):
        VALID = "valid", _("有效")
        INVALID = "invalid", _("无效")

    kind = models.CharField(_("决定类型"), max_length=10, choices=DecisionKind.choices, default=DecisionKind.LICENCE)
    organ = models.ForeignKey(Organ, verbose_name=_("发布机构"), on_delete=models.PROTECT, related_name="decisions")
    status = models.CharField(
        _("公示状态"), max_length=10, choices=PublicationStatus.choices, default=PublicationStatus.DRAFT
    )
    published_at = models.DateTimeField(_("公示日期"), null=True, blank=True)

    # 行政相对人
    party_name = models.CharField(_("行政相对人名称"), max_length=200)
    party_type = models.CharField(
        _("行政相对人类别"), max_length=20, choices=PartyType.choices, default=PartyType.ORGANISATION
    )
    party_uscc = models.CharField(
        _("统一社会信用代码"), max_length=18, blank=True, validators=[validate_uscc], db_index=True
    )
    party_business_reg_no = models.CharField(_("工商注册号"), max_length=50, blank=True)
    party_org_code = models.CharField(_("组织机构代码"), max_length=20, blank=True)
    party_tax_reg_no = models.CharField(_("税务登记号"), max_length=30, blank=True)
    party_institution_cert_no = models.CharField(_("事业单位证书号"), max_length=30, blank=True)
    party_social_org_reg_no = models.CharField(_("社会组织登记证号"), max_length=30, blank=True)
    legal_representative = models.CharField(_("法定代表人"), max_length=100, blank=True)
    legal_rep_id_type = models.CharField(_("法定代表人证件类型"), max_length=30, blank=True)
    legal_rep_id_number = models.CharField(
        _("法定代表人证件号码"), max_length=30, blank=True, help_text=_("个人信息：公开页面只显示脱敏号码。")
    )
    party_id_type = models.CharField(_("证件类型"), max_length=30, blank=True)
    party_id_number = models.CharField(
        _("证件号码"), max_length=30, blank=True, help_text=_("自然人相对人的证件号码，公开页面只显示脱敏号码。")
    )

    # 决定
    document_name = models.CharField(_("决定文书名称"), max_length=200, blank=True)
    document_number = models.CharField(_("决定文书号"), max_length=100, db_index=True)
    licence_category = models.CharField(_("许可类别"), max_length=20, choices=LicenceCategory.choices, blank=True)
    certificate_name = models.CharField(_("许可证书名称"), max_length=200, blank=True)
    licence_number = models.CharField(_("许可编号"), max_length=100, blank=True, db_index=True)
    content = models.TextField(_("许可内容／处罚内容"), blank=True)
    decided_on = models.DateField(_("决定日期"))
    valid_from = models.DateField(_("有效期自"), null=True, blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    authority = models.CharField(_("许可机关／处罚机关"), max_length=200)
    authority_uscc = models.CharField(_("机关统一社会信用代码"), max_length=18, blank=True, validators=[validate_uscc])
    current_status = models.CharField(
        _("当前状态"), max_length=10, choices=CurrentStatus.choices, default=CurrentStatus.VALID
    )
    data_source = models.CharField(_("数据来源单位"), max_length=200, blank=True)
    data_source_uscc = models.CharField(
        _("数据来源单位统一社会信用代码"), max_length=18, blank=True, validators=[validate_uscc]
    )
    remarks = models.TextField(_("备注"), blank=True)

    # 行政处罚
    violation_type = models.CharField(_("违法行为类型"), max_length=200, blank=True)
    violation_facts = models.TextField(_("违法事实"), blank=True)
    penalty_basis = models.TextField(_("处罚依据"), blank=True)
    penalty_category = models.CharField(_("处罚类别"), max_length=100, blank=True)
    fine_amount = models.DecimalField(_("罚款金额（万元）"), max_digits=14, decimal_places=6, null=True, blank=True)
    confiscated_amount = models.DecimalField(
        _("没收违法所得、没收非法财物的金额（万元）"), max_digits=14, decimal_places=6, null=True, blank=True
    )
    suspended_licence = models.CharField(_("暂扣或吊销证照名称及编号"), max_length=200, blank=True)
    publicity_until = models.DateField(_("公示截止期"), null=True, blank=True)

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    # The stored search document (disclosures/search.py), rebuilt on every save and bulk import.
    search_title = models.TextField(_("检索标题词"), blank=True, editable=False)
    search_text = models.TextField(_("检索正文词"), blank=True, editable=False)

    objects = DecisionQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("双公示决定修改记录"), excluded_fields=["search_title", "search_text"])

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("行政许可和行政处罚决定")
        verbose_name_plural = _("行政许可和行政处罚决定（双公示）")
        permissions = [("publish_administrativedecision", _("公示或撤回双公示决定"))]
        # The 双公示 lists filter on status (and kind) and sort by (decided_on, id).
        indexes = [
            # published_at rides along (PostgreSQL INCLUDE) so the published() check and the capped
            # counts are index-only scans.
            models.Index(
                fields=["status", "kind", "decided_on", "id"], name="decision_public_idx", include=["published_at"]
            ),
            models.Index(fields=["status", "decided_on", "id"], name="decision_date_idx", include=["published_at"]),
            models.Index(fields=["status", "published_at", "id"], name="decision_published_idx"),
            models.Index(fields=["party_name"], name="decision_party_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.document_number} {self.party_name}"

    def save(self, *args, **kwargs):
        # A decision saved as published without a 公示日期 is published now.
        if self.status == PublicationStatus.PUBLISHED and not self.published_at:
            self.published_at = timezone.now()
        self.fill_search_fields()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_title", "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("disclosures:decision-detail", kwargs={"pk": self.pk})

    def fill_search_fields(self):
        """Build the stored search document; bulk imports call this before bulk_create/bulk_update."""
        self.search_title, self.search_text = search.decision_document(self)

    @property
    def masked_party_id_number(self) -> str:
        return mask_identity_number(self.party_id_number)

    @property
    def masked_legal_rep_id_number(self) -> str:
        return mask_identity_number(self.legal_rep_id_number)

    @property
    def is_person(self) -> bool:
        """A natural person or a 个体工商户 (a natural person trading under a registration)."""
        return self.party_type in PERSON_PARTY_TYPES

    def public_text(self, field: str) -> str:
        """A field as public output shows it: in a person's free text, ID and mobile numbers masked."""
        value = getattr(self, field)
        if value and field in self.FREE_TEXT_FIELDS and self.is_person:
            return mask_personal_numbers(value)
        return value

    @cached_property
    def public(self) -> PublicText:
        return PublicText(self)

    @property
    def is_penalty(self) -> bool:
        return self.kind == DecisionKind.PENALTY

    def clean(self):
        errors = {}
        for field in ("party_uscc", "authority_uscc", "data_source_uscc"):
            setattr(self, field, normalize_code(getattr(self, field)))
        if self.party_type == self.PartyType.ORGANISATION and not self.party_uscc:
            errors["party_uscc"] = ValidationError(_("法人及非法人组织须填写统一社会信用代码。"), code="uscc_required")
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = ValidationError(_("有效期至不能早于有效期自。"), code="validity_order")
        if errors:
            raise ValidationError(errors)


# ---------------------------------------------------------------------------
# 政府信息公开指南
# ---------------------------------------------------------------------------


class GuideSection(models.Model):
    """A section of the 政府信息公开指南 that staff write.

    The page adds what the data already holds (Art. 12): the catalogue tree (分类、编排体系) and
    the office's name, address, hours, phone, fax and internet contact from the Organ.
    """

    organ = models.ForeignKey(Organ, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="guide_sections")
    title = models.CharField(_("标题"), max_length=100)
    anchor = models.SlugField(_("锚点"), max_length=50, help_text=_("页面内链接用，如 apply"))
    body = models.TextField(_("内容"), help_text=_("保存时自动清除脚本等不安全的HTML。"))
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("公开指南章节")
        verbose_name_plural = _("公开指南章节")
        constraints = [models.UniqueConstraint(fields=["organ", "anchor"], name="unique_guide_anchor")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = sanitize_html(self.body)
        super().save(*args, **kwargs)
