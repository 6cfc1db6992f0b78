"""The search documents of decisions about natural persons and 个体工商户, rebuilt from their
free text with ID-card and mobile numbers masked, as every public output shows it: a search for a
raw number must not tell whose decision it is (disclosures.search.decision_document)."""

from django.db import migrations


def mask_documents(apps, schema_editor):
    from disclosures import search
    from disclosures.privacy import PERSON_PARTY_TYPES

    Decision = apps.get_model("disclosures", "AdministrativeDecision")
    people = Decision.objects.filter(party_type__in=PERSON_PARTY_TYPES)
    batch = []
    for decision in people.iterator(chunk_size=1000):
        decision.search_title, decision.search_text = search.decision_document(decision)
        batch.append(decision)
        if len(batch) >= 1000:
            Decision.objects.bulk_update(batch, ["search_title", "search_text"])
            batch = []
    Decision.objects.bulk_update(batch, ["search_title", "search_text"])


class Migration(migrations.Migration):
    dependencies = [("disclosures", "0008_covering_decision_indexes")]

    operations = [migrations.RunPython(mask_documents, migrations.RunPython.noop)]
