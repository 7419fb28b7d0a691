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
   part of a person's or organisation's name ("Andriy Shevchenko", "Volodymyr Saldo").
4. **Not places:** sports clubs ("Shakhtar Donetsk", "Dynamo Kyiv", "Зоря Луганськ") and
   villages named like clubs (Metalist, Zorya); ships ("the cruiser Moskva", "the gunboats
   Nikopol and Berdiansk"); dishes ("chicken Kiev"); diseases ("Crimean-Congo
   haemorrhagic fever"); historical states and wars ("Kievan Rus", "Київська Русь",
   "Crimean Khanate", "Crimean War"); media ("Kyiv Post", "Kyiv Independent"); military
   units ("Azov battalion"); seas ("Sea of Azov"); city districts named after another place
   ("Киевский район" of Donetsk); stations named after their destination (Moscow's
   "Киевский вокзал"); and the river Dnipro/Dnieper ("the Dnipro", "річка Дніпро").
5. **Places abroad.** Where a name is also a city abroad (GeoNames, 15,000+ people) and
   the text names that city's setting (Texas for Odessa), each occurrence needs a Ukrainian
   cue next to it ("Odessa, Ukraine", "украинской Одессой"); otherwise it is dropped. A
   place smaller than its foreign namesake (Saki, Nigeria) needs its region named elsewhere.
6. **Small and shared names need context.** Region names, region capitals, curated sites
   and cities of 100,000+ people (not districts of a bigger city) stand alone. Towns of
   1,000+ need the text to be about Ukraine (another Ukrainian mention, the word
   Ukraine, or two different towns of one region named together, as in "Avdiivka fell;
   Pokrovsk followed"); at the start of a sentence, where a capital proves nothing, a town whose
   name is also a common word (pymorphy3 dictionary) or a short Latin name needs its region
   named elsewhere. Villages, and places whose names are common words, need another
   mention of their region (from a strong name or a town of 15,000+). A name shared by
   places in several regions takes the region the rest of the text supports; else the
   main-name reading, or a town three times as populous as any namesake; else it is
   dropped as ambiguous.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import ahocorasick

# --- local cues (all matched on the normalised text: lower case, dashes as spaces) --------

CLUB_WORDS = frozenset(
    [
        "shakhtar",
        "shakhtyor",
        "shakhter",
        "dynamo",
        "dinamo",
        "zorya",
        "zarya",
        "chornomorets",
        "chernomorets",
        "metalist",
        "metallist",
        "karpaty",
        "vorskla",
        "desna",
        "olimpik",
        "olimpic",
        "arsenal",
        "metalurh",
        "metallurg",
        "tavriya",
        "tavria",
        "zirka",
        "zvezda",
        "obolon",
        "kryvbas",
        "veres",
        "rukh",
        "inhulets",
        "stal",
        "polissya",
        "mynai",
        "hirnyk",
        "illichivets",
        "hoverla",
        "sevastopol'",
        "fc",
        "фк",
        "шахтар",
        "шахтер",
        "шахтёр",
        "динамо",
        "зоря",
        "заря",
        "чорноморець",
        "черноморец",
        "металіст",
        "металлист",
        "карпати",
        "ворскла",
        "десна",
        "олімпік",
        "олимпик",
        "арсенал",
        "металург",
        "таврія",
        "таврия",
        "зірка",
        "звезда",
        "оболонь",
        "кривбас",
        "верес",
        "рух",
        "інгулець",
        "сталь",
        "полісся",
        "минай",
        "гірник",
        "гоца",
    ]
)
VESSEL_WORDS = frozenset(
    [
        "ship",
        "ships",
        "carrier",
        "cruiser",
        "frigate",
        "frigates",
        "gunboat",
        "gunboats",
        "tug",
        "tugs",
        "vessel",
        "vessels",
        "submarine",
        "destroyer",
        "corvette",
        "boat",
        "boats",
        "tanker",
        "ferry",
        "warship",
        "flagship",
        "trawler",
        "cutter",
        "корабль",
        "корабля",
        "корабль",
        "корабель",
        "корабля",
        "крейсер",
        "крейсера",
        "фрегат",
        "фрегата",
        "катер",
        "катера",
        "катери",
        "судно",
        "судна",
        "буксир",
        "буксира",
        "авианосец",
        "авіаносець",
        "танкер",
        "паром",
        "теплоход",
        "теплохід",
        "підводний",
        "подводная",
        "субмарина",
    ]
)
HISTORICAL_NEXT = frozenset(
    [
        "khanate",
        "war",
        "rus",
        "rus'",
        "русь",
        "русі",
        "руси",
        "ханство",
        "ханства",
        "ханстві",
        "войн",
        "война",
        "войны",
        "войне",
        "війна",
        "війни",
        "війні",
    ]
)
DISEASE_NEXT = frozenset(["congo", "конго"])
RIVER_WORDS = frozenset(
    [
        "river",
        "річка",
        "ріка",
        "річки",
        "ріки",
        "река",
        "реки",
        "берег",
        "берега",
        "берегу",
        "лівобережжя",
        "правобережжя",
        "левобережье",
        "правобережье",
        "через",
    ]
)
RIVER_FORMS = frozenset(
    [
        "dnipro",
        "dnepr",
        "dnieper",
        "дніпро",
        "дніпра",
        "дніпрі",
        "дніпром",
        "днепр",
        "днепра",
        "днепре",
        "днепром",
    ]
)
TITLES = frozenset(
    ["mr", "mrs", "ms", "dr", "president", "gen", "general", "col", "colonel", "sen", "senator"]
)
MEDIA_NEXT = frozenset(
    ["post", "independent", "times", "herald", "journal", "tribune", "courier", "telegraph"]
)
# Capitalised words that follow a place name in titles and institutions ("Bucha Mayor",
# "Enerhodar City Council"): the place is still a place.
INSTITUTION_WORDS = frozenset(
    [
        "mayor",
        "mayor's",
        "governor",
        "city",
        "council",
        "region",
        "oblast",
        "district",
        "raion",
        "hromada",
        "military",
        "administration",
        "police",
        "station",
        "airport",
        "port",
        "bridge",
        "dam",
        "plant",
        "river",
        "direction",
        "front",
        "sector",
        "axis",
        "offensive",
        "counteroffensive",
        "battle",
        "massacre",
        "residents",
        "court",
        "university",
        "hospital",
        "railway",
        "metro",
        "regional",
        "state",
        "national",
        "international",
        "thermal",
        "nuclear",
        "power",
        "reservoir",
        "lake",
        "bay",
        "island",
        "spit",
    ]
)
UNIT_WORDS = frozenset(
    ["battalion", "regiment", "brigade", "division", "corps", "батальйон", "батальон", "полк"]
)
# Place names that are also rivers or club names: never enough on their own.
WEAK_NAMES = frozenset(["desna", "десна", "metalist", "inhulets", "інгулець"])
UKRAINE_CUES = ("ukrain", "україн", "украин")

_WORD = re.compile(r"[^\W\d_][\w']*", re.UNICODE)
_INITIAL_BEFORE = re.compile(r"(?:^|\s)[A-ZА-ЯІЇЄҐ]\.\s?$")


_PUNCT = ".,;:!?\"'«»()[]“”„‘’…*/"


def prev_words(norm: str, start: int, n: int = 3) -> list[str]:
    """Up to ``n`` words before ``start`` (nearest last), from the normalised text,
    stripped of punctuation."""
    return [s for w in norm[max(0, start - 45) : start].split()[-n:] if (s := w.strip(_PUNCT))]


def next_words(norm: str, end: int, n: int = 2) -> list[str]:
    """Up to ``n`` words after ``end`` from the normalised text, stripped of punctuation."""
    return [s for w in norm[end : end + 50].split()[:n] if (s := w.strip(_PUNCT))]


def _between_is_names(text: str, a: int, b: int) -> bool:
    """True if text[a:b] holds only capitalised words, 'and', 'і', 'и', commas, quotes."""
    for token in re.findall(r"\S+", text[a:b]):
        core = token.strip(",\"'“”«»‘’")
        if not core or core in ("and", "і", "и", "та"):
            continue
        if not core[0].isupper():
            return False
    return True


def _capitalised_at(text: str, norm: str, word: str, end: int) -> bool:
    pos = norm.find(word, end)
    return pos >= 0 and text[pos].isupper()


def _district_follows(following: list[str]) -> bool:
    """True if the next words are "район(и)" or "і/и/та <adjective> район(и)"."""
    if following and following[0].startswith(("район", "district")):
        return True
    return (
        len(following) >= 3
        and following[0] in ("и", "і", "та", "й")
        and following[2].startswith(("район", "district"))
    )


def local_veto(text: str, norm: str, start: int, end: int, is_adjective: bool) -> str | None:
    """A reason why the match text[start:end] is not a place, judged from its neighbours,
    or None. Offsets are Python ``str`` indices into ``text`` (== into ``norm``)."""
    initial = text[start]
    if not initial.isupper() and not (is_adjective and initial >= "\u0400"):
        return "not capitalised: a common word, not a place name"
    left = norm[start - 45 if start > 45 else 0 : start]
    right = norm[end : end + 50]
    if not is_adjective:
        # Quick look (hot path): the nearest word on each side, and whether any vessel word
        # occurs in the windows at all. Where none of word_veto's word tests can apply,
        # only the river's test (names that start with d/д) and _person_before are left.
        lw = left.rsplit(None, 1)
        last = lw[-1].strip(_PUNCT) if lw else ""
        rw = right.split(None, 1)
        nxt = rw[0].strip(_PUNCT) if rw else ""
        if (
            (last or not lw)  # else the nearest word is further back: see below
            and (nxt or not rw)
            and last not in _LAST_CUES
            and (last != "of" or "sea" not in left)  # "Sea of Azov"
            and nxt not in _NEXT_CUES
            and next(_VESSELS.iter(left), None) is None
            and next(_VESSELS.iter(right), None) is None
        ):
            return (norm[start] in "dд" and _river_veto(norm, start, end, last, nxt)) or (
                _person_before(text, start, last)
            )
    return word_veto(text, norm, start, end, is_adjective)


def word_veto(text: str, norm: str, start: int, end: int, is_adjective: bool) -> str | None:
    """:func:`local_veto` for a capitalised match, read from the word lists on each side
    (the quick look in local_veto gives the same answer where it answers)."""
    left = norm[start - 45 if start > 45 else 0 : start]
    right = norm[end : end + 50]
    # prev_words(norm, start, 4) and next_words(norm, end, 5), inlined (hot path)
    # (rsplit/split with a limit cut only the words kept: same lists, fewer strings)
    before = [s for w in left.rsplit(None, 4)[-4:] if (s := w.strip(_PUNCT))]
    following = [s for w in right.split(None, 5)[:5] if (s := w.strip(_PUNCT))]
    # the nearest word on each side, "" if none (no word list below holds "")
    last = before[-1] if before else ""
    nxt = following[0] if following else ""
    if (
        last not in _LAST_CUES
        and nxt not in _NEXT_CUES
        and not is_adjective
        and VESSEL_WORDS.isdisjoint(before)
        and VESSEL_WORDS.isdisjoint(following)
    ):
        # of the word tests below, only the river's and "Sea of" can apply
        veto = _river_veto(norm, start, end, last, nxt)
        if veto is None and last == "of" and len(before) >= 2 and before[-2] == "sea":
            veto = "sea name (Sea of Azov)"
        return veto or _person_before(text, start, last)
    if last in CLUB_WORDS:
        pos = norm.rfind(before[-1], max(0, start - 40), start)
        # a club name is capitalised; a Cyrillic one at the start of a sentence may be a
        # plain word ("Рух Кримським мостом": traffic on the bridge)
        if (
            pos >= 0
            and (text[pos].isupper() or before[-1] in ("fc", "фк"))
            and not (text[pos] >= "\u0400" and is_sentence_initial(text, pos))
        ):
            return f"sports club ({before[-1]} …)"
    if nxt in CLUB_WORDS and text[end : end + 1] == " " and text[end + 1].isupper():
        return f"sports club (… {nxt})"
    if last == "chicken":
        return "dish (chicken Kiev)"
    if nxt in DISEASE_NEXT:
        return "disease name (Crimean-Congo fever)"
    if nxt in HISTORICAL_NEXT:
        return f"historical state or war (… {nxt})"
    if is_adjective and nxt.startswith("вокзал"):
        return "station named after its destination (e.g. Moscow's Kievsky station)"
    veto = _river_veto(norm, start, end, last, nxt)
    if veto:
        return veto
    # ships: a vessel word shortly before, with only names/and/commas between
    for i, word in enumerate(reversed(before) if not VESSEL_WORDS.isdisjoint(before) else ()):
        if word in VESSEL_WORDS:
            pos = norm.rfind(word, max(0, start - 60), start)
            if pos >= 0 and _between_is_names(text, pos + len(word), start):
                return f"ship name ({word} …)"
            break
        if i >= 3:
            break
    for i, word in enumerate(following if not VESSEL_WORDS.isdisjoint(following) else ()):
        if word in VESSEL_WORDS:
            pos = norm.find(word, end)
            if _between_is_names(text, end, pos):
                return f"ship name (… {word})"
            break
        if word not in ("and", "і", "и", "та") and not _capitalised_at(text, norm, word, end):
            break
        if i >= 3:
            break
    if (last == "of" and len(before) >= 2 and before[-2] == "sea") or nxt in _SEA_NEXT:
        return "sea name (Sea of Azov)"
    if is_adjective and _district_follows(following):
        return "district named after a place (Киевский район of another city)"
    if nxt in UNIT_WORDS:
        return f"name of a military unit or movement (… {nxt})"
    return _person_before(text, start, last)


def _river_veto(norm: str, start: int, end: int, last: str, nxt: str) -> str | None:
    """The river Dnipro/Dnieper, not the city: "the Dnipro", "річка Дніпро", "на Дніпрі"."""
    low = norm[start:end]
    if low in RIVER_FORMS or low.partition(" ")[0] in RIVER_FORMS:
        if (last in RIVER_WORDS or last == "the") or nxt in _RIVER_NEXT:
            return "the river Dnipro/Dnieper"
        if last == "на" and low[-1] in "іе":
            return "the river Dnipro (на Дніпрі/на Днепре)"
    return None


def _person_before(text: str, start: int, last: str) -> str | None:
    """An initial or a title (``last``, the word before) right before a name: a person."""
    window = text[start - 4 if start > 4 else 0 : start]
    if "." in window and _INITIAL_BEFORE.search(window):
        return "surname after an initial"
    if last in TITLES and text[max(0, start - 1) : start] == " ":
        return f"person's name after a title ({last})"
    return None


# The words local_veto's tests look for right before (after) a match, except the river's
# and "Sea of": where neither neighbour is one of them, no vessel word is near and the match
# is no adjective, only those two tests and _person_before can apply.
_SEA_NEXT = ("sea", "море", "моря", "морі", "морем")
_RIVER_NEXT = ("river", "ріка", "річка", "река")
_LAST_CUES = CLUB_WORDS | TITLES | {"chicken"}
# every vessel word as a substring key: no hit in a window means no vessel word in it
_VESSELS = ahocorasick.Automaton()
for _word in VESSEL_WORDS:
    _VESSELS.add_word(_word, _word)
_VESSELS.make_automaton()
_NEXT_CUES = CLUB_WORDS | DISEASE_NEXT | HISTORICAL_NEXT | UNIT_WORDS | frozenset(_SEA_NEXT)


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
