"""The qualifiers a finance figure turns on (period, GAAP or adjusted, actual or guidance, currency basis), read
from a question and from a candidate sentence, so the sentence that matches them wins over its neighbour."""

from __future__ import annotations

import functools
import re

from index.ranking import RANKING, Ranking
from index.text import terms_of, tokens
from ingest.chunking import split_sentences

_PATTERNS = {
    "quarter": re.compile(r"\b(?:q[1-4]|[1-4]q|quarter(?:ly)?|qtrly|three months)\b", re.I),
    "full_year": re.compile(r"\b(?:full[- ]year|fiscal(?: year)?(?: 20\d\d)?|for the (?:full )?year|fy\s?'?\d*|annual|year[- ]to[- ]date|(?:sees|expects?) 20\d\d)\b", re.I),
    "adjusted": re.compile(r"\b(?:adjusted|non-gaap|excluding (?:items|special)|core|underlying|ex-items|pro forma)\b", re.I),
    "gaap": re.compile(r"(?<!non-)(?<!non )\b(?:gaap|reported|as reported|(?:u\.?s\.? )?dollar basis)\b", re.I),
    "guidance": re.compile(r"\b(?:sees|expects?|expected|expecting|outlook|guidance|guide[ds]?|forecasts?|anticipates?|projects?|projected|projecting|will be|to be in the range)\b", re.I),
    "constant_currency": re.compile(r"\b(?:constant currency|local currency|organic(?:ally)?|currency[- ]neutral|fx[- ]neutral)\b", re.I),
}
# pairs where a sentence holding the other and not the asked one is the neighbour, not the answer
RIVALS = (("quarter", "full_year"), ("adjusted", "gaap"), ("constant_currency", "gaap"))
PERIOD_KINDS = frozenset(RIVALS[0])  # the period a figure is for, as a kind: the quarter or the full year


def qualifiers(text: str) -> frozenset[str]:
    "Which qualifiers the text states."
    return frozenset(name for name, pattern in _PATTERNS.items() if pattern.search(text))


_QUARTER_NAMES = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_ORDINALS = "|".join(_QUARTER_NAMES)
_NAMED_QUARTER = re.compile(rf"\b(?:({_ORDINALS})[- ]quarter|q([1-4])|([1-4])q)\b", re.I)
_YEAR = re.compile(r"(?<![\d.,$])(?:fy\s?)?'?((?:19|20)\d\d)(?![\d%]|[.,]\d)", re.I)


_PERIODISH = rf"(?:(?:{_ORDINALS})[- ]quarter|q[1-4]|[1-4]q|(?:fy\s?|fiscal\s)?'?(?:19|20)\d\d)"
# the period a figure is compared with, not the one it is for: "down 38% from the first quarter", "compared to
# $37.8 million in the second quarter of 2020", "higher than q3 2020", "against our 2020 adjusted gross margin"
_COMPARED_WITH = re.compile(
    rf"\b(?:(?:from|compared (?:to|with)|versus|vs\.?|relative to|against)\s+(?:(?!(?:to|and|through|in)\b)[\w$%.,'-]+\s+){{0,4}}?(?:in\s+)?"
    rf"|than\s+(?:the\s+|last\s+|prior\s+)?)(?:the\s+)?{_PERIODISH}(?:(?:\s+of|,|\s+and|\s+or)?\s+{_PERIODISH})*",
    re.I,
)


def periods(text: str) -> tuple[frozenset[int], frozenset[str]]:
    """The quarters (1-4) and the years a text names: 'second quarter of 2021', 'Q3', 'fy 2022'; not the ones a figure
    is only compared with ('down 38% from the first quarter')."""
    text = _COMPARED_WITH.sub(" ", text)
    quarters = {int(m.group(2) or m.group(3)) if not m.group(1) else _QUARTER_NAMES[m.group(1).lower()] for m in _NAMED_QUARTER.finditer(text)}
    return frozenset(quarters), frozenset(m.group(1) for m in _YEAR.finditer(text))


def period_clash(asked: tuple[frozenset[int], frozenset[str]], sentence: str) -> int:
    "How many of quarter and year the sentence names, but only other ones than the question names (0-2)."
    has = periods(sentence)
    return sum(bool(want and got and not want & got) for want, got in zip(asked, has))


_PART = re.compile(r"\b(?:segments?|divisions?|business units?|subsidiar(?:y|ies))\b", re.I)
_WHOLE = re.compile(r"\b(?:consolidated|total company|company-?wide|overall|enterprise-?wide|in total)\b", re.I)


def asks_for_part(question: str) -> bool:
    "Does the question ask about a segment or a division, not the whole company?"
    return bool(_PART.search(question))


def speaks_of_part(sentence: str) -> bool:
    "A sentence giving a segment's or a division's figure, not the whole company's."
    return bool(_PART.search(sentence)) and not _WHOLE.search(sentence)


# a speaker moving on to one part of the company: "Turning now to slide six, I'll discuss our Fixed Income and Data
# Services segment.", "And now, let's move to Specialty Minerals.", "Turning to Coatings, sales of $98.2 million..."
_MOVING_ON = re.compile(
    r"\b(?:turn(?:ing)?|mov(?:e|ing)|switch(?:ing)?|shift(?:ing)?)\s+(?:now\s+|on\s+)?to\b|\b(?:start|begin)(?:ning|ing)?\s+(?:off\s+)?with\b"
    r"|\blet'?s (?:look at|discuss|talk about|review)\b|\bI(?:'ll| will) (?:now )?(?:discuss|review|cover|talk about)\b",
    re.I,
)
# what a speaker moves on to that is no part of the company: the slide, the results, the balance sheet, the outlook
_NO_PART = re.compile(
    r"\b(?:slides?|pages?|results?|balance sheet|cash|capital|liquidity|outlook|guidance|financials?|quarter(?:s|ly)?|"
    r"years?|q[1-4]|questions?|Q&A|operator|expenses?|costs?|margins?|tax(?:es)?|summary|details?|highlights?|remarks|"
    r"overview|performance|update|comments|total|consolidated|overall|company)(?![\w&])",
    re.I,
)
# where what a speaker moves on to ends: "...our performance before turning it over to Bryan Hughes, who..."
_END_OF_MOVE = re.compile(r"[,.;:]|\b(?:before|after|then|who|which)\b")
_NAME = re.compile(r"\b[A-Z][a-z]+|\b[A-Z]{2,}\b|\b[a-z]+[A-Z]\w*")  # Coatings, NYSE, iPhone


# how far a part's stretch reaches: the sentence moving on to it and the next two. A tour of the parts ("Starting with
# iPhone, ...", then Mac, iPad, wearables, services) names each as it comes, so a longer reach would hold the later ones
_PART_STRETCH = 3


@functools.lru_cache(maxsize=4096)
def part_context(sentences: tuple[str, ...]) -> frozenset[int]:
    """The positions of a turn's sentences said about one part of the company: a sentence moving on to a segment or a
    named business ("Turning to Coatings,", "let's move to Specialty Minerals.") and the next two, unless one before
    them moves on to something else or speaks of the whole ("In total", "consolidated"). "Third quarter revenues totaled $477
    million" after "I'll discuss our Fixed Income and Data Services segment" is that segment's."""
    left, out = 0, set()  # sentences left of the part's stretch
    for i, sentence in enumerate(sentences):
        moves = [_END_OF_MOVE.split(sentence[m.end():], maxsplit=1)[0] for m in _MOVING_ON.finditer(sentence)]
        if moves:
            named = any(_PART.search(to) or (_NAME.search(to) and not _NO_PART.search(to) and not named_measures(to)) for to in moves)
            left = _PART_STRETCH if named else 0
        elif _WHOLE.search(sentence):
            left = 0
        if left:
            out.add(i)
            left -= 1
    return frozenset(out)


# how far a stated period frames the sentences after it that name none: "Our effective tax rate for the year was
# 18.7%." then "... diluted earnings per share increased 57% to $6.45." (the year's, not the fourth quarter's)
_PERIOD_STRETCH = 2


def _own_frame(has: frozenset[str], quarters: frozenset[int]) -> str | None:
    """'quarter' or 'full_year' when a sentence states (`has`, of PERIOD_KINDS) one of them and not the other; a named
    quarter of a fiscal year is a quarter."""
    if "quarter" in has and ("full_year" not in has or quarters):
        return "quarter"
    return "full_year" if has == {"full_year"} else None


@functools.lru_cache(maxsize=4096)
def period_context(sentences: tuple[str, ...]) -> tuple[str | None, ...]:
    """The period each of a turn's sentences is said in when it names none itself: the quarter or the full year the
    last sentence naming a period gave a figure for, if that is at most two sentences back ("Our effective tax rate for
    the year was 18.7%." then "Net earnings rose 57% to $2.4 billion"); None for a sentence naming its own period, or
    none near."""
    frame, left, out = None, 0, []
    for sentence in sentences:
        has, (quarters, years) = qualifiers(sentence) & PERIOD_KINDS, periods(sentence)
        if has or quarters or years:  # it names its own period
            frame, left = _own_frame(has, quarters) if states_figure(sentence) else None, _PERIOD_STRETCH  # "a solid start for the year" frames nothing
            out.append(None)
            continue
        out.append(frame if left else None)
        left = max(left - 1, 0)
    return tuple(out)


def rival_clashes(asked: frozenset[str], has: frozenset[str]) -> int:
    "How many qualifiers the question asks a sentence states only the rival of (the year for 'Q4?', GAAP for 'adjusted?')."
    return sum(want in asked and rival not in asked and rival in has and want not in has
               for one, other in RIVALS for want, rival in ((one, other), (other, one)))


def fit(asked: frozenset[str], sentence: str, ranking: Ranking = RANKING) -> float:
    "How well a sentence's qualifiers fit the question's: positive for matches, negative for the rival ones."
    if not asked:
        return 0.0
    has = qualifiers(sentence)
    score = ranking.qualifier_match * len(asked & has) - ranking.qualifier_mismatch * rival_clashes(asked, has)
    if ("guidance" in asked) != ("guidance" in has):
        score -= ranking.guidance_mismatch
    return score


# a near match is named only between these explicit rivals: a sentence says "adjusted" or "GAAP", "quarter" or "full
# year", "constant currency" or "reported" in so many words, where "actual" and "reported" are mostly said by saying
# nothing (too weak to claim a gap)
_LABELS = {"quarter": "quarterly", "full_year": "full-year", "adjusted": "adjusted (non-GAAP)", "gaap": "GAAP", "constant_currency": "constant-currency"}
_YEAR_OR_QUARTER = re.compile(r"\b(?:(?:19|20)\d\d|[qh][1-4]|[1-4]q|fy\s?'?\d+)\b", re.I)
_FIGURE_WORDS = re.compile(r"\b(?:flat|(?:single|double)[- ]digits?|doubled|tripled|halved|percent|hundred|thousand|million|billion)\b", re.I)


def states_figure(sentence: str) -> bool:
    "A figure in digits other than a year or a quarter's name ('19.6 million', '28%'), or in words ('roughly flat')."
    return any(c.isdigit() for c in _YEAR_OR_QUARTER.sub(" ", sentence)) or bool(_FIGURE_WORDS.search(sentence))


def _label(rival: str, want: str) -> str:
    "GAAP against adjusted, 'reported' against constant currency."
    return "reported" if rival == "gaap" and want == "constant_currency" else _LABELS[rival]


def _rival(want: str, asked: frozenset[str]) -> str | None:
    for one, other in RIVALS:
        for a, b in ((one, other), (other, one)):
            if want == a and b not in asked:
                return b
    return None


def _stated(sentence: str) -> frozenset[str]:
    "Its qualifiers, where a sentence naming a year and no quarter ('for 2022, we expect...') speaks of the full year."
    has = qualifiers(sentence)
    if "quarter" not in has and any(periods(sentence)[1]):
        has |= {"full_year"}
    return has


def _states(qualifier: str, sentence: str) -> bool:
    "The sentence states a figure with this qualifier."
    return states_figure(sentence) and qualifier in _stated(sentence)


def near_match(question: str, quotes: dict[int, str], calls: dict[int, list[str]]) -> str:
    """A note for an answer that states a figure with the rival qualifier of the one asked, when its call states the
    asked one nowhere: "Only a near match: [1] gives the adjusted (non-GAAP) figure for EBITDA, not the GAAP one
    asked for; the call states no GAAP figure for EBITDA."

    quotes: each citation's quoted sentences by marker; calls: the sentences of each marker's whole call. What the
    figure is about is the question's words the near sentence shares (its subject). A figure is mostly stated without
    its qualifier ("net income was $1.2 billion" is GAAP), so the call is said not to state the asked one only when
    every sentence of it that holds the subject and a figure says the rival qualifier in so many words."""
    asked = qualifiers(question)
    if not asked or not quotes:
        return ""
    qualifier_words = {t for p in _PATTERNS.values() for m in p.finditer(question) for t in tokens(m.group(0))}
    terms = {t for t in tokens(question) if t not in qualifier_words and not any(c.isdigit() for c in t)}
    said = {m: split_sentences(q) for m, q in quotes.items()}
    notes = []
    for want in sorted(asked):
        rival = _rival(want, asked)
        if rival is None or any(_states(want, s) for ss in said.values() for s in ss):
            continue  # the answer states the figure as asked
        near = {m: [s for s in ss if _states(rival, s) and terms_of(s) & terms] for m, ss in said.items()}
        near = {m: ss for m, ss in near.items() if ss}
        if not near:
            continue
        subject = set().union(*(terms_of(s) & terms for ss in near.values() for s in ss))
        # each call read once, however many of its turns are cited
        read = {id(c): c for c in (calls.get(m, ()) for m in near)}.values()
        about_it = [s for call in read for s in call if states_figure(s) and subject <= terms_of(s)]
        if not about_it or not all(rival in _stated(s) and want not in _stated(s) for s in about_it):
            continue  # some figure for it may be the asked one, said without its qualifier
        words = [w for w in re.findall(r"[\w&'.-]+", question) if (t := tokens(w)) and set(t) <= subject]
        about = " ".join(dict.fromkeys(w.strip(".'") for w in words)) or "it"
        markers = ", ".join(f"[{m}]" for m in sorted(near))
        notes.append(
            f"Only a near match: {markers} {'gives' if len(near) == 1 else 'give'} the {_label(rival, want)} figure for {about}, "
            f"not the {_LABELS[want]} one asked for; the call states no {_LABELS[want]} figure for {about}."
        )
    return " ".join(notes)


# the kind of figure a question about a measure wants: a per-share amount, a percentage, or an amount of money
_WANTS_PER_SHARE = re.compile(r"\b(?:eps|earnings[- ]per[- ]share|per (?:diluted )?share|dividends?)\b", re.I)
_WANTS_PERCENT = re.compile(r"\b(?:margins?|(?:tax|growth|interest|return|churn|occupancy|utilization) rates?|percent(?:age)?)\b", re.I)
_CHANGE = re.compile(
    r"\b(?:rose|fell|grew|gained|dropped|climbed|jumped|(?:increase|decrease|decline|climb|jump|drop|rise|fall|grow)[sd]?)\b[^.?]*\bhow much\b"
    r"|\bhow much\b[^.?]*\b(?:increase|decrease|decline|drop|growth|grow|rise|fall)\b"
    r"|(?<!drawn )(?<!paid )\b(?:up|down)\s+(?:by\s+)?(?:about\s+|approximately\s+|roughly\s+|nearly\s+)?how much\b",  # "comp sales up how much?": the change
    re.I,
)
_WANTS_MONEY = re.compile(r"\b(?:revenues?|sales|income|ebitda|ebit|earnings|cash flows?|capex|capital expenditures?|repurchases?|buybacks?|backlog|bookings|expenses?|debt)\b", re.I)
_PERCENT = re.compile(r"\d(?:\.\d+)?\s*(?:%|percent\b|per cent\b|basis points\b|points\b)", re.I)
_PER_SHARE = re.compile(r"\$\s?\d{1,3}\.\d{2}\b(?!\s*(?:million|billion|thousand|trillion|[mbk]n?)\b)|\b\d{1,3} cents\b", re.I)
_MONEY = re.compile(r"\d(?:[\d,]*\.?\d*)\s*(?:million|billion|thousand|trillion)\b", re.I)
_UNITS = {"per_share": _PER_SHARE, "percent": _PERCENT, "money": _MONEY}


def wanted_unit(question: str) -> str | None:
    "The kind of figure a figure question wants, when its wording says: per_share, percent or money."
    if _WANTS_PER_SHARE.search(question):
        return "per_share"
    if _WANTS_PERCENT.search(question) or _CHANGE.search(question):
        return "percent"  # "rose how much to $891.7 million?", "how much did sales grow?": the change
    if _WANTS_MONEY.search(question):
        return "money"
    return None


def unit_fit(unit: str | None, sentence: str) -> int:
    "+1 when a sentence states a figure of the wanted kind, -1 when it states figures of other kinds only, else 0."
    if unit is None:
        return 0
    if _UNITS[unit].search(sentence):
        return 1
    return -1 if any(p.search(sentence) for p in _UNITS.values()) else 0


# what a figure measures, by the names finance gives it ("sales" and "revenue" are one measure); a sentence that
# names measures, none of them the one asked, gives a neighbour's figure ("q3 revenue?" -> "operating income was...")
_MEASURES = {
    "revenue": r"revenues?|sales|turnover|top[- ]line",  # a question's "rev" is written out before (qa/shorthand.py)
    "per_share": r"eps|deps|earnings per (?:diluted |common )?share|per (?:diluted |common |basic )?share|ffo|affo",
    "net_income": r"net (?:income|earnings|loss|profit)|(?<!gross )(?<!operating )profits?|(?<!operating )earnings(?! from operations)",
    "operating_income": r"operating (?:income|profit|earnings|loss)|ebit|(?:income|earnings) from operations",
    "gross_profit": r"gross profits?",
    "ebitda": r"ebitda",
    "margin": r"margins?",
    "cash_flow": r"cash flows?|fcf",
    "capex": r"capex|capital (?:expenditures?|spending|investments?)",
    "dividend": r"dividends?",
    "buyback": r"repurchases?|buybacks?",
    "orders": r"backlog|bookings|orders",
    "expenses": r"expenses?|sg&a|opex|costs?",
}
_MEASURE = {name: re.compile(rf"(?<![\w-])(?:{words})(?![\w-])", re.I) for name, words in _MEASURES.items()}


def named_measures(text: str) -> frozenset[str]:
    "The measures a text names: revenue, per-share earnings, margin, capex..."
    return frozenset(name for name, pattern in _MEASURE.items() if pattern.search(text))


def measure_fit(asked: frozenset[str], sentence: str) -> int:
    "-1 when a sentence names measures and none of those the question asks about, else 0."
    if not asked:
        return 0
    has = named_measures(sentence)
    return -1 if has and not has & asked else 0


_ANY_FIGURE = re.compile(r"\d")


def bound_figure(asked: frozenset[str], unit: str | None, sentence: str, after: int = 80, before: int = 25) -> bool:
    """Does the sentence state a figure of the wanted kind right by the name of a measure the question asks about
    ("yielding earnings per share of $0.81", "$1.88 per diluted share", "Revenue for the quarter was $392.1 million")?
    Such a figure is that measure's, where a figure elsewhere in a long sentence may be another measure's."""
    figure = _UNITS[unit] if unit else _ANY_FIGURE
    for name in asked:
        for match in _MEASURE[name].finditer(sentence):
            if figure.search(sentence[match.end() : match.end() + after]) or figure.search(sentence[max(0, match.start() - before) : match.start()]):
                return True
    return False
