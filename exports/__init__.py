"""Documents built from the domain: court (PLO / PD12A) and review (LCSPR) chronologies.

Flow (the export job, app/operations/export.py): case -> CaseSnapshot (storage/snapshot.py)
-> a Document model built by the chosen style (exports/styles/: court, review; family and
male-carer sections) -> Anonymiser.apply when publishing -> a writer (docx_writer,
pdf_writer) -> output.write_document: temporary file, leak scan of the written bytes
(file_text), password protection -> audit record -> rename into place.

No Qt here except the one genogram painter, which the job receives as a function.
"""
