"""Attachment: a file published with an item, its text extracted for the search index."""

import mimetypes
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from disclosures.models.disclosure import Disclosure
from disclosures.textextract import extract_text


def attachment_path(instance, filename):
    return f"attachments/{timezone.now():%Y/%m}/{filename}"


ATTACHMENT_EXTENSIONS = [
    "pdf",
    "ofd",
    "doc",
    "docx",
    "wps",
    "xls",
    "xlsx",
    "et",
    "csv",
    "txt",
    "zip",
    "jpg",
    "jpeg",
    "png",
]


def validate_attachment_size(file):
    limit = settings.ATTACHMENT_MAX_MB * 1024 * 1024
    if file.size > limit:
        raise ValidationError(
            _("附件不能超过 %(mb)s MB。"), code="attachment_too_large", params={"mb": settings.ATTACHMENT_MAX_MB}
        )


class Attachment(models.Model):
    disclosure = models.ForeignKey(
        Disclosure, verbose_name=_("所属信息"), on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("附件名称"), max_length=200, blank=True)
    file = models.FileField(
        _("文件"),
        upload_to=attachment_path,
        validators=[FileExtensionValidator(ATTACHMENT_EXTENSIONS), validate_attachment_size],
    )
    size = models.PositiveBigIntegerField(_("大小（字节）"), default=0, editable=False)
    content_type = models.CharField(_("文件类型"), max_length=100, blank=True, editable=False)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    text = models.TextField(
        _("提取的文本"), blank=True, editable=False, help_text=_("供全文检索，自动从PDF、DOCX等提取。")
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        if self.file:
            self.size = self.file.size
            self.content_type = mimetypes.guess_type(self.file.name)[0] or "application/octet-stream"
            if not self.file._committed or not self.text:  # a new file, or never read
                self.text = extract_text(self.file)
        super().save(*args, **kwargs)
        # The item's search document holds the text of its attachments.
        self.disclosure.refresh_search_document()

    def get_absolute_url(self):
        return reverse("disclosures:attachment", kwargs={"pk": self.pk})

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self.disclosure.refresh_search_document()
        return result

    @property
    def display_name(self) -> str:
        return self.title or Path(self.file.name).name

    @property
    def extension(self) -> str:
        return Path(self.file.name).suffix.lstrip(".").upper()
