"""The offline answer: the most relevant sentences of the best turns, in call order, each with its marker."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import numpy as np

from index import TurnHit
from index.ranking import RANKING, Ranking
from index.text import terms_of, tokens, words_of
from ingest import Turn
from ingest.chunking import chunk_turn, placed_sentences, split_sentences

from .checks import Figure, figures, supported
from .qualifiers import PERIOD_KINDS, asks_for_part, bound_figure, fit, measure_fit, named_measures, part_context, period_clash, period_context, periods, qualifiers, rival_clashes, speaks_of_part, states_figure, unit_fit, wanted_unit

_FILLER = re.compile(r"^(?:ok(?:ay)?|thank you|thanks|yes|yeah|um+|uh+|good (?:morning|afternoon|evening))\b[.,! ]*$", re.I)
# a sentence that opens by pointing back at the one before: "That's down from...", "This compares with...", "which..."
_LEANS_BACK = re.compile(
    r"^(?:and\s+|but\s+|so\s+)?(?:which\b|(?:that|this|these|those)(?:['’]s\b|\s+(?:is|was|were|are|represents?|represented|"
    r"compares?|compared|reflects?|reflected|includes?|included|brings?|brought|means?|equates?|translates?|puts?|"
    r"number|figure|amount|increase|decrease|growth|decline)\b))",
    re.I,
)
_PERIOD_WORD = re.compile(r"first|second|third|fourth|quarter|year|fiscal|(?:fy|q[1-4])?\d+")
_QUESTION_WORDS = re.compile(r"\b(ask|asked|asking|question|analyst|analysts)\b", re.I)
_WHY = re.compile(r"\b(why|drove|drive|drives|driven|driver|drivers|reason|reasons|cause|caused|behind)\b", re.I)
_QUANTITY = re.compile(
    r"\bhow (?:much|many|fast|big|large|high|low)\b|\bwhat (?:was|is|were|are)\b.*\b(?:rate|ratio|revenue|margin|income|cost|costs|growth|guidance|expenses|sales|profit|eps)\b",
    re.I,
)
_FIGURE = re.compile(r"\d")
_NUMBER_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|(?:twenty|thirty|forty|fifty)(?:-\w+)?)"
_SLIDE = re.compile(rf"\b(?:slides?|pages?|charts?|exhibits?)\s+(?:\d+|{_NUMBER_WORD})\b|\bon (?:this|the next|the following|the) (?:slide|page|chart)\b", re.I)
_CAUSAL = re.compile(r"\b(driven by|due to|because|as a result|with the help of|thanks to|mainly from|resulted? from|combined|factors?)\b", re.I)


@dataclass(frozen=True)
class Picked:
    "A sentence chosen for the answer."

    hit: TurnHit
    position: int  # sentence position in its turn, for call order
    text: str
    score: float
    similarity: float  # cosine between the sentence and the question


class Picks(list):
    """The sentences chosen for an answer, and how close the closest sentence read came to the question: whether the
    call speaks to the question at all is read from everything read, not only from what was chosen, so a better
    choice (an off-measure sentence dropped) cannot turn an answer into a refusal."""

    relevance: float = 0.0


def signpost(sentence: str) -> bool:
    "Does the sentence point at a slide or page and, that reference aside, state no figure?"
    return bool(_SLIDE.search(sentence)) and not figures(_SLIDE.sub(" ", sentence))


def wants_questions(question: str, filters: dict) -> bool:
    "The user asks what analysts asked, so question turns are answers too."
    return filters.get("role") == "analyst" or bool(_QUESTION_WORDS.search(question))


MANAGEMENT = frozenset({"executive", "host", "unknown"})  # the roles whose turns are the company speaking


def candidate_turns(question: str, hits: list[TurnHit], filters: dict, ranking: Ranking = RANKING) -> list[TurnHit]:
    "Turns whose sentences may answer: management speech first, the operator never (unless filtered to)."
    allowed = set(MANAGEMENT)
    if wants_questions(question, filters):
        allowed.add("analyst")
    if filters.get("role"):
        allowed = {filters["role"]} if not isinstance(filters["role"], (list, tuple)) else set(filters["role"])
    return [h for h in hits if h.turn.role in allowed][: ranking.max_turns]


class SentenceVectors:
    "Sentence embeddings, computed once per sentence and kept (bounded) for later questions."

    def __init__(self, embed_batch, limit: int = 50_000, chars: int = RANKING.sentence_chars) -> None:
        self.embed_batch = embed_batch
        self.chars = chars
        self.limit = limit
        self.cache: dict[str, np.ndarray] = {}

    def __call__(self, texts: list[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self.cache))
        if missing:
            if len(self.cache) + len(missing) > self.limit:
                self.cache.clear()
            # a sentence's gist is in its first words; long ASR run-ons cost the most to embed
            for text, vector in zip(missing, self.embed_batch([t[: self.chars] for t in missing])):
                v = np.asarray(vector, dtype=np.float32)
                self.cache[text] = v / (np.linalg.norm(v) + 1e-9)
        return np.stack([self.cache[t] for t in texts])


@functools.lru_cache(maxsize=8192)
def sentences_of(text: str) -> tuple[str, ...]:
    "A turn's or a chunk's sentences, split once: the same turns come back for question after question."
    return tuple(split_sentences(text))


@functools.lru_cache(maxsize=2048)
def sentence_places(text: str) -> tuple[tuple[int, int] | None, ...]:
    "Where each of a long turn's sentences stands in it, in the order sentences_of gives them."
    return tuple(where for _, where in placed_sentences(text))


LONG_TURN_CHARS = 2500  # a longer turn is read as its matched chunks, by this answer step and by the LLM's


@functools.lru_cache(maxsize=2048)
def turn_chunks(turn: Turn) -> tuple[str, ...]:
    "A long turn cut again as the chunker cuts it now: for an index that does not say where its chunks stand."
    return tuple(chunk_turn(turn))


def matched_pieces(hit: TurnHit) -> dict[int, str]:
    """The chunks retrieval matched, by chunk index: the turn's own words where the index says each chunk stands
    (so a chunker changed since the call was indexed cannot shift them); for an older index, the turn cut again."""
    if hit.spans:
        return dict(zip(hit.matched, hit.matched_text()))
    pieces = turn_chunks(hit.turn)
    return {i: pieces[i] for i in hit.matched if i < len(pieces)}


def sentence_pool(hit: TurnHit, query_terms: set[str] = frozenset(), asked_measures: frozenset[str] = frozenset()) -> list[tuple[int, str]]:
    """(position, sentence) of the parts of a turn worth reading: all of a short turn; of a long one, its matched
    chunks plus any sentence holding two of the question's subject terms (its best chunk can miss the figure), or
    stating a figure for a measure a figure question asks about ("In Q4, we delivered revenue of $521 million")."""
    sentences = sentences_of(hit.turn.text)
    if hit.matched and len(hit.turn.text) > LONG_TURN_CHARS:
        if hit.spans:  # the sentences that overlap a matched chunk, where the index says it stands
            places = sentence_places(hit.turn.text)
            matched = {i for i, at in enumerate(places) if at and any(at[0] < end and start < at[1] for start, end in hit.spans)}
        else:
            wanted = {sentence for piece in matched_pieces(hit).values() for sentence in sentences_of(piece)}
            matched = {i for i, s in enumerate(sentences) if s in wanted}
        subject = {t for t in query_terms if not _PERIOD_WORD.fullmatch(t)}
        kept = {i for i, s in enumerate(sentences) if i in matched or len(words_of(s) & subject) >= 2
                or (asked_measures and asked_measures & named_measures(s) and states_figure(s))}
    else:
        kept = set(range(len(sentences)))
    return [(i, s) for i, members, s in with_antecedents(sentences) if kept & members]


# keywords that name the same measure in finance: a question about "sales" is answered by a sentence on "revenue"
_SAME_MEASURE = {t: tokens("revenue")[0] for word in ("sales", "turnover", "top-line") for t in tokens(word)}


@functools.lru_cache(maxsize=65_536)
def measures(terms: frozenset[str]) -> frozenset[str]:
    "Keywords with the names of one measure made one."
    return frozenset(_SAME_MEASURE.get(t, t) for t in terms)


# where a question of several parts breaks: "qtrly loss per share how much; qtrly non-gaap earnings per share $0.27?",
# and newswire bullets run together without a space ("q3 earnings per share how much.2021 diluted eps guidance...");
# not "u.s.", "inc." or "$3.75"
_CLAUSE_BREAK = re.compile(r";|(?<=[a-z]{2})\.(?=[a-z0-9])|(?<=[a-z]\d)\.(?=[a-z0-9])", re.I)


def asking_clause(question: str) -> str:
    """The part of a question of several parts that asks for the figure, whose period, basis and measure frame it:
    the other parts state neighbouring figures. The whole question when no one part asks."""
    parts = [p for p in _CLAUSE_BREAK.split(question) if p.strip()]
    asking = [p for p in parts if _QUANTITY.search(p)]
    return asking[0] if len(parts) > 1 and len(asking) == 1 else question


def with_antecedents(sentences: tuple[str, ...]) -> list[tuple[int, set[int], str]]:
    """The sentences worth reading, each that leans on the one before ("That's down from $0.98 a year ago.") joined
    to it as one unit: scored, embedded and shown together, so an answer never quotes "that" without what it is.
    Each unit is (position of its first sentence, positions it holds, text)."""
    units: list[tuple[int, set[int], str]] = []
    for i, sentence in enumerate(sentences):
        if len(sentence) < 25 or _FILLER.match(sentence):
            continue
        if units and _LEANS_BACK.match(sentence) and max(units[-1][1]) == i - 1 and len(units[-1][1]) < 3:
            first, members, text = units[-1]
            units[-1] = (first, members | {i}, f"{text} {sentence}")
        else:
            units.append((i, {i}, sentence))
    return units


def _investor_relations_remarks(turn) -> bool:
    """Investor relations' prepared remarks, by a host the call names (a role guessed for an unnamed speaker may be a
    CFO's remarks): the welcome, the safe-harbour statement and where the release is, seldom the business."""
    return turn.role == "host" and turn.section == "prepared_remarks" and not turn.speaker.startswith("Unidentified")


def pick_sentences(question: str, hits: list[TurnHit], vectors: SentenceVectors, ranking: Ranking = RANKING) -> Picks:
    "2-4 sentences chosen for relevance and for covering the question's terms, without repeats."
    query_terms = set(words_of(question))
    query_measures = measures(frozenset(query_terms))
    quantity = bool(_QUANTITY.search(question))
    figure_question = quantity or bool(_FIGURE.search(question))
    ask = asking_clause(question)  # the part that asks frames the figure: its period, basis, measure and kind
    wanted = named_measures(ask) if figure_question else frozenset()  # a long turn is read for each figure of these
    per_turn = [[(hit, position, sentence) for position, sentence in sentence_pool(hit, query_terms, wanted)] for hit in hits]
    pool = [p for turn in per_turn for p in turn]
    if not pool:
        return Picks()
    asking = bool(_QUESTION_WORDS.search(question))
    why = bool(_WHY.search(question))
    asked = qualifiers(ask) if figure_question else frozenset()
    asked_periods = periods(ask) if figure_question else (frozenset(), frozenset())
    stated = [f for f in figures(ask) if not (f.scaled is None and 1900 <= f.value <= 2100)] if figure_question else []
    unit = wanted_unit(ask) if figure_question and ranking.bonus_unit else None
    whole_company = figure_question and ranking.part_mismatch and not asks_for_part(ask)
    asked_measures = wanted if ranking.measure_mismatch or ranking.bound_figure else frozenset()
    top_turn = max(h.score for h in hits) or 1.0
    asked_kinds = asked & PERIOD_KINDS
    asked_frame = next(iter(asked_kinds)) if len(asked_kinds) == 1 else None  # the quarter or the full year, when asked

    def framed_as_asked(sentence: str, other_periods: int) -> bool:
        "No rival qualifier (the year for 'Q4?', GAAP for 'adjusted?'), no other period, and guidance if it is asked."
        has = qualifiers(sentence)
        return not other_periods and not rival_clashes(asked, has) and ("guidance" not in asked or "guidance" in has)

    def lexical(sentence: str) -> float:
        "What the words say: the question's terms it holds, plus the kind of sentence the question wants."
        other_periods = period_clash(asked_periods, sentence) if any(asked_periods) else 0
        score = len(measures(words_of(sentence)) & query_measures) / (len(query_measures) or 1)
        if asking and sentence.rstrip().endswith("?"):
            score += ranking.bonus_question  # what was asked is in the question sentences
        if why and _CAUSAL.search(sentence):
            score += ranking.bonus_causal  # a "what drove" question is answered by a sentence that gives causes
        if quantity and _FIGURE.search(sentence):
            score += ranking.bonus_figure  # "how much", "what was the rate": the answer states a figure
        if stated and ranking.bonus_same_figure and any(supported(f, figures(sentence)) for f in stated):
            score += ranking.bonus_same_figure  # "fell how much to $3.0 billion?": the sentence that says $3.0 billion
        if unit:
            score += ranking.bonus_unit * unit_fit(unit, sentence)
        if asked_measures:
            score += ranking.measure_mismatch * measure_fit(asked_measures, sentence)  # "q3 revenue?" not "operating income was"
            if ranking.bound_figure and bound_figure(asked_measures, unit, sentence) and framed_as_asked(sentence, other_periods):
                score += ranking.bound_figure  # "yielding earnings per share of $0.81": the asked measure's own figure
        if whole_company and speaks_of_part(sentence):
            score -= ranking.part_mismatch  # "q1 sales rose how much?": the company's, not a segment's
        score -= ranking.period_mismatch * other_periods  # "Q3?" is not "fourth quarter"
        if ranking.signpost and signpost(sentence):
            score -= ranking.signpost  # "Turning to our capital plan on Slide 17.": what comes next, not what it says
        # a figure question: the quarter not the year, adjusted not GAAP, actual not guidance, as the question asks
        return score + fit(asked, sentence, ranking)

    # each turn's stretches said about one part, and the period each sentence is said in, read once per turn
    parts = {id(h): part_context(sentences_of(h.turn.text)) for h in hits} if whole_company else {}
    said_in = {id(h): period_context(sentences_of(h.turn.text)) for h in hits} if asked_frame and ranking.period_context else {}

    def in_context(p: tuple) -> float:
        "What the turn around the sentence takes off: investor relations' boilerplate, a segment the speaker moved on to."
        taken = ranking.host_remarks if _investor_relations_remarks(p[0].turn) else 0.0
        if p[1] in parts.get(id(p[0]), ()) and not speaks_of_part(p[2]):
            taken += ranking.part_introduced  # "Third quarter revenues totaled $477 million" after "our Fixed Income segment."
        if said_in and said_in[id(p[0])][p[1]] not in (None, asked_frame):
            taken += ranking.period_context  # "diluted earnings per share increased 57% to $6.45" after "for the year"
        return taken

    words = {id(p): lexical(p[2]) - in_context(p) for p in pool}

    def combined(p: tuple, similarity: float) -> float:
        return ranking.weight_similarity * similarity + ranking.weight_words * words[id(p)] + ranking.weight_turn * p[0].score / top_turn

    if len(pool) > ranking.pool_limit:
        # embedding sentences is the costly step on CPU: embed the most promising ones, each scored with its
        # turn's similarity in place of its own, and the best of every turn so no retrieved turn is left unread
        estimate = {id(p): combined(p, p[0].similarity) for p in pool}
        best_of_turn = {id(max(turn, key=lambda p: estimate[id(p)])) for turn in per_turn if turn}
        ranked = sorted(pool, key=lambda p: (id(p) in best_of_turn, estimate[id(p)]), reverse=True)
        keep = {id(p) for p in ranked[: ranking.pool_limit]}
        pool = [p for p in pool if id(p) in keep]
    semantic = vectors([s for _, _, s in pool]) @ vectors([question])[0]
    scored = [Picked(p[0], p[1], p[2], float(combined(p, sim)), float(sim)) for p, sim in zip(pool, semantic)]
    scored.sort(key=lambda p: p.score, reverse=True)
    best = scored[0].score
    chosen: list[Picked] = []
    covered: set[str] = set()
    for p in scored:
        if len(chosen) >= ranking.max_sentences:
            break
        if p.score < (ranking.keep_first if len(chosen) < ranking.min_sentences else ranking.keep_more) * best:
            break
        terms = terms_of(p.text)
        if any(_near_duplicate(terms, terms_of(c.text), ranking.near_duplicate) and not _new_figures(p.text, c.text) for c in chosen):
            continue
        words = words_of(p.text)
        new_terms = (words & query_terms) - covered
        if len(chosen) >= ranking.min_sentences and not new_terms and p.score < ranking.keep_repeating * best:
            continue  # adds nothing the question asked for
        chosen.append(p)
        covered |= words & query_terms
    if figure_question and not asked & {"adjusted", "gaap"} and ranking.keep_other_basis:
        chosen = _with_reported_basis(chosen, scored, asked, asked_measures or named_measures(question), asked_periods, ranking)
    picks = Picks(_with_exact_figures(chosen, hits, ranking) if figure_question else chosen)
    picks.relevance = max(p.similarity for p in scored)
    return picks


_REPORTED_PER_SHARE = re.compile(r"\bnet (?:income|loss|earnings)\b|\bgaap\b|\bas reported\b|\breported (?:eps|earnings|net)\b", re.I)


def _with_reported_basis(chosen: list[Picked], scored: list[Picked], asked: frozenset[str], asked_measures: frozenset[str],
                         asked_periods: tuple, ranking: Ranking) -> list[Picked]:
    """'Q1 earnings per share?' names no basis, which in reporting means the figure as reported. When a chosen
    sentence gives an adjusted per-share figure ('$0.59 of non-GAAP earnings per share'), the best other sentence
    giving the per-share figure as reported ('On a GAAP basis, we reported $0.56', 'Net income was $10 million or
    $0.07 per share') comes too, if it scores `keep_other_basis` of the best and the answer has room. Only for
    per-share figures: other measures' names overlap too much ('earnings', 'profit') to tell the reported one apart."""
    if "per_share" not in asked_measures or len(chosen) >= ranking.max_sentences:
        return chosen

    def per_share(p: Picked, has: frozenset[str]) -> bool:
        "A per-share figure for the asked period, not guidance."
        return unit_fit("per_share", p.text) > 0 and "guidance" not in has and not rival_clashes(asked, has) and not period_clash(asked_periods, p.text)

    if not any("adjusted" in (has := qualifiers(p.text)) and per_share(p, has) and "per_share" in named_measures(p.text) for p in chosen):
        return chosen
    for p in scored:
        if p.score < ranking.keep_other_basis * scored[0].score:
            break
        has = qualifiers(p.text)
        # of earnings as reported, and nothing else per share (a dividend, cash flow, a buyback's price)
        if (p not in chosen and "adjusted" not in has and _REPORTED_PER_SHARE.search(p.text) and per_share(p, has)
                and named_measures(p.text) <= {"per_share", "net_income"}):
            return [*chosen, p]
    return chosen


# a figure given rounded: "sales increased 17% to nearly $301 million", "almost $296 million", "about 12%"
_HEDGE = re.compile(r"\b(?:nearly|almost|about|approximately|approx\.|roughly|around|close to|just (?:over|under|shy of)|more than|north of|some)\s+(?=\$?\s?\d)", re.I)


def rounded_figures(sentence: str) -> list[Figure]:
    "The figures a sentence gives rounded, with a scale word or as a percentage ('nearly $301 million', 'about 12%')."
    out = []
    for match in _HEDGE.finditer(sentence):
        found = figures(sentence[match.end() : match.end() + 40])
        if found and (found[0].scaled is not None or found[0].percent):
            out.append(found[0])
    return out


def rounds_to(exact: Figure, rounded: Figure) -> bool:
    "Is `exact` a more precise form of `rounded`: $300.8 million of 'nearly $301 million', 11.8% of 'about 12%'?"
    if exact.percent != rounded.percent or (exact.scaled is None) != (rounded.scaled is None):
        return False
    places = lambda f: len(f.text.split()[0].partition(".")[2])  # noqa: E731  digits after the point
    if places(exact) <= places(rounded) or len(rounded.text.split()[0].replace(".", "").replace(",", "").strip("0")) < 2:
        return False  # and not 'roughly $2 million' read as $2.4 million: a figure rounded to one digit could be many
    half = 0.5 * 10.0 ** -places(rounded) + 1e-9  # it rounds to the rounded figure's last place
    if rounded.scaled is None:
        return abs(exact.value - rounded.value) <= half
    unit = rounded.scaled / rounded.value if rounded.value else 1.0  # a million, a billion
    return abs(exact.scaled - rounded.scaled) <= unit * half


def same_kind(sentence: str, other: str) -> bool:
    """Could the two state the same figure: a measure the other names too, and nothing the other does not name (sales
    and sales, not operating income and net income), and neither guidance where the other gives the actual, nor
    the quarter where the other gives the year, nor GAAP where the other is adjusted."""
    mine, theirs = named_measures(sentence), named_measures(other)
    if not mine or not mine <= theirs:
        return False
    a, b = qualifiers(sentence), qualifiers(other)
    return ("guidance" in a) == ("guidance" in b) and not rival_clashes(a, b)


def _with_exact_figures(chosen: list[Picked], hits: list[TurnHit], ranking: Ranking) -> list[Picked]:
    """A chosen sentence that gives a figure rounded brings the sentence of the retrieved turns that states it
    exactly, when there is one: "nearly $301 million" and "to $300.8 million in fiscal '21". An analyst wants the
    figure as reported, and the call says both."""
    out = list(chosen)
    for p in chosen:
        for rounded in rounded_figures(p.text):
            if p not in out or any(f for c in out for f in figures(c.text) if rounds_to(f, rounded)):
                continue
            exact = next(((hit, i, s) for hit in hits for i, s in enumerate(sentences_of(hit.turn.text))
                          if s != p.text and any(rounds_to(f, rounded) for f in figures(s)) and same_kind(s, p.text)), None)
            if exact is None:
                continue
            if len(out) >= ranking.max_sentences:
                spare = [c for c in out[::-1] if c in chosen and c is not p]
                if not spare:
                    continue
                out.remove(spare[0])  # the least relevant sentence makes room
            out.insert(out.index(p) + 1, Picked(exact[0], exact[1], exact[2], p.score, p.similarity))
    return out


def _near_duplicate(a: set[str], b: set[str], share: float) -> bool:
    return bool(a and b) and len(a & b) / min(len(a), len(b)) > share


def _new_figures(sentence: str, chosen: str) -> bool:
    """Does the sentence state a figure the chosen one does not? Then it is not the chosen one said twice, however
    many words they share: "adjusted EPS was $2.47" and "EPS was $2.46", the guided range and the actual."""
    have = figures(chosen)
    return any(not supported(f, have) for f in figures(sentence))


def in_call_order(picked: list[Picked]) -> list[Picked]:
    "Sentences as they were said: by call, then turn, then position."
    return sorted(picked, key=lambda p: (p.hit.transcript.id, p.hit.turn.index, p.position))
