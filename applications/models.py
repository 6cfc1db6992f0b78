"""Information requests (依申请公开), their event log and the staff-entered working-day calendar."""

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common import sequences


class CalendarDay(models.Model):
    """A day of the State Council's holiday notice (国务院办公厅关于X年部分节假日安排的通知).

    Overrides the packaged official calendar, and makes a year the package does not cover known:
    once any day of a year is entered, that year's other weekdays are working days and its
    weekends are not.
    """

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("休（放假）")
        WORKDAY = "workday", _("班（调休上班）")

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=50, blank=True, help_text=_("如：春节、国庆节"))
    source_notice = models.CharField(
        _("依据文件"), max_length=200, blank=True, help_text=_("如：国务院办公厅关于2027年部分节假日安排的通知")
    )
    source_url = models.URLField(_("文件网址"), blank=True)
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("节假日和调休日")
        verbose_name_plural = _("节假日和调休日")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}".strip()


class CalendarYear(models.Model):
    """A year whose whole holiday arrangement has been entered: its unlisted weekdays are working
    days and its weekends are not. Set by the calendar import; single days alone do not set it."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    source_notice = models.CharField(_("依据文件"), max_length=200, blank=True)
    source_url = models.URLField(_("文件网址"), blank=True)
    entered_at = models.DateTimeField(_("录入时间"), auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("已录入放假安排的年度")
        verbose_name_plural = _("已录入放假安排的年度")

    def __str__(self):
        return str(self.year)


class PrivateStorage(FileSystemStorage):
    """Files that must never have a public URL (identity documents): under PRIVATE_MEDIA_ROOT, read
    at each use so settings overrides apply, and `url()` refuses."""

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no URL; staff download them through a permission-checked view.")


_private_storage = PrivateStorage()


def private_storage():
    return _private_storage


class RequestCounter(models.Model):
    """The last tracking-number sequence used per year; only ever increases."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last}"


# The official result list of 国办公开办函〔2021〕30号 table 三 (docs/rules.md §2.4, §1.3): code → label.
class FeeMethod(models.TextChoices):
    PER_ITEM = "per_item", _("按件计收")
    PER_PAGE = "per_page", _("按量计收")


class Outcome(models.TextChoices):
    DISCLOSED = "1", _("（一）予以公开")
    PARTIAL = "2", _("（二）部分公开")
    SECRET = "3.1", _("（三）1.属于国家秘密")
    PROHIBITED = "3.2", _("（三）2.其他法律行政法规禁止公开")
    SECURITY = "3.3", _("（三）3.危及“三安全一稳定”")
    THIRD_PARTY = "3.4", _("（三）4.保护第三方合法权益")
    INTERNAL = "3.5", _("（三）5.属于三类内部事务信息")
    PROCESS = "3.6", _("（三）6.属于四类过程性信息")
    ENFORCEMENT = "3.7", _("（三）7.属于行政执法案卷")
    ADMIN_QUERY = "3.8", _("（三）8.属于行政查询事项")
    NOT_HELD = "4.1", _("（四）1.本机关不掌握相关政府信息")
    NEEDS_CREATION = "4.2", _("（四）2.没有现成信息需要另行制作")
    STILL_UNCLEAR = "4.3", _("（四）3.补正后申请内容仍不明确")
    PETITION = "5.1", _("（五）1.信访举报投诉类申请")
    REPEATED = "5.2", _("（五）2.重复申请")
    PUBLICATION = "5.3", _("（五）3.要求提供公开出版物")
    EXCESSIVE = "5.4", _("（五）4.无正当理由大量反复申请")
    CONFIRMATION = "5.5", _("（五）5.要求行政机关确认或重新出具已获取信息")
    NO_CORRECTION = "6.1", _("（六）1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请")
    NO_PAYMENT = "6.2", _("（六）2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请")
    OTHER = "6.3", _("（六）3.其他")


class InformationRequestQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=InformationRequest.CLOSED_STATUSES)

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def provisional(self):
        return self.open().filter(deadline_provisional=True)

    def delete(self):
        """Deleting requests also deletes their stored files and masks their history rows
        (applications.retention): the admin's delete, its bulk action and code all come here."""
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
        help_text=_("期限跨入尚未录入放假安排的年份，暂按周一至周五计算。"),
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
        """As the queryset's delete: files deleted after the commit, history rows masked."""
        from applications import retention

        result = retention.delete_request(self)
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


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


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

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("答复告知书")
        verbose_name_plural = _("答复告知书")

    def __str__(self):
        return self.title

    @property
    def is_sent(self) -> bool:
        return self.sent_on is not None


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


class ReminderLog(models.Model):
    """One reminder e-mail per handler and day: `send_deadline_reminders` may run twice safely."""

    # user=None: the mail to settings.ADMINS about requests without a (reachable) handler
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "sent_on"], name="one_reminder_per_day"),
            models.UniqueConstraint(
                fields=["sent_on"], condition=models.Q(user__isnull=True), name="one_admin_reminder_per_day"
            ),
        ]

    def __str__(self):
        return f"{self.user_id} {self.sent_on}"


class CalendarFeedToken(models.Model):
    """The secret of a handler's private iCalendar feed of due dates; deleting it revokes the feed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("期限日历订阅")
        verbose_name_plural = _("期限日历订阅")

    def __str__(self):
        return str(self.user)
