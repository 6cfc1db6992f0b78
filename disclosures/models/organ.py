"""Organ: a publishing body, its 政府信息公开工作机构, and where its decisions are challenged.

The 行政复议机关 and the court of 行政诉讼 are named in every 答复告知书's remedy notice (Art. 51;
applications.letters): as entered here when set, as a 【】 blank staff must fill when not.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from disclosures.validators import normalize_code, validate_uscc


class OrganQuerySet(models.QuerySet):
    def default(self):
        """The organ the portal speaks for: the first by ordering, or None before any is entered."""
        return self.order_by("order", "pk").first()


class Organ(models.Model):
    """A publishing body (发布机构) and its 政府信息公开工作机构 (Art. 12 contact data)."""

    name = models.CharField(_("机构名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    uscc = models.CharField(
        _("统一社会信用代码"),
        max_length=18,
        unique=True,
        validators=[validate_uscc],
        help_text=_("18位，用作索引号前缀。"),
    )
    office_name = models.CharField(
        _("政府信息公开工作机构"), max_length=100, blank=True, help_text=_("如：政务公开和信息科")
    )
    address = models.CharField(_("办公地址"), max_length=200, blank=True)
    postal_code = models.CharField(_("邮政编码"), max_length=6, blank=True)
    office_hours = models.CharField(_("办公时间"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    fax = models.CharField(_("传真号码"), max_length=50, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    website = models.URLField(_("网站"), blank=True)
    reconsideration_body = models.CharField(
        _("行政复议机关"),
        max_length=100,
        blank=True,
        help_text=_(
            "答复告知书中告知申请人申请行政复议的机关，如：防城港市人民政府。"
            "县级以上地方人民政府工作部门的行政复议机关一般为本级人民政府。未填写的，告知书中留待逐件填写。"
        ),
    )
    litigation_court = models.CharField(
        _("行政诉讼管辖法院"),
        max_length=100,
        blank=True,
        help_text=_(
            "答复告知书中告知申请人提起行政诉讼的人民法院，如：防城港市港口区人民法院。"
            "实行行政案件集中管辖的地方，填写集中管辖法院。未填写的，告知书中留待逐件填写。"
        ),
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    objects = OrganQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("发布机构")
        verbose_name_plural = _("发布机构")

    def __str__(self):
        return self.name

    def clean(self):
        self.uscc = normalize_code(self.uscc)
