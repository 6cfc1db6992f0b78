from django.db import migrations

from disclosures.catalogue_seed import GOV_CN_TOPICS, STANDARD_CATEGORIES


def seed(apps, schema_editor):
    Category = apps.get_model("disclosures", "Category")
    Topic = apps.get_model("disclosures", "Topic")
    for order, (slug, name, decision_kind, children) in enumerate(STANDARD_CATEGORIES, start=1):
        parent, _ = Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "order": order * 10, "decision_kind": decision_kind}
        )
        for child_order, (child_slug, child_name) in enumerate(children, start=1):
            Category.objects.get_or_create(
                slug=child_slug, defaults={"name": child_name, "order": child_order * 10, "parent": parent}
            )
    for order, name in enumerate(GOV_CN_TOPICS, start=1):
        Topic.objects.get_or_create(parent=None, name=name, defaults={"order": order})


def unseed(apps, schema_editor):
    # Leave the rows: items may already point at them.
    pass


class Migration(migrations.Migration):
    dependencies = [("disclosures", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
