"""Typed reads and writes of information requests, their chases, the bases for sharing and
agency returns. The only module that knows these tables' names and SQL."""

from __future__ import annotations

from collections.abc import Sequence

from storage.casefile import CaseFile, Txn
from storage.chronology import ImportBatch
from storage.ids import AgencyId, AgencyReturnId, ImportBatchId, PersonId, RequestId
from storage.requests import AgencyReturn, InformationRequest, RequestChase, SharingBasis
from storage.rows import select


# Requests --------------------------------------------------------------------------------
def get_request(case: CaseFile, request_id: int) -> InformationRequest | None:
    return case.get(InformationRequest, request_id)


def all_requests(case: CaseFile) -> list[InformationRequest]:
    return case.all(InformationRequest)


def requests_about(case: CaseFile, person_id: PersonId) -> list[InformationRequest]:
    return select(case, InformationRequest, where="person_id = ?", params=(person_id,))


def add_request(tx: Txn, request: InformationRequest) -> RequestId:
    return RequestId(tx.add(request))


def save_request(tx: Txn, request: InformationRequest) -> None:
    tx.save(request)


def chases_of(
    case: CaseFile, request_ids: Sequence[int] | None = None
) -> dict[int, list[RequestChase]]:
    """Chases per request id, oldest first."""
    found = select(case, RequestChase, order="chased_on, id")
    out: dict[int, list[RequestChase]] = {}
    wanted = None if request_ids is None else set(request_ids)
    for chase in found:
        if wanted is None or chase.request_id in wanted:
            out.setdefault(chase.request_id, []).append(chase)
    return out


def add_chase(tx: Txn, chase: RequestChase) -> None:
    tx.add(chase)


# Bases for sharing ------------------------------------------------------------------------
def sharing_bases(case: CaseFile, include_archived: bool = False) -> list[SharingBasis]:
    bases = select(case, SharingBasis, order="position, id")
    return bases if include_archived else [b for b in bases if not b.archived]


def save_basis(tx: Txn, basis: SharingBasis) -> None:
    tx.save(basis)


# Agency returns ---------------------------------------------------------------------------
def agency_returns(case: CaseFile) -> list[AgencyReturn]:
    return select(case, AgencyReturn, order="requested_on, id")


def get_return(case: CaseFile, return_id: int) -> AgencyReturn | None:
    return case.get(AgencyReturn, return_id)


def return_by_token(case: CaseFile, token: str) -> AgencyReturn | None:
    found = select(case, AgencyReturn, where="token = ?", params=(token,))
    return found[0] if found else None


def returns_of_agency(case: CaseFile, agency_id: AgencyId) -> list[AgencyReturn]:
    return select(case, AgencyReturn, where="agency_id = ?", params=(agency_id,),
                    order="requested_on, id")


def save_return(tx: Txn, item: AgencyReturn) -> AgencyReturnId:
    tx.save(item)
    assert item.id is not None
    return AgencyReturnId(item.id)


def batches_of_agency(case: CaseFile, agency_id: AgencyId) -> list[ImportBatch]:
    return select(case, ImportBatch, where="agency_id = ?", params=(agency_id,), order="id")


def get_batch(case: CaseFile, batch_id: int) -> ImportBatch | None:
    return case.get(ImportBatch, batch_id)


def entry_ids_of_batch(case: CaseFile, batch_id: ImportBatchId) -> list[int]:
    return [
        int(r[0]) for r in case.db.execute(
            "SELECT id FROM chronology_entry WHERE import_batch_id = ? ORDER BY sort_key, id",
            (batch_id,),
        )
    ]


def delete_batch(tx: Txn, batch_id: ImportBatchId) -> int:
    """Remove an import batch and its entries (their people links and duplicate marks too)."""
    from storage.chronology_store import delete_entries

    ids = [int(r[0]) for r in tx.db.execute(
        "SELECT id FROM chronology_entry WHERE import_batch_id = ? ORDER BY id",
        (batch_id,)).fetchall()]
    delete_entries(tx, ids)
    for (return_id,) in tx.db.execute(
        "SELECT id FROM agency_return WHERE batch_id = ?", (batch_id,)
    ).fetchall():
        tx.update("agency_return", return_id, {"batch_id": None})
    tx.delete("import_batch", batch_id)
    return len(ids)
