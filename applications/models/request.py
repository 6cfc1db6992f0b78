"""InformationRequest: a request for government information (依申请公开), its tracking number and
lookup code, and its field groups (the personal fields, what a requester states)."""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from applications.models.choices import FeeMethod, Outcome
from common import sequences


class RequestCounter(models.Model):
    """The last tracking-number sequence used per year; only ever increases."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last}"


class InformationRequestQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=InformationRequest.CLOSED_STATUSES)

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def provisional(self):
        return self.open().filter(deadline_provisional=True)

    def delete(self):
        """Deleting requests also deletes their stored files and masks their history rows
        (applications.retention): the admin's delete, its bulk action, InformationRequest.delete()
        and code all come here."""
        # Imported here: applications.retention imports these models (no import cycle).
        from applications import retention

        return retention.delete_requests(self)


class InformationRequest(models.Model):
    class Channel(models.TextChoices):
        ONLINE = "online", _("网络")
        IN_PERSON = "in_person", _("当面")
        MAIL = "mail", _("邮寄")
        LETTER = "letter", _("平常信函")
        FAX = "fax", _("传真")
        EMAIL = "email", _("电子邮件")
        OTHER = "other", _("其他")

    # Channels whose receipt date is the day staff confirm with the applicant (Art. 31, Decision 3).
    CONFIRMED_CHANNELS = (Channel.ONLINE, Channel.FAX, Channel.EMAIL, Channel.LETTER)

    class ApplicantType(models.TextChoices):
        NATURAL_PERSON = "natural_person", _("自然人")
        ORGANISATION = "organisation", _("法人或其他组织")

    class OrganisationKind(models.TextChoices):
        # the columns of table 三
        COMMERCIAL = "commercial", _("商业企业")
        RESEARCH = "research", _("科研机构")
        PUBLIC_INTEREST = "public_interest", _("社会公益组织")
        LEGAL_SERVICES = "legal_services", _("法律服务机构")
        OTHER = "other", _("其他")

    class IdType(models.TextChoices):
        RESIDENT_ID = "resident_id", _("居民身份证")
        PASSPORT = "passport", _("护照")
        HK_MACAO = "hk_macao", _("港澳居民来往内地通行证")
        TAIWAN = "taiwan", _("台湾居民来往大陆通行证")
        FOREIGN_PR = "foreign_pr", _("外国人永久居留身份证")
        OTHER = "other", _("其他有效身份证件")

    class Form(models.TextChoices):
        PAPER = "paper", _("纸质")
        ELECTRONIC = "electronic", _("电子")

    class Delivery(models.TextChoices):
        MAIL = "mail", _("邮寄")
        EMAIL = "email", _("电子邮件")
        FAX = "fax", _("传真")
        PICKUP = "pickup", _("自行领取")
        ON_SITE = "on_site", _("当场查阅")

    class Status(models.TextChoices):
        PENDING = "pending", _("待确认收到")
        IN_PROGRESS = "in_progress", _("办理中")
        AWAITING_CORRECTION = "awaiting_correction", _("待补正")
        ANSWERED = "answered", _("已答复")
        CLOSED = "closed", _("已终止")

    CLOSED_STATUSES = (Status.ANSWERED, Status.CLOSED)

    class DeadlineState(models.TextChoices):
        RUNNING = "running", _("正常计时")
        PAUSED = "paused", _("暂停计算")
        AWAITING_CORRECTION = "awaiting_correction", _("等待补正")
        CUSTOM = "custom", _("另行确定的答复期限")
        STOPPED = "stopped", _("已办结")

    # Identity
    tracking_number = models.CharField(_("申请编号"), max_length=20, unique=True, editable=False)
    tracking_year = models.PositiveSmallIntegerField(_("编号年度"), editable=False)
    tracking_sequence = models.PositiveIntegerField(_("编号顺序号"), editable=False)
    lookup_code_hash = models.CharField(max_length=64, editable=False)
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    # Receipt (Art. 31)
    channel = models.CharField(_("申请渠道"), max_length=12, choices=Channel.choices, default=Channel.ONLINE)
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    received_on = models.DateField(
        _("收到申请之日"), help_text=_("当面：提交之日；邮寄：签收之日；平常信函、网络、传真：双方确认之日。")
    )
    receipt_confirmed = models.BooleanField(
        _("已确认收到"), default=False, help_text=_("网络、传真等渠道须工作人员与申请人确认后，收到申请之日方为确定。")
    )

    # Applicant (personal data: visible only with the view_personal_data permission)
    applicant_type = models.CharField(_("申请人类型"), max_length=16, choices=ApplicantType.choices)
    organisation_kind = models.CharField(_("组织类型"), max_length=16, choices=OrganisationKind.choices, blank=True)
    name = models.CharField(_("姓名或名称"), max_length=100)
    id_type = models.CharField(_("证件类型"), max_length=16, choices=IdType.choices, blank=True)
    id_number = models.CharField(_("证件号码"), max_length=30, blank=True)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    legal_representative = models.CharField(_("法定代表人"), max_length=50, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30)
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("通信地址"), max_length=200, blank=True)
    postal_code = models.CharField(_("邮政编码"), max_length=6, blank=True)

    # What is asked (Art. 29)
    description = models.TextField(_("所需政府信息的名称、文号或者便于查询的其他特征性描述"))
    form_wanted = models.CharField(_("信息的载体形式"), max_length=12, choices=Form.choices)
    delivery = models.CharField(_("获取信息的方式"), max_length=12, choices=Delivery.choices)

    # State and deadline (derived from the events by services.recompute_deadline)
    status = models.CharField(_("办理状态"), max_length=20, choices=Status.choices, default=Status.PENDING)
    due_date = models.DateField(_("答复期限"), null=True, blank=True, editable=False)
    deadline_provisional = models.BooleanField(
        _("暂定期限"),
        default=False,
        editable=False,
        help_text=_("期限跨入尚未录入放假安排的年份，暂按周末及法定节日休息计算。"),
    )
    deadline_state = models.CharField(
        _("期限状态"), max_length=20, choices=DeadlineState.choices, default=DeadlineState.RUNNING, editable=False
    )
    correction_due_date = models.DateField(_("补正告知期限"), null=True, blank=True, editable=False)
    correction_due_provisional = models.BooleanField(_("补正告知期限为暂定"), default=False, editable=False)

    # Handling
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handled_requests",
    )
    remarks = models.TextField(_("备注"), blank=True)

    # Fee (信息处理费, 国办函〔2020〕109号): one method per request
    fee_method = models.CharField(_("收费方式"), max_length=10, choices=FeeMethod.choices, blank=True)
    fee_items = models.PositiveSmallIntegerField(
        _("计费件数"), default=1, help_text=_("按“一事一申请”原则拆分后的件数。")
    )
    fee_pages = models.PositiveIntegerField(_("计费页数"), null=True, blank=True)
    fee_amount = models.PositiveIntegerField(_("信息处理费（元）"), null=True, blank=True)
    fee_notice_on = models.DateField(_("收费通知日期"), null=True, blank=True)
    fee_paid_on = models.DateField(_("缴费日期"), null=True, blank=True)

    # Answer
    outcome = models.CharField(_("办理结果"), max_length=4, choices=Outcome.choices, blank=True)
    legal_basis = models.TextField(_("答复依据"), blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    answered_late = models.BooleanField(_("逾期答复"), default=False, editable=False)
    promoted_disclosure = models.ForeignKey(
        "disclosures.Disclosure",
        verbose_name=_("已转为主动公开"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    # Rows imported from a bureau's register (台账) carry their key, so a re-import adds nothing.
    import_key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    # Set by `purge_personal_data` once the retention period after closing has passed (applications.retention).
    personal_data_purged_on = models.DateField(_("个人信息已按保存期限清除"), null=True, blank=True, editable=False)

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = InformationRequestQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["lookup_code_hash", "form_token"], verbose_name=_("申请修改记录"))

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")
        permissions = [("view_personal_data", _("可查看申请人个人信息"))]
        constraints = [
            models.UniqueConstraint(fields=["tracking_year", "tracking_sequence"], name="unique_tracking_sequence"),
        ]
        indexes = [
            models.Index(fields=["status", "due_date"], name="request_open_due_idx"),
            models.Index(fields=["received_on"], name="request_received_idx"),
        ]

    def __str__(self):
        return self.tracking_number

    def save(self, *args, **kwargs):
        if not self.tracking_number:
            with transaction.atomic():
                self.tracking_year = timezone.localdate(self.submitted_at).year
                self.tracking_sequence = sequences.next_value(RequestCounter, year=self.tracking_year)
                self.tracking_number = f"{self.tracking_year}-{self.tracking_sequence:06d}"
                super().save(*args, **kwargs)
            return
        super().save(*args, **kwargs)

    def delete(self, using=None, keep_parents=False):
        """The queryset's delete for this one row: files deleted after the commit, history rows masked."""
        result = type(self).objects.filter(pk=self.pk).delete()
        self.pk = None
        return result

    @property
    def is_open(self) -> bool:
        return self.status not in self.CLOSED_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < timezone.localdate()

    @property
    def applicant_column(self) -> str:
        """The table 三 column this request counts in."""
        return report_column(self.applicant_type, self.organisation_kind)

    # -- the lookup code: only its keyed hash is stored -------------------------------------

    @staticmethod
    def hash_lookup_code(code: str) -> str:
        normalized = "".join(code.split()).upper()
        return hmac.new(settings.SECRET_KEY.encode(), normalized.encode(), hashlib.sha256).hexdigest()

    LOOKUP_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

    def set_new_lookup_code(self, *, form_token=None) -> str:
        """A new lookup code (shown once to the requester); only its hash is kept.

        10 characters of an unambiguous alphabet: about 49 bits. Random, or, for a request filed
        online, derived from the form's token with the site's secret key: the same form sent again
        (a double click) is shown the same code without the code being stored anywhere.
        """
        if form_token is None:
            code = "".join(secrets.choice(self.LOOKUP_CODE_ALPHABET) for _ in range(10))
        else:
            code = self.derived_lookup_code(form_token)
        self.lookup_code_hash = self.hash_lookup_code(code)
        return code

    @classmethod
    def derived_lookup_code(cls, form_token) -> str:
        number = int.from_bytes(salted_hmac("applications.lookup-code", str(form_token)).digest(), "big")
        alphabet = cls.LOOKUP_CODE_ALPHABET
        characters = []
        for _position in range(10):
            number, index = divmod(number, len(alphabet))
            characters.append(alphabet[index])
        return "".join(characters)

    def check_lookup_code(self, code: str) -> bool:
        return hmac.compare_digest(self.lookup_code_hash, self.hash_lookup_code(code))


# Table 三's columns, in the official order (自然人, then the five kinds of 法人或其他组织).
REPORT_COLUMNS = ["natural_person", *InformationRequest.OrganisationKind.values]


def report_column(applicant_type: str, organisation_kind: str) -> str:
    """The table 三 column of an applicant: 自然人, or the organisation's kind (其他 when unknown)."""
    if applicant_type == InformationRequest.ApplicantType.NATURAL_PERSON:
        return "natural_person"
    return organisation_kind if organisation_kind in InformationRequest.OrganisationKind.values else "other"


# Who asked and how to reach them: personal data, shown only to staff with view_personal_data.
PERSONAL_FIELDS = [
    "name",
    "id_type",
    "id_number",
    "uscc",
    "legal_representative",
    "contact_person",
    "phone",
    "email",
    "address",
    "postal_code",
]
# Everything a requester states (Art. 29): the applicant, what is asked, and in which form.
APPLICANT_FIELDS = ["applicant_type", "organisation_kind", *PERSONAL_FIELDS, "description", "form_wanted", "delivery"]
