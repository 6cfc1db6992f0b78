"""Forms of the request pages. They validate; services act."""

import datetime as dt
import json
import re
import unicodedata
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications import challenge, uploads
from applications.models import APPLICANT_FIELDS, FeeMethod, InformationRequest
from applications.services import UploadedFile
from common.personal_data import has_control_characters
from disclosures.validators import is_valid_resident_id, is_valid_uscc, normalize_code

IR = InformationRequest

HTML_TAG = re.compile(r"<\s*[a-zA-Z!/?]")
# Invisible format characters that come along with pasted text (zero-width space and joiners, the
# direction marks, word joiner and invisible operators, BOM, Arabic letter mark, Mongolian vowel
# separator): removed, so that a field of only these is empty and lengths count what is seen. The
# zero-width joiner goes too: it only shapes emoji sequences and a few scripts, never changes a letter.
INVISIBLE_CHARACTERS = re.compile(r"[\u200b-\u200f\u2060-\u2064\ufeff\u061c\u180e]")
LINE_BREAKS = re.compile(r"[\t\r\n]+")
PHONE = re.compile(r"^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}(-[0-9]{1,6})?|[0-9]{7,8})$")
POSTAL_CODE = re.compile(r"^[0-9]{6}\Z")

# What an upload must start with to claim a type: the content decides, not the name. The claim is
# then checked by opening the file as that type (applications.uploads).
FILE_SIGNATURES = {
    "application/pdf": (b"%PDF-",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
}
EXTENSIONS = {"application/pdf": {".pdf"}, "image/jpeg": {".jpg", ".jpeg"}, "image/png": {".png"}}
TYPE_LABELS = {"application/pdf": "PDF", "image/jpeg": "JPG", "image/png": "PNG"}
UPLOAD_PROBLEMS = {
    uploads.INVALID: _(
        "文件“%(name)s”无法作为 %(type)s 文件打开：文件可能已损坏、不完整，或并不是真正的 %(type)s 文件。请重新扫描或拍照后上传。"
    ),
    uploads.ENCRYPTED: _("文件“%(name)s”是加密的 PDF 文件，工作人员无法打开，请上传未加密的文件。"),
    uploads.TOO_LARGE: _("图片“%(name)s”尺寸过大（超过%(megapixels)d万像素），请缩小后上传。"),
    uploads.UNCHECKED: _("文件“%(name)s”过于复杂，无法在限定时间内完成检查，请重新扫描或另存后上传。"),
}
MAX_FILES = 3


def remove_invisible(value: str) -> str:
    return INVISIBLE_CHARACTERS.sub("", value or "")


def refuse_control_characters(value: str) -> str:
    if has_control_characters(value):
        raise ValidationError(_("内容含有不可见的控制字符，请删除后重新输入。"), code="control_characters")
    return value


def clean_text(value: str, *, multiline: bool = False) -> str:
    """Text as typed or pasted: invisible characters removed, then stripped; one line unless
    `multiline` (tabs and line breaks become one space)."""
    value = remove_invisible(value).strip()
    if not multiline:
        value = LINE_BREAKS.sub(" ", value)
    if HTML_TAG.search(value):
        raise ValidationError(_("请不要输入HTML标记（如“<”后接字母），请用文字描述。"), code="html")
    return refuse_control_characters(value)


def clean_code(value: str) -> str:
    """A number or code as typed or pasted: full-width forms folded (NFKC), invisible characters and
    all spaces removed, upper case."""
    return normalize_code(remove_invisible(unicodedata.normalize("NFKC", value or "")))


def sniff_content_type(upload) -> str | None:
    """The type an upload claims by its first bytes (FILE_SIGNATURES), or None."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for content_type, signatures in FILE_SIGNATURES.items():
        if any(head.startswith(signature) for signature in signatures):
            return content_type
    return None


def check_upload(upload, content_type: str) -> None:
    """Raise ValidationError unless `upload` opens as the `content_type` it claims (in a bounded
    child process: applications.uploads). Its size has been checked: it is read whole."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    problem = uploads.check(data, content_type)
    if problem:
        raise ValidationError(
            UPLOAD_PROBLEMS[problem]
            % {"name": upload.name, "type": TYPE_LABELS[content_type], "megapixels": uploads.MAX_PIXELS // 10_000},
            code=f"file_{problem}",
        )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class PortalFormMixin:
    """Public forms: required labels marked, no trailing colon after labels."""

    required_css_class = "required"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def reject(self, message, code):
        """Turn the whole submission away unchecked (too many attempts): the form shows the values
        sent back and this one message."""
        self._errors = ErrorDict(renderer=self.renderer)
        self.cleaned_data = {}
        self.add_error(None, ValidationError(message, code=code))


class ApplicantFieldsMixin:
    """Checks of the applicant and contact fields, shared by the online form and staff entry."""

    def _clean_text(self, name, *, multiline=False):
        value = clean_text(self.cleaned_data.get(name, ""), multiline=multiline)
        if not value and self.fields[name].required:
            # Only invisible characters and spaces: as if nothing had been typed.
            raise ValidationError(self.fields[name].error_messages["required"], code="required")
        return value

    def clean_name(self):
        return self._clean_text("name")

    def clean_legal_representative(self):
        return self._clean_text("legal_representative")

    def clean_contact_person(self):
        return self._clean_text("contact_person")

    def clean_address(self):
        return self._clean_text("address")

    def clean_description(self):
        value = self._clean_text("description", multiline=True)
        if len(value) < 5:
            raise ValidationError(_("请具体描述所需的政府信息（至少5个字）。"), code="description_too_short")
        if len(value) > 2000:
            raise ValidationError(_("描述不能超过2000个字。"), code="description_too_long")
        return value

    def clean_phone(self):
        value = unicodedata.normalize("NFKC", remove_invisible(self.cleaned_data.get("phone", "")))
        value = re.sub(r"[\s()]", "", value)
        if not PHONE.match(value):
            raise ValidationError(
                _("请填写有效的手机号码或带区号的固定电话，如 13800000000 或 0770-2828077。"), code="phone"
            )
        return value

    def clean_postal_code(self):
        value = clean_code(self.cleaned_data.get("postal_code", ""))
        if value and not POSTAL_CODE.match(value):
            raise ValidationError(_("邮政编码应为6位数字。"), code="postal_code")
        return value

    def clean_id_number(self):
        return refuse_control_characters(clean_code(self.cleaned_data.get("id_number", "")))

    def clean_uscc(self):
        return clean_code(self.cleaned_data.get("uscc", ""))

    def clean_email(self):
        # The address's domain may be non-ASCII: only invisible and control characters are refused.
        return refuse_control_characters(remove_invisible(self.cleaned_data.get("email", "")))

    def clean(self):
        data = super().clean()
        self.check_applicant(data)
        return data

    def _value(self, data, name):
        """A field's value: from the form, or from the stored request when the form does not show it
        (read-only after entry, or personal data hidden from this user)."""
        if name in self.fields:
            return data.get(name)
        instance = getattr(self, "instance", None)
        return getattr(instance, name, "") if instance is not None else ""

    def _fail(self, name, message, code):
        # Only fields this form shows can be corrected here; the others are not judged.
        if name in self.fields:
            self.add_error(name, ValidationError(message, code=code))

    def check_applicant(self, data):
        applicant_type = self._value(data, "applicant_type")
        if applicant_type == IR.ApplicantType.NATURAL_PERSON:
            for name in ("organisation_kind", "uscc", "legal_representative"):
                if name in self.fields:
                    data[name] = ""
            id_type, id_number = self._value(data, "id_type"), self._value(data, "id_number")
            if not id_type:
                self._fail("id_type", _("请选择证件类型。"), "required")
            if not id_number:
                self._fail("id_number", _("请填写证件号码。"), "required")
            elif id_type == IR.IdType.RESIDENT_ID and not is_valid_resident_id(id_number):
                self._fail(
                    "id_number", _("居民身份证号码有误：请核对位数、出生日期和最后一位校验码。"), "invalid_resident_id"
                )
        elif applicant_type == IR.ApplicantType.ORGANISATION:
            for name in ("id_type", "id_number"):
                if name in self.fields:
                    data[name] = ""
            if not self._value(data, "organisation_kind"):
                self._fail("organisation_kind", _("请选择组织类型。"), "required")
            uscc = self._value(data, "uscc")
            if not uscc:
                self._fail("uscc", _("请填写统一社会信用代码。"), "required")
            elif not is_valid_uscc(uscc):
                self._fail(
                    "uscc", _("统一社会信用代码有误：应为18位数字或大写字母，且最后一位校验码正确。"), "invalid_uscc"
                )
            if not self._value(data, "legal_representative"):
                self._fail("legal_representative", _("请填写法定代表人或负责人。"), "required")
        delivery = self._value(data, "delivery")
        if delivery == IR.Delivery.EMAIL and not self._value(data, "email"):
            self._fail("email", _("选择电子邮件获取时，请填写电子邮箱。"), "required")
        if delivery == IR.Delivery.MAIL:
            if not self._value(data, "address"):
                self._fail("address", _("选择邮寄获取时，请填写通信地址。"), "required")
            if not self._value(data, "postal_code"):
                self._fail("postal_code", _("选择邮寄获取时，请填写邮政编码。"), "required")


class ChallengeField(forms.CharField):
    """A field of the security check: shown with a fresh value each time, never the one sent back."""

    def bound_data(self, data, initial):
        return initial


class RequiredLabelBoundField(BoundField):
    """A field marked required (the * of the intro) although the form may pass without it."""

    def label_tag(self, contents=None, attrs=None, label_suffix=None, tag=None):
        return super().label_tag(contents, {**(attrs or {}), "class": "required"}, label_suffix, tag)


CHALLENGE_FIELDS = ("altcha", "challenge_token", "challenge_answer")


class ApplicationForm(PortalFormMixin, ApplicantFieldsMixin, forms.ModelForm):
    """The online request form (依申请公开). Organisation fields apply only to organisations.

    With REQUEST_CHALLENGE_MAX_NUMBER above 0 it carries a security check (applications/challenge.py):
    `altcha`, the proof of work the browser's script solves, or without JavaScript `challenge_token`
    and `challenge_answer`, a small sum. Either one passes."""

    form_token = forms.UUIDField(widget=forms.HiddenInput)
    altcha = ChallengeField(required=False, max_length=challenge.MAX_PAYLOAD_LENGTH, widget=forms.HiddenInput)
    challenge_token = ChallengeField(required=False, max_length=challenge.MAX_TOKEN_LENGTH, widget=forms.HiddenInput)
    # Required of those who are asked it (the `required` attribute, the label's *); not of a browser
    # that solved the proof of work instead, so the form does not demand it.
    challenge_answer = ChallengeField(
        label=_("验证题"),
        required=False,
        bound_field_class=RequiredLabelBoundField,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "size": 6, "maxlength": 10, "required": True}
        ),
    )
    attachments = MultipleFileField(
        label=_("身份证明材料"),
        required=False,
        help_text=_("可上传身份证件或营业执照的扫描件、照片：PDF、JPG、PNG 格式，最多3个，每个不超过%(mb)sMB。")
        % {"mb": settings.REQUEST_ATTACHMENT_MAX_MB},
        widget=MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
    )
    declaration = forms.BooleanField(
        label=_("我确认以上信息真实有效，并知悉个人信息仅用于办理本申请"),
        error_messages={"required": _("请阅读并勾选确认声明。")},
    )

    class Meta:
        model = InformationRequest
        fields = APPLICANT_FIELDS
        widgets = {
            "applicant_type": forms.RadioSelect,
            "form_wanted": forms.RadioSelect,
            "delivery": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 6, "maxlength": 2000}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel", "maxlength": 30}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "postal_code": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "postal-code", "maxlength": 6, "pattern": r"\d{6}"}
            ),
            "address": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
        }
        labels = {
            "name": _("姓名或名称"),
            "description": _("所需政府信息的名称、文号或者便于查询的其他特征性描述"),
        }
        help_texts = {
            "name": _("自然人填写姓名；法人或其他组织填写全称。"),
            "id_number": _("居民身份证号码为18位，最后一位可能是X。"),
            "uscc": _("18位，见营业执照或登记证书。"),
            "description": _("请尽量写明文件名称、文号、发布时间等，便于我们准确查找。"),
            "phone": _("手机号码或带区号的固定电话。"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applicant_type"].choices = IR.ApplicantType.choices
        self.fields["form_wanted"].choices = IR.Form.choices
        self.fields["delivery"].choices = IR.Delivery.choices
        self.fields["id_type"].required = False
        self.fields["organisation_kind"].required = False
        self.fields["postal_code"].required = False
        self.fields["address"].required = False
        if not self.is_bound:
            self.initial.setdefault("form_token", uuid.uuid4())
            self.initial.setdefault("id_type", IR.IdType.RESIDENT_ID)
        self.challenge_enabled = challenge.enabled()
        # The question is kept in <noscript> for browsers without JavaScript, and shown outright once a
        # submission came without a solved proof of work: then the browser runs scripts but challenge.js
        # did not (blocked, failed to load, too old), and in <noscript> the question would never show.
        self.show_question = self.challenge_enabled and self.is_bound and not self.data.get("altcha")
        if self.challenge_enabled:
            # A fresh challenge and question on every rendering, also after a failed submission.
            question = challenge.Question.new()
            self.initial["challenge_token"] = question.token
            self.fields["challenge_answer"].help_text = _(
                "%(question)s填写数字即可。此题用于防止自动程序批量提交。"
            ) % {"question": question.text}
            self.fields["altcha"].widget.attrs["data-challenge"] = json.dumps(challenge.new_challenge())
        else:
            for name in CHALLENGE_FIELDS:
                del self.fields[name]

    @property
    def answers_question(self) -> bool:
        """Whether this submission relies on the question rather than the proof of work."""
        return self.show_question and bool(self.data.get("challenge_token"))

    def full_clean(self):
        super().full_clean()
        if self._errors and self.files.getlist("attachments"):
            self.ask_to_reselect_attachments()

    def ask_to_reselect_attachments(self):
        """The form comes back, and browsers do not keep the files chosen in it: say so at the field."""
        self.add_error(
            "attachments",
            ValidationError(_("请重新选择附件：页面重新显示后，之前选择的文件不会保留。"), code="reselect_attachments"),
        )

    def clean(self):
        data = super().clean()
        if self.challenge_enabled:
            self.check_challenge(data)
        for name in CHALLENGE_FIELDS:
            data.pop(name, None)
        if not self._errors:
            # Parsing the files costs a child process each: only for a form that passed the security
            # check and every other field (with any error the files must be chosen again anyway).
            self.check_attachment_contents(data.get("attachments") or [])
        return data

    def check_attachment_contents(self, uploads):
        for upload in uploads:
            try:
                check_upload(upload.file, upload.content_type)
            except ValidationError as exc:
                self.add_error("attachments", exc)
                return

    def check_challenge(self, data):
        """The proof of work if the browser sent one, else the answer to the question. Either is used
        up here, also when other fields fail: the form comes back with new ones. One sent back too soon
        after it was served is refused without being used up. Errors of the answer belong to its field
        (shown, labelled 验证题, wherever they can arise); all others are the form's."""
        holder = str(data.get("form_token") or "")
        # Longer than anything handed out: a failed check, not a broken hidden field.
        oversized = [name for name in ("altcha", "challenge_token") if self._errors.pop(name, None)]
        if oversized or data.get("altcha"):
            verdict = (
                challenge.Verdict.INVALID if oversized else challenge.verify_payload(data["altcha"], holder=holder)
            )
            invalid = _("安全验证未完成或已过期，请稍候片刻后重新提交。"), "challenge"
        elif data.get("challenge_token"):
            question = challenge.Question.from_token(data["challenge_token"])
            answer = data.get("challenge_answer", "")
            verdict = question.check(answer, holder=holder) if question else challenge.Verdict.INVALID
            invalid = _("验证题已过期，请回答新的验证题后重新提交。"), "challenge_expired"
        else:
            self.add_error(
                None,
                ValidationError(_("安全验证未完成，请回答下面的验证题后重新提交。"), code="challenge_missing"),
            )
            return
        if verdict is challenge.Verdict.PASSED:
            return
        field, message, code = {
            challenge.Verdict.INVALID: (None, *invalid),
            challenge.Verdict.TOO_SOON: (None, _("提交过快，请确认填写内容后再提交。"), "too_fast"),
            challenge.Verdict.UNANSWERED: ("challenge_answer", _("请填写验证题的答案。"), "challenge_required"),
            challenge.Verdict.WRONG: (
                "challenge_answer",
                _("答案不正确，请计算新的题目后重新提交。"),
                "challenge_wrong",
            ),
        }[verdict]
        self.add_error(field, ValidationError(message, code=code))

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        if len(files) > MAX_FILES:
            raise ValidationError(_("最多上传%(n)d个文件。") % {"n": MAX_FILES}, code="too_many_files")
        limit = settings.REQUEST_ATTACHMENT_MAX_MB * 1024 * 1024
        checked = []
        for upload in files:
            if upload.size == 0:
                raise ValidationError(_("文件“%(name)s”是空文件。") % {"name": upload.name}, code="empty_file")
            if upload.size > limit:
                raise ValidationError(
                    _("文件“%(name)s”超过%(mb)sMB。") % {"name": upload.name, "mb": settings.REQUEST_ATTACHMENT_MAX_MB},
                    code="file_too_large",
                )
            content_type = sniff_content_type(upload)
            suffix = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
            if content_type is None or suffix not in EXTENSIONS[content_type]:
                raise ValidationError(
                    _("文件“%(name)s”不是有效的 PDF、JPG 或 PNG 文件。") % {"name": upload.name}, code="file_type"
                )
            checked.append(UploadedFile(upload, upload.name, content_type, upload.size))
        return checked


class LookupForm(PortalFormMixin, forms.Form):
    tracking_number = forms.CharField(
        label=_("申请编号"),
        max_length=20,
        help_text=_("回执上的申请编号，如 2026-000123。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    lookup_code = forms.CharField(
        label=_("查询码"),
        max_length=20,
        help_text=_("回执上的10位查询码，不区分大小写。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_tracking_number(self):
        return clean_code(self.cleaned_data["tracking_number"])

    def clean_lookup_code(self):
        return clean_code(self.cleaned_data["lookup_code"])


FIRST_CALENDAR_DATE = dt.date(2004, 1, 1)


class DeadlineCalculatorForm(PortalFormMixin, forms.Form):
    received_on = forms.DateField(
        label=_("收到申请之日"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        help_text=_("格式：年-月-日，如 2026-09-15。"),
    )
    days = forms.TypedChoiceField(
        label=_("期限"),
        coerce=int,
        choices=[
            (20, _("答复期限：20个工作日")),
            (40, _("延长后的答复期限：40个工作日")),
            (7, _("补正告知期限：7个工作日")),
        ],
        initial=20,
    )

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        if not FIRST_CALENDAR_DATE <= value <= dt.date(2100, 12, 31):
            raise ValidationError(_("请填写2004年至2100年之间的日期。"), code="date_range")
        return value


class StaffRequestForm(ApplicantFieldsMixin, forms.ModelForm):
    """Staff enter or correct a request in the admin, with the same checks as the online form."""

    class Meta:
        model = InformationRequest
        # the admin narrows these per user (personal data) and per view (add or change)
        fields = ["channel", "received_on", *APPLICANT_FIELDS, "fee_items", "remarks"]

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise ValidationError(_("收到申请之日不能晚于今天。"), code="receipt_in_future")
        return value


class ConfirmReceiptForm(forms.Form):
    received_on = forms.DateField(
        label=_("收到申请之日"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise ValidationError(_("收到申请之日不能晚于今天。"), code="receipt_in_future")
        return value


class CalendarUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV 文件"), help_text=_("表头为“日期,类型,名称”；类型填“休”或“班”；日期格式 YYYY-MM-DD。")
    )
    source_notice = forms.CharField(
        label=_("依据文件"),
        max_length=200,
        required=False,
        help_text=_("如：国务院办公厅关于2027年部分节假日安排的通知"),
    )
    source_url = forms.URLField(label=_("文件网址"), required=False, assume_scheme="https")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 512 * 1024:
            raise ValidationError(_("文件过大：日历文件不应超过512KB。"), code="file_too_large")
        return upload


# ---------------------------------------------------------------------------
# Staff actions on a request (the admin's 办理 pages); each form's cleaned data are the keyword
# arguments of the workflow function it goes with.
# ---------------------------------------------------------------------------


def _date_field(label, **kwargs):
    return forms.DateField(label=label, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}), **kwargs)


class ActionForm(forms.Form):
    date = _date_field(_("日期"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("date", timezone.localdate())

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise ValidationError(_("日期不能晚于今天。"), code="date_in_future")
        return value

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class CorrectionNoticeForm(ActionForm):
    items = forms.CharField(
        label=_("需要补正的事项"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("一次性写明全部事项。"),
    )
    period_end = _date_field(_("补正期限至"), help_text=_("给申请人的合理补正期限。"))


class ConsultationForm(ActionForm):
    party = forms.CharField(label=_("被征求意见的第三方或机关"), max_length=200)


class ConsultationReplyForm(ActionForm):
    opinion = forms.CharField(
        label=_("意见摘要"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ExtensionForm(ActionForm):
    days = forms.IntegerField(label=_("延长工作日数"), min_value=1, max_value=20, initial=20)
    approver = forms.CharField(label=_("批准人"), max_length=50, help_text=_("政府信息公开工作机构负责人。"))
    reason = forms.CharField(label=_("理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class CustomDeadlineForm(ActionForm):
    due_date = _date_field(_("延迟答复的期限"))
    reason = forms.CharField(label=_("理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class FeeNoticeForm(ActionForm):
    method = forms.ChoiceField(label=_("收费方式"), choices=FeeMethod.choices, widget=forms.RadioSelect)
    items = forms.IntegerField(
        label=_("计费件数"),
        min_value=1,
        max_value=1000,
        initial=1,
        help_text=_("按“一事一申请”原则拆分后的件数（按件计收）。"),
    )
    pages = forms.IntegerField(
        label=_("页数"), min_value=1, max_value=1_000_000, required=False, help_text=_("按量计收时填写。")
    )


class WithdrawForm(ActionForm):
    reason = forms.CharField(label=_("说明"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class HandlerForm(forms.Form):
    handler = forms.ModelChoiceField(label=_("承办人"), queryset=None, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        self.fields["handler"].queryset = get_user_model().objects.filter(is_staff=True, is_active=True)

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class AnswerForm(ActionForm):
    """The answer: result, legal basis and date, then the letter drafted from them, edited, sent."""

    date = _date_field(_("答复日期"))
    outcome = forms.ChoiceField(label=_("办理结果"), choices=[("", "---------")])
    legal_basis = forms.CharField(
        label=_("法律依据"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("如：《中华人民共和国政府信息公开条例》第三十六条第（二）项。"),
    )
    letter_title = forms.CharField(
        label=_("告知书标题"), max_length=200, required=False, widget=forms.TextInput(attrs={"size": 70})
    )
    letter_body = forms.CharField(
        label=_("告知书正文"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 18, "cols": 90}),
        help_text=_("留空提交时按办理结果生成草稿，核对修改后再次提交即作出答复并保存告知书。"),
    )

    def __init__(self, *args, **kwargs):
        from applications.workflow import ANSWER_OUTCOMES

        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [("", "---------"), *[(o.value, o.label) for o in ANSWER_OUTCOMES]]


class ConfirmForm(forms.Form):
    """A step with nothing to fill in: the button is the confirmation."""

    def service_kwargs(self) -> dict:
        return {}
