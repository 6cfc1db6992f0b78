"""The forms of the admin's 办理 steps on a request; each form's cleaned data are the keyword arguments
of the service function it goes with (applications.services)."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.forms.files import MultipleFileField
from applications.models import FeeMethod
from applications.services import ANSWER_OUTCOMES
from disclosures.models import ATTACHMENT_EXTENSIONS


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

    released_files = MultipleFileField(
        label=_("提供的政府信息（电子件）"),
        required=False,
        help_text=_(
            "予以公开或部分公开时，选择随答复提供给申请人的文件（可多选），在核对告知书后提交答复时选择；"
            "申请人查询后可下载。"
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [("", "---------"), *[(o.value, o.label) for o in ANSWER_OUTCOMES]]

    def clean_released_files(self):
        """At most RELEASED_FILES_MAX files of RELEASED_FILE_MAX_MB each, of the types the public
        record's attachments take (disclosures.models.ATTACHMENT_EXTENSIONS)."""
        files = self.cleaned_data.get("released_files") or []
        if len(files) > settings.RELEASED_FILES_MAX:
            raise ValidationError(
                _("一次答复最多提供%(n)d个文件。") % {"n": settings.RELEASED_FILES_MAX}, code="too_many_files"
            )
        for upload in files:
            suffix = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
            if suffix not in ATTACHMENT_EXTENSIONS:
                raise ValidationError(
                    _("文件“%(name)s”的类型不能提供（可用：%(types)s）。")
                    % {"name": upload.name, "types": "、".join(ATTACHMENT_EXTENSIONS)},
                    code="file_type",
                )
            if upload.size == 0:
                raise ValidationError(_("文件“%(name)s”是空文件。") % {"name": upload.name}, code="empty_file")
            if upload.size > settings.RELEASED_FILE_MAX_MB * 1024 * 1024:
                raise ValidationError(
                    _("文件“%(name)s”超过%(mb)sMB。") % {"name": upload.name, "mb": settings.RELEASED_FILE_MAX_MB},
                    code="file_too_large",
                )
        return files


class ConfirmForm(forms.Form):
    """A step with nothing to fill in: the button is the confirmation."""

    def service_kwargs(self) -> dict:
        return {}
