"""Context every page needs: the site name and the publishing organ."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _


def site(request):
    from disclosures.models import Organ

    organ = SimpleLazyObject(Organ.objects.default)

    def site_name():
        if settings.PORTAL_SITE_NAME:
            return settings.PORTAL_SITE_NAME
        return organ.name if organ else _("政府信息公开")

    return {"organ": organ, "site_name": SimpleLazyObject(site_name)}
