"""One factory per model. Valid codes are computed, never copied, so they always pass their checks."""

import datetime as dt
import random

import factory
from django.utils import timezone

from disclosures.models import (
    AdministrativeDecision,
    Attachment,
    Category,
    DecisionKind,
    Disclosure,
    GuideSection,
    Organ,
    PublicationStatus,
)
from disclosures.validators import USCC_ALPHABET, uscc_check_character


def make_uscc(seed: int, prefix: str = "11") -> str:
    """A valid 统一社会信用代码: `prefix` (11: 机构编制, 机关; 92: 工商, 个体工商户) + area 450600 + a
    9-digit body + check character."""
    first17 = f"{prefix}450600{seed:09d}"
    return first17 + uscc_check_character(first17)


def make_company_uscc(seed: int) -> str:
    rng = random.Random(seed)
    body = "".join(rng.choice(USCC_ALPHABET[:10]) for _ in range(8)) + rng.choice(USCC_ALPHABET)
    first17 = "91450600" + body
    return first17 + uscc_check_character(first17)


class OrganFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organ
        django_get_or_create = ("uscc",)

    name = factory.Sequence(lambda n: f"测试市行政审批局{n}")
    short_name = factory.Sequence(lambda n: f"审批局{n}")
    uscc = factory.Sequence(lambda n: make_uscc(n + 1))
    office_name = "政务公开和信息科"
    address = "测试市港口区北部湾大道148号"
    postal_code = "538001"
    office_hours = "工作日上午8:00-12:00，下午15:00-18:00"
    phone = "0770-2828077"
    fax = "0770-2828078"
    email = "gk@example.gov.cn"
    website = "https://example.gov.cn/"


def category(slug: str) -> Category:
    return Category.objects.get(slug=slug)


class DisclosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Disclosure

    organ = factory.SubFactory(OrganFactory)
    category = factory.LazyFunction(lambda: category("news"))
    kind = Disclosure.Kind.NEWS
    title = factory.Sequence(lambda n: f"市行政审批局召开第{n}次政务公开工作推进会")
    summary = "会议通报了本季度政务公开工作情况。"
    body = "<p>会议要求各科室按时报送公开信息。</p>"
    status = PublicationStatus.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=1))
    written_on = factory.LazyAttribute(lambda o: timezone.localdate(o.published_at) if o.published_at else None)
    source = factory.LazyAttribute(lambda o: o.organ.name)

    class Params:
        draft = factory.Trait(status=PublicationStatus.DRAFT, published_at=None)
        withdrawn = factory.Trait(status=PublicationStatus.WITHDRAWN)
        normative = factory.Trait(
            kind=Disclosure.Kind.NORMATIVE,
            category=factory.LazyFunction(lambda: category("normative")),
            document_number=factory.Sequence(lambda n: f"防审批规〔2018〕{n + 1}号"),
            validity=Disclosure.Validity.IN_FORCE,
        )


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    disclosure = factory.SubFactory(DisclosureFactory)
    title = "实施细则全文"
    file = factory.django.FileField(filename="rules.pdf", data=b"%PDF-1.4\n% test file\n")


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeDecision

    kind = DecisionKind.LICENCE
    organ = factory.SubFactory(OrganFactory)
    status = PublicationStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    party_name = factory.Sequence(lambda n: f"防城港市港口区第{n}商贸有限公司")
    party_type = AdministrativeDecision.PartyType.ORGANISATION
    party_uscc = factory.Sequence(lambda n: make_company_uscc(n))
    legal_representative = "王某某"
    document_name = "准予行政许可决定书"
    document_number = factory.Sequence(lambda n: f"防审批许〔2018〕{n + 1}号")
    licence_category = AdministrativeDecision.LicenceCategory.ORDINARY
    certificate_name = "食品经营许可证"
    licence_number = factory.Sequence(lambda n: f"JY14506020{n:06d}")
    content = "预包装食品（不含冷藏冷冻食品）销售"
    decided_on = factory.LazyFunction(timezone.localdate)
    authority = "防城港市行政审批局"

    class Params:
        draft = factory.Trait(status=PublicationStatus.DRAFT, published_at=None)
        withdrawn = factory.Trait(status=PublicationStatus.WITHDRAWN)
        natural_person = factory.Trait(
            party_type=AdministrativeDecision.PartyType.NATURAL_PERSON,
            party_name="李某某",
            party_uscc="",
            party_id_type="身份证",
            party_id_number="11010519491231002X",
        )


class GuideSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuideSection

    organ = factory.SubFactory(OrganFactory)
    title = factory.Sequence(lambda n: f"第{n}部分")
    anchor = factory.Sequence(lambda n: f"part-{n}")
    body = "<p>内容</p>"


# --- applications -------------------------------------------------------------------------


class InformationRequestFactory(factory.django.DjangoModelFactory):
    """A request recorded with a receipt date; its deadline is derived by the service afterwards."""

    class Meta:
        model = "applications.InformationRequest"
        skip_postgeneration_save = True

    channel = "in_person"
    submitted_at = factory.LazyAttribute(
        lambda o: timezone.make_aware(dt.datetime.combine(o.received_on, dt.time(10, 0)))
    )
    received_on = factory.LazyFunction(timezone.localdate)
    receipt_confirmed = True
    status = "in_progress"
    applicant_type = "natural_person"
    name = factory.Sequence(lambda n: f"申请人{n}")
    id_type = "resident_id"
    id_number = "11010519491231002X"
    phone = "13800138000"
    email = "applicant@example.cn"
    description = "请公开2026年本局行政许可事项办理情况统计表。"
    form_wanted = "electronic"
    delivery = "email"
    lookup_code_hash = factory.LazyFunction(lambda: "0" * 64)

    @factory.post_generation
    def derive_deadline(obj, create, extracted, **kwargs):
        if create:
            from applications import services

            services.recompute_deadline(request=obj)


# --- a slice of the demo, for pages that should look real (the browser tests) ---------------------


def load_demo_sample(*, per_category: int = 5, licences: int = 20):
    """A small, fast slice of `manage.py load_demo`: the demo organ, the first `per_category` items of
    each catalogue heading (with their attachments), `licences` licensing decisions and every penalty
    decision, the whole 公开指南, and the 2018 annual report published (2025 as a draft).

    Returns a namespace with the organ, an item with an attachment, a category slug, the published
    report's year and a word the search finds. A second or two where the whole demo takes ten or more.
    """
    from types import SimpleNamespace

    from demo.public_record import (
        DemoSummary,
        demo_plan,
        ensure_organ,
        load_attachments,
        load_decisions,
        load_guide,
        load_items,
    )
    from demo.reports import load_demo_reports

    now = timezone.now()
    plan = demo_plan()
    per_heading: dict[str, int] = {}
    items = []
    for item in plan.items:
        if item.published_at <= now and per_heading.get(item.category, 0) < per_category:
            per_heading[item.category] = per_heading.get(item.category, 0) + 1
            items.append(item)
    decisions = [d for d in plan.decisions if d["published_at"] <= now]
    chosen = [d for d in decisions if d["kind"] == DecisionKind.LICENCE][:licences]
    chosen += [d for d in decisions if d["kind"] == DecisionKind.PENALTY]

    summary = DemoSummary()
    organ = ensure_organ(summary)
    pks = load_items(organ, items, summary)
    load_attachments(items, pks, summary)
    load_decisions(organ, chosen, summary)
    load_guide(organ, plan.guide, summary)
    load_demo_reports(organ)
    with_attachment = next(item for item in items if item.attachment)
    return SimpleNamespace(
        organ=organ,
        item=Disclosure.objects.get(pk=pks[with_attachment.key]),
        category_slug=with_attachment.category,
        report_year=2018,
        search_term="行政审批",
    )


def publish_report(organ):
    from reports import services
    from reports.models import AnnualReport

    report = AnnualReport.objects.create(organ=organ, year=2025, fees_wan_yuan="0", problems="一是政策解读形式较单一。")
    services.submit_for_review(report=report)
    return services.publish_report(report=report)
