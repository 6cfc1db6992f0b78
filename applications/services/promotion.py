"""Art. 44: information disclosed on request that others may want becomes a proactive item, drafted
without the requester's data and published through the normal review."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from applications.models import InformationRequest, Outcome, RequestEvent
from applications.services.steps import add_event, locked
from common.personal_data import mask_personal_data


def scrub_personal_data(text: str, request: InformationRequest) -> str:
    """`text` without the applicant's own data or anything shaped like an ID, phone or e-mail.

    The shapes are common.personal_data's (grouped, full-width and bracketed forms, read in NFKC); the
    rest of the text is left as written.
    """
    own = (
        request.name,
        request.id_number,
        request.phone,
        request.email,
        request.address,
        request.uscc,
        request.legal_representative,
        request.contact_person,
    )
    return mask_personal_data(text, mask="***", also=[value for value in own if value and len(value) >= 2])


@transaction.atomic
def promote_to_disclosure(*, request, actor=None):
    """Draft a proactive item from an answered request (Art. 44), without the requester's data.

    The draft goes through the normal publication path: staff complete and publish it.
    """
    from disclosures.models import Category, Disclosure, Organ, PublicationStatus

    request = locked(request)
    if request.status != InformationRequest.Status.ANSWERED or request.outcome not in (
        Outcome.DISCLOSED,
        Outcome.PARTIAL,
    ):
        raise ValidationError(_("只有予以公开或部分公开的申请才能转为主动公开。"), code="not_disclosed")
    if request.promoted_disclosure_id:
        raise ValidationError(_("该申请已转为主动公开。"), code="already_promoted")
    organ = Organ.objects.default()
    if organ is None:
        raise ValidationError(_("请先登记发布机构。"), code="no_organ")
    sought = scrub_personal_data(request.description, request)
    basis = scrub_personal_data(request.legal_basis, request)
    disclosure = Disclosure.objects.create(
        organ=organ,
        category=Category.objects.get(slug="other"),
        kind=Disclosure.Kind.OTHER,
        title=(_("依申请公开的政府信息：%(what)s") % {"what": sought})[:300],
        summary=sought,
        body="".join(
            f"<p>{escape(p)}</p>"
            for p in [
                _("本信息经依申请公开，依照《中华人民共和国政府信息公开条例》第四十四条纳入主动公开范围。"),
                _("所公开的政府信息：%(what)s") % {"what": sought},
                _("公开依据：%(basis)s") % {"basis": basis},
            ]
        ),
        written_on=request.answered_on,
        source=organ.name,
        status=PublicationStatus.DRAFT,
    )
    request.promoted_disclosure = disclosure
    request.save(update_fields=["promoted_disclosure", "updated_at"])
    add_event(
        request,
        RequestEvent.Kind.PROMOTED,
        timezone.localdate(),
        actor,
        disclosure.index_number,
        disclosure=disclosure.pk,
    )
    return disclosure
