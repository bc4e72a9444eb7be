"""The partnership report: practice summaries of any number of cases, aggregated.

For the safeguarding partnership (§17.1): each measure of forms/practice.py as a percentage with
its counts ("31 of 45 men; 4 not recorded"), the §12.4 figures beside the two measures the
review gives them for, a bar chart per group of measures (vector in the PDF, a picture in Word,
each with alt text and its data table), the same measures by local authority and by role, and a
CSV of every figure for the partnership's own analysis.

Reading summaries: a summary from a newer version of Visible is refused with a clear line
(counting it wrongly would be worse than not counting it); a malformed one is named and stops
the report, or is skipped and named when --skip-invalid is given.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from exports.document import (
    Column,
    Document,
    Drawing,
    Figure,
    Heading,
    Label,
    Line,
    Paragraph,
    Rect,
    Row,
    Section,
    Table,
    TitlePage,
)
from exports.errors import ExportError
from forms.practice import (
    GROUPS,
    MEASURES,
    Aggregate,
    Measure,
    SummaryProblem,
    SummaryTooNew,
    Tally,
    aggregate,
    role_label,
    validate_summary,
)

REPORT_FORMATS = ("pdf", "docx", "csv")
BAR = "0072B2"  # Okabe–Ito blue: distinguishable in every common colour-vision deficiency
BENCHMARK = "D55E00"  # Okabe–Ito vermilion
GRID = "BBBBBB"


class ReportInputError(ExportError):
    """A summary could not be read; the message names the file."""


@dataclass(slots=True)
class Loaded:
    summaries: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file name, why)


def summary_files(inputs: Sequence[str | os.PathLike[str]]) -> list[Path]:
    """Files given, or every *.json in a folder given (sorted, so reports are reproducible)."""
    files: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix.lower() == ".json"))
        elif path.exists():
            files.append(path)
        else:
            raise ReportInputError(f"There is no summary file or folder at {path}.")
    if not files:
        raise ReportInputError("No practice summaries were found (give .json files or a folder "
                               "of them).")
    return files


def load_summaries(files: Iterable[Path], skip_invalid: bool = False) -> Loaded:
    out = Loaded()
    for path in files:
        try:
            data = json.loads(path.read_bytes())
            out.summaries.append(validate_summary(data))
        except SummaryTooNew as exc:
            raise ReportInputError(f"{path.name}: {exc}.") from None
        except (SummaryProblem, ValueError, UnicodeDecodeError) as exc:
            why = str(exc) if isinstance(exc, SummaryProblem) else "not valid JSON"
            if not skip_invalid:
                raise ReportInputError(
                    f"{path.name} is not a usable practice summary ({why}); fix or remove it, "
                    "or give --skip-invalid to leave it out.") from None
            out.skipped.append((path.name, why))
        except OSError as exc:
            raise ReportInputError(f"Could not read {path.name}: {exc.strerror or exc}.") from None
    if not out.summaries:
        raise ReportInputError("None of the summaries could be used; nothing to report.")
    return out


# Numbers in words -------------------------------------------------------------------------
def percent_text(t: Tally) -> str:
    return "—" if t.percent is None else f"{t.percent:.0f}%"


def count_text(t: Tally, unit: str) -> str:
    text = f"{t.yes} of {t.denominator} {unit}" if t.denominator else f"no {unit} counted"
    if t.unrecorded:
        text += f"; {t.unrecorded} not recorded"
    return text


def _unit(measure: Measure) -> str:
    return "roles" if measure.per == "role" else "men"


def benchmark_text(measure: Measure) -> str:
    return measure.benchmark_note if measure.benchmark is not None else ""


# Charts -------------------------------------------------------------------------------------
def bar_chart(title: str, measures: Sequence[Measure], agg: Aggregate) -> Figure:
    """One horizontal bar per measure (0–100%), the §12.4 figure as a dashed mark where given."""
    # The figures sit in their own column right of 100%, so a bar ending near the §12.4 mark
    # never has its number struck through by the mark.
    label_w, bar_x, bar_w, row_h, top = 58.0, 60.0, 72.0, 8.0, 5.0
    value_x = bar_x + bar_w + 3.0
    height = top + row_h * len(measures) + 7.0
    shapes: list[Any] = []
    for pct in (0, 25, 50, 75, 100):
        x = bar_x + bar_w * pct / 100
        shapes.append(Line(x, top - 1, x, top + row_h * len(measures), colour=GRID,
                           width_pt=0.4))
        shapes.append(Label(x, height - 2, f"{pct}%", size_pt=6.5, colour="444444",
                            anchor="middle"))
    alt: list[str] = []
    for i, m in enumerate(measures):
        t = agg.tally("all", "", m.key)
        y = top + i * row_h
        shapes.append(Label(label_w, y + row_h / 2 + 1.2, _short(m.label), size_pt=7,
                            anchor="end"))
        if t.percent is not None:
            w = bar_w * t.percent / 100
            if w > 0:
                shapes.append(Rect(bar_x, y + 1.5, w, row_h - 3, fill=BAR, stroke=None))
            shapes.append(Label(value_x, y + row_h / 2 + 1.2,
                                f"{t.percent:.0f}% ({t.yes} of {t.denominator})", size_pt=6.5))
        else:
            shapes.append(Label(value_x, y + row_h / 2 + 1.2, "none counted", size_pt=6.5,
                                colour="444444"))
        if m.benchmark is not None:
            x = bar_x + bar_w * m.benchmark / 100
            shapes.append(Line(x, y + 0.5, x, y + row_h - 0.5, colour=BENCHMARK, width_pt=1.6,
                               dashed=True))
            shapes.append(Label(x, y + 0.6, f"§12.4: {m.benchmark:.0f}%", size_pt=6,
                                colour=BENCHMARK, anchor="middle"))
        alt.append(f"{m.label}: {percent_text(t)}"
                   + (f" (§12.4: {m.benchmark:.0f}%)" if m.benchmark is not None else ""))
    drawing = Drawing(160.0, height, shapes)
    from exports.drawing_png import drawing_png

    data = Table([Column("Measure", 2.4), Column("Per cent", 0.7), Column("Counted", 1.7),
                  Column("§12.4 figure for comparison", 2.0)],
                 [Row([m.label, percent_text(agg.tally("all", "", m.key)),
                       count_text(agg.tally("all", "", m.key), _unit(m)), benchmark_text(m)])
                  for m in measures],
                 caption=f"{title}: all cases")
    return Figure(png=drawing_png(drawing), caption=f"Chart: {title} (per cent; dashed: the "
                  "§12.4 figure)" if any(m.benchmark is not None for m in measures)
                  else f"Chart: {title} (per cent)", width_mm=160.0,
                  height_mm=height, alt_text=f"Bar chart, {title}. " + "; ".join(alt) + ".",
                  drawing=drawing, data=data)


def _short(label: str, limit: int = 44) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


# The document --------------------------------------------------------------------------------
HEADLINE = {  # the breakdown tables' columns, in short words that fit a column heading
    "man_identified": "Man identified",
    "contacted": "Contacted (§12.4: 68%)",
    "seen": "Seen",
    "cp_invited": "Invited to CP conference (§12.4: 55%)",
    "gp_sought": "GP asked",
    "record_complete": "Record complete",
}


def _breakdown(agg: Aggregate, scope: str, values: list[str], label: Any,
               caption: str) -> Table:
    by_key = {m.key: m for m in MEASURES}
    columns = [Column(caption.split(" by ")[-1].capitalize(), 1.6)] + [
        Column(title, 1.0) for title in HEADLINE.values()]
    rows = []
    for value in values:
        cells = [label(value)]
        for key in HEADLINE:
            m = by_key[key]
            t = agg.tally(scope, value, m.key)
            cells.append(f"{percent_text(t)} ({t.yes}/{t.denominator})" if t.denominator
                         else "—")
        rows.append(Row(cells))
    return Table(columns, rows, caption=caption)


def build_report(loaded: Loaded, agg: Aggregate | None = None,
                 today: dt.date | None = None) -> Document:
    agg = agg or aggregate(loaded.summaries)
    today = today or dt.date.today()
    first, last = agg.periods
    details = [
        ("Cases", str(agg.cases)),
        ("Men", str(agg.men)),
        ("Male-carer roles", str(agg.roles)),
        ("Local authorities", str(len(agg.local_authorities))),
        ("Period", f"{first or '?'} to {last or '?'}"),
        ("Produced", today.strftime("%d/%m/%Y")),
    ]
    intro = [
        Heading("About this report", 1),
        Paragraph("How men are identified, contacted, seen, invited and asked about, counted from "
                  "the anonymous practice summaries of the cases below (§17.1: audits 'need to "
                  "focus on how men are being assessed and engaged and outcomes should be "
                  "reported to safeguarding partners'). The summaries hold no names, dates of "
                  "birth, addresses or free text."),
        Paragraph("Each percentage counts the men (or roles) whose record answers the question; "
                  "those whose record does not say are shown as 'not recorded' and left out of "
                  "the percentage, because an unrecorded answer is itself a finding. The §12.4 "
                  "figures are national research findings, shown for comparison."),
    ]
    notes = []
    if agg.duplicates:
        notes.append(f"{agg.duplicates} summar{'y' if agg.duplicates == 1 else 'ies'} repeated a "
                     "case already counted; only the most recent summary of each case is used.")
    if loaded.skipped:
        notes.append(f"{len(loaded.skipped)} file(s) were not usable practice summaries and "
                     "were left out (named when the report was made).")
    intro += [Paragraph(n, italic=True) for n in notes]
    blocks: list[Any] = list(intro)
    for group in GROUPS:
        measures = [m for m in MEASURES if m.group == group.key]
        blocks.append(Heading(group.title, 1))
        blocks.append(Paragraph(group.note))
        # The chart's data table is the group's table of figures (printed under the chart in
        # every format), so the numbers are never only in a picture.
        blocks.append(bar_chart(group.title, measures, agg))
    las = sorted(agg.local_authorities)
    roles = [r for r in dict.fromkeys([*[m for m in _role_order()], *agg.men_by_role])
             if any(k[0] == "role" and k[1] == r for k in agg.tallies)]
    blocks.append(Heading("By local authority", 1))
    blocks.append(Paragraph("Headline measures per local authority (cases: "
                            + ", ".join(f"{la} {agg.local_authorities[la]}" for la in las) + ")."))
    blocks.append(_breakdown(agg, "local_authority", las, str, "Headline measures by local "
                             "authority"))
    blocks.append(Heading("By role", 1))
    blocks.append(Paragraph("The same measures for each male-carer role (a man in two roles "
                            "counts in both)."))
    blocks.append(_breakdown(agg, "role", roles, role_label, "Headline measures by role"))
    return Document(TitlePage("Father-inclusion practice report",
                              "How men were identified, engaged and assessed", details),
                    [Section(blocks)])


def _role_order() -> list[str]:
    from storage.carers import CarerRole

    return [r.value for r in CarerRole]


def report_csv(agg: Aggregate) -> bytes:
    """Every tally, long format: one row per scope × measure (UTF-8 with BOM for Excel)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["scope", "scope_value", "group", "measure", "label", "per", "yes",
                     "denominator", "not_recorded", "percent", "benchmark_percent"])
    order = {m.key: i for i, m in enumerate(MEASURES)}
    by_key = {m.key: m for m in MEASURES}
    scope_order = {"all": 0, "local_authority": 1, "role": 2}
    for (scope, value, key), t in sorted(
            agg.tallies.items(), key=lambda kv: (scope_order[kv[0][0]], kv[0][1], order[kv[0][2]])):
        m = by_key[key]
        writer.writerow([_inert(v) for v in (
            scope, value, m.group, key, m.label, m.per, t.yes, t.denominator, t.unrecorded,
            "" if t.percent is None else f"{t.percent:.1f}",
            "" if m.benchmark is None else f"{m.benchmark:.0f}")])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# A text that a spreadsheet would take as a formula: a local authority's name comes from the
# summaries other cases wrote, and "=HYPERLINK(...)" there became a live link (or a command,
# "=cmd|...") when the report was opened in Excel. OWASP's advice: a leading apostrophe, which
# Excel shows the text after and never evaluates.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def _inert(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def report_format(path: Path) -> str:
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in REPORT_FORMATS:
        raise ExportError(f"{path.name}: the report is written as .pdf, .docx or .csv; give one "
                          "of those suffixes.")
    return fmt


def write_report(loaded: Loaded, path: str | os.PathLike[str],
                 today: dt.date | None = None) -> Path:
    path = Path(path)
    fmt = report_format(path)
    agg = aggregate(loaded.summaries)
    if fmt == "csv":
        from exports.output import write_bytes

        return write_bytes(report_csv(agg), path)
    from exports.output import write_document

    return write_document(build_report(loaded, agg, today), path, fmt)
