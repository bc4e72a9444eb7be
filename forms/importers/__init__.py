"""Importing agency chronology returns: read a table (CSV, .docx, .xlsx), map its columns,
preview every row's parsed result and problems, then write it as one undoable transaction."""
