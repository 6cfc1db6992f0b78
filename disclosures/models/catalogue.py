"""The catalogue (公开目录) and the subject taxonomy (主题分类)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from disclosures.models.status import DecisionKind


class CategoryQuerySet(models.QuerySet):
    def roots(self):
        return self.filter(parent__isnull=True)


class Category(models.Model):
    """A node of the 公开目录, an ordered tree (two levels in practice)."""

    name = models.CharField(_("名称"), max_length=50)
    slug = models.SlugField(_("网址标识"), max_length=50, unique=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级目录"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    description = models.TextField(_("说明"), blank=True)
    decision_kind = models.CharField(
        _("对应决定类型"),
        max_length=10,
        choices=DecisionKind.choices,
        blank=True,
        help_text=_("设置后，本目录列出对应的行政许可或行政处罚决定（双公示）。"),
    )

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("公开目录")
        verbose_name_plural = _("公开目录")

    def __str__(self):
        return f"{self.parent.name} / {self.name}" if self.parent_id and self.parent else self.name

    def get_absolute_url(self):
        return reverse("disclosures:category", kwargs={"slug": self.slug})

    def clean(self):
        node, seen = self.parent, {self.pk}
        while node is not None:
            if node.pk in seen:
                raise ValidationError({"parent": _("上级目录不能是本目录或其下级。")}, code="cycle")
            seen.add(node.pk)
            node = node.parent


class Topic(models.Model):
    """主题分类 (the gov.cn taxonomy by default; data-driven, bureaus may add their own)."""

    name = models.CharField(_("名称"), max_length=50)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级分类"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("主题分类")
        verbose_name_plural = _("主题分类")
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="unique_topic_name_per_parent")]

    def __str__(self):
        # gov.cn writes the second level with a backslash: 综合政务\政务公开
        return f"{self.parent.name}\\{self.name}" if self.parent_id and self.parent else self.name
