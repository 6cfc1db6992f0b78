"""What the data migrations that give roles their permissions share (staff/migrations, reports 0003).

Permissions are normally created after `migrate` (post_migrate); a migration that hands them to a
role creates them first, for the models as they stand at that migration.
"""

from django.contrib.auth.management import create_permissions


def create_permissions_now(apps) -> None:
    """Create the permissions of every model the migration state `apps` knows."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def permission(apps, app_label: str, codename: str):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)
