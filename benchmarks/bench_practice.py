"""Partnership report: 10,000 practice summaries aggregated (target under 10 s).

What is timed is what `visible practice-report DIR --out report.csv` does: list the folder,
read and parse every summary, check its shape, count every measure overall, by local authority
and by role, and write the CSV; and the same into a PDF (charts and tables). Baseline: reading
and json-parsing the same files and nothing else — the floor for "look at every summary".
The summaries are synthetic but shaped like real ones (1–3 men, five roles, mixed answers).
"""

from __future__ import annotations

import json
import random
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.figures import figure, median_time

TARGET_S = 10.0
CODES = ("yes", "no", "not_known", "not_asked", "not_recorded")
ROLES = ("birth_father", "step_father", "non_resident_father", "mothers_partner",
         "other_male_carer")
LAS = ("Northshire", "Southvale", "Eastmoor", "Westbridge", "Lowfold", "Highcombe")


def synthetic_summary(n: int, rng: random.Random) -> dict[str, Any]:
    from forms.practice import AGENCY_KINDS, ICON_TOUCHPOINTS, SUMMARY_FORMAT, SUMMARY_VERSION

    men = []
    roles = []
    count = rng.choice((1, 1, 2, 2, 3))
    for i in range(count):
        seen_by = rng.sample(AGENCY_KINDS, rng.randint(0, 3))
        required = 27
        men.append({
            "id": f"M{i + 1}", "roles": [ROLES[i % len(ROLES)]], "identified": True,
            "contacted": rng.choice(CODES), "contacted_by": [], "seen": "yes" if seen_by else
            rng.choice(CODES), "seen_by": seen_by,
            "record": {"required": required, "recorded": rng.randint(0, required),
                       "not_asked": rng.randint(0, 3), "not_known": rng.randint(0, 3),
                       "self_report_only": rng.randint(0, 4),
                       "sources_disagree": rng.randint(0, 1)},
            "cp_conference": {"invited": rng.choice(CODES), "attended": rng.choice(CODES)},
            "information": {k: {"sought": rng.choice(CODES), "answered": rng.choice(CODES)}
                            for k in ("gp", "police", "other")},
            "icon": {p: rng.choice(CODES) for p in ICON_TOUCHPOINTS},
            "screenings": {"PHQ-9": 1} if rng.random() < 0.3 else {},
        })
    for j, role in enumerate(ROLES):
        if j < count:
            roles.append({"role": role, "status": "linked", "men": [f"M{j + 1}"]})
        else:
            roles.append({"role": role, "status": rng.choice(
                ("declared_none", "declared_none", "declared_not_known", "not_addressed")),
                "men": []})
    year = 2024 + n % 3
    return {"format": SUMMARY_FORMAT, "version": SUMMARY_VERSION, "case": f"c-{n:016x}",
            "local_authority": LAS[n % len(LAS)],
            "period": {"from": f"{year}-Q1", "to": f"{year + 1}-Q2"},
            "generated": f"{year + 1}-Q3", "index_children": 1, "roles": roles, "men": men}


def write_summaries(folder: Path, count: int, seed: int = 16) -> None:
    rng = random.Random(seed)
    for n in range(count):
        (folder / f"s{n:05d}.json").write_text(json.dumps(synthetic_summary(n, rng), indent=2))


def run(quick: bool) -> list[dict[str, Any]]:
    from exports.practice_report import load_summaries, summary_files, write_report

    count = 2_000 if quick else 10_000
    figures = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "summaries"
        folder.mkdir()
        write_summaries(folder, count)
        out = Path(tmp) / "out"
        out.mkdir()

        def baseline() -> None:
            for p in sorted(folder.iterdir()):
                json.loads(p.read_bytes())

        def to_csv() -> None:
            loaded = load_summaries(summary_files([folder]))
            write_report(loaded, out / "report.csv")

        def to_pdf() -> None:
            loaded = load_summaries(summary_files([folder]))
            write_report(loaded, out / "report.pdf")

        baseline()  # warm the file cache for both
        base = median_time(baseline, 3)
        csv_s = median_time(to_csv, 3)
        pdf_s = median_time(to_pdf, 1)
        note = (f"{count:,} summaries in a folder; baseline = read and json-parse every file "
                "and nothing else")
        figures.append(figure(f"practice report: {count:,} summaries aggregated to CSV",
                              csv_s, "s", base, TARGET_S, target_on="value", note=note))
        figures.append(figure(f"practice report: {count:,} summaries aggregated to PDF",
                              pdf_s, "s", base, TARGET_S, target_on="value", note=note))
    return figures


if __name__ == "__main__":
    for f in run(quick=True):
        print(f)
