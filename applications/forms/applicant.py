"""What the online form and staff entry share: the public forms' presentation and the checks of the
applicant and contact fields (identity number, credit code, phone, delivery)."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from applications.forms.cleaning import (
    PHONE,
    POSTAL_CODE,
    clean_code,
    clean_text,
    refuse_control_characters,
    remove_invisible,
)
from applications.models import InformationRequest
from disclosures.validators import is_valid_resident_id, is_valid_uscc


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
        if applicant_type == InformationRequest.ApplicantType.NATURAL_PERSON:
            for name in ("organisation_kind", "uscc", "legal_representative"):
                if name in self.fields:
                    data[name] = ""
            id_type, id_number = self._value(data, "id_type"), self._value(data, "id_number")
            if not id_type:
                self._fail("id_type", _("请选择证件类型。"), "required")
            if not id_number:
                self._fail("id_number", _("请填写证件号码。"), "required")
            elif id_type == InformationRequest.IdType.RESIDENT_ID and not is_valid_resident_id(id_number):
                self._fail(
                    "id_number", _("居民身份证号码有误：请核对位数、出生日期和最后一位校验码。"), "invalid_resident_id"
                )
        elif applicant_type == InformationRequest.ApplicantType.ORGANISATION:
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
        if delivery == InformationRequest.Delivery.EMAIL and not self._value(data, "email"):
            self._fail("email", _("选择电子邮件获取时，请填写电子邮箱。"), "required")
        if delivery == InformationRequest.Delivery.MAIL:
            if not self._value(data, "address"):
                self._fail("address", _("选择邮寄获取时，请填写通信地址。"), "required")
            if not self._value(data, "postal_code"):
                self._fail("postal_code", _("选择邮寄获取时，请填写邮政编码。"), "required")
