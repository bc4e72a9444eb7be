"""Word and PDF exports: court (PLO) and review (LCSPR) chronologies, anonymised, protected.

Flow (exports/service.py): case -> CaseSnapshot (case_data) -> Document model (court / review,
with family and male_carers sections) -> Anonymiser.apply when publishing -> a DocumentWriter
(docx_writer, pdf_writer) -> output.write_document: temporary file, leak scan of the written
bytes (file_text), password protection, atomic rename -> audit record.

No Qt here except exports/genogram_picture.py (owned by the genogram work), imported lazily.
"""
