"""Private file storage: files that must never have a public URL."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """Files that must never have a public URL (identity documents): under PRIVATE_MEDIA_ROOT, read
    at each use so settings overrides apply, and `url()` refuses."""

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no URL; staff download them through a permission-checked view.")


_private_storage = PrivateStorage()


def private_storage():
    return _private_storage
