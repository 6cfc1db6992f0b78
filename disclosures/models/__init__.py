"""The public record: organs, the catalogue, proactive items, 双公示 decisions and the guide.

One module per model family; this package is the interface (``from disclosures.models import X``).
"""

from disclosures.models.attachment import (
    ATTACHMENT_EXTENSIONS,
    Attachment,
    attachment_path,
    validate_attachment_size,
)
from disclosures.models.catalogue import Category, CategoryQuerySet, Topic
from disclosures.models.column_mapping import DecisionColumnMapping
from disclosures.models.decision import AdministrativeDecision, DecisionQuerySet
from disclosures.models.disclosure import Disclosure, DisclosureQuerySet, IndexCounter
from disclosures.models.guide import GuideSection
from disclosures.models.organ import Organ, OrganQuerySet
from disclosures.models.status import DecisionKind, PublicationStatus

__all__ = [
    "ATTACHMENT_EXTENSIONS",
    "AdministrativeDecision",
    "Attachment",
    "Category",
    "CategoryQuerySet",
    "DecisionColumnMapping",
    "DecisionKind",
    "DecisionQuerySet",
    "Disclosure",
    "DisclosureQuerySet",
    "GuideSection",
    "IndexCounter",
    "Organ",
    "OrganQuerySet",
    "PublicationStatus",
    "Topic",
    "attachment_path",
    "validate_attachment_size",
]
