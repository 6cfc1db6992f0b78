"""Staff forms of the admin outside the 办理 steps: entering a request received offline, confirming
a receipt date, uploading a holiday arrangement. Receipt dates obey docs/rules.md §1.4 through
applications.entry_rules, as the services that record them do."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from applications.entry_rules import check_received_on
from applications.forms.applicant import ApplicantFieldsMixin
from applications.models import APPLICANT_FIELDS, InformationRequest


class StaffRequestForm(ApplicantFieldsMixin, forms.ModelForm):
    """Staff enter or correct a request in the admin, with the same checks as the online form."""

    class Meta:
        model = InformationRequest
        # the admin narrows these per user (personal data) and per view (add or change)
        fields = ["channel", "received_on", *APPLICANT_FIELDS, "fee_items", "remarks"]

    def clean_received_on(self):
        # Early, for an error at the field; record_offline_request applies the same rules.
        return check_received_on(self.cleaned_data["received_on"])


class ConfirmReceiptForm(forms.Form):
    received_on = forms.DateField(
        label=_("收到申请之日"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )

    def clean_received_on(self):
        # Early, for an error at the field; confirm_receipt applies the same rules.
        return check_received_on(self.cleaned_data["received_on"])


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
