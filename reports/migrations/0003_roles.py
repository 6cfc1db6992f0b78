from django.db import migrations

from staff.migration_permissions import create_permissions_now, permission
from staff.roles import ADMIN_APPS, ADMIN_EXTRA, ADMIN_ROLE, ROLES


def seed_roles(apps, schema_editor):
    # Permissions are normally created after migrate; create them now so the groups can hold them.
    create_permissions_now(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*[permission(apps, app, code) for app, code in codes])
    admin, _ = Group.objects.get_or_create(name=ADMIN_ROLE)
    admin.permissions.add(*Permission.objects.filter(content_type__app_label__in=ADMIN_APPS))
    admin.permissions.add(*[permission(apps, app, code) for app, code in ADMIN_EXTRA])


def unseed_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[*ROLES, ADMIN_ROLE]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("disclosures", "0004_decision_publish_permission_and_body_history"),
        ("applications", "0003_historicalinformationrequest"),
        ("reports", "0002_historicalannualreport"),
    ]

    operations = [migrations.RunPython(seed_roles, unseed_roles)]
