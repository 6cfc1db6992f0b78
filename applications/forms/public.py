"""The public forms: the online request (依申请公开) with its security check and uploads, the
progress lookup, and the deadline calculator."""

import datetime as dt
import json
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.utils.translation import gettext_lazy as _

from applications import challenge
from applications.forms.applicant import ApplicantFieldsMixin, PortalFormMixin
from applications.forms.cleaning import clean_code
from applications.forms.files import MultipleFileField, MultipleFileInput, RequesterFilesMixin
from applications.models import APPLICANT_FIELDS, InformationRequest


class ChallengeField(forms.CharField):
    """A field of the security check: shown with a fresh value each time, never the one sent back."""

    def bound_data(self, data, initial):
        return initial


class RequiredLabelBoundField(BoundField):
    """A field marked required (the * of the intro) although the form may pass without it."""

    def label_tag(self, contents=None, attrs=None, label_suffix=None, tag=None):
        return super().label_tag(contents, {**(attrs or {}), "class": "required"}, label_suffix, tag)


CHALLENGE_FIELDS = ("altcha", "challenge_token", "challenge_answer")


class ApplicationForm(PortalFormMixin, ApplicantFieldsMixin, RequesterFilesMixin, forms.ModelForm):
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
        self.fields["applicant_type"].choices = InformationRequest.ApplicantType.choices
        self.fields["form_wanted"].choices = InformationRequest.Form.choices
        self.fields["delivery"].choices = InformationRequest.Delivery.choices
        self.fields["id_type"].required = False
        self.fields["organisation_kind"].required = False
        self.fields["postal_code"].required = False
        self.fields["address"].required = False
        if not self.is_bound:
            self.initial.setdefault("form_token", uuid.uuid4())
            self.initial.setdefault("id_type", InformationRequest.IdType.RESIDENT_ID)
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
