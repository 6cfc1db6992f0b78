"""GuideSection: a section of the 政府信息公开指南 that staff write."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from disclosures.models.organ import Organ
from disclosures.sanitize import sanitize_html


class GuideSection(models.Model):
    """A section of the 政府信息公开指南 that staff write.

    The page adds what the data already holds (Art. 12): the catalogue tree (分类、编排体系) and
    the office's name, address, hours, phone, fax and internet contact from the Organ.
    """

    organ = models.ForeignKey(Organ, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="guide_sections")
    title = models.CharField(_("标题"), max_length=100)
    anchor = models.SlugField(_("锚点"), max_length=50, help_text=_("页面内链接用，如 apply"))
    body = models.TextField(_("内容"), help_text=_("保存时自动清除脚本等不安全的HTML。"))
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("公开指南章节")
        verbose_name_plural = _("公开指南章节")
        constraints = [models.UniqueConstraint(fields=["organ", "anchor"], name="unique_guide_anchor")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = sanitize_html(self.body)
        super().save(*args, **kwargs)
