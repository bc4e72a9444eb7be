"""The requests widget on a man's page, driven as a user would (offscreen), on a real case."""

from __future__ import annotations

import datetime as dt

from app.requests.widget import AnswerDialog, NewRequestDialog, RequestsWidget, SentDialog
from app.session import CaseSession
from forms.record import load_facts
from storage.carers import FactBasis
from storage.ids import PersonId
from storage.requests import RequestStatus
from storage.requests_store import all_requests

LIAM = PersonId(4)


def test_ask_send_answer_and_undo_from_the_widget(qtbot, demo_case):
    session = CaseSession(demo_case)
    widget = RequestsWidget(session, LIAM)
    qtbot.addWidget(widget)
    assert "nothing asked yet" in widget.summary.text().lower()
    assert "No health agency" in widget.summary.text()

    dialog = NewRequestDialog(demo_case, LIAM, widget)
    qtbot.addWidget(dialog)
    dialog.agency.setCurrentIndex(dialog.agency.findText("GP"))
    ticked = dialog._checked(dialog.prompts)
    assert ticked == ["gp.violence", "gp.anger", "gp.mental_health", "gp.learning_disability",
                      "gp.substance_misuse"]
    # Nobody else is named unless ticked: the list starts empty.
    assert dialog._checked(dialog.include) == []
    dialog.basis.setCurrentIndex(dialog.basis.findData("Consent given"))
    assert widget.apply_new(dialog)
    assert widget.table.rowCount() == 1 and widget.table.item(0, 2).text() == "Draft"

    widget.table.selectRow(0)
    assert widget.buttons["sent"].isEnabled() and not widget.buttons["answered"].isEnabled()
    sent = SentDialog(widget.selected_line(), widget)
    qtbot.addWidget(sent)
    sent.on.setDate(sent.on.date().addDays(-20))
    assert widget.apply_sent(widget.selected_id(), sent)
    request = all_requests(demo_case)[-1]
    assert request.status is RequestStatus.SENT and request.due_on is not None
    assert "overdue" in widget.summary.text()

    widget.table.selectRow(0)
    answer = AnswerDialog(widget.selected_line(), widget)
    qtbot.addWidget(answer)
    row = answer.keys.index("anger.any_incidents")
    combo = answer.editors[row]
    combo.setCurrentIndex(combo.findData("yes"))
    answer.nothing[answer.keys.index("mental_health.learning_disability")].setChecked(True)
    answer.summary.setPlainText("Anger noted in 2019.")
    assert widget.apply_answer(widget.selected_id(), answer)
    facts = load_facts(demo_case, LIAM)
    assert any(f.source == "GP" and f.basis is FactBasis.VERIFIED_RECORD
               for f in facts["anger.any_incidents"].statements)
    assert widget.table.item(0, 2).text() == "Answered"
    assert widget.summary.text().startswith("Asked GP")

    # Undo the answer, then the sending: the widget follows the file.
    session.undo()
    assert widget.table.item(0, 2).text().startswith("Sent")
    session.undo()
    assert widget.table.item(0, 2).text() == "Draft"
    assert all_requests(demo_case)[-1].sent_on is None


def test_a_refused_step_is_shown_and_writes_nothing(qtbot, demo_case):
    session = CaseSession(demo_case)
    widget = RequestsWidget(session, LIAM)
    qtbot.addWidget(widget)
    dialog = NewRequestDialog(demo_case, LIAM, widget)
    qtbot.addWidget(dialog)
    dialog.agency.setCurrentIndex(dialog.agency.findText("GP"))
    dialog.set_checked(dialog.prompts, set())
    before = demo_case.last_txn()
    assert not widget.apply_new(dialog)
    assert "asks nothing" in widget.message.text()
    assert demo_case.last_txn() == before


def test_sent_dialog_default_due_skips_bank_holidays(qtbot):
    from app.requests.widget import _pydate, _qdate
    from forms.requests_report import RequestLine
    from storage.requests import InformationRequest

    line = RequestLine(InformationRequest(LIAM, 3, id=1), "Liam", "GP")
    dialog = SentDialog(line)
    qtbot.addWidget(dialog)
    dialog.on.setDate(_qdate(dt.date(2026, 12, 21)))
    assert _pydate(dialog.due) == dt.date(2027, 1, 7)
    assert not dialog.due.isEnabled()
