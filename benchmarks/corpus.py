"""Deterministic synthetic news corpus for benchmarks (English, Ukrainian, Russian).

Articles are about 4 KB of UTF-8 text: a headline and paragraphs of filler sentences
assembled from phrase tables (so few sentences repeat), with 1-3 place mentions per
1,000 characters. Places come from a hand-written table of common forms, inflected for
Ukrainian and Russian (locative, genitive), and from ``mentionmap.gazetteer.surface_forms()``
when that is available; about one mention sentence in ten is a look-alike instead
(Shakhtar Donetsk, Odessa in Texas, chicken Kiev, Киевский вокзал...).

The output depends only on the seed, the requested size and the gazetteer's surface forms.

usage: python benchmarks/corpus.py --mb 50 --seed 1 -o corpus.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

ARTICLE_BYTES = 4000  # target UTF-8 size of one article's text
LANG_WEIGHTS = {"en": 0.5, "uk": 0.25, "ru": 0.25}
LOOKALIKE_SHARE = 0.1  # share of mention sentences that are look-alikes
GAZETTEER_SHARE = 0.3  # share of place slots filled from the gazetteer's surface forms

# --------------------------------------------------------------------------- English

EN_OPEN = ["", "", "", "On Monday, ", "Late on Thursday, ", "Earlier this week, ", "By noon, "]
EN_OPEN += ["In a brief statement, ", "Meanwhile, ", "For the third day running, "]
EN_SUBJ = [
    "the energy ministry", "local officials", "a spokesperson for the utility",
    "analysts at the institute", "the city council", "volunteers", "emergency crews",
    "the central bank", "farmers in the area", "rail operators", "teachers' unions",
    "a parliamentary committee", "hospital managers", "foreign investors",
    "the grain exporters' association", "engineers", "residents", "the prosecutor's office",
    "aid groups", "energy traders", "the regional governor", "school principals",
]  # fmt: skip
EN_VERB = [
    "said that", "warned that", "confirmed that", "reported that", "estimated that",
    "announced that", "denied reports that", "told reporters that", "insisted that",
    "noted that", "heard that", "expected that",
]  # fmt: skip
EN_CLAUSE = [
    "repairs to the power grid would take several weeks",
    "prices for bread had risen by nearly a fifth", "schools would reopen after the break",
    "the harvest was smaller than last year", "new shelters were being built near the station",
    "the budget gap had narrowed", "exports through the ports had resumed",
    "water supply was restored to most districts", "fuel deliveries were running late",
    "the night curfew would remain in force", "two bridges needed urgent inspection",
    "mobile networks were working again", "pensions would be paid on time",
    "the hospital had received new generators", "several roads were closed for demining",
    "the tram network would be partly restored", "heating costs would rise in winter",
    "more than a thousand people had registered for evacuation",
    "the factory had moved its production lines", "coal stocks would last until spring",
]  # fmt: skip
EN_TAIL = ["", "", "", ", according to a statement", ", citing preliminary data"]
EN_TAIL += [" despite the cold weather", ", officials added", " after a long meeting"]
EN_PLACE = [
    "{p} was without power for a second day.",
    "Air raid sirens sounded in {p} shortly after midnight.",
    "Officials in {p} said {c}.",
    "A convoy of buses left {p} early in the morning.",
    "Residents of {p} queued for water outside the market.",
    "Shelling near {p} damaged a school and two houses.",
    "The governor of {p} visited the damaged substation.",
    "Reports from {p} could not be independently verified.",
    "Trains to {p} were delayed by up to four hours.",
]  # fmt: skip
EN_PLACES = [
    "Kharkiv", "Kherson", "the Kherson region", "Zaporizhzhia Oblast", "Crimea", "Donetsk",
    "Kyiv", "Kiev", "Odesa", "Odessa", "Mariupol", "Luhansk", "Dnipro", "Lviv", "Mykolaiv",
    "Bakhmut", "Enerhodar", "Sumy", "Chernihiv", "Poltava", "the Donbas", "Nova Kakhovka",
    "Kerch", "Sevastopol", "Kharkiv Oblast", "the Kyiv region", "Kramatorsk", "Melitopol",
]  # fmt: skip
EN_LOOKALIKE = [
    "Shakhtar Donetsk beat their rivals 2-1 on Saturday evening.",
    "Police in Odessa, Texas, closed the highway after the storm.",
    "The restaurant's chicken Kiev sold out by noon.",
    "Cases of Crimean-Congo haemorrhagic fever were reported in Iraq.",
    "Dynamo Kyiv signed a new striker from Brazil.",
    "Georgia's state legislature passed the budget on Friday.",
    "The cruiser Moskva had once been named Slava.",
]  # fmt: skip

# --------------------------------------------------------------------------- Ukrainian

UK_OPEN = ["", "", "", "У понеділок ", "Пізно ввечері в четвер ", "Цього тижня "]
UK_OPEN += ["Опівдні ", "У короткій заяві ", "Тим часом ", "Уже третій день поспіль "]
UK_SUBJ = [
    "у міністерстві енергетики", "місцеві чиновники", "у компанії", "аналітики інституту",
    "у міській раді", "волонтери", "рятувальники", "у Національному банку", "фермери",
    "залізничники", "у профспілці вчителів", "у парламентському комітеті", "керівники лікарень",
    "іноземні інвестори", "в асоціації експортерів зерна", "інженери", "мешканці",
    "у прокуратурі", "гуманітарні організації", "енергетики", "директори шкіл",
]  # fmt: skip
UK_VERB = [
    "заявили, що", "попередили, що", "підтвердили, що", "повідомили, що", "оцінили, що",
    "оголосили, що", "спростували чутки, що", "розповіли журналістам, що",
    "наголосили, що", "зазначили, що", "очікують, що",
]  # fmt: skip
UK_CLAUSE = [
    "ремонт енергомережі триватиме кілька тижнів", "ціни на хліб зросли майже на п'яту частину",
    "школи відновлять навчання після канікул", "урожай цього року менший, ніж торік",
    "біля вокзалу облаштовують нові укриття", "дефіцит бюджету скоротився",
    "експорт через порти відновився", "водопостачання відновили в більшості районів",
    "пальне постачають із запізненням", "комендантська година залишається чинною",
    "два мости потребують негайного огляду", "мобільний зв'язок знову працює",
    "пенсії виплатять вчасно", "лікарня отримала нові генератори",
    "кілька доріг закрили для розмінування", "трамвайну мережу частково відновлять",
    "опалення взимку подорожчає", "понад тисячу людей зареєструвалися на евакуацію",
    "завод переніс виробничі лінії", "запасів вугілля вистачить до весни",
]  # fmt: skip
UK_TAIL = ["", "", "", ", йдеться в заяві", ", посилаючись на попередні дані"]
UK_TAIL += [" попри холодну погоду", ", додали посадовці", " після тривалої наради"]
UK_PLACE = [
    "{loc} другу добу немає світла.",
    "{loc} знову лунали сирени повітряної тривоги.",
    "Посадовці повідомили, що {loc} {c}.",
    "Колона автобусів виїхала з {gen} рано вранці.",
    "Жителі {gen} стояли в черзі по воду біля ринку.",
    "Поблизу {gen} обстріл пошкодив школу та два будинки.",
    "{nom} залишається однією з найгарячіших точок фронту.",
    "Дані з {gen} поки не вдалося перевірити.",
    "Згадку про {nom} знайшли у зведенні штабу.",
]  # fmt: skip
UK_PLACES = [  # (nominative, genitive, preposition + locative)
    ("Харків", "Харкова", "У Харкові"), ("Херсонщина", "Херсонщини", "На Херсонщині"),
    ("Запорізька область", "Запорізької області", "У Запорізькій області"),
    ("Крим", "Криму", "У Криму"), ("Донецьк", "Донецька", "У Донецьку"),
    ("Київ", "Києва", "У Києві"), ("Одеса", "Одеси", "В Одесі"),
    ("Маріуполь", "Маріуполя", "У Маріуполі"), ("Луганщина", "Луганщини", "На Луганщині"),
    ("Дніпро", "Дніпра", "У Дніпрі"), ("Львів", "Львова", "У Львові"),
    ("Миколаїв", "Миколаєва", "У Миколаєві"), ("Бахмут", "Бахмута", "У Бахмуті"),
    ("Енергодар", "Енергодара", "В Енергодарі"), ("Суми", "Сум", "У Сумах"),
    ("Донеччина", "Донеччини", "На Донеччині"), ("Харківщина", "Харківщини", "На Харківщині"),
    ("Київщина", "Київщини", "На Київщині"), ("Нова Каховка", "Нової Каховки", "У Новій Каховці"),
    ("Керч", "Керчі", "У Керчі"), ("Севастополь", "Севастополя", "У Севастополі"),
    ("Полтава", "Полтави", "У Полтаві"), ("Чернігів", "Чернігова", "У Чернігові"),
]  # fmt: skip
UK_LOOKALIKE = [
    "«Шахтар» Донецьк переміг суперників з рахунком 2:1.",
    "Футбольний клуб «Динамо» Київ підписав нового нападника.",
    "У меню ресторану з'явилася котлета по-київськи.",
    "Прізвище Луганський трапляється в архівних списках.",
    "В Одесі, штат Техас, після бурі перекрили трасу.",
]  # fmt: skip

# --------------------------------------------------------------------------- Russian

RU_OPEN = ["", "", "", "В понедельник ", "Поздно вечером в четверг ", "На этой неделе "]
RU_OPEN += ["К полудню ", "В коротком заявлении ", "Тем временем ", "Уже третий день подряд "]
RU_SUBJ = [
    "в министерстве энергетики", "местные власти", "в компании",
    "аналитики института", "в городском совете", "волонтёры", "спасатели", "в центробанке",
    "фермеры", "железнодорожники", "в профсоюзе учителей", "в парламентском комитете",
    "руководители больниц", "иностранные инвесторы", "в ассоциации экспортёров зерна",
    "инженеры", "жители", "в прокуратуре", "гуманитарные организации", "энергетики",
]  # fmt: skip
RU_VERB = [
    "заявили, что", "предупредили, что", "подтвердили, что", "сообщили, что",
    "оценили, что", "объявили, что", "опровергли слухи, что", "рассказали журналистам, что",
    "подчеркнули, что", "отметили, что", "ожидают, что",
]  # fmt: skip
RU_CLAUSE = [
    "ремонт энергосети займёт несколько недель", "цены на хлеб выросли почти на пятую часть",
    "школы возобновят занятия после каникул", "урожай в этом году меньше прошлогоднего",
    "у вокзала оборудуют новые укрытия", "дефицит бюджета сократился",
    "экспорт через порты возобновился", "водоснабжение восстановили в большинстве районов",
    "топливо поставляют с опозданием", "комендантский час остаётся в силе",
    "два моста нуждаются в срочном осмотре", "мобильная связь снова работает",
    "пенсии выплатят вовремя", "больница получила новые генераторы",
    "несколько дорог закрыли для разминирования", "трамвайную сеть частично восстановят",
    "отопление зимой подорожает", "более тысячи человек записались на эвакуацию",
    "завод перенёс производственные линии", "запасов угля хватит до весны",
]  # fmt: skip
RU_TAIL = ["", "", "", ", говорится в заявлении", ", ссылаясь на предварительные данные"]
RU_TAIL += [" несмотря на холодную погоду", ", добавили чиновники", " после долгого совещания"]
RU_PLACE = [
    "{loc} вторые сутки нет света.",
    "{loc} снова звучали сирены воздушной тревоги.",
    "Чиновники сообщили, что {loc} {c}.",
    "Колонна автобусов выехала из {gen} рано утром.",
    "Жители {gen} стояли в очереди за водой у рынка.",
    "Под обстрелом вблизи {gen} пострадали школа и два дома.",
    "{nom} остаётся одной из самых горячих точек фронта.",
    "Данные из {gen} пока не удалось проверить.",
]  # fmt: skip
RU_PLACES = [
    ("Харьков", "Харькова", "В Харькове"),
    ("Херсонская область", "Херсонской области", "В Херсонской области"),
    ("Крым", "Крыма", "В Крыму"), ("Донецк", "Донецка", "В Донецке"),
    ("Киев", "Киева", "В Киеве"), ("Одесса", "Одессы", "В Одессе"),
    ("Мариуполь", "Мариуполя", "В Мариуполе"), ("Луганск", "Луганска", "В Луганске"),
    ("Днепр", "Днепра", "В Днепре"), ("Львов", "Львова", "Во Львове"),
    ("Николаев", "Николаева", "В Николаеве"), ("Бахмут", "Бахмута", "В Бахмуте"),
    ("Энергодар", "Энергодара", "В Энергодаре"), ("Запорожье", "Запорожья", "В Запорожье"),
    ("Севастополь", "Севастополя", "В Севастополе"), ("Керчь", "Керчи", "В Керчи"),
    ("Донбасс", "Донбасса", "В Донбассе"), ("Сумы", "Сум", "В Сумах"),
    ("Полтава", "Полтавы", "В Полтаве"), ("Чернигов", "Чернигова", "В Чернигове"),
]  # fmt: skip
RU_LOOKALIKE = [
    "На Киевском вокзале в Москве задержали поезд.",
    "Нападающий Луганский забил победный гол.",
    "В Одессе, штат Техас, после урагана перекрыли трассу.",
    "«Шахтёр» Донецк обыграл соперников со счётом 2:1.",
    "В меню появилась котлета по-киевски.",
]  # fmt: skip

TABLES = {
    "en": (EN_OPEN, EN_SUBJ, EN_VERB, EN_CLAUSE, EN_TAIL, EN_PLACE, EN_LOOKALIKE),
    "uk": (UK_OPEN, UK_SUBJ, UK_VERB, UK_CLAUSE, UK_TAIL, UK_PLACE, UK_LOOKALIKE),
    "ru": (RU_OPEN, RU_SUBJ, RU_VERB, RU_CLAUSE, RU_TAIL, RU_PLACE, RU_LOOKALIKE),
}


def gazetteer_forms() -> list[str]:
    """Sorted surface forms of ``mentionmap.gazetteer.surface_forms()`` (lower-cased there),
    each word capitalised as in running text; [] if the gazetteer is not available."""
    try:
        from mentionmap.gazetteer import surface_forms
    except ImportError:
        return []
    forms = {f[0] if isinstance(f, tuple) else f for f in surface_forms()}
    return sorted({" ".join(map(_cap, f.split())) for f in forms if f.strip()})


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


class _Writer:
    """Builds one article's text for one language from a seeded RNG."""

    def __init__(self, rng: random.Random, lang: str, forms: Sequence[str]):
        self.rng, self.lang, self.forms = rng, lang, forms
        (self.open, self.subj, self.verb, self.clause, self.tail, self.place, self.lookalike) = (
            TABLES[lang]
        )

    def filler(self) -> str:
        r = self.rng
        subj = r.choice(self.subj)
        head = r.choice(self.open)
        start = f"{head}{subj}" if head else _cap(subj)
        return f"{start} {r.choice(self.verb)} {r.choice(self.clause)}{r.choice(self.tail)}."

    def mention(self) -> str:
        r = self.rng
        if r.random() < LOOKALIKE_SHARE:
            return r.choice(self.lookalike)
        template = r.choice(self.place)
        clause = r.choice(self.clause)
        if self.forms and r.random() < GAZETTEER_SHARE:
            form = r.choice(self.forms)  # case unknown: used as is in every slot
            loc = {"en": form, "uk": f"У {form}", "ru": f"В {form}"}[self.lang]
            return template.format(p=form, c=clause, nom=form, gen=form, loc=loc)
        if self.lang == "en":
            return _cap(template.format(p=r.choice(EN_PLACES), c=clause))
        nom, gen, loc = r.choice(UK_PLACES if self.lang == "uk" else RU_PLACES)
        loc = loc if template.startswith("{loc}") else loc[:1].lower() + loc[1:]
        return template.format(nom=nom, gen=gen, loc=loc, c=clause)

    def article(self) -> tuple[str, int]:
        """Return (text, number of mention sentences incl. look-alikes)."""
        r = self.rng
        per_1000 = r.uniform(1.0, 3.0)  # place mentions per 1,000 characters
        head = self.filler().rstrip(".")
        parts, size, places, chars = [head, "\n\n"], len(head.encode()), 0, len(head)
        while size < ARTICLE_BYTES:
            for _ in range(r.randint(2, 6)):
                if chars * per_1000 / 1000 > places and r.random() < 0.6:
                    sentence, places = self.mention(), places + 1
                else:
                    sentence = self.filler()
                parts.append(sentence + " ")
                size += len(sentence.encode()) + 1
                chars += len(sentence) + 1
            parts[-1] = parts[-1].rstrip() + "\n\n"
        return "".join(parts).rstrip(), places


def generate_articles(seed: int = 1, mb: float = 50.0, forms: Sequence[str] | None = None):
    """Yield ``{"id", "lang", "text", "places"}`` dicts until the texts total at least
    ``mb`` x 10^6 UTF-8 bytes. ``forms`` defaults to :func:`gazetteer_forms`."""
    rng = random.Random(seed)
    forms = gazetteer_forms() if forms is None else sorted(forms)
    cyr = [f for f in forms if any("\u0400" <= c <= "\u04ff" for c in f)]
    latin = sorted(set(forms) - set(cyr))
    langs, weights = list(LANG_WEIGHTS), list(LANG_WEIGHTS.values())
    total, i = 0, 0
    while total < mb * 1e6:
        lang = rng.choices(langs, weights)[0]
        text, places = _Writer(rng, lang, latin if lang == "en" else cyr).article()
        yield {"id": f"syn-{seed}-{i:06d}", "lang": lang, "text": text, "places": places}
        total += len(text.encode())
        i += 1


def write_corpus(path: str | Path, seed: int = 1, mb: float = 50.0, forms=None) -> list[int]:
    """Write the corpus as JSONL; return the byte offset of each line plus the file size."""
    offsets = [0]
    with open(path, "wb") as out:
        for article in generate_articles(seed, mb, forms):
            line = (json.dumps(article, ensure_ascii=False) + "\n").encode()
            out.write(line)
            offsets.append(offsets[-1] + len(line))
    return offsets


def line_offsets(path: str | Path) -> list[int]:
    """Byte offset of each line of a corpus file, plus the file size (as write_corpus)."""
    offsets = [0]
    with open(path, "rb") as f:
        for line in f:
            offsets.append(offsets[-1] + len(line))
    return offsets


def iter_corpus(path: str | Path) -> Iterator[dict]:
    """Read a corpus written by :func:`write_corpus`."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=50.0, help="size in 10^6 UTF-8 bytes of text")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-o", "--output", required=True, help="JSONL file to write")
    args = ap.parse_args(argv)
    offsets = write_corpus(args.output, args.seed, args.mb)
    print(f"{len(offsets) - 1} articles, {offsets[-1] / 1e6:.1f} MB -> {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
