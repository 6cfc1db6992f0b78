"""The audit trail in the admin: readable (with the history model's view permission), never written.

django-simple-history's SIMPLE_HISTORY_REVERT_DISABLED only hides the revert button; its history
form view still saves a POST. Here the history pages answer GET only.
"""

from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
