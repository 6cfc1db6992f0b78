"""Context every page needs: the site name, the publishing organ and the reader's display choices."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from common.middleware import HANS, HANT, SCRIPT_PARAM, a11y_preferences, script_variant


def site(request):
    from disclosures.models import Organ

    organ = SimpleLazyObject(Organ.objects.default)

    def site_name():
        if settings.PORTAL_SITE_NAME:
            return settings.PORTAL_SITE_NAME
        return organ.name if organ else _("政府信息公开")

    return {"organ": organ, "site_name": SimpleLazyObject(site_name), **preferences(request)}


def _variant_href(request, variant: str) -> str:
    """?variant=… followed by the current URL's other query parameters, so the page stays the same."""
    params = request.GET.copy()
    params.pop(SCRIPT_PARAM, None)
    rest = params.urlencode()
    return f"?{SCRIPT_PARAM}={variant}" + (f"&{rest}" if rest else "")


def preferences(request):
    """The accessibility toolbar's settings (from the a11y cookie) and the 简体/繁體 switch."""
    variant = getattr(request, "script_variant", None) or script_variant(request)
    return {
        "a11y": a11y_preferences(request),
        "script_variant": variant,
        "script_hant_href": _variant_href(request, HANT),
        "script_hans_href": _variant_href(request, HANS),
    }
