"""The chronology GUI: paged table view, entry editor, import dialog, each man\x27s lens."""
