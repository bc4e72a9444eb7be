"""Every stored choice has one label, used by every screen and document (issue 11)."""

from __future__ import annotations

import storage.labels
from storage.carers import CarerRole, FactBasis
from storage.labelled import LabelledEnum
from storage.labels import LABELLED_ENUMS, LABELS, choices
from storage.relationships import PartnerKind


def test_every_member_of_every_labelled_enum_has_a_label() -> None:
    assert set(LabelledEnum.__subclasses__()) == set(LABELLED_ENUMS)
    missing = [m for enum in LABELLED_ENUMS for m in enum if m not in LABELS]
    assert missing == []
    assert all(LABELS[m].strip() for enum in LABELLED_ENUMS for m in enum)


def test_labels_read_the_same_everywhere() -> None:
    assert CarerRole.NON_RESIDENT_FATHER.label == "Non-resident father"
    assert PartnerKind.COHABITING.label == "Living together"
    assert FactBasis.VERIFIED_RECORD.label == storage.labels.label_of(FactBasis.VERIFIED_RECORD)
    assert choices(PartnerKind)[0] == ("Married", PartnerKind.MARRIED)
