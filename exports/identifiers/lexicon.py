"""Which words are people's names, and which are ordinary English words (some are both).

Three maintained components, each doing the one thing it is good at (measured in
benchmarks/bench_anonymise.py; the choice is explained in docs/anonymisation.md):

- Names: the given-name and family-name lists of Faker's person providers (MIT licence), over
  the locales whose families are met in English agency returns (British, Irish, Polish,
  Romanian, Lithuanian, Portuguese, Nigerian, Indian, Pakistani ... about 12,000 given names
  and 12,000 family names), folded like the text (no accents, lower case).
- Ordinary words: the English lemma table of lemminflect (MIT; built from the AGID word list,
  which lists common nouns, verbs and adjectives but not people's names): "rose", "will",
  "hope", "pat", "mark", "price" are there; "liam", "sarah", "okoro" are not. A word-frequency
  lexicon cannot make that distinction: wordfreq rates "john" (zipf 5.4) above "rose" (4.8).
- Frequency: wordfreq (Apache-2.0 code, CC-BY-SA data) says whether a capitalised word that is
  neither a listed name nor an ordinary word is common ("Monday", "Facebook", "Poland":
  public, not identifying) or rare ("Okafor", "Kowalczyk", "Castleford": listed for review).

All three are read once per process, lazily (about 0.3 s), so importing exports/ stays cheap.
"""

from __future__ import annotations

import functools
import gzip
import importlib
import pkgutil
from importlib import resources

from exports.identifiers.text import fold

# Given names met in British agency returns that Faker's lists lack (diminutives mostly).
_EXTRA_GIVEN = """
kasia kasha gosia basia asia ola magda zosia kuba wojtek bartek tomek franek jas
gaz baz daz kez bex shaz shazza tash tez chez mel ash
pat will bill rob bob sue ray don dawn grace hope joy faith rose penny sandy dot kit jack
frank gene rusty drew lance guy jay dee viv mark robin holly ivy poppy daisy amber ruby
jade summer autumn sky crystal pearl heather olive iris violet hazel willow rowan
""".split()

# Words that are never names in these texts, whatever the lists say (function words and
# agency vocabulary the lemma table does not carry).
STOP_WORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further
had has have having he her here hers herself him himself his how i if in into is it its itself
me more most my myself no nor not of off on once only or other our ours ourselves out over own
same she should so some such than that the their theirs them themselves then there these they
this those through to too under until up very was we were what when where which while who whom
why will with would you your yours yourself yourselves
mum mummy dad daddy nan nana nanny grandad grandma grandpa auntie aunty uncle baby
mr mrs ms miss mx dr pc dc ds di dci sgt insp cllr pcso prof rev dob
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday
mondays tuesdays wednesdays thursdays fridays saturdays sundays
gp hv csc mash marac dash idva isva cps cp cin lado dsl ofsted nhs a&e ed sw
genogram chronology antenatal postnatal perinatal neonatal paediatrician paediatric
safeguarding cafcass oasys icon phq gad sertraline citalopram fluoxetine mirtazapine
diazepam methadone buprenorphine naloxone pregabalin gabapentin tramadol codeine
facebook instagram tiktok snapchat whatsapp twitter youtube messenger telegram signal
imam pastor rabbi vicar priest fr
per among amongst via versus vs whilst upon german czech christian muslim islam hindu sikh
jewish catholic roman nazi santa del bros indie ing sep grande neo
childminder childminders childminding jobcentre barnardo barnardos
""".split())

# Faker locales whose person names are written in Latin letters and are met in England.
_LOCALES = ("en_GB", "en_IE", "en_US", "en_IN", "en_NG", "en_PK", "en_KE", "en_NZ", "pl_PL",
            "ro_RO", "lt_LT", "lv_LV", "pt_PT", "pt_BR", "it_IT", "fr_FR", "de_DE", "es_ES",
            "tr_TR", "sk_SK", "cs_CZ", "hu_HU", "bg_BG", "hr_HR", "sl_SI", "sq_AL", "et_EE",
            "yo_NG", "ig_NG", "ha_NG", "sw", "zu_ZA", "tw_GH", "nl_NL", "da_DK", "sv_SE",
            "no_NO", "fi_FI", "ga_IE", "id_ID", "vi_VN", "fil_PH", "az_AZ", "uz_UZ")


def _faker_names() -> tuple[set[str], set[str]]:
    import faker.providers.person as people

    available = {m.name for m in pkgutil.iter_modules(people.__path__)}
    given: set[str] = set()
    family: set[str] = set()
    for locale in _LOCALES:
        if locale not in available:
            continue
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attr in dir(provider):
            if attr.startswith("_"):
                continue
            target = given if "first_name" in attr else family if "last_name" in attr else None
            if target is None:
                continue
            values = getattr(provider, attr)
            if isinstance(values, dict | tuple | list):
                for value in values:
                    if not isinstance(value, str):
                        continue
                    for part in value.replace("\u2019", "'").split("-"):
                        if part.replace("'", "").isalpha():
                            target.add(fold(part))
    return given, family


@functools.cache
def given_names() -> frozenset[str]:
    given, _ = _faker_names()
    return frozenset(given | set(_EXTRA_GIVEN))


@functools.cache
def family_names() -> frozenset[str]:
    _, family = _faker_names()
    return frozenset(family)


@functools.cache
def _lemma_table() -> tuple[frozenset[str], frozenset[str]]:
    """The lemma table's lower-case words, and those of them that are only nouns or
    adjectives (never a verb form): "period", "bush" but not "springs", "cares"."""
    table = resources.files("lemminflect") / "resources" / "lemma_lu.csv.gz"
    words: set[str] = set()
    verbs: set[str] = set()
    nominal: set[str] = set()
    with table.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as lines:
        for line in lines:
            word, pos = line.split(",", 2)[:2]
            # Capitalised entries are proper nouns (Sarah, Hughes, Doyle): not ordinary words.
            if word.isalpha() and word[0].islower():
                words.add(word)
                (verbs if pos in ("verb", "aux") else nominal if pos in ("noun", "adj")
                 else words).add(word)
    return frozenset(words | STOP_WORDS), frozenset(nominal - verbs - STOP_WORDS)


def ordinary_words() -> frozenset[str]:
    """English words with a dictionary sense (any inflected form), lower case."""
    return _lemma_table()[0]


def nouns_only() -> frozenset[str]:
    """Words that are nouns or adjectives and never verbs: after a capitalised ordinary word
    at the start of a sentence they make it a word ("Grace period", "Rose bush")."""
    return _lemma_table()[1]


# Polish diminutives met in English returns (the nicknames package is English only).
_POLISH_DIMINUTIVES = {
    "katarzyna": "kasia kaska kasienka kasiunia", "malgorzata": "gosia malgosia",
    "barbara": "basia", "aleksandra": "ola", "magdalena": "magda", "zofia": "zosia",
    "joanna": "asia", "anna": "ania anka", "ewa": "ewka ewunia", "agnieszka": "aga",
    "tomasz": "tomek", "jakub": "kuba", "wojciech": "wojtek", "bartlomiej": "bartek",
    "franciszek": "franek", "jan": "janek jas", "piotr": "piotrek", "krzysztof": "krzysiek",
    "michal": "michalek", "pawel": "pawelek", "aleksander": "olek", "stanislaw": "staszek",
}


@functools.cache
def nicknames_of() -> dict[str, frozenset[str]]:
    """Given name -> its nicknames and diminutives, folded ("daniel" -> dan, danny)."""
    from nicknames import name_triplets

    out: dict[str, set[str]] = {}
    for triplet in name_triplets():
        out.setdefault(fold(triplet.name1), set()).add(fold(triplet.name2))
    for name, small in _POLISH_DIMINUTIVES.items():
        out.setdefault(name, set()).update(small.split())
    return {name: frozenset(forms) for name, forms in out.items()}


@functools.cache
def zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


def is_name(word: str) -> bool:
    return word in given_names() or word in family_names()


def is_ordinary(word: str) -> bool:
    return word in ordinary_words()


def warm() -> None:
    """Load every list now (the GUI calls this off the GUI thread before a review)."""
    given_names()
    family_names()
    ordinary_words()
    zipf("the")
