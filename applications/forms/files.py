"""Uploads of the online form: how many, which types (told by content, then opened as that type in a
bounded child process, applications.uploads) and the field that takes several files."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from applications import uploads
from applications.services import UploadedFile

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


def max_submission_bytes() -> int:
    """The largest body a requester's form can need (the request, a 补正): every attachment at its
    largest, and 1 MB for the rest. Checked on Content-Length before the body is read."""
    return (MAX_FILES * settings.REQUEST_ATTACHMENT_MAX_MB + 1) * 1024 * 1024


def body_too_large(request) -> bool:
    """Whether a requester's POST says it is larger than any of their forms can need (read from
    Content-Length, before the body)."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    return length > max_submission_bytes()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class RequesterFilesMixin:
    """The `attachments` field of a requester's form (the request, a 补正): at most MAX_FILES files of
    REQUEST_ATTACHMENT_MAX_MB each, PDF, JPG or PNG told by their content and opened as that type
    (check_attachment_contents, to be called once every other field has passed: it costs a child
    process a file)."""

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

    def check_attachment_contents(self, uploads):
        for upload in uploads:
            try:
                check_upload(upload.file, upload.content_type)
            except ValidationError as exc:
                self.add_error("attachments", exc)
                return

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
