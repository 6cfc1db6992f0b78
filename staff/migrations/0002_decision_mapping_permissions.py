from django.db import migrations

from staff.migration_permissions import create_permissions_now, permission
from staff.roles import LATER_GRANTS


def grant(apps, schema_editor):
    create_permissions_now(apps)
    Group = apps.get_model("auth", "Group")
    for name, codes in LATER_GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*[permission(apps, app, code) for app, code in codes])


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, codes in LATER_GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(*[permission(apps, app, code) for app, code in codes])


class Migration(migrations.Migration):
    dependencies = [
        ("staff", "0001_admin_lifts_lockouts"),
        ("disclosures", "0010_decision_import_mapping_and_older_statuses"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
