"""Staff forms of the admin outside the 办理 steps: entering a request received offline, confirming
a receipt date, uploading a holiday arrangement. Receipt dates obey docs/rules.md §1.4 through
applications.entry_rules, as the services that record them do."""

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.entry_rules import check_received_on
from applications.forms.applicant import ApplicantFieldsMixin
from applications.models import APPLICANT_FIELDS, InformationRequest
from common.imports.admin_flow import UploadForm


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


class CalendarUploadForm(UploadForm):
    """The holiday-arrangement file and the notice it comes from (applications.calendar_file)."""

    max_bytes = 512 * 1024
    file_label = _("日历文件")
    file_help = _(
        "CSV 或 XLSX 文件，不超过512KB；表头为“日期,类型,名称”，类型填“休”或“班”，日期如 2027-01-01 或 2027/1/1。"
    )
    source_notice = forms.CharField(
        label=_("依据文件"),
        max_length=200,
        required=False,
        help_text=_("如：国务院办公厅关于2027年部分节假日安排的通知"),
    )
    source_url = forms.URLField(label=_("文件网址"), required=False, assume_scheme="https")
