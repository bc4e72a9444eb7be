"""Tagged PDF (PDF/UA-1) for the PDF writer: the structure tree, written after reportlab.

The writer marks content while it draws (`/P <</MCID 3>> BDC … EMC` around each piece of real
content, `/Artifact BMC … EMC` around page furniture, grid lines and repeated table headers) and
records here, compactly, which structure element each marked piece belongs to. The structure
tree itself is not given to reportlab: a 20,000-entry chronology has ~200,000 structure
elements, and reportlab's object registry costs ~0.5 kB per indirect object, which alone would
break the 200 MB target. Instead the tree is serialised by this module straight to the output
as a standard incremental update (ISO 32000-1 §7.5.6) after reportlab's own file: the new
objects, a StructTreeRoot that replaces the placeholder reportlab reserved in the catalog, and
an xref section pointing back at reportlab's. Elements are held as parallel arrays (tag,
parent) plus a log of (element, page, MCID) triples, ~20 bytes per element.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO
from xml.sax.saxutils import escape

LANGUAGE = "en-GB"
ARTIFACT = -1


def pdf_text_string(text: str) -> str:
    """A PDF text string in UTF-16BE with its byte-order mark, hex-encoded (any script)."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


@dataclass(slots=True)
class StructTree:
    """The logical structure, in reading order: elements are added in the order read."""

    tags: list[str] = field(default_factory=list)
    parents: array = field(default_factory=lambda: array("i"))
    # Sparse extra dictionary entries (already PDF syntax): /Alt, /A (table scope), /T, ...
    extra: dict[int, str] = field(default_factory=dict)
    # Marked-content references, in drawing order.
    mcr_elem: array = field(default_factory=lambda: array("i"))
    mcr_page: array = field(default_factory=lambda: array("i"))
    mcr_mcid: array = field(default_factory=lambda: array("i"))
    # Link annotations: (element, page index, reportlab annotation name), keyed in order.
    links: list[tuple[int, int, str]] = field(default_factory=list)

    def add(self, tag: str, parent: int, extra: str = "") -> int:
        self.tags.append(tag)
        self.parents.append(parent)
        index = len(self.tags) - 1
        if extra:
            self.extra[index] = extra
        return index

    def mark(self, elem: int, page: int, mcid: int) -> None:
        self.mcr_elem.append(elem)
        self.mcr_page.append(page)
        self.mcr_mcid.append(mcid)

    def counts(self) -> Iterator[tuple[str, int]]:
        seen: dict[str, int] = {}
        for tag in self.tags:
            seen[tag] = seen.get(tag, 0) + 1
        yield from sorted(seen.items())


class PageMarker:
    """Opens and closes marked-content sequences in one content stream of one page.

    Consecutive drawing operations of the same element share one sequence (a paragraph's lines
    are one MCID, not one per line), which keeps the stream and the parent tree small.
    """

    __slots__ = ("tree", "page", "counter", "current", "code")

    def __init__(self, tree: StructTree, page: int, counter: list[int], code: list[str]) -> None:
        self.tree, self.page, self.counter, self.code = tree, page, counter, code
        self.current: int | None = None

    def to(self, elem: int, artifact: str = "") -> None:
        if elem == self.current and elem != ARTIFACT:
            return
        self.close()
        if elem == ARTIFACT:
            self.code.append(f"/Artifact {artifact} BDC" if artifact else "/Artifact BMC")
        else:
            mcid = self.counter[0]
            self.counter[0] = mcid + 1
            self.code.append(f"/{self.tree.tags[elem]} <</MCID {mcid}>> BDC")
            self.tree.mark(elem, self.page, mcid)
        self.current = elem

    def close(self) -> None:
        if self.current is not None:
            self.code.append("EMC")
            self.current = None


def xmp_packet(title: str, language: str = LANGUAGE) -> bytes:
    """XMP with the title (shown as the window title) and the PDF/UA-1 identifier."""
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>
   <dc:language><rdf:Bag><rdf:li>{language}</rdf:li></rdf:Bag></dc:language>
   <dc:format>application/pdf</dc:format>
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()


def prepare_catalog(canvas, title: str, zoom_page_one: bool = True) -> object:  # noqa: ANN001
    """Catalog entries a tagged, accessible PDF needs; returns the structure-root placeholder."""
    from reportlab.pdfbase.pdfdoc import (
        PDFArray,
        PDFDictionary,
        PDFName,
        PDFObject,
        PDFObjectReference,
        PDFStream,
        PDFString,
    )

    class StructTreeRootPlaceholder(PDFObject):
        """Reserves an object number in the catalog; the update redefines that object."""

        __RefOnly__ = 1

        def format(self, document) -> bytes:  # noqa: ANN001 - reportlab's document
            return b"<< /Type /StructTreeRoot >>"

    placeholder = StructTreeRootPlaceholder()
    catalog = canvas._doc.Catalog
    catalog.StructTreeRoot = placeholder
    catalog.MarkInfo = PDFDictionary({"Marked": "true"})
    catalog.Lang = PDFString(LANGUAGE)
    canvas.setViewerPreference("DisplayDocTitle", "true")
    metadata = PDFStream(PDFDictionary({"Type": PDFName("Metadata"),
                                        "Subtype": PDFName("XML")}),
                         content=xmp_packet(title), filters=[])
    catalog.Metadata = metadata
    # Page labels equal to the physical page numbers, which are also the printed ones.
    canvas.addPageLabel(0, style="ARABIC", start=1)
    if zoom_page_one:
        # Open at the top of page 1 at 100% (e-bundle guidance), not "fit page".
        catalog.OpenAction = PDFArray([PDFObjectReference("Page1"), PDFName("XYZ"), "null",
                                       "null", 1])
    return placeholder


def finish_page(canvas, page_index: int, has_links: bool) -> None:  # noqa: ANN001
    """The page just shown: its key in the parent tree, and tab order by structure."""
    from reportlab.pdfbase.pdfdoc import PDFName, PDFPage

    page = canvas._doc.Pages.pages[-1]
    page.__NoDefault__ = [*PDFPage.__NoDefault__, "StructParents", "Tabs"]
    page.StructParents = page_index
    page.Tabs = PDFName("S") if has_links else None


def add_link(canvas, tree: StructTree, elem: int, page_index: int, struct_parent: int,  # noqa: ANN001
             rect: tuple[float, float, float, float], destination: str, contents: str) -> None:
    """A link annotation tied to its Link element through /StructParent (PDF/UA 7.18.5)."""
    from reportlab.pdfbase.pdfdoc import LinkAnnotation

    class TaggedLink(LinkAnnotation):
        permitted = (*LinkAnnotation.permitted, "StructParent")

        def Dict(self):  # noqa: N802, ANN202 - reportlab's method name
            self.otherkw["StructParent"] = struct_parent
            self.otherkw["F"] = 4  # printable, like the text it covers
            return super().Dict()

    name = f"link{len(tree.links)}"
    tree.links.append((elem, page_index, name))
    canvas._addAnnotation(TaggedLink(Rect=rect, Contents=contents, Border="[0 0 0]",
                                     Destination=canvas._bookmarkReference(destination)), name)


def object_numbers(canvas, placeholder: object) -> tuple[int, list[int], dict[str, int]]:  # noqa: ANN001
    """After reportlab formatted the file: the placeholder's, pages' and links' numbers."""
    doc = canvas._doc
    numbers = doc.idToObjectNumberAndVersion
    root = next(numbers[name][0] for name, obj in doc.idToObject.items() if obj is placeholder)
    pages = [numbers[f"Page{i}"][0] for i in range(1, len(doc.Pages.pages) + 1)]
    annots = {name[len("Annot."):]: n for name, (n, _) in numbers.items()
              if name.startswith("Annot.")}
    return root, pages, annots


_TRAILER = re.compile(rb"trailer\s*<<(.*?)>>\s*startxref\s*(\d+)", re.DOTALL)
_KEEP = re.compile(rb"/(Root|Info)\s+\d+\s+0\s+R|/ID\s*\[[^\]]*\]")


def _grouped(keys: array, groups: int) -> tuple[array, array]:
    """Counting sort of positions by key, stable: (order, start of each group in order).

    Arrays of 4-byte ints rather than sorted() lists: at 20,000 entries this is the
    difference between ~1 MB and ~12 MB while the structure tree is written.
    """
    start = array("i", bytes(4 * (groups + 1)))
    for key in keys:
        start[key + 1] += 1
    for i in range(groups):
        start[i + 1] += start[i]
    fill = array("i", start)
    order = array("i", bytes(4 * len(keys)))
    for position, key in enumerate(keys):
        order[fill[key]] = position
        fill[key] += 1
    return order, start


class _Output:
    """Writes objects to the file in ~1 MB chunks and remembers where each one starts."""

    def __init__(self, out: IO[bytes], position: int) -> None:
        self.out, self.position = out, position
        self.chunk: list[bytes] = []
        self.size = 0

    def write(self, text: str) -> None:
        raw = text.encode("latin-1")  # PDF syntax only: text strings are hex-encoded
        self.chunk.append(raw)
        self.position += len(raw)
        self.size += len(raw)
        if self.size > 1 << 20:
            self.flush()

    def flush(self) -> None:
        self.out.write(b"".join(self.chunk))
        self.chunk.clear()
        self.size = 0


def write_update(tail: bytes, position: int, out: IO[bytes], tree: StructTree,
                 root_number: int, page_numbers: list[int],
                 annot_numbers: dict[str, int]) -> None:
    """Append the structure tree as an incremental update to reportlab's file.

    reportlab's file (position bytes, ending with tail) is already in out: the caller drops
    its copy before this runs, so the two never take memory at the same time.
    """
    match = list(_TRAILER.finditer(tail))[-1]
    trailer, previous_xref = match.group(1), int(match.group(2))
    size = int(re.search(rb"/Size\s+(\d+)", trailer).group(1))  # type: ignore[union-attr]
    keep = b" ".join(m.group(0) for m in _KEEP.finditer(trailer))
    if not tail.endswith(b"\n"):
        out.write(b"\n")
        position += 1

    n = len(tree.tags)
    base = size  # new objects are numbered after reportlab's
    parent_tree_number = base + n
    offsets = array("q")
    output = _Output(out, position)

    # Children of each element and marked content of each element, in reading order.
    parents = tree.parents
    child_order, child_start = _grouped(array("i", [0]) + parents[1:], n)
    mcr_order, mcr_start = _grouped(tree.mcr_elem, n)
    links_of: dict[int, list[tuple[int, str]]] = {}
    for elem, page, name in tree.links:
        links_of.setdefault(elem, []).append((page, name))

    tags, extra = tree.tags, tree.extra
    mcr_page, mcr_mcid = tree.mcr_page, tree.mcr_mcid
    for i in range(n):
        parent = root_number if i == 0 else base + parents[i]
        # Element 0 (Document) is its own "parent" in the shifted key array: skip it.
        kids = [f"{base + c} 0 R" for c in child_order[child_start[i]:child_start[i + 1]]
                if c != 0]
        page_entry = ""
        refs = mcr_order[mcr_start[i]:mcr_start[i + 1]]
        if refs:
            first_page = mcr_page[refs[0]]
            page_entry = f"/Pg {page_numbers[first_page]} 0 R"
            for r in refs:
                if mcr_page[r] == first_page:
                    kids.append(str(mcr_mcid[r]))
                else:
                    kids.append(f"<</Type/MCR/Pg {page_numbers[mcr_page[r]]} 0 R"
                                f"/MCID {mcr_mcid[r]}>>")
        for page, name in links_of.get(i, ()):
            kids.append(f"<</Type/OBJR/Obj {annot_numbers[name]} 0 R"
                        f"/Pg {page_numbers[page]} 0 R>>")
        offsets.append(output.position)
        # /Type is optional for structure elements (ISO 32000-1, table 323): left out.
        output.write(f"{base + i} 0 obj\n<</S/{tags[i]}/P {parent} 0 R"
                     f"{page_entry}{extra.get(i, '')}/K [{' '.join(kids)}]>>\nendobj\n")

    # Parent tree: for each page, the element of each MCID; then each link annotation. MCIDs
    # were numbered 0, 1, 2... on each page in drawing order, which is the log's order.
    page_count = len(page_numbers)
    offsets.append(output.position)
    output.write(f"{parent_tree_number} 0 obj\n<</Nums [")
    elems = tree.mcr_elem
    position_in_log = 0
    for page in range(page_count):
        first = position_in_log
        while position_in_log < len(elems) and mcr_page[position_in_log] == page:
            position_in_log += 1
        refs_on_page = " ".join(f"{base + e} 0 R" for e in elems[first:position_in_log])
        output.write(f"{page} [{refs_on_page}]\n")
    for key, (elem, _page, _name) in enumerate(tree.links):
        output.write(f"{page_count + key} {base + elem} 0 R\n")
    output.write("]>>\nendobj\n")
    # The real structure root, under the number reportlab reserved for the placeholder.
    root_offset = output.position
    output.write(f"{root_number} 0 obj\n<</Type/StructTreeRoot/K [{base} 0 R]"
                 f"/ParentTree {parent_tree_number} 0 R"
                 f"/ParentTreeNextKey {page_count + len(tree.links)}>>\nendobj\n")

    xref_offset = output.position
    output.write(f"xref\n{root_number} 1\n{root_offset:010d} 00000 n \n{base} {n + 1}\n")
    for offset in offsets:
        output.write(f"{offset:010d} 00000 n \n")
    output.flush()
    out.write(b"trailer\n<< /Size " + str(base + n + 1).encode() + b" " + keep
              + b" /Prev " + str(previous_xref).encode() + b" >>\nstartxref\n"
              + str(xref_offset).encode() + b"\n%%EOF\n")
