"""The requester's forms on the status page: the 补正 sent online, the withdrawal."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from applications.forms.applicant import PortalFormMixin
from applications.forms.cleaning import clean_text
from applications.forms.files import MAX_FILES, MultipleFileField, MultipleFileInput, RequesterFilesMixin

SUPPLEMENT_MAX_LENGTH = 5000


class SupplementForm(PortalFormMixin, RequesterFilesMixin, forms.Form):
    """The 补正: what the notice asked for, as text, and files (the request form's file checks)."""

    text = forms.CharField(
        label=_("补正内容"),
        max_length=SUPPLEMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("按补正告知写明所需的内容，如所需信息的名称、文号或更具体的描述。"),
    )
    attachments = MultipleFileField(
        label=_("补正材料"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        help_text=_("需要时可上传 PDF、JPG、PNG 文件，最多%(n)d个。") % {"n": MAX_FILES},
    )

    def clean_text(self):
        text = clean_text(self.cleaned_data["text"], multiline=True)
        if not text:
            raise ValidationError(_("请填写补正内容。"), code="required")
        return text

    def clean(self):
        data = super().clean()
        if not self._errors:
            self.check_attachment_contents(data.get("attachments") or [])
        return data


class WithdrawOnlineForm(PortalFormMixin, forms.Form):
    confirm = forms.BooleanField(
        label=_("我确认撤回这份申请。撤回后本机关不再处理，如仍需要该信息，须重新提出申请。"),
    )
