"""Reading and writing the author's anonymisation decisions (table anonymisation_decision)."""

from __future__ import annotations

from storage.anonymisation import AnonymisationDecision
from storage.casefile import CaseFile, Txn


def decisions(case: CaseFile) -> list[AnonymisationDecision]:
    return case.all(AnonymisationDecision)


def decision_by_key(case: CaseFile) -> dict[str, AnonymisationDecision]:
    return {d.key: d for d in decisions(case)}


def save_decision(tx: Txn, decision: AnonymisationDecision) -> None:
    tx.save(decision)


def remove_decision(tx: Txn, decision_id: int) -> None:
    tx.remove(AnonymisationDecision, decision_id)
