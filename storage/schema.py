"""Versioned schema: PRAGMA user_version plus an ordered list of upgrade steps.

A new file starts at version 0 and is brought up through exactly the same steps as an old
file, so the upgrade path is exercised every time a case is created. Column names match the
dataclass field names in storage/ (named fields, never positional tuples or pickles).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from storage.errors import SchemaTooNew

Connection = Any  # sqlcipher3.dbapi2.Connection; kept loose so type-checkers need no stubs


def upgrade_to_1(db: Connection) -> None:
    run_script(db,
        """
        CREATE TABLE meta (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, value TEXT NOT NULL);

        CREATE TABLE case_details (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            reference TEXT NOT NULL,
            local_authority TEXT NOT NULL DEFAULT '',
            author TEXT NOT NULL DEFAULT '',
            protective_marking TEXT NOT NULL DEFAULT 'OFFICIAL-SENSITIVE',
            created_at TEXT NOT NULL DEFAULT ''
        );

        CREATE TABLE person (
            id INTEGER PRIMARY KEY,
            given_names TEXT NOT NULL DEFAULT '',
            family_name TEXT NOT NULL DEFAULT '',
            known_as TEXT NOT NULL DEFAULT '',
            sex TEXT NOT NULL DEFAULT 'unknown'
                CHECK (sex IN ('male', 'female', 'unknown', 'other')),
            gender TEXT NOT NULL DEFAULT '',
            date_of_birth TEXT,
            deceased INTEGER NOT NULL DEFAULT 0,
            date_of_death TEXT,
            is_index_child INTEGER NOT NULL DEFAULT 0,
            existence TEXT NOT NULL DEFAULT 'born',
            twin_group TEXT NOT NULL DEFAULT '',
            twin_kind TEXT,
            address TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            layout_x REAL,
            layout_y REAL
        );

        CREATE TABLE partnership (
            id INTEGER PRIMARY KEY,
            person_a INTEGER NOT NULL REFERENCES person(id),
            person_b INTEGER NOT NULL REFERENCES person(id),
            kind TEXT NOT NULL,
            status TEXT NOT NULL,
            start_date TEXT,
            end_date TEXT,
            swap_sides INTEGER NOT NULL DEFAULT 0,
            notes TEXT NOT NULL DEFAULT '',
            CHECK (person_a <> person_b)
        );

        CREATE TABLE parent_link (
            id INTEGER PRIMARY KEY,
            parent_id INTEGER NOT NULL REFERENCES person(id),
            child_id INTEGER NOT NULL REFERENCES person(id),
            kind TEXT NOT NULL,
            notes TEXT NOT NULL DEFAULT '',
            UNIQUE (parent_id, child_id, kind),
            CHECK (parent_id <> child_id)
        );

        CREATE TABLE overlay (
            id INTEGER PRIMARY KEY,
            from_person INTEGER NOT NULL REFERENCES person(id),
            to_person INTEGER NOT NULL REFERENCES person(id),
            kind TEXT NOT NULL,
            notes TEXT NOT NULL DEFAULT ''
        );

        CREATE TABLE household_member (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES person(id),
            from_date TEXT,
            to_date TEXT,
            notes TEXT NOT NULL DEFAULT ''
        );

        CREATE TABLE role_assignment (
            id INTEGER PRIMARY KEY,
            child_id INTEGER NOT NULL REFERENCES person(id),
            role TEXT NOT NULL,
            person_id INTEGER REFERENCES person(id),
            declaration TEXT CHECK (declaration IN ('none', 'not_known')),
            reason TEXT NOT NULL DEFAULT '',
            efforts TEXT NOT NULL DEFAULT '',
            recorded_on TEXT,
            recorded_by TEXT NOT NULL DEFAULT '',
            CHECK ((person_id IS NULL) <> (declaration IS NULL))
        );

        CREATE TABLE carer_fact (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES person(id),
            field_key TEXT NOT NULL,
            value TEXT,
            status TEXT NOT NULL DEFAULT 'answered'
                CHECK (status IN ('answered', 'not_known', 'not_asked')),
            source TEXT NOT NULL DEFAULT '',
            learned_on TEXT,
            basis TEXT CHECK (basis IN ('self_reported', 'reported_by_other', 'verified_record')),
            recorded_at TEXT NOT NULL DEFAULT '',
            recorded_by TEXT NOT NULL DEFAULT '',
            UNIQUE (person_id, field_key)
        );

        CREATE TABLE screening (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES person(id),
            instrument TEXT NOT NULL,
            answers TEXT NOT NULL DEFAULT '{}',
            total INTEGER,
            band TEXT NOT NULL DEFAULT '',
            administered_on TEXT,
            administered_by TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT ''
        );

        CREATE TABLE agency (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            prefix TEXT NOT NULL,
            colour TEXT NOT NULL DEFAULT ''
        );

        CREATE TABLE practitioner (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            role TEXT NOT NULL DEFAULT '',
            agency_id INTEGER REFERENCES agency(id)
        );

        CREATE TABLE source_document (
            id INTEGER PRIMARY KEY,
            reference TEXT NOT NULL,
            agency_id INTEGER REFERENCES agency(id),
            title TEXT NOT NULL DEFAULT ''
        );

        CREATE TABLE import_batch (
            id INTEGER PRIMARY KEY,
            agency_id INTEGER NOT NULL REFERENCES agency(id),
            file_name TEXT NOT NULL,
            imported_at TEXT NOT NULL DEFAULT '',
            row_count INTEGER NOT NULL DEFAULT 0,
            mapping TEXT NOT NULL DEFAULT '{}'
        );

        CREATE TABLE import_mapping (
            id INTEGER PRIMARY KEY,
            agency_id INTEGER NOT NULL UNIQUE REFERENCES agency(id),
            mapping TEXT NOT NULL DEFAULT '{}'
        );

        CREATE TABLE chronology_entry (
            id INTEGER PRIMARY KEY,
            event_date TEXT NOT NULL,
            event_time TEXT NOT NULL DEFAULT '',
            sequence INTEGER NOT NULL DEFAULT 0,
            sort_key TEXT NOT NULL,
            agency_id INTEGER NOT NULL REFERENCES agency(id),
            category TEXT NOT NULL DEFAULT 'other',
            what_happened TEXT NOT NULL,
            action_taken TEXT NOT NULL DEFAULT '',
            outcome TEXT NOT NULL DEFAULT '',
            significance TEXT NOT NULL DEFAULT '',
            source_ref TEXT NOT NULL CHECK (length(trim(source_ref)) > 0),
            source_id INTEGER REFERENCES source_document(id),
            author TEXT NOT NULL DEFAULT '',
            entered_at TEXT NOT NULL DEFAULT '',
            key_event INTEGER NOT NULL DEFAULT 0,
            disputed INTEGER NOT NULL DEFAULT 0,
            import_batch_id INTEGER REFERENCES import_batch(id),
            original_row_ref TEXT NOT NULL DEFAULT '',
            duplicate_of INTEGER REFERENCES chronology_entry(id)
        );
        CREATE INDEX chronology_sort ON chronology_entry (sort_key, id);
        CREATE INDEX chronology_agency ON chronology_entry (agency_id, sort_key);

        CREATE TABLE entry_person (
            id INTEGER PRIMARY KEY,
            entry_id INTEGER NOT NULL REFERENCES chronology_entry(id),
            person_id INTEGER NOT NULL REFERENCES person(id),
            UNIQUE (entry_id, person_id)
        );
        CREATE INDEX entry_person_person ON entry_person (person_id, entry_id);

        -- The audit trail: every change, old -> new, hash-chained (each row hashes the previous).
        CREATE TABLE audit (
            seq INTEGER PRIMARY KEY,
            txn INTEGER NOT NULL,
            at TEXT NOT NULL,
            author TEXT NOT NULL,
            action TEXT NOT NULL,
            table_name TEXT NOT NULL,
            row_id INTEGER NOT NULL,
            op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
            old TEXT,
            new TEXT,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        );
        CREATE INDEX audit_txn ON audit (txn);
        """
    )


def upgrade_to_2(db: Connection) -> None:
    """Full-text search over what happened, kept in step with the entries by triggers."""
    run_script(db,
        """
        CREATE VIRTUAL TABLE chronology_fts USING fts5(
            what_happened, action_taken, outcome, significance, source_ref,
            content='chronology_entry', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
        );
        INSERT INTO chronology_fts(chronology_fts) VALUES ('rebuild');
        CREATE TRIGGER chronology_fts_ai AFTER INSERT ON chronology_entry BEGIN
            INSERT INTO chronology_fts(rowid, what_happened, action_taken, outcome, significance,
                                       source_ref)
            VALUES (new.id, new.what_happened, new.action_taken, new.outcome, new.significance,
                    new.source_ref);
        END;
        CREATE TRIGGER chronology_fts_ad AFTER DELETE ON chronology_entry BEGIN
            INSERT INTO chronology_fts(chronology_fts, rowid, what_happened, action_taken, outcome,
                                       significance, source_ref)
            VALUES ('delete', old.id, old.what_happened, old.action_taken, old.outcome,
                    old.significance, old.source_ref);
        END;
        CREATE TRIGGER chronology_fts_au AFTER UPDATE ON chronology_entry BEGIN
            INSERT INTO chronology_fts(chronology_fts, rowid, what_happened, action_taken, outcome,
                                       significance, source_ref)
            VALUES ('delete', old.id, old.what_happened, old.action_taken, old.outcome,
                    old.significance, old.source_ref);
            INSERT INTO chronology_fts(rowid, what_happened, action_taken, outcome, significance,
                                       source_ref)
            VALUES (new.id, new.what_happened, new.action_taken, new.outcome, new.significance,
                    new.source_ref);
        END;
        """
    )


def upgrade_to_3(db: Connection) -> None:
    """Index the chronology's self- and batch references.

    With foreign keys on, deleting an entry makes SQLite look for entries whose duplicate_of
    points at it; without an index that is a full scan per delete, so undoing a 20,000-row
    import took ~20 s (2 s with these indexes).
    """
    run_script(db,
        """
        CREATE INDEX chronology_duplicate_of ON chronology_entry (duplicate_of);
        CREATE INDEX chronology_import_batch ON chronology_entry (import_batch_id);
        """
    )


def upgrade_to_4(db: Connection) -> None:
    """An event date's certainty, and the date the agency recorded the event.

    event_date keeps what it always held (the date, with '~' when approximate), so nothing in an
    older file changes meaning: every existing entry is "on" its date and sorts as before.
    date_qualifier says whether event_date is the day itself or the bound of "before" / "after"
    / "between event_date and date_until"; recorded_on is when the agency wrote it down.
    """
    run_script(db,
        """
        ALTER TABLE chronology_entry ADD COLUMN date_qualifier TEXT NOT NULL DEFAULT 'on'
            CHECK (date_qualifier IN ('on', 'before', 'after', 'between'));
        ALTER TABLE chronology_entry ADD COLUMN date_until TEXT
            CHECK ((date_until IS NULL) = (date_qualifier <> 'between'));
        ALTER TABLE chronology_entry ADD COLUMN recorded_on TEXT;
        """
    )


def upgrade_to_5(db: Connection) -> None:
    """Disputed facts: who disputes an entry and their version, one row per party.

    chronology_entry.disputed stays the flag the "disputed" filter uses (an import may only say
    "disputed: yes"); these rows say by whom and what they say instead.
    """
    run_script(db,
        """
        CREATE TABLE entry_dispute (
            id INTEGER PRIMARY KEY,
            entry_id INTEGER NOT NULL REFERENCES chronology_entry(id),
            party TEXT NOT NULL
                CHECK (party IN ('mother', 'father', 'named_man', 'local_authority', 'other')),
            person_id INTEGER REFERENCES person(id),
            party_name TEXT NOT NULL DEFAULT '',
            version TEXT NOT NULL DEFAULT '',
            CHECK (party <> 'named_man' OR person_id IS NOT NULL),
            CHECK (party <> 'other' OR length(trim(party_name)) > 0)
        );
        CREATE INDEX entry_dispute_entry ON entry_dispute (entry_id);
        CREATE INDEX entry_dispute_person ON entry_dispute (person_id);
        CREATE INDEX chronology_disputed ON chronology_entry (disputed, sort_key);
        """
    )


def upgrade_to_6(db: Connection) -> None:
    """Several sourced statements per answer of a man's record.

    Until now a field held one answer with one provenance, so the GP's verified record of daily
    cannabis use and his own "only at weekends" could not both be kept, and a conflict between
    sources was invisible. Each carer_fact row is now one *statement* about one field, with its
    own value, status, source, date and basis; `position` orders a field's statements. SQLite
    cannot drop the old UNIQUE (person_id, field_key), so the table is rebuilt: every existing
    answer becomes its field's first statement (position 0) with the same id, so the audit
    trail's row ids still name the same facts.
    """
    run_script(db,
        """
        CREATE TABLE carer_fact_v6 (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES person(id),
            field_key TEXT NOT NULL,
            position INTEGER NOT NULL DEFAULT 0 CHECK (position >= 0),
            value TEXT,
            status TEXT NOT NULL DEFAULT 'answered'
                CHECK (status IN ('answered', 'not_known', 'not_asked')),
            source TEXT NOT NULL DEFAULT '',
            learned_on TEXT,
            basis TEXT CHECK (basis IN ('self_reported', 'reported_by_other', 'verified_record')),
            recorded_at TEXT NOT NULL DEFAULT '',
            recorded_by TEXT NOT NULL DEFAULT '',
            UNIQUE (person_id, field_key, position)
        );
        INSERT INTO carer_fact_v6 (id, person_id, field_key, position, value, status, source,
                                   learned_on, basis, recorded_at, recorded_by)
            SELECT id, person_id, field_key, 0, value, status, source, learned_on, basis,
                   recorded_at, recorded_by
            FROM carer_fact;
        DROP TABLE carer_fact;
        ALTER TABLE carer_fact_v6 RENAME TO carer_fact;
        """
    )


def upgrade_to_7(db: Connection) -> None:
    """Every export kept by name: what was written, where, how, by whom.

    The file leaves the encrypted case, so the case must say where each copy went; the row is
    committed before the file is renamed into place (app/operations/export.py).
    """
    run_script(db,
        """
        CREATE TABLE export_record (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            path TEXT NOT NULL,
            format TEXT NOT NULL,
            style TEXT NOT NULL,
            anonymised INTEGER NOT NULL DEFAULT 0,
            password_protected INTEGER NOT NULL DEFAULT 0,
            marking TEXT NOT NULL DEFAULT '',
            options TEXT NOT NULL DEFAULT '{}',
            author TEXT NOT NULL DEFAULT ''
        );
        """
    )


def upgrade_to_8(db: Connection) -> None:
    """Information requests about each man, the bases for sharing, and agency returns.

    The bases for sharing are an editable list kept in the case; the defaults are seeded here
    (not by a user action) so an existing case offers them too, exactly as a new one does.
    """
    run_script(db,
        """
        CREATE TABLE information_request (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES person(id),
            agency_id INTEGER NOT NULL REFERENCES agency(id),
            kind TEXT NOT NULL DEFAULT 'other',
            prompts TEXT NOT NULL DEFAULT '[]',
            questions TEXT NOT NULL DEFAULT '[]',
            include_people TEXT NOT NULL DEFAULT '[]',
            basis TEXT NOT NULL DEFAULT '',
            basis_detail TEXT NOT NULL DEFAULT '',
            nhs_number TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN
                ('draft', 'sent', 'chased', 'answered', 'nothing_held', 'refused', 'withdrawn')),
            sent_how TEXT NOT NULL DEFAULT '',
            sent_on TEXT,
            due_on TEXT,
            answered_on TEXT,
            answer_summary TEXT NOT NULL DEFAULT '',
            facts_written TEXT NOT NULL DEFAULT '[]',
            letter_written_on TEXT,
            letter_file TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL DEFAULT '',
            created_by TEXT NOT NULL DEFAULT '',
            CHECK (due_on IS NULL OR sent_on IS NULL OR due_on >= sent_on)
        );
        CREATE INDEX information_request_person ON information_request (person_id);

        CREATE TABLE request_chase (
            id INTEGER PRIMARY KEY,
            request_id INTEGER NOT NULL REFERENCES information_request(id),
            chased_on TEXT NOT NULL,
            how TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX request_chase_request ON request_chase (request_id);

        CREATE TABLE sharing_basis (
            id INTEGER PRIMARY KEY,
            label TEXT NOT NULL UNIQUE,
            needs_detail INTEGER NOT NULL DEFAULT 0,
            detail_prompt TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL DEFAULT 0,
            archived INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE agency_return (
            id INTEGER PRIMARY KEY,
            agency_id INTEGER NOT NULL REFERENCES agency(id),
            requested_on TEXT,
            due_on TEXT,
            period_from TEXT,
            period_to TEXT,
            template_file TEXT NOT NULL DEFAULT '',
            token TEXT NOT NULL DEFAULT '',
            received_on TEXT,
            batch_id INTEGER REFERENCES import_batch(id),
            row_count INTEGER NOT NULL DEFAULT 0,
            corrections INTEGER NOT NULL DEFAULT 0,
            notes TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX agency_return_batch ON agency_return (batch_id);
        """
    )
    # Kept here rather than imported from forms/: storage may not import forms, and a migration
    # must seed the same rows forever, whatever later versions offer as defaults.
    seed = (
        ("Consent given", 0, ""),
        ("Consent refused", 1, "Why consent was refused, and why information is sought without it"),
        ("Section 47 Children Act 1989 (child protection enquiry)", 0, ""),
        ("Section 17 Children Act 1989 (child in need)", 0, ""),
        ("Other", 1, "The lawful basis relied on"),
    )
    for position, (label, needs_detail, prompt) in enumerate(seed, start=1):
        db.execute(
            "INSERT INTO sharing_basis (label, needs_detail, detail_prompt, position)"
            " VALUES (?, ?, ?, ?)",
            (label, needs_detail, prompt, position),
        )


def upgrade_to_9(db: Connection) -> None:
    """The court chronology (PD12A) builder: when proceedings were issued, and per entry the
    practitioner's choice to pin it in or leave it out (NULL: follow the two-year rule)."""
    run_script(db,
        """
        CREATE TABLE proceedings (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            issued_on TEXT
        );
        ALTER TABLE chronology_entry ADD COLUMN court_choice TEXT
            CHECK (court_choice IN ('include', 'exclude'));
        """
    )


def upgrade_to_10(db: Connection) -> None:
    """The author's anonymisation decisions: one per candidate, by its folded text."""
    run_script(db,
        """
        CREATE TABLE anonymisation_decision (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            decision TEXT NOT NULL CHECK (decision IN ('same_as', 'pseudonym', 'remove', 'keep')),
            label TEXT NOT NULL DEFAULT '',
            person_id INTEGER REFERENCES person(id),
            text TEXT NOT NULL DEFAULT '',
            decided_by TEXT NOT NULL DEFAULT '',
            decided_at TEXT NOT NULL DEFAULT '',
            CHECK (decision <> 'same_as' OR person_id IS NOT NULL),
            CHECK (decision <> 'pseudonym' OR label <> '')
        );
        """
    )


def upgrade_to_11(db: Connection) -> None:
    """Drafts: answers typed into a form and not yet applied (storage/drafts.py).

    One draft per form and subject, replaced each time the form pauses. Inside the encrypted
    file like everything else, so a lock, a crash or a switch of case loses no typing and leaks
    none of it; written outside the audit trail (storage/drafts_store.py says why).
    """
    run_script(db,
        """
        CREATE TABLE draft (
            id INTEGER PRIMARY KEY,
            form TEXT NOT NULL,
            subject TEXT NOT NULL,
            label TEXT NOT NULL DEFAULT '',
            state TEXT NOT NULL DEFAULT '{}',
            saved_at TEXT NOT NULL,
            author TEXT NOT NULL DEFAULT '',
            UNIQUE (form, subject)
        );
        """
    )


UPGRADES: list[Callable[[Connection], None]] = [
    upgrade_to_1,
    upgrade_to_2,
    upgrade_to_3,
    upgrade_to_4,
    upgrade_to_5,
    upgrade_to_6,
    upgrade_to_7,
    upgrade_to_8,
    upgrade_to_9,
    upgrade_to_10,
    upgrade_to_11,
]
LATEST_VERSION = len(UPGRADES)


def run_script(db: Connection, script: str) -> None:
    """Run statements one by one: executescript() would COMMIT our exclusive transaction."""
    import sqlcipher3

    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlcipher3.complete_statement(pending):
            if pending.strip():
                db.execute(pending)
            pending = ""
    if pending.strip():
        raise ValueError(f"Incomplete SQL statement in schema script: {pending[:60]!r}")


def schema_version(db: Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def upgrade(db: Connection, target: int = LATEST_VERSION) -> int:
    """Bring the file to `target` in one exclusive transaction; returns the version found."""
    found = schema_version(db)
    if found > LATEST_VERSION:
        raise SchemaTooNew(
            f"This case file was written by a newer version of Visible (schema {found}; this "
            f"version reads up to {LATEST_VERSION}). Update Visible to open it."
        )
    if found >= target:
        return found
    db.execute("BEGIN EXCLUSIVE")
    try:
        for version in range(found + 1, target + 1):
            UPGRADES[version - 1](db)
            db.execute(f"PRAGMA user_version = {version}")
        db.execute("COMMIT")
    except BaseException:
        # On a full disk SQLite has already rolled back; a second ROLLBACK would fail and hide
        # the real error.
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    return found
