"""The author's review of identifiers before an anonymised export (issue 13).

A self-contained page taking the session: every candidate the detector found in the case's
free text (exports.identifiers), each shown in its sentences, decided with one key —
P pseudonym (the suggested label, editable), S same as a recorded person, R remove, K keep —
and the progress ("12 of 40 reviewed"). Decisions go through app/operations/anonymisation.py,
so each is one audited, undoable action. Detection runs off the GUI thread; the case is read
on the GUI thread first (one snapshot), as every background read does until case.reader().
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.operations.anonymisation import Choice, decide, suggested_label
from app.operations.changes import Changes
from exports.anonymise import practitioner_labels
from exports.anonymise_review import candidates
from exports.identifiers import KIND_LABELS, Candidate
from exports.kinship import relationship_labels
from storage.anonymisation import AnonymisationDecision, Decision
from storage.areas import Area
from storage.errors import CaseError
from storage.snapshot import CaseSnapshot, load_snapshot

KEYS = {Qt.Key.Key_P: Decision.PSEUDONYM, Qt.Key.Key_S: Decision.SAME_AS,
        Qt.Key.Key_R: Decision.REMOVE, Qt.Key.Key_K: Decision.KEEP}
DECISION_WORDS = {Decision.SAME_AS: "same as", Decision.PSEUDONYM: "pseudonym",
                  Decision.REMOVE: "removed", Decision.KEEP: "kept"}


class AnonymisationReview(QWidget):
    """Review page: candidates on the left, the selected one in its sentences on the right."""

    progress_changed = Signal(int, int)  # reviewed, total

    def __init__(self, session: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("anonymisationReview")
        self.session = session
        self._candidates: list[Candidate] = []
        self._decisions: dict[str, AnonymisationDecision] = {}
        self._snapshot: CaseSnapshot | None = None
        self._labels: dict[int, str] = {}
        self._staff_labels: set[str] = set()  # "Police officer 1" is a recorded officer's

        self.heading = QLabel("<b>Identifiers to review before publishing</b>")
        self.explain = QLabel(
            "Names, places and organisations found in the case's text that are not recorded "
            "people. Decide each: <b>P</b> pseudonym, <b>S</b> same as a recorded person, "
            "<b>R</b> remove, <b>K</b> keep (not identifying). An anonymised export waits "
            "until every one is decided.")
        self.explain.setWordWrap(True)
        self.progress_label = QLabel("Finding identifiers…")
        self.progress_label.setObjectName("reviewProgress")
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)

        self.list = QListWidget()
        self.list.setObjectName("candidateList")
        self.list.currentRowChanged.connect(self._show)

        self.title = QLabel()
        self.title.setObjectName("candidateTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.meta = QLabel()
        self.sentences = QLabel()
        self.sentences.setObjectName("candidateSentences")
        self.sentences.setWordWrap(True)
        self.sentences.setTextFormat(Qt.TextFormat.RichText)
        self.sentences.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.status = QLabel()
        self.status.setWordWrap(True)

        self.label_edit = QLineEdit()
        self.label_edit.setPlaceholderText('Pseudonym, e.g. "Neighbour 1"')
        self.label_edit.setAccessibleName("Pseudonym")
        self.label_edit.returnPressed.connect(lambda: self._decide(Decision.PSEUDONYM))
        self.person = QComboBox()
        self.person.setAccessibleName("Recorded person")
        self.pseudonym_button = QPushButton("&Pseudonym  (P)")
        self.same_button = QPushButton("&Same as recorded person  (S)")
        self.remove_button = QPushButton("&Remove  (R)")
        self.keep_button = QPushButton("&Keep: not identifying  (K)")
        self.pseudonym_button.clicked.connect(lambda: self._decide(Decision.PSEUDONYM))
        self.same_button.clicked.connect(lambda: self._decide(Decision.SAME_AS))
        self.remove_button.clicked.connect(lambda: self._decide(Decision.REMOVE))
        self.keep_button.clicked.connect(lambda: self._decide(Decision.KEEP))
        self.all_button = QPushButton("Decide all remaining as identifying…")
        self.all_button.clicked.connect(self._decide_all)
        # One key per decision while the list has focus (a list would otherwise use letters
        # to jump to an item; the label field keeps its letters).
        self.list.installEventFilter(self)

        detail = QWidget()
        right = QVBoxLayout(detail)
        right.addWidget(self.title)
        right.addWidget(self.meta)
        right.addWidget(self.sentences, 1)
        right.addWidget(self.status)
        row = QHBoxLayout()
        row.addWidget(self.label_edit, 1)
        row.addWidget(self.pseudonym_button)
        right.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(self.person, 1)
        row.addWidget(self.same_button)
        right.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(self.remove_button)
        row.addWidget(self.keep_button)
        row.addStretch(1)
        right.addLayout(row)
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(detail)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.progress_label)
        top.addWidget(self.bar)
        layout.addLayout(top)
        layout.addWidget(self.explain)
        layout.addWidget(split, 1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.all_button)
        layout.addLayout(bottom)
        self._enable(False)
        session.changed.connect(self._on_changed)

    # Loading --------------------------------------------------------------------------------
    def reload(self, background: bool = True) -> None:
        """Read the case (GUI thread), then find the candidates (a pool thread)."""
        case = self.session.case
        snapshot = load_snapshot(case)
        self._snapshot = snapshot
        self._labels = {int(k): v for k, v in relationship_labels(snapshot).items()}
        self._staff_labels = set(practitioner_labels(snapshot).values())
        if not background:
            self._loaded(candidates(snapshot, snapshot.anonymisation))
            return
        from app.workers import run_in_background

        self.progress_label.setText("Finding identifiers…")
        # The page may be gone when the search ends (its case closed, the window locked).
        run_in_background(lambda: candidates(snapshot, snapshot.anonymisation),
                          lambda found: shiboken6.isValid(self) and self._loaded(found),
                          lambda exc: shiboken6.isValid(self) and self._failed(exc))

    def _failed(self, exc: BaseException) -> None:
        self.progress_label.setText(f"Could not read the case: {exc}")

    def _loaded(self, found: list[Candidate]) -> None:
        snapshot = self._snapshot
        assert snapshot is not None
        self._decisions = {d.key: d for d in snapshot.anonymisation}
        current = self._current_key()
        self._candidates = found
        self.person.clear()
        for pid, person in sorted(snapshot.people.items()):
            self.person.addItem(f"{self._labels.get(int(pid), '')} — {person.display_name}",
                                int(pid))
        self.list.blockSignals(True)
        self.list.clear()
        for cand in found:
            item = QListWidgetItem(self._item_text(cand))
            item.setData(Qt.ItemDataRole.UserRole, cand.key)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self._update_progress()
        keys = [c.key for c in found]
        row = keys.index(current) if current in keys else self._next_undecided(-1)
        self.list.setCurrentRow(max(row, 0) if found else -1)
        self._show(self.list.currentRow())

    def _item_text(self, cand: Candidate) -> str:
        decision = self._decisions.get(cand.key)
        mark = "○" if decision is None else "●"
        state = "not decided" if decision is None else self._decision_text(decision)
        return f"{mark} {cand.text} · {KIND_LABELS.get(cand.kind, cand.kind)} · " \
               f"{cand.count}× · {state}"

    def _decision_text(self, decision: AnonymisationDecision) -> str:
        if decision.decision is Decision.PSEUDONYM:
            return f"→ {decision.label}"
        if decision.decision is Decision.SAME_AS:
            return f"→ {self._labels.get(int(decision.person_id or 0), 'recorded person')}"
        return DECISION_WORDS[decision.decision]

    def reviewed(self) -> tuple[int, int]:
        done = sum(1 for c in self._candidates if c.key in self._decisions)
        return done, len(self._candidates)

    def _update_progress(self) -> None:
        done, total = self.reviewed()
        self.progress_label.setText(f"{done} of {total} reviewed" if total
                                    else "Nothing to review: no unrecorded identifiers found")
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done if total else 1)
        self.all_button.setEnabled(done < total and not self.session.read_only)
        self.progress_changed.emit(done, total)

    # Showing --------------------------------------------------------------------------------
    def _current_key(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def _candidate(self) -> Candidate | None:
        row = self.list.currentRow()
        return self._candidates[row] if 0 <= row < len(self._candidates) else None

    def _show(self, row: int) -> None:
        cand = self._candidates[row] if 0 <= row < len(self._candidates) else None
        self._enable(cand is not None and not self.session.read_only)
        if cand is None:
            self.title.setText("")
            self.meta.setText("")
            self.sentences.setText("")
            self.status.setText("")
            return
        self.title.setText(cand.text)
        self.meta.setText(f"{KIND_LABELS.get(cand.kind, cand.kind).capitalize()}, "
                          f"{cand.count} time{'s' if cand.count != 1 else ''} in the case"
                          + (f" · suggested: {cand.hint}" if cand.hint else "")
                          + (f" · perhaps the same as {cand.same_as_label} (S)"
                             if cand.same_as_label else ""))
        if cand.same_as is not None:  # S then decides "same as" that person
            index = self.person.findData(cand.same_as)
            if index >= 0:
                self.person.setCurrentIndex(index)
        parts = []
        for occ in cand.occurrences:
            s = occ.sentence
            marked = (html.escape(s[:occ.start]) + "<span style='background:#ffe08a;"
                      "font-weight:bold'>" + html.escape(s[occ.start:occ.end]) + "</span>"
                      + html.escape(s[occ.end:]))
            parts.append(f"<p><i>{html.escape(occ.where)}</i><br>{marked}</p>")
        if cand.count > len(cand.occurrences):
            parts.append(f"<p>… and {cand.count - len(cand.occurrences)} more.</p>")
        self.sentences.setText("".join(parts))
        decision = self._decisions.get(cand.key)
        self.status.setText("Not decided yet." if decision is None else
                            f"Decided: {self._decision_text(decision)} "
                            f"({decision.decided_at[:10]}). Decide again to change it.")
        taken = {d.label for d in self._decisions.values() if d.label} | set(
            self._labels.values()) | self._staff_labels
        self.label_edit.setText(decision.label if decision is not None and decision.label
                                else suggested_label(cand, taken))

    def _enable(self, on: bool) -> None:
        for w in (self.label_edit, self.person, self.pseudonym_button, self.same_button,
                  self.remove_button, self.keep_button):
            w.setEnabled(on)

    # Deciding -------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt
        if watched is self.list and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            decision = KEYS.get(event.key())
            if decision is not None and not event.modifiers() & (
                    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
                self._decide(decision)
                return True
        return super().eventFilter(watched, event)

    def _decide(self, decision: Decision) -> None:
        cand = self._candidate()
        if cand is None or self.session.read_only:
            return
        person = self.person.currentData() if decision is Decision.SAME_AS else None
        label = self.label_edit.text().strip() if decision is Decision.PSEUDONYM else ""
        choice = Choice(cand.key, cand.kind, decision, cand.text, label, person)
        try:
            self._run(decide, [choice])
        except CaseError as exc:
            QMessageBox.warning(self, "Visible", str(exc))
            return
        row = self._next_undecided(self.list.currentRow())
        if row >= 0:
            self.list.setCurrentRow(row)

    def _decide_all(self) -> None:
        from app.operations.anonymisation import taken_labels

        done, total = self.reviewed()
        answer = QMessageBox.question(
            self, "Decide all remaining",
            f"Give each of the {total - done} remaining candidates a neutral pseudonym "
            "(Neighbour 1, Nursery 1, Person A)? You can still change any of them.")
        if answer != QMessageBox.StandardButton.Yes:
            return
        taken = taken_labels(self.session.case)
        choices = []
        for cand in self._candidates:
            if cand.key in self._decisions:
                continue
            label = suggested_label(cand, taken)
            taken.add(label)
            choices.append(Choice(cand.key, cand.kind, Decision.PSEUDONYM, cand.text, label))
        self._run(decide, choices)

    def _run(self, op: Callable[..., Changes], *args: Any) -> None:
        """Through the session: one undo entry in the window's history, one change signal."""
        self.session.run(op, *args)

    def _next_undecided(self, after: int) -> int:
        n = len(self._candidates)
        for step in range(1, n + 1):
            row = (after + step) % n
            if self._candidates[row].key not in self._decisions:
                return row
        return after if n else -1

    def _on_changed(self, changes: Changes) -> None:
        if Area.ANONYMISATION in changes.areas:
            self._refresh_decisions()
        if changes.areas & {Area.CHRONOLOGY, Area.PEOPLE, Area.RECORD, Area.ROLES,
                            Area.AGENCIES}:
            self.reload()

    def _refresh_decisions(self) -> None:
        """Decisions changed (here, by undo, or elsewhere): no new detection needed."""
        from storage.anonymisation_store import decisions

        self._decisions = {d.key: d for d in decisions(self.session.case)}
        for row, cand in enumerate(self._candidates):
            item = self.list.item(row)
            if item is not None:
                item.setText(self._item_text(cand))
        self._update_progress()
        self._show(self.list.currentRow())
