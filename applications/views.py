"""Public request pages: the online form, the receipt, the status lookup and the deadline calculator."""

import hashlib
import time

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from applications import deadlines, queries, requester_access, services
from applications.forms import MAX_FILES, ApplicationForm, DeadlineCalculatorForm, LookupForm
from applications.forms.files import body_too_large
from applications.models import PERSONAL_FIELDS, InformationRequest
from applications.requester_views import render_status
from applications.throttle import FailureThrottle, RateLimit, client_key

RECEIPTS_SESSION_KEY = "request_receipts"
# The lookup code stays readable on the receipt page for this long after filing, then only its hash
# remains (services.REPEAT_RECEIPT_SECONDS: a repeated form is shown it as long).
RECEIPT_CODE_SECONDS = services.REPEAT_RECEIPT_SECONDS
# Wrong codes lock the lookup of that tracking number from that client address (another browser of
# the requester is not locked out by someone else's guesses), and, at a higher count, every lookup
# from the address (guessing across numbers).
lookup_throttle = FailureThrottle(
    "lookup", limit_setting="LOOKUP_MAX_FAILURES", window_setting="LOOKUP_FAILURE_WINDOW_SECONDS"
)
lookup_address_throttle = FailureThrottle(
    "lookup-address", limit_setting="LOOKUP_MAX_FAILURES_PER_ADDRESS", window_setting="LOOKUP_FAILURE_WINDOW_SECONDS"
)
# Attempts of any outcome per client (throttle.client_key), on top of the form's security check and the
# failure throttle.
submit_rate = RateLimit("submit", limit_setting="SUBMIT_RATE_LIMIT", window_setting="SUBMIT_RATE_WINDOW_SECONDS")
# Submissions answering the question instead of solving the proof of work (a script can read the
# question off the page): at most half as many, counted on their own as well.
question_rate = RateLimit(
    "submit-question", limit_setting="SUBMIT_RATE_LIMIT", window_setting="SUBMIT_RATE_WINDOW_SECONDS", divisor=2
)
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


class DropFiles(FileUploadHandler):
    """Reads a submission's text fields and skips every file unstored (a submission turned away)."""

    def __init__(self, request=None):
        super().__init__(request)
        self.dropped = 0

    def new_file(self, *args, **kwargs):
        self.dropped += 1
        raise SkipFile

    def receive_data_chunk(self, raw_data, start):
        return None

    def file_complete(self, file_size):
        return None


# The CSRF check reads the whole body (it looks for the token among the fields), so it runs in
# _submit, after the attempt is counted and the size checked; the rest of the site keeps the middleware's.
@csrf_exempt
@never_cache
@sensitive_post_parameters(*SENSITIVE_FIELDS)
def submit(request):
    if request.method != "POST":
        return _submit(request)
    limited = not submit_rate.hit(client_key(request))
    if body_too_large(request):
        # Refused unread: the form comes back empty (nothing of it was read) with the one message.
        form = ApplicationForm()
        form.reject(
            _("提交的内容过大（附件合计不能超过%(mb)dMB），请压缩或减少附件后重试。")
            % {"mb": MAX_FILES * settings.REQUEST_ATTACHMENT_MAX_MB},
            code="too_large",
        )
        return _form_page(request, form, status=413)
    if limited:
        # The fields are read, to show them again; the files are skipped, not stored.
        request.upload_handlers = [DropFiles(request)]
    return _submit(request, limited=limited)


@csrf_protect
def _submit(request, *, limited=False):
    if request.method != "POST":
        return _form_page(request, ApplicationForm())
    form = ApplicationForm(request.POST, request.FILES)
    if limited:
        # Turned away unchecked: nothing is written and the security check is not used up.
        form.reject(
            _("提交过于频繁，请%(minutes)d分钟后再试。") % {"minutes": submit_rate.retry_after_minutes()},
            code="rate_limited",
        )
        if any(getattr(handler, "dropped", 0) for handler in request.upload_handlers):
            form.ask_to_reselect_attachments()
        return _too_many(_form_page(request, form), submit_rate)
    if form.answers_question and not question_rate.hit(client_key(request)):
        form.reject(
            _("提交过于频繁，请%(minutes)d分钟后再试。") % {"minutes": question_rate.retry_after_minutes()},
            code="rate_limited",
        )
        if request.FILES.getlist("attachments"):
            form.ask_to_reselect_attachments()
        return _too_many(_form_page(request, form), question_rate)
    if form.is_valid():
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
    return _form_page(request, form)


def _form_page(request, form, status=200):
    return render(request, "applications/application_form.html", {"form": form}, status=status)


def _too_many(response, rate: RateLimit):
    response.status_code = 429
    response["Retry-After"] = str(rate.retry_after())
    return response


@never_cache
def receipt(request, tracking_number):
    """The 回执, shown to the browser that filed the request (the lookup code lives in its session);
    opened later, or elsewhere, it explains how to look the request up instead."""
    entry = _receipt_codes(request.session).get(tracking_number)
    info_request = InformationRequest.objects.filter(tracking_number=tracking_number).first() if entry else None
    if info_request is None:
        return render(request, "applications/receipt_gone.html", {"hours": RECEIPT_CODE_SECONDS // 3600}, status=404)
    deadline = queries.explain_deadline(info_request)
    return render(
        request,
        "applications/application_receipt.html",
        {"info_request": info_request, "lookup_code": entry[0], "deadline": deadline},
    )


@never_cache
@sensitive_post_parameters(*SENSITIVE_FIELDS)
def lookup(request):
    """The lookup form; with the right code, this browser gets access to the request
    (applications.requester_access) and sees its status page."""
    limited = request.method == "POST" and not lookup_rate.hit(client_key(request))
    form = LookupForm(request.POST or None)
    blocked = False
    if limited:
        form.reject(
            _("查询过于频繁，请%(minutes)d分钟后再试。") % {"minutes": lookup_rate.retry_after_minutes()},
            code="rate_limited",
        )
    elif request.method == "POST" and form.is_valid():
        number = form.cleaned_data["tracking_number"]
        address = client_key(request)
        # the number as typed may hold anything: hashed, so the cache key stays short and plain
        number_key = f"{address}|{hashlib.sha256(number.encode()).hexdigest()[:16]}"
        if lookup_throttle.blocked(number_key) or lookup_address_throttle.blocked(address):
            blocked = True
        else:
            found = InformationRequest.objects.filter(tracking_number=number).first()
            if found is not None and found.check_lookup_code(form.cleaned_data["lookup_code"]):
                requester_access.grant(request, found)
                return render_status(request, found)
            # The same answer for an unknown number and a wrong code: nothing to enumerate.
            lookup_throttle.fail(number_key)
            lookup_address_throttle.fail(address)
            form.add_error(None, _("没有找到与该申请编号和查询码相符的申请，请核对后重试。"))
    if blocked:
        minutes = lookup_throttle.retry_after_minutes()
        form.add_error(None, _("查询失败次数过多，为保护申请人信息，请%(minutes)d分钟后再试。") % {"minutes": minutes})
    response = render(request, "applications/request_lookup.html", {"form": form}, status=429 if blocked else 200)
    return _too_many(response, lookup_rate) if limited else response


def calculator(request):
    form = DeadlineCalculatorForm(request.GET or None)
    period = None
    if form.is_bound and form.is_valid():
        period = deadlines.count_period(
            form.cleaned_data["received_on"], form.cleaned_data["days"], queries.build_calendar()
        )
    return render(
        request,
        "applications/deadline_calculator.html",
        {"form": form, "period": period, "apply_url": reverse("applications:submit")},
    )
