"""Typed row ids so a person id cannot be passed where a chronology entry id is expected."""

from typing import NewType

PersonId = NewType("PersonId", int)
PartnershipId = NewType("PartnershipId", int)
ParentLinkId = NewType("ParentLinkId", int)
OverlayId = NewType("OverlayId", int)
HouseholdMemberId = NewType("HouseholdMemberId", int)
RoleAssignmentId = NewType("RoleAssignmentId", int)
FactId = NewType("FactId", int)
ScreeningId = NewType("ScreeningId", int)
AgencyId = NewType("AgencyId", int)
PractitionerId = NewType("PractitionerId", int)
SourceId = NewType("SourceId", int)
EntryId = NewType("EntryId", int)
DisputeId = NewType("DisputeId", int)
ImportBatchId = NewType("ImportBatchId", int)
ExportRecordId = NewType("ExportRecordId", int)
TxnId = NewType("TxnId", int)
RequestId = NewType("RequestId", int)
RequestChaseId = NewType("RequestChaseId", int)
SharingBasisId = NewType("SharingBasisId", int)
AgencyReturnId = NewType("AgencyReturnId", int)
