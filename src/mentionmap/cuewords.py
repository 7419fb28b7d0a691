"""The words around a name that tell what it is, in lower case as they appear in the
normalised text (dashes as spaces): sports clubs, vessels, historical states and wars,
diseases, rivers, titles, media, institutions, military units, and the Ukraine cue.
Part of the policy stated in :mod:`mentionmap.disambiguation` (rules 3, 4 and 6).
"""

from __future__ import annotations

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
# Other words that make a whole text about Ukraine (never enough next to one name, as
# UKRAINE_CUES are for a foreign namesake): the president's surname and the currency as
# word stems, and the armed forces' abbreviations (ЗСУ, ВСУ) as whole words only, since
# they occur inside other words ("зсув").
UKRAINE_TEXT_STEMS = ("zelensk", "зеленськ", "зеленск", "hryvn", "гривн", "гривен")
UKRAINE_TEXT_WORDS = ("зсу", "всу")
# Words that make a place name part of a street's or a station's name, which locates
# nothing in the place itself (Kherson Street in Moscow, Kievskaya metro station,
# вулиця Херсонська): after the name in English (capitalised, for streets), and before or
# after an adjective in Ukrainian and Russian.
STREET_NEXT = frozenset(["street", "avenue", "boulevard", "lane", "prospekt", "prospect"])
STATION_NEXT = frozenset(["station", "metro", "terminal"])
STREET_WORDS_CYR = frozenset(
    [
        "вулиця", "вулиці", "вулицю", "вулицею", "улица", "улице", "улицы", "улицу",
        "улицей", "проспект", "проспекті", "проспекте", "проспекту", "площа", "площі",
        "площу", "площадь", "площади", "провулок", "провулку", "переулок", "переулке",
        "бульвар", "бульварі", "бульваре", "шосе", "шоссе",
    ]
)  # fmt: skip
# Capitalised words before a name that are no given name (the name is no surname).
NOT_GIVEN_NAMES = frozenset(
    [
        "in", "and", "from", "to", "of", "the", "near", "across", "for", "at", "on", "by",
        "with", "into", "over", "around", "through", "throughout", "between", "both", "or",
        "but", "than", "as", "like", "outside", "inside", "within", "while", "where",
        "northern", "southern", "eastern", "western", "central", "occupied", "liberated",
    ]
)  # fmt: skip
