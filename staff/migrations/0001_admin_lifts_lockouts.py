from django.db import migrations

from staff.migration_permissions import create_permissions_now, permission
from staff.roles import ADMIN_LOCKOUT, ADMIN_ROLE


def grant(apps, schema_editor):
    create_permissions_now(apps)
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=ADMIN_ROLE)
    for app_label, codename in ADMIN_LOCKOUT:
        group.permissions.add(permission(apps, app_label, codename))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=ADMIN_ROLE).first()
    if group is not None:
        for app_label, codename in ADMIN_LOCKOUT:
            group.permissions.remove(*Permission.objects.filter(content_type__app_label=app_label, codename=codename))


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_roles"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
