"""Which gazetteer matches are Ukrainian place mentions: the disambiguation policy.

Policy (precision first; every drop carries a reason, shown by ``--explain``):

1. **Kyiv.** Bare "Kyiv"/"Kiev"/"Київ"/"Киев" and the adjective "київський"/"киевский"
   mean the city, UA-30 (also when metonymic: "Kyiv said", "киевский режим"). "Kyiv
   region/Oblast", "Київська область", "Киевская обл." and "Київщина" mean UA-32.
2. **Suffixes fold in.** "X Oblast/region/province", "X-ська область/обл./ОДА/ОВА" are one
   mention whose surface includes the suffix; "… Oblast State Administration", ОДА, ОВА
   make it an entity. A place followed by "nuclear power plant", "bridge", "airport",
   "railway station", "Strait", "People's Republic" (and Ukrainian/Russian forms such as
   "АЕС", "мостом", "народної республіки") is one entity mention. An English possessive
   does not break a match; its "'s" is not part of the surface. Plurals ("Donetsk and
   Luhansk oblasts") do not fold.
3. **Names are proper nouns.** A name must be capitalised in the text (Cyrillic adjectives
   such as "кримський" may be lower case). A capitalised Cyrillic name next to a first name
   ("Сергей Луганский", "Юрий Николаев"), after an initial or a title, or a capitalised
   adjective that is the subject of a verb ("… Луганский заявил"), is a surname. A minor
   place right after or before another capitalised word outside a Title Case headline is
   part of a person's or organisation's name ("Andriy Shevchenko", "Volodymyr Saldo"),
   unless that word describes the place ("Russian-occupied Tokmak", "Ukrainian Orikhiv").
4. **Not places:** sports clubs ("Shakhtar Donetsk", "Dynamo Kyiv", "Зоря Луганськ") and
   villages named like clubs (Metalist, Zorya); ships ("the cruiser Moskva", "the gunboats
   Nikopol and Berdiansk"); dishes ("chicken Kiev"); diseases ("Crimean-Congo
   haemorrhagic fever"); historical states and wars ("Kievan Rus", "Київська Русь",
   "Crimean Khanate", "Crimean War"); media ("Kyiv Post", "Kyiv Independent"); military
   units ("Azov battalion"); seas ("Sea of Azov"); city districts named after another place
   ("Киевский район" of Donetsk); stations named after their destination (Moscow's
   "Киевский вокзал", "Kievskaya metro station"); streets named after a place ("Kherson
   Street", "вулиця Херсонська"); a romanised adjectival form after a given name ("Maria
   Odeska": a surname); and the river Dnipro/Dnieper ("the Dnipro", "річка Дніпро").
5. **Places abroad.** Where a name is also a city abroad (GeoNames, 15,000+ people) and
   the text names that city's setting (Texas for Odessa), each occurrence needs a Ukrainian
   cue next to it ("Odessa, Ukraine", "украинской Одессой"); otherwise it is dropped. A
   place smaller than its foreign namesake (Saki, Nigeria) needs its region named elsewhere.
6. **Small and shared names need context.** Region names, region capitals, curated sites
   and cities of 100,000+ people (not districts of a bigger city) stand alone. Towns of
   1,000+ need the text to be about Ukraine (another Ukrainian mention; the word
   Ukraine, the president's surname, the hryvnia or the armed forces' abbreviation
   ЗСУ/ВСУ; or two different towns of one region named together, as in "Avdiivka fell;
   Pokrovsk followed"); at the start of a sentence, where a capital proves nothing, a town whose
   name is also a common word (pymorphy3 dictionary) or a short Latin name needs its region
   named elsewhere. Villages, and places whose names are common words, need another
   mention of their region (from a strong name or a town of 15,000+). A name shared by
   places in several regions takes the region the rest of the text supports; else the
   main-name reading, or a town three times as populous as any namesake; else it is
   dropped as ambiguous.

Where it is applied: :mod:`mentionmap.mentions` finds the candidates and folds suffixes
in (rule 2), with their readings (kind, tier, foreign namesakes) from
:mod:`mentionmap.readings`; :mod:`mentionmap.localveto` reads the nearest words (capitals,
titles and initials of rule 3; rule 4), listed in :mod:`mentionmap.cuewords`;
:mod:`mentionmap.namecontext` reads the names around (the rest of rule 3, media in rule 4);
:mod:`mentionmap.textcontext` judges the rest from the whole text (rules 5 and 6). This
module holds the :class:`Decision` each candidate ends in and the sentence-start test.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def is_sentence_initial(text: str, start: int) -> bool:
    """True if ``start`` begins a sentence or a line (only quotes/brackets/space before it)."""
    i = start - 1
    while i >= 0 and text[i] in " \t\"'“«‘([":
        i -= 1
    return i < 0 or text[i] in ".!?…\n:—–-"


@dataclass(slots=True)
class Decision:
    """One candidate match and what became of it: kept (with its regions) or dropped."""

    surface: str
    start: int
    end: int
    regions: tuple[str, ...]
    kind: str
    kept: bool
    reason: str
    place: str | None = None
    lat: float | None = None
    lon: float | None = None
    alternatives: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict:
        return {
            "surface": self.surface,
            "start": self.start,
            "end": self.end,
            "regions": list(self.regions),
            "kind": self.kind,
            "kept": self.kept,
            "reason": self.reason,
            "place": self.place,
        }
