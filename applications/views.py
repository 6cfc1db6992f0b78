"""Public request pages: the online form, the receipt, the status lookup and the deadline calculator."""

import time

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from applications import deadlines, notify, services
from applications.forms import ApplicationForm, DeadlineCalculatorForm, LookupForm
from applications.models import PERSONAL_FIELDS, InformationRequest
from applications.throttle import FailureThrottle, RateLimit, client_address

RECEIPTS_SESSION_KEY = "request_receipts"
# The lookup code stays readable on the receipt page for this long after filing, then only its hash remains.
RECEIPT_CODE_SECONDS = 2 * 60 * 60
lookup_throttle = FailureThrottle("lookup")
# Attempts of any outcome per client address, on top of the form's security check and the failure throttle.
submit_rate = RateLimit("submit", limit_setting="SUBMIT_RATE_LIMIT", window_setting="SUBMIT_RATE_WINDOW_SECONDS")
lookup_rate = RateLimit("lookup", limit_setting="LOOKUP_RATE_LIMIT", window_setting="LOOKUP_RATE_WINDOW_SECONDS")

SENSITIVE_FIELDS = ("lookup_code", *PERSONAL_FIELDS, "description")


def _receipt_codes(session) -> dict:
    """The {tracking number: [code, filed at]} this browser may still see, without expired ones."""
    now = time.time()
    codes = session.get(RECEIPTS_SESSION_KEY, {})
    fresh = {number: entry for number, entry in codes.items() if now - entry[1] < RECEIPT_CODE_SECONDS}
    if fresh != codes:
        session[RECEIPTS_SESSION_KEY] = fresh
    return fresh


@never_cache
@sensitive_post_parameters(*SENSITIVE_FIELDS)
def submit(request):
    form = ApplicationForm(request.POST or None, request.FILES or None)
    limited = request.method == "POST" and not submit_rate.hit(f"ip:{client_address(request)}")
    if limited:
        # Turned away unchecked: nothing is written and the security check is not used up.
        form.reject(
            _("提交过于频繁，请%(minutes)d分钟后再试。") % {"minutes": submit_rate.retry_after_minutes()},
            code="rate_limited",
        )
    elif request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        form_token = data.pop("form_token")
        created, code = services.submit_online_request(data=data, files=data.pop("attachments"), form_token=form_token)
        if code is None:  # the same form again (a double click): show its receipt all the same
            code = services.repeat_receipt_code(form_token=form_token, request=created)
        if code is not None:
            receipts = _receipt_codes(request.session)
            receipts[created.tracking_number] = [code, time.time()]
            request.session[RECEIPTS_SESSION_KEY] = receipts
        return redirect("applications:receipt", tracking_number=created.tracking_number)
    response = render(request, "applications/application_form.html", {"form": form})
    return _too_many(response, submit_rate) if limited else response


def _too_many(response, rate: RateLimit):
    response.status_code = 429
    response["Retry-After"] = str(rate.retry_after())
    return response


@never_cache
def receipt(request, tracking_number):
    """The 回执, shown to the browser that filed the request (the lookup code lives in its session)."""
    entry = _receipt_codes(request.session).get(tracking_number)
    if entry is None:
        raise Http404
    code = entry[0]
    info_request = InformationRequest.objects.get(tracking_number=tracking_number)
    deadline = services.explain_deadline(info_request)
    return render(
        request,
        "applications/application_receipt.html",
        {"info_request": info_request, "lookup_code": code, "deadline": deadline},
    )


@never_cache
@sensitive_post_parameters(*SENSITIVE_FIELDS)
def lookup(request):
    form = LookupForm(request.POST or None)
    result = None
    blocked = False
    limited = request.method == "POST" and not lookup_rate.hit(f"ip:{client_address(request)}")
    if limited:
        form.reject(
            _("查询过于频繁，请%(minutes)d分钟后再试。") % {"minutes": lookup_rate.retry_after_minutes()},
            code="rate_limited",
        )
    elif request.method == "POST" and form.is_valid():
        number = form.cleaned_data["tracking_number"]
        # Per client address only: a per-number lock would let anyone lock a requester out, and the
        # 10-character code (about 49 bits) is out of reach of guessing at this rate anyway.
        keys = (f"ip:{client_address(request)}",)
        if lookup_throttle.blocked(*keys):
            blocked = True
        else:
            found = InformationRequest.objects.filter(tracking_number=number).first()
            if found is not None and found.check_lookup_code(form.cleaned_data["lookup_code"]):
                result = found
            else:
                # The same answer for an unknown number and a wrong code: nothing to enumerate.
                lookup_throttle.fail(*keys)
                form.add_error(None, _("没有找到与该申请编号和查询码相符的申请，请核对后重试。"))
    if blocked:
        minutes = max(1, settings.LOOKUP_FAILURE_WINDOW_SECONDS // 60)
        form.add_error(None, _("查询失败次数过多，为保护申请人信息，请%(minutes)d分钟后再试。") % {"minutes": minutes})
    context = {"form": form, "info_request": result}
    if result is not None:
        context["deadline"] = services.explain_deadline(result)
        context["timeline"] = notify.public_timeline(result)
    response = render(request, "applications/request_lookup.html", context, status=429 if blocked else 200)
    return _too_many(response, lookup_rate) if limited else response


def calculator(request):
    form = DeadlineCalculatorForm(request.GET or None)
    period = None
    if form.is_bound and form.is_valid():
        period = deadlines.count_period(
            form.cleaned_data["received_on"], form.cleaned_data["days"], services.build_calendar()
        )
    return render(
        request,
        "applications/deadline_calculator.html",
        {"form": form, "period": period, "apply_url": reverse("applications:submit")},
    )
