from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.admin_steps import AdminStep, AdminStepsMixin, NoFieldsForm, in_status
from common.history import ReadOnlyHistoryAdmin
from common.imports.columns import fold_header
from disclosures import decision_mapping, services
from disclosures.decision_import_admin import decision_upload_view
from disclosures.models import (
    AdministrativeDecision,
    Attachment,
    Category,
    DecisionColumnMapping,
    Disclosure,
    GuideSection,
    Organ,
    PublicationStatus,
    Topic,
)


@admin.register(Organ)
class OrganAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "uscc", "office_name", "phone", "order"]
    search_fields = ["name", "short_name", "uscc"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "uscc", "order"]}),
        (
            _("政府信息公开工作机构（公开指南必备信息）"),
            {"fields": ["office_name", "address", "postal_code", "office_hours", "phone", "fax", "email", "website"]},
        ),
        (
            _("救济途径（写入答复告知书）"),
            {"fields": ["reconsideration_body", "litigation_court"]},
        ),
    ]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "slug", "decision_kind", "order"]
    list_editable = ["order"]
    list_filter = ["parent"]
    list_select_related = ["parent"]
    search_fields = ["name", "slug"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "order"]
    list_filter = ["parent"]
    list_select_related = ["parent"]
    search_fields = ["name"]


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["title", "file", "order", "size", "content_type"]
    readonly_fields = ["size", "content_type"]

    # Attachments change with their item: only while it is a draft.
    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and (obj is None or obj.status == PublicationStatus.DRAFT)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.status == PublicationStatus.DRAFT)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.status == PublicationStatus.DRAFT)


class ReviewForm(forms.Form):
    conclusion = forms.CharField(
        label=_("保密审查结论"),
        max_length=2000,
        initial=_("经审查，该信息不涉及国家秘密、工作秘密、商业秘密和个人隐私，同意公开。"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class DisclosureStep(AdminStep):
    """A step on the review path: its service takes the item as `disclosure`."""

    subject = "disclosure"


# The review path of a proactive item (issue 7): who may take which step in which state. Each
# permission is the admin's has_<name>_permission, i.e. the model permission <name>_disclosure.
STEPS = (
    DisclosureStep("submit", _("提交保密审查"), NoFieldsForm, services.submit_for_review, in_status(PublicationStatus.DRAFT),
                   _("提交后，信息由另一名工作人员进行保密审查；审查通过后由发布员发布。"), permissions=("submit",)),
    DisclosureStep("review", _("保密审查通过"), ReviewForm, services.review_disclosure, in_status(PublicationStatus.SUBMITTED),
                   _("请确认该信息不涉及国家秘密、工作秘密、商业秘密和个人隐私。不能审查本人起草或提交的信息。"),
                   permissions=("review",)),
    DisclosureStep("return", _("退回修改"), ReasonForm, services.return_disclosure,
                   in_status(PublicationStatus.SUBMITTED, PublicationStatus.REVIEWED), _("退回后信息回到草稿状态，起草人修改后可重新提交。"),
                   permissions=("review",)),
    DisclosureStep("publish", _("发布"), NoFieldsForm, services.publish_disclosure, in_status(PublicationStatus.REVIEWED),
                   _("发布后信息即在网站公开，发布人和时间将被记录。"), permissions=("publish",)),
    DisclosureStep("withdraw", _("撤回"), ReasonForm, services.withdraw_disclosure, in_status(PublicationStatus.PUBLISHED),
                   _("撤回后信息及其附件不再公开，索引号保留不再使用。"), permissions=("withdraw",)),
)  # fmt: skip


REVIEW_FIELDS = [
    "created_by",
    "submitted_by",
    "submitted_at",
    "reviewed_by",
    "reviewed_at",
    "review_conclusion",
    "return_reason",
    "published_by",
    "withdrawn_by",
    "withdrawn_at",
    "withdrawal_reason",
]


@admin.register(Disclosure)
class DisclosureAdmin(AdminStepsMixin, ReadOnlyHistoryAdmin):
    list_display = ["index_number", "title", "kind", "category", "status", "published_at", "validity"]
    list_display_links = ["index_number", "title"]
    list_filter = ["status", "kind", "category", "validity", "organ"]
    list_select_related = ["category__parent", "organ"]
    search_fields = ["title", "index_number", "document_number"]
    date_hierarchy = "published_at"
    readonly_fields = ["index_number", "status", "published_at", "created_at", "updated_at", *REVIEW_FIELDS]
    autocomplete_fields = ["interprets", "related", "topic"]
    inlines = [AttachmentInline]
    actions = ["submit_selected", "publish_selected"]
    admin_steps = STEPS
    step_url = "step"
    step_done_message = _("已%(step)s：%(object)s")
    step_unavailable_message = _("该信息当前不能“%(step)s”。")
    fieldsets = [
        (None, {"fields": ["index_number", "title", "kind", "category", "organ", "status"]}),
        (_("元数据"), {"fields": ["document_number", "topic", "written_on", "published_at", "source", "author"]}),
        (_("内容"), {"fields": ["summary", "body"]}),
        (_("规范性文件"), {"fields": ["validity", "repealed_on"], "classes": ["collapse"]}),
        (_("关联"), {"fields": ["interprets", "related"]}),
        (_("保密审查与发布记录"), {"fields": REVIEW_FIELDS}),
        (_("记录"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != PublicationStatus.DRAFT:
            # Under review or public: what was reviewed is what gets published. Return it to edit.
            return [f.name for f in Disclosure._meta.get_fields() if f.concrete and not f.auto_created]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if obj.status == PublicationStatus.PUBLISHED:
            self.warn_missing_interpretations(request, Disclosure.objects.filter(pk=obj.pk))
        if not change:
            self.message_user(request, _("已生成索引号：%(number)s") % {"number": obj.index_number}, messages.INFO)

    # -- the review path (the steps come from AdminStepsMixin) -----------------------------

    def step_done(self, request, obj, step):
        super().step_done(request, obj, step)
        if step.name == "publish":
            self.warn_missing_interpretations(request, Disclosure.objects.filter(pk=obj.pk))

    def _bulk(self, request, queryset, step_name, **kwargs):
        step = self.get_step(step_name)
        if not self.has_step_permission(request, step):
            raise PermissionDenied
        done = 0
        for disclosure in queryset:
            try:
                step.service(disclosure=disclosure, actor=request.user, **kwargs)
                done += 1
            except ValidationError as exc:
                self.message_user(request, "；".join(exc.messages), messages.ERROR)
        if done:
            self.message_user(
                request,
                ngettext("已%(step)s %(n)d 条信息。", "已%(step)s %(n)d 条信息。", done)
                % {"step": step.label, "n": done},
            )

    @admin.action(description=_("提交所选信息进行保密审查"), permissions=["submit"])
    def submit_selected(self, request, queryset):
        self._bulk(request, queryset, "submit")

    @admin.action(description=_("发布所选（已通过审查的）信息"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._bulk(request, queryset, "publish")
        self.warn_missing_interpretations(request, queryset.filter(status=PublicationStatus.PUBLISHED))

    def has_submit_permission(self, request, obj=None):
        return request.user.has_perm("disclosures.submit_disclosure")

    def has_review_permission(self, request, obj=None):
        return request.user.has_perm("disclosures.review_disclosure")

    def has_publish_permission(self, request, obj=None):
        return request.user.has_perm("disclosures.publish_disclosure")

    def has_withdraw_permission(self, request, obj=None):
        return request.user.has_perm("disclosures.withdraw_disclosure")

    def warn_missing_interpretations(self, request, queryset):
        for title in queryset.without_interpretation().values_list("title", flat=True):
            self.message_user(
                request,
                _("“%(title)s”尚未关联政策解读：政策文件与解读材料应同步发布。") % {"title": title},
                messages.WARNING,
            )


@admin.register(AdministrativeDecision)
class AdministrativeDecisionAdmin(ReadOnlyHistoryAdmin):
    change_list_template = "admin/disclosures/administrativedecision/change_list.html"

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(lambda request: decision_upload_view(self, request)),
                name="disclosures_administrativedecision_import",
            ),
            *super().get_urls(),
        ]

    list_display = ["document_number", "party_name", "kind", "licence_number", "decided_on", "status"]
    list_display_links = ["document_number", "party_name"]
    list_filter = ["kind", "status", "party_type", "licence_category", "current_status", "organ"]
    list_select_related = ["organ"]
    search_fields = ["party_name", "party_uscc", "licence_number", "document_number"]
    date_hierarchy = "decided_on"
    readonly_fields = ["created_at", "updated_at"]
    actions = ["publish", "withdraw"]
    fieldsets = [
        (None, {"fields": ["kind", "organ", "status", "published_at"]}),
        (
            _("行政相对人"),
            {
                "fields": [
                    "party_name",
                    "party_type",
                    "party_uscc",
                    ("party_business_reg_no", "party_org_code", "party_tax_reg_no"),
                    ("party_institution_cert_no", "party_social_org_reg_no"),
                    "legal_representative",
                    ("legal_rep_id_type", "legal_rep_id_number"),
                    ("party_id_type", "party_id_number"),
                ]
            },
        ),
        (
            _("决定"),
            {
                "fields": [
                    "document_name",
                    "document_number",
                    "licence_category",
                    "certificate_name",
                    "licence_number",
                    "content",
                    "decided_on",
                    ("valid_from", "valid_until"),
                    ("authority", "authority_uscc"),
                    "current_status",
                    ("data_source", "data_source_uscc"),
                    "remarks",
                ]
            },
        ),
        (
            _("行政处罚"),
            {
                "fields": [
                    "violation_type",
                    "violation_facts",
                    "penalty_basis",
                    "penalty_category",
                    ("fine_amount", "confiscated_amount"),
                    "suspended_licence",
                    "publicity_until",
                ],
                "classes": ["collapse"],
            },
        ),
        (_("记录"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def has_publish_permission(self, request):
        return request.user.has_perm("disclosures.publish_administrativedecision")

    def get_readonly_fields(self, request, obj=None):
        fields = [*self.readonly_fields, "status", "published_at"]  # publication goes through the actions
        if obj is not None and obj.status == PublicationStatus.PUBLISHED and not self.has_publish_permission(request):
            # a public decision is corrected by whoever may publish it
            return [f.name for f in AdministrativeDecision._meta.get_fields() if f.concrete and not f.auto_created]
        return fields

    @admin.action(description=_("公示所选决定"), permissions=["publish"])
    def publish(self, request, queryset):
        n = services.publish_decisions(decisions=list(queryset), actor=request.user)
        self.message_user(request, _("已公示 %(n)d 条决定。") % {"n": n})

    @admin.action(description=_("撤回所选决定"), permissions=["publish"])
    def withdraw(self, request, queryset):
        n = services.withdraw_decisions(decisions=list(queryset), actor=request.user)
        self.message_user(request, _("已撤回 %(n)d 条决定。") % {"n": n})


class DecisionColumnMappingForm(forms.ModelForm):
    field = forms.ChoiceField(label=_("对应的标准项"))

    class Meta:
        model = DecisionColumnMapping
        fields = ["organ", "header", "field", "kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = decision_mapping.field_choices("")

    def clean_header(self):
        header = fold_header(self.cleaned_data["header"])
        if not header:
            raise ValidationError(_("请填写文件中的列名。"), code="required")
        if decision_mapping.is_named(header):
            raise ValidationError(
                _("导入时已能按列名识别“%(header)s”，不能另行指定对应关系。"), code="named", params={"header": header}
            )
        return header


@admin.register(DecisionColumnMapping)
class DecisionColumnMappingAdmin(admin.ModelAdmin):
    """The column mappings saved on the 双公示 upload (disclosures.decision_mapping), to review or remove."""

    form = DecisionColumnMappingForm
    list_display = ["header", "field_label", "kind", "organ", "updated_by", "updated_at"]
    list_filter = ["organ", "kind"]
    search_fields = ["header"]
    list_select_related = ["organ", "updated_by"]
    readonly_fields = ["updated_by", "updated_at"]

    @admin.display(description=_("对应的标准项"))
    def field_label(self, obj):
        return dict(decision_mapping.field_choices("")).get(obj.field, obj.field)

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(GuideSection)
class GuideSectionAdmin(admin.ModelAdmin):
    list_display = ["title", "organ", "anchor", "order", "updated_at"]
    list_editable = ["order"]
    list_filter = ["organ"]
    search_fields = ["title", "body"]
