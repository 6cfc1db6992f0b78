"""The requester's status page after a lookup, and what it offers: the answer's downloads (the
letter PDF, the released files), the 补正 sent online, the withdrawal.

Every view here needs this browser's access to the request (applications.requester_access: a
lookup with the code, within REQUESTER_ACCESS_SECONDS); without it the status page sends the
browser to the lookup form and the downloads answer 404, the same for a request that does not
exist, so nothing can be enumerated. Nothing here is cached, indexed, in a sitemap, a feed or the
search: responses are never_cache and X-Robots-Tag noindex, and the downloads are attachments.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from applications import letter_pdf, notify, queries, requester_access, services
from applications.forms.files import MAX_FILES, body_too_large
from applications.forms.requester import SupplementForm, WithdrawOnlineForm
from applications.models import InformationRequest
from applications.throttle import RateLimit, client_key

NOINDEX = "noindex, nofollow, noarchive"
# The 补正 form counts against the request form's limit (the same uploads, the same checks).
supplement_rate = RateLimit("submit", limit_setting="SUBMIT_RATE_LIMIT", window_setting="SUBMIT_RATE_WINDOW_SECONDS")


def _private(response):
    response["X-Robots-Tag"] = NOINDEX
    return response


def _granted_or_404(request, tracking_number) -> InformationRequest:
    found = requester_access.granted(request, tracking_number)
    if found is None:
        raise Http404
    return found


def _expired(request):
    """A form posted after the access ended: the lookup form again, saying why (nothing of the request)."""
    messages.info(request, EXPIRED_MESSAGE % {"minutes": settings.REQUESTER_ACCESS_SECONDS // 60})
    return redirect("applications:lookup")


def _guarded(view):
    """A requester's POST: the access, the rate limit and the size are checked before the body is
    read (the CSRF check reads it: it runs after them, as for the request form), so a stranger or a
    flood costs no upload."""

    inner = csrf_protect(view)

    @csrf_exempt
    @never_cache
    @require_POST
    def guarded(request, tracking_number):
        info_request = requester_access.granted(request, tracking_number)
        if info_request is None:
            return _expired(request)
        if not supplement_rate.hit(client_key(request)):
            messages.error(
                request,
                _("提交过于频繁，请%(minutes)d分钟后再试。") % {"minutes": supplement_rate.retry_after_minutes()},
            )
            response = redirect("applications:status", tracking_number=tracking_number)
            response["Retry-After"] = str(supplement_rate.retry_after())
            return response
        if body_too_large(request):
            messages.error(request, _("提交的内容过大，请压缩或减少附件后重试。"))
            return redirect("applications:status", tracking_number=tracking_number)
        return inner(request, info_request)

    return guarded


EXPIRED_MESSAGE = _lazy("查询结果在查询后%(minutes)d分钟内有效，已超时或尚未查询：请输入申请编号和查询码重新查询。")


def downloadable_files(info_request: InformationRequest):
    """The released files the requester may download: those of a sent answer, still kept."""
    return info_request.released_files.filter(letter__sent_on__isnull=False).exclude(file="")


def status_context(request, info_request: InformationRequest, **forms) -> dict:
    """What the status page shows of a request this browser looked up."""
    letter = notify.sent_letter(info_request)
    notice = services.correction_notice(info_request)
    end = services.correction_period_end(notice) if notice is not None else None
    return {
        "info_request": info_request,
        "deadline": queries.explain_deadline(info_request),
        "timeline": notify.public_timeline(info_request),
        "letter": letter,
        "released_files": list(downloadable_files(info_request)) if letter is not None else [],
        "notice": notice,
        "notice_end": end,
        "supplement_open": services.supplement_open(info_request),
        "supplement_form": forms.get("supplement_form") or SupplementForm(),
        "withdraw_form": forms.get("withdraw_form") or WithdrawOnlineForm(),
        "max_files": MAX_FILES,
    }


def render_status(request, info_request: InformationRequest, status: int = 200, **forms):
    context = {"form": None, **status_context(request, info_request, **forms)}
    return _private(render(request, "applications/request_lookup.html", context, status=status))


@never_cache
def status(request, tracking_number):
    """The status page again (after a 补正 or a withdrawal, or a reload), for this browser's lookup."""
    info_request = requester_access.granted(request, tracking_number)
    if info_request is None:
        return _expired(request)
    return render_status(request, info_request)


def _opened(field_file):
    """The stored file, opened; 404 when it is gone from the storage (removed meanwhile, or a storage
    not mounted), never a server error."""
    try:
        return field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc


@never_cache
def letter_download(request, tracking_number, pk):
    info_request = _granted_or_404(request, tracking_number)
    letter = info_request.letters.filter(pk=pk, sent_on__isnull=False).first()
    if letter is None or not letter.pdf:
        raise Http404
    response = FileResponse(_opened(letter.pdf), as_attachment=True, filename=letter_pdf.pdf_name(letter))
    response["Content-Type"] = "application/pdf"
    return _private(response)


@never_cache
def file_download(request, tracking_number, pk):
    info_request = _granted_or_404(request, tracking_number)
    released = downloadable_files(info_request).filter(pk=pk).first()
    if released is None or not released.file:
        raise Http404
    response = FileResponse(_opened(released.file), as_attachment=True, filename=released.original_name)
    response["Content-Type"] = released.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return _private(response)


@sensitive_post_parameters("text")
def _supplement(request, info_request):
    form = SupplementForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            event = services.send_supplement(
                request=info_request, text=form.cleaned_data["text"], files=form.cleaned_data["attachments"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("补正已提交。答复期限自本机关收到补正之日（%(date)s）起重新计算。")
                % {"date": f"{event.date:%Y年%-m月%-d日}"},
            )
            return redirect("applications:status", tracking_number=info_request.tracking_number)
    return render_status(request, info_request, status=400, supplement_form=form)


supplement = _guarded(_supplement)


def _withdraw(request, info_request):
    form = WithdrawOnlineForm(request.POST)
    if form.is_valid():
        try:
            services.withdraw_online(request=info_request)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("申请已撤回。"))
        return redirect("applications:status", tracking_number=info_request.tracking_number)
    return render_status(request, info_request, status=400, withdraw_form=form)


withdraw = _guarded(_withdraw)
