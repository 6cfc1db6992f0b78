"""AdministrativeDecision: a 行政许可 / 行政处罚 / 行政强制 decision published under 双公示."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from disclosures import search
from disclosures.models.organ import Organ
from disclosures.models.search_document import (
    also_saving_search_document,
    history_without_search_document,
    search_document_columns,
)
from disclosures.models.status import DecisionKind, PublicationStatus
from disclosures.privacy import PublicDecision
from disclosures.validators import normalize_code, validate_uscc


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


class AdministrativeDecision(models.Model):
    """A 行政许可 / 行政处罚 / 行政强制 decision with the national 双公示 fields (docs/rules.md §4.7)."""

    # Its personal fields, and how the public sees them, are defined in disclosures/privacy.py
    # (PRIVATE_DECISION_FIELDS, PERSON_TEXT_FIELDS): every public output reads ``decision.public``.

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
        # the current standard's values
        VALID = "valid", _("有效")
        INVALID = "invalid", _("无效")
        # the older generation's (docs/rules.md §4.7), kept as the bureau published them
        NORMAL = "normal", _("正常")
        REVOKED = "revoked", _("撤销")
        OBJECTION = "objection", _("异议")
        OTHER = "other", _("其他")

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
    search_title, search_text = search_document_columns()

    objects = DecisionQuerySet.as_manager()
    history = history_without_search_document(_("双公示决定修改记录"))

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
        super().save(*args, **also_saving_search_document(kwargs))

    def get_absolute_url(self):
        return reverse("disclosures:decision-detail", kwargs={"pk": self.pk})

    def fill_search_fields(self):
        """Build the stored search document; bulk imports call this before bulk_create/bulk_update."""
        self.search_title, self.search_text = search.decision_document(self)

    @cached_property
    def public(self) -> PublicDecision:
        """This decision as every public output shows it (disclosures.privacy.PublicDecision):
        ``decision.public.remarks`` with a person's ID and mobile numbers masked."""
        return PublicDecision(self)

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
