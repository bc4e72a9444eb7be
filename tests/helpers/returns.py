"""Agency returns made byte by byte for the import tests and benchmarks: ordinary ones, damaged
ones and hostile ones (small files that would need gigabytes or minutes if read naively).

Written with zipfile directly (not python-docx/openpyxl) so a test can put exactly the bytes
it means into each part, including what no office program would write.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
S_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _zip(path: Path, parts: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def docx_parts(document_xml: str | bytes) -> dict[str, bytes | str]:
    return {
        "[Content_Types].xml": (
            f'<?xml version="1.0"?><Types xmlns="{_CT}">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<?xml version="1.0"?><Relationships xmlns="{_REL}"><Relationship Id="rId1" '
            f'Type="{_OFFICE}/officeDocument" Target="word/document.xml"/></Relationships>'
        ),
        "word/document.xml": document_xml,
    }


def docx_table_xml(rows: list[list[str]], span: dict[tuple[int, int], str] | None = None) -> str:
    span = span or {}
    body = []
    for r, row in enumerate(rows):
        cells = []
        for c, text in enumerate(row):
            props = (f'<w:tcPr><w:gridSpan w:val="{span[(r, c)]}"/></w:tcPr>'
                     if (r, c) in span else "")
            cells.append(f"<w:tc>{props}<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>")
        body.append("<w:tr>" + "".join(cells) + "</w:tr>")
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>'
        f"<w:p><w:r><w:t>Police return</w:t></w:r></w:p><w:tbl>{''.join(body)}</w:tbl>"
        "</w:body></w:document>"
    )


def write_docx(path: Path, document_xml: str | bytes) -> Path:
    return _zip(path, docx_parts(document_xml))


def xlsx_parts(sheet_xml: str | bytes, shared: list[str] | None = None,
               extra: dict[str, bytes | str] | None = None) -> dict[str, bytes | str]:
    rels = (
        f'<Relationship Id="rId1" Type="{_OFFICE}/worksheet" Target="worksheets/sheet1.xml"/>'
    )
    overrides = ""
    parts: dict[str, bytes | str] = {}
    if shared is not None:
        rels += (f'<Relationship Id="rId2" Type="{_OFFICE}/sharedStrings" '
                 'Target="sharedStrings.xml"/>')
        items = "".join(f"<si><t>{s}</t></si>" for s in shared)
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{S_NS}">{items}</sst>'
    parts.update({
        "[Content_Types].xml": (
            f'<?xml version="1.0"?><Types xmlns="{_CT}"><Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            f'<Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>'
        ),
        "_rels/.rels": (
            f'<?xml version="1.0"?><Relationships xmlns="{_REL}"><Relationship Id="rId1" '
            f'Type="{_OFFICE}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0"?><workbook xmlns="{S_NS}" xmlns:r="{_OFFICE}"><sheets>'
            '<sheet name="Chronology" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0"?><Relationships xmlns="{_REL}">{rels}</Relationships>'
        ),
        "xl/worksheets/sheet1.xml": sheet_xml,
    })
    parts.update(extra or {})
    return parts


def sheet_xml(rows: str, dimension: str = "") -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{S_NS}">{dim}'
        f"<sheetData>{rows}</sheetData></worksheet>"
    )


def inline_row(number: int, values: list[str]) -> str:
    cells = "".join(
        f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{v}</t></is></c>'
        for i, v in enumerate(values)
    )
    return f'<row r="{number}">{cells}</row>'


def write_xlsx(path: Path, sheet: str | bytes, shared: list[str] | None = None,
               extra: dict[str, bytes | str] | None = None) -> Path:
    return _zip(path, xlsx_parts(sheet, shared, extra))


GOOD_ROWS = [["Date", "Event", "Source"], ["22/05/2026", "Seen at home.", "POL-1"],
             ["23/05/2026", "Phoned mother.", "POL-2"]]


def good_docx(path: Path) -> Path:
    return write_docx(path, docx_table_xml(GOOD_ROWS))


def good_xlsx(path: Path) -> Path:
    rows = "".join(inline_row(i + 1, r) for i, r in enumerate(GOOD_ROWS))
    return write_xlsx(path, sheet_xml(rows, "A1:C3"))


def _streamed(path: Path, name: str, head: bytes, repeat: bytes, count: int, tail: bytes,
              others: dict[str, bytes | str]) -> Path:
    """A zip whose part `name` is head + repeat*count + tail, written without building it."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for part, data in others.items():
            if part != name:
                z.writestr(part, data)
        with z.open(name, "w", force_zip64=True) as out:
            out.write(head)
            block = repeat * max(1, (1 << 20) // len(repeat))
            per_block = len(block) // len(repeat)
            left = count
            while left >= per_block:
                out.write(block)
                left -= per_block
            out.write(repeat * left)
            out.write(tail)
    return path


def hostile_files(folder: Path) -> dict[str, tuple[Path, str]]:
    """name -> (file, a phrase its one-line refusal must contain)."""
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, tuple[Path, str]] = {}
    # The four: a declared XFD1048576 sheet, a billion-column merge, a 300 MB cell
    # in a 340 KB Word file, and 20 million rows in a 7 MB workbook.
    files["xlsx declared A1:XFD1048576, one row at 1048576"] = (
        write_xlsx(folder / "dimension.xlsx",
                   sheet_xml('<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t>'
                             "</is></c></row>", "A1:XFD1048576")),
        "declares its size as A1:XFD1048576",
    )
    files["docx gridSpan 1,000,000,000"] = (
        write_docx(folder / "span.docx",
                   docx_table_xml([["Date", "Event"], ["22/05/2026", "x"]],
                                  {(1, 1): "1000000000"})),
        "span 1,000,000,000 columns",
    )
    cell_head = (f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body><w:tbl><w:tr>'
                 "<w:tc><w:p><w:r><w:t>Date</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p>"
                 ).encode()
    files["docx with a 300 MB cell"] = (
        _streamed(folder / "bigcell.docx", "word/document.xml", cell_head,
                  b"<w:r><w:t>" + b"A" * 1000 + b"</w:t></w:r>", 300_000,
                  b"</w:p></w:tc></w:tr></w:tbl></w:body></w:document>",
                  docx_parts("")),
        "characters",
    )
    files["xlsx with 20,000,000 rows"] = (
        _streamed(folder / "rows.xlsx", "xl/worksheets/sheet1.xml",
                  f'<?xml version="1.0"?><worksheet xmlns="{S_NS}"><sheetData>'.encode(),
                  b"<row/>", 20_000_000, b"</sheetData></worksheet>", xlsx_parts("")),
        "more than 250,000 rows",
    )
    # And ones like them.
    files["xlsx cell in column XFD, no dimension"] = (
        write_xlsx(folder / "column.xlsx",
                   sheet_xml('<row r="1"><c r="XFD1" t="inlineStr"><is><t>Date</t></is></c>'
                             "</row>")),
        "column 16,384",
    )
    files["xlsx shared strings unpacking to 200 MB"] = (
        _streamed(folder / "strings.xlsx", "xl/sharedStrings.xml",
                  f'<sst xmlns="{S_NS}">'.encode(), b"<si><t>" + b"B" * 1000 + b"</t></si>",
                  200_000, b"</sst>", xlsx_parts(sheet_xml(inline_row(1, ["Date"])), [])),
        "unpacks to",
    )
    laughs = ('<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">'
              + "".join(f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">'
                        for i in range(8))
              + f']><w:document xmlns:w="{W_NS}"><w:body><w:tbl><w:tr><w:tc><w:p><w:r>'
              "<w:t>&i;</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>")
    files["docx billion laughs"] = (write_docx(folder / "laughs.docx", laughs), "DTD")
    files["docx table of 1,000,000 rows"] = (
        _streamed(folder / "docrows.docx", "word/document.xml",
                  f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body><w:tbl>'.encode(),
                  b"<w:tr><w:tc><w:p/></w:tc></w:tr>", 1_000_000,
                  b"</w:tbl></w:body></w:document>", docx_parts("")),
        "more than 250,000 rows",
    )
    with (folder / "line.csv").open("wb") as out:
        out.write(b"Date,Event\n22/05/2026,")
        for _ in range(40):
            out.write(b"x" * (1 << 20))
    files["csv with a 40 MB line"] = (folder / "line.csv", "longer than 16 MB")
    with (folder / "rows.csv").open("wb") as out:
        out.write(b"Date,Event\n" + b"1,a\n" * 20_000_000)
    files["csv with 20,000,000 rows"] = (folder / "rows.csv", "more than 250,000 rows")
    (folder / "wide.csv").write_bytes(b"Date" + b",x" * 200_000 + b"\n")
    files["csv with 200,000 columns"] = (folder / "wide.csv", "columns")
    quoted = b'Date,Event\n22/05/2026,"' + b"y" * (200 * 1024) + b'"\n'
    (folder / "cell.csv").write_bytes(quoted)
    files["csv with a 200 KB cell"] = (folder / "cell.csv", "at most 131,072")
    return files
