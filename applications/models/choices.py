"""The choice lists the request models share: 收费方式 and the official 办理结果."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FeeMethod(models.TextChoices):
    PER_ITEM = "per_item", _("按件计收")
    PER_PAGE = "per_page", _("按量计收")


# The official result list of 国办公开办函〔2021〕30号 table 三 (docs/rules.md §2.4, §1.3): code → label.


class Outcome(models.TextChoices):
    DISCLOSED = "1", _("（一）予以公开")
    PARTIAL = "2", _("（二）部分公开")
    SECRET = "3.1", _("（三）1.属于国家秘密")
    PROHIBITED = "3.2", _("（三）2.其他法律行政法规禁止公开")
    SECURITY = "3.3", _("（三）3.危及“三安全一稳定”")
    THIRD_PARTY = "3.4", _("（三）4.保护第三方合法权益")
    INTERNAL = "3.5", _("（三）5.属于三类内部事务信息")
    PROCESS = "3.6", _("（三）6.属于四类过程性信息")
    ENFORCEMENT = "3.7", _("（三）7.属于行政执法案卷")
    ADMIN_QUERY = "3.8", _("（三）8.属于行政查询事项")
    NOT_HELD = "4.1", _("（四）1.本机关不掌握相关政府信息")
    NEEDS_CREATION = "4.2", _("（四）2.没有现成信息需要另行制作")
    STILL_UNCLEAR = "4.3", _("（四）3.补正后申请内容仍不明确")
    PETITION = "5.1", _("（五）1.信访举报投诉类申请")
    REPEATED = "5.2", _("（五）2.重复申请")
    PUBLICATION = "5.3", _("（五）3.要求提供公开出版物")
    EXCESSIVE = "5.4", _("（五）4.无正当理由大量反复申请")
    CONFIRMATION = "5.5", _("（五）5.要求行政机关确认或重新出具已获取信息")
    NO_CORRECTION = "6.1", _("（六）1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请")
    NO_PAYMENT = "6.2", _("（六）2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请")
    OTHER = "6.3", _("（六）3.其他")
