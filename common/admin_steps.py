"""Workflow steps in the admin: a button on an object's change page, a small form page, a service
call, a message, and back to the change page.

An admin lists its steps (`AdminStep`) in `admin_steps` and mixes in `AdminStepsMixin`, which adds

- the URL `<pk>/<step_url>/<step name>/`, named `<app>_<model>_<step_url>`;
- the buttons: `step_buttons`, a list of (label, URL), in the change view's context
  (templates/admin/includes/step_buttons.html shows them);
- the checks, in this order: the object exists and the step is known (else 404); the user holds
  every permission the step names (else 403); the step is available in the object's state (else
  the admin's "not now" message and back to the change page);
- the form page (GET, and POST with CSRF through the admin site's view wrapper), the service call,
  the success message and the redirect.

What differs between admins and steps are hooks:

- `AdminStep.permissions` names `has_<name>_permission(request, obj)` methods of the admin, as
  Django's admin actions do ("change" is the object's change permission, so per-row rules apply);
- `AdminStep.subject` (a class attribute: subclass per app) is the service's keyword for the object;
- `AdminStep.apply` calls the service; a subclass may override it, and returning None keeps the
  form page open (a step in two submits, such as drafting a letter before sending it);
- `AdminStep.initial`, `error_field`, `done_message`, `submit_label` and `template` adjust one page;
- `AdminStepsMixin.get_step_queryset` loads what the availability predicates read, and
  `step_done` may add to the success message (a warning after publishing, say).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from django import forms
from django.contrib import messages
from django.core import checks
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _


class NoFieldsForm(forms.Form):
    """A step with nothing to fill in: the button is the confirmation."""


def in_status(*statuses) -> Callable[[Any], bool]:
    """The availability of a step taken only in these states of the object's `status`."""
    return lambda obj: obj.status in statuses


@dataclass(frozen=True)
class AdminStep:
    """One workflow step on one object, taken in the admin through a small form."""

    name: str  # in the URL: a slug
    label: str  # the button, the page title and the messages
    form: type[forms.Form]
    service: Callable  # called as service(<subject>=obj, actor=user, **service_kwargs(form))
    available: Callable[[Any], bool]  # whether the object's state allows the step now
    intro: str = ""  # the paragraph above the form
    permissions: tuple[str, ...] = ("change",)  # has_<name>_permission(request, obj) of the admin
    done_message: str = ""  # instead of the admin's step_done_message; may use %(step)s, %(object)s
    submit_label: str = ""  # the submit button; the label when empty
    error_field: str | None = None  # the field the service's refusal is shown on (None: above the form)
    template: str = "admin/step_form.html"

    subject: ClassVar[str] = "obj"  # the service's keyword for the object

    def initial(self, obj) -> dict:
        """The form's initial values for this object."""
        return {}

    def service_kwargs(self, form) -> dict:
        """What the service receives from the form: the form's service_kwargs() if it has one."""
        if callable(getattr(form, "service_kwargs", None)):
            return form.service_kwargs()
        return dict(form.cleaned_data)

    def apply(self, obj, form, user):
        """Take the step. Return None to keep the form page open (the form says what to do next)."""
        return self.service(**{self.subject: obj}, actor=user, **self.service_kwargs(form))

    def add_error(self, form, exc: ValidationError) -> None:
        """Show the service's refusal on the form."""
        if self.error_field is not None:
            form.add_error(self.error_field, exc)
        elif hasattr(exc, "error_dict") and not set(exc.error_dict) <= {*form.fields, NON_FIELD_ERRORS}:
            form.add_error(None, exc.messages)  # errors about fields the form does not have
        else:
            form.add_error(None, exc)


class AdminStepsMixin:
    """Mix into a ModelAdmin (before it) that lists its steps in `admin_steps`."""

    admin_steps: Sequence[AdminStep] = ()
    step_url = "step"  # the URL segment, and the end of the URL name
    step_done_message = _("已%(step)s：%(object)s")
    step_unavailable_message = _("当前不能“%(step)s”。")

    # -- configuration ----------------------------------------------------------------------

    def get_admin_steps(self) -> Sequence[AdminStep]:
        return self.admin_steps

    def get_step(self, name: str) -> AdminStep | None:
        return next((step for step in self.get_admin_steps() if step.name == name), None)

    def get_step_queryset(self, request):
        """Where the step view and the buttons find the object: load what `available` reads."""
        return self.model._default_manager.all()

    def step_url_name(self) -> str:
        opts = self.model._meta
        return f"{opts.app_label}_{opts.model_name}_{self.step_url}"

    def step_url_for(self, obj, step: AdminStep) -> str:
        return reverse(f"{self.admin_site.name}:{self.step_url_name()}", args=[obj.pk, step.name])

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        names = [step.name for step in self.get_admin_steps()]
        if len(set(names)) != len(names):
            errors.append(checks.Error(f"Two steps share a name in {type(self).__name__}.", obj=type(self)))
        for step in self.get_admin_steps():
            errors.extend(
                checks.Error(
                    f"Step {step.name!r} needs {type(self).__name__}.has_{permission}_permission().", obj=type(self)
                )
                for permission in step.permissions
                if not callable(getattr(self, f"has_{permission}_permission", None))
            )
        return errors

    # -- permissions and buttons ------------------------------------------------------------

    def has_step_permission(self, request, step: AdminStep, obj=None) -> bool:
        return all(getattr(self, f"has_{name}_permission")(request, obj) for name in step.permissions)

    def get_step_buttons(self, request, obj) -> list[tuple[str, str]]:
        """The steps this user may take on this object now, as (label, URL)."""
        return [
            (step.label, self.step_url_for(obj, step))
            for step in self.get_admin_steps()
            if step.available(obj) and self.has_step_permission(request, step, obj)
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self._step_object_or_none(request, object_id)
        if obj is not None:
            extra_context["step_buttons"] = self.get_step_buttons(request, obj)
        return super().change_view(request, object_id, form_url, extra_context)

    def _step_object_or_none(self, request, object_id):
        try:
            return self.get_step_queryset(request).filter(pk=object_id).first()
        except (ValueError, TypeError, ValidationError):  # an id that is no id: the change view says 404
            return None

    # -- the view ---------------------------------------------------------------------------

    def get_urls(self):
        return [
            path(
                f"<int:pk>/{self.step_url}/<slug:step>/",
                self.admin_site.admin_view(self.step_view),
                name=self.step_url_name(),
            ),
            *super().get_urls(),
        ]

    def step_view(self, request, pk, step):
        spec = self.get_step(step)
        if spec is None:
            raise Http404
        return self.run_step(request, pk, spec)

    def run_step(self, request, pk, step: AdminStep):
        """The form page of one step on one object (also for a step with a URL of its own)."""
        obj = self._step_object_or_none(request, pk)
        if obj is None:
            raise Http404
        if not self.has_step_permission(request, step, obj):
            raise PermissionDenied
        if not step.available(obj):
            self.message_user(request, self.step_unavailable_message % {"step": step.label}, messages.ERROR)
            return self._back_to_change_page(obj)
        posted = request.method == "POST"
        form = step.form(request.POST if posted else None, request.FILES if posted else None, initial=step.initial(obj))
        if request.method == "POST" and form.is_valid():
            try:
                done = step.apply(obj, form, request.user)
            except ValidationError as exc:
                step.add_error(form, exc)
            else:
                if done is not None:
                    self.step_done(request, obj, step)
                    return self._back_to_change_page(obj)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": obj,
            "step": step,
            "form": form,
            "title": _("%(step)s：%(object)s") % {"step": step.label, "object": obj},
            "intro": step.intro,
            "submit_label": step.submit_label or step.label,
        }
        return TemplateResponse(request, step.template, context)

    def step_done(self, request, obj, step: AdminStep) -> None:
        """After the step: the success message. Override to add to it."""
        message = step.done_message or self.step_done_message
        self.message_user(request, message % {"step": step.label, "object": obj})

    def _back_to_change_page(self, obj):
        opts = self.model._meta
        return redirect(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change", obj.pk)
