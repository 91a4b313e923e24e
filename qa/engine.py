"""`ask()`: question -> retrieved turns -> Answer with citations."""

from __future__ import annotations

import dataclasses
import functools
import logging
import re
from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple

from index import FILTER_FIELDS, Config, Retriever, Store, TurnHit

from index.embedding import sentence_encoder
from index.ranking import RANKING, Ranking
from index.text import tokens
from ingest.chunking import chunk_spans, split_sentences
from ingest.evasion import QUOTED_QUESTION_CHARS, withheld
from ingest.metadata import parse_period

from .checks import StreamGate, check, obeys_injection
from .highlights import highlights
from .extractive import LONG_TURN_CHARS, MANAGEMENT, Picked, Picks, SentenceVectors, asking_clause, candidate_turns, in_call_order, matched_pieces, pick_sentences, sentences_of, wants_questions
from .scope import People, Scope, common_words, people_in, scope_of, subject
from .llm import LLM, LLMError
from .prompts import as_data, render
from .qualifiers import near_match, qualifiers
from .shorthand import expand as expand_shorthand
from .types import ANSWERED, SECTION_WORDS, Answer, Citation, describe_filters

log = logging.getLogger("earshot")
_FOLLOW_UP = re.compile(r"^(?:and|also|what about|how about|same (?:for|question)|and what|then|so what|what of|compared (?:to|with))\b", re.I)
_PRONOUN = re.compile(r"\b(?:it|its|they|them|their|that|this|those|these|he|she|his|her)\b", re.I)
_PERIOD_TOKEN = re.compile(r"(?:fy|q[1-4]|h[12])?'?\d+")  # "fy2023", "2024": periods, handled by scope()
_NAME = re.compile(r"(?<![\w'’])([A-Z][A-Za-z0-9&.-]*[A-Za-z0-9]|[A-Z]{2,})(['’]s)?(?![\w'’])")
# titles and finance terms, which a call may say in other words ("earnings per share")
_NOT_NAMES = {"ceo", "cfo", "coo", "cto", "cro", "ir", "q&a", "eps", "gaap", "ebitda", "yoy", "qoq", "bps"}
_WHO_IS = re.compile(r"^\s*who(?:['’]s|\s+is|\s+are|\s+was|\s+were)\b", re.I)  # not "who asked about..."
# the words of "What did the UBS analyst ask?" that say what is asked for, not about what
_ASKING_WORDS = frozenset(tokens("what did does do the analyst analysts ask asked asking question questions about say said they he she his her "
                                 "their from at on of for with was were is ask us me tell"))
# what makes a question span calls says nothing of what to read in each one ("Compare X's and Y's margins")
_COMPARE = re.compile(r"^(?:compare|contrast)\s+", re.I)
# "Which companies mentioned supply constraints?", "What other firms raised guidance?": asked of the whole library
_SURVEY = re.compile(r"^\W*(?:which|what)\s+(?:other\s+)?(?:compan(?:y|ies)|firms?|calls?|businesses|management teams?)\b", re.I)
SURVEY_DEPTH, SURVEY_SENTENCES, SURVEY_COMPANIES = 4, 2, 8
# "Summarize Clean Harbors' quarter", "What were the highlights of Apple's call?", "Give me a recap": asked of a call
# as a whole, naming nothing to look for in it ("Summarize what the CFO said about margins" is a question on margins)
_SUMMARY = re.compile(r"^\W*(?:(?:please|can you|could you)\s+)?(?:summari[sz]e|sum up|recap)\b|\b(?:summary|highlights|recap|key takeaways|rundown)\b", re.I)
_SUMMARY_VERBS = frozenset(tokens("summarize summarise summary sum recap rundown highlights takeaways"))
_SUMMARY_WORDS = _SUMMARY_VERBS | frozenset(tokens("up key give me show call calls quarter quarterly year results earnings conference latest last recent most"))
# "Who was on Apple's call?", "Which analysts asked questions?", "Who from Goldman Sachs asked a question?": asked of
# who spoke, naming nothing to look for in what they said ("Who asked about China?" is a question on China)
_ROSTER = re.compile(
    r"^\W*(?:who\s+(?:else\s+)?(?:was|were|spoke|participated|joined|presented|asked|was asking|from|at)\b"
    r"|which\s+(?:analysts?|callers?|executives?|people|participants?|speakers?|banks?|brokers?)\b"
    r"|(?:list|name)\s+(?:all\s+)?(?:the\s+)?(?:analysts?|callers?|executives?|participants?|speakers?)\b)", re.I)
_ROSTER_WORDS = frozenset(tokens("who else which list name all participated participants participant joined presented spoke speak speakers "
                                 "speaker people executives executive management managers callers caller analysts analyst banks bank brokers "
                                 "any anyone someone"))
_MANAGEMENT_WORDS = frozenset(tokens("executives executive management managers presented"))
_ORDINALS = frozenset(tokens("first second third fourth"))  # "Summarize Q1 2023": "first quarter 2023" names the call
_FORM_WORDS = _ASKING_WORDS | _SUMMARY_VERBS  # what kind of answer a question asks for, not what it is about
# A company is listed as speaking of it when its closest sentence comes this near the question (an answer's own floor is
# min_similarity, 0.38). Read on ten such questions over 30 tune calls and the tests' four calls: below it Qifu's
# revenue figures for "inflation" (0.396), Culp's restructuring credits for "credit risk" (0.389), Peabody's coal supply
# for "labor shortages" (0.391); above it Campbell Soup's pricing (0.416) and Big Lots' factory lockouts (0.440).
SURVEY_FLOOR = 0.40

NO_ANSWER = "I could not find anything in the indexed calls that answers this question."


class Groups(NamedTuple):
    "A summary's or a survey's chosen sentences, one group per call or company under its label, and a closing word."

    groups: list[tuple[str, Picks]]
    after: str = ""


class Earshot:
    "The index, the retriever and the answerer, loaded once and reused for every question."

    def __init__(self, config: Config | None = None, store: Store | None = None, ranking: Ranking = RANKING) -> None:
        "ranking: every retrieval and answering constant (index/ranking.py), to try other values."
        self.config = config or Config.from_env()
        self.store = store or Store(self.config, preload=True)
        self.ranking = ranking
        self.retriever = Retriever(self.store, ranking)
        self.vectors = SentenceVectors(sentence_encoder(self.store.encoder), chars=ranking.sentence_chars)
        self.llm = LLM(self.config) if self.config.llm_enabled else None
        self._people: tuple = (None, None)

    @property
    def mode(self) -> str:
        "Which answerer is active, for display (never shows the key)."
        return f"LLM: {self.llm.model} at {self.llm.where}" if self.llm else "extractive"

    def ask(self, question: str, history: Sequence[Answer] = (), **filters) -> Answer:
        """Answer a question from the indexed calls.

        history: earlier Answers of this conversation, so a follow-up ("and in the second quarter?") is understood.
        filters: company, transcript_id, period, speaker, role, firm, section, exchange_id.
        """
        *_, answer = self._answer(question, history, filters, stream=False)
        return answer

    def ask_stream(self, question: str, history: Sequence[Answer] = (), **filters) -> Iterator[str | Answer]:
        """Yield answer text as it arrives, then the final, checked Answer, whose text replaces it.

        A generated answer streams sentence by sentence, each only once its markers resolve to the cited turns and
        its figures are found in them (see checks.StreamGate); the rest waits for the final Answer."""
        yield from self._answer(question, history, filters, stream=True)

    def _answer(self, question: str, history: Sequence[Answer], filters: dict, stream: bool) -> Iterator[str | Answer]:
        filters = _clean_filters(filters)
        question = " ".join(question.split())
        if not question:
            yield Answer("Ask a question about the indexed calls.", mode=self.mode, filters=filters, question=question)
            return
        user_set = set(filters)
        asked, asked_filters = question, filters
        question, filters, hits, live, scope = self._retrieve(question, history, None, filters)
        unmatched = [u for u in scope.unmatched if not (parse_period(u) and user_set & {"transcript_id", "period"})]  # the user chose
        if unmatched:  # never an answer from other calls to a question about a company, period or name not indexed
            yield Answer(self.not_found(unmatched, live, _listed(filters.get("company"))), (), self.mode, filters, question=question)
            return
        if (listed := self.who_is(question, filters, live, scope.filters.get("speaker"))) is not None:
            yield from _whole(listed, stream)
            return
        if self.wants_summary(question, filters, live):
            yield from self._written(question, self._summary_groups(filters, live, question), filters, stream, live)
            return
        if self.wants_roster(question, filters, live):
            yield from _whole(self.roster(filters, live, question), stream)
            return
        if scope.across and "transcript_id" not in user_set:
            yield from _whole(self.across(question, scope, asked_filters, live), stream)
            return
        if _SURVEY.match(question) and not filters.keys() & {"company", "transcript_id"}:
            # read more widely than one answer does (the first search, of the usual depth, is not enough for it)
            wide = self._retrieve(asked, history, self.config.top_k * SURVEY_DEPTH, asked_filters)[2]
            yield from self._written(question, self._survey_groups(question, wide, filters, live), filters, stream, live)
            return
        if self.llm and hits:
            for part in self.generate(question, hits, filters, stream, live):
                yield _flag_nonanswers(_flag_near_matches(_flag_unknown_periods(part, filters, user_set), question, hits), hits)
            return
        answer = self.extractive(question, hits, filters, live=live)
        if stream:
            yield from _pieces(answer.text)
        yield _flag_nonanswers(_flag_near_matches(_flag_unknown_periods(answer, filters, user_set), question, hits), hits)

    def warm(self, question: str = "What drove the change in funding cost?") -> None:
        "Load the keyword index, the scope and the sentence vectors before the first user; never calls the LLM."
        question, filters, hits, live, _ = self._retrieve(question, (), None, {})
        self.extractive(question, hits, filters, live=live)

    def retrieve(self, question: str, history: Sequence[Answer] = (), k: int | None = None, **filters) -> tuple[str, dict, list[TurnHit]]:
        "The turns an answer is built from: (the question as answered, the filters in force, the hits)."
        question, filters, hits, _, _ = self._retrieve(question, history, k, _clean_filters(filters))
        return question, filters, hits

    def _retrieve(self, question: str, history: Sequence[Answer], k: int | None, filters: dict) -> tuple[str, dict, list[TurnHit], dict[str, str], Scope]:
        # writes by other processes show from the next question on; the live versions are read once per question,
        # so scope, search and the relevance gate see the same index
        self.store.refresh()
        live = self.store.live_hashes()
        question, scope = self.standalone(expand_shorthand(question), history, live)
        implied = scope.filters
        if "transcript_id" in filters and "period" in implied:
            # the user chose the call: a period the question names is what it asks about ("sees Q3 EPS of...",
            # "compared with Q2 of 2020"), not which call to read, and must not filter the chosen call away
            implied = {k: v for k, v in implied.items() if k != "period"}
        searched = implied | filters  # what the user set wins over what the question implies
        if "period" in implied and "period" not in filters:
            # a period read from the question also admits calls whose period is unknown (their answers are flagged)
            searched = searched | {"period": [implied["period"], ""]}
        hits = self.retriever.search(self.subject(question, live), k or self.config.top_k, searched, live=live)
        return question, implied | filters, hits, live, scope

    def standalone(self, question: str, history: Sequence[Answer], live: dict[str, str]) -> tuple[str, Scope]:
        """The question as it would be asked on its own, and what it names (the filters it implies, names not found).

        A follow-up keeps the last answer's filters except those it names itself; the LLM rewrites it into a
        standalone question, the extractive mode asks it together with the question it follows.
        """
        own = self.scope(question, live)
        previous = next((a for a in reversed(history) if a.question and a.question != question), None)
        if previous is None or not is_follow_up(question):
            return question, own
        carried = {k: v for k, v in previous.filters.items() if k not in own.filters}
        if "company" in own.filters and carried.keys() & {"speaker", "firm"}:
            # "and what about Black Hills?" after "What did the CFO say at B&G Foods?": Black Hills' CFO, not B&G's
            again = self.scope(f"{self.subject(previous.question, live)} {question}", live)
            carried = {k: v for k, v in carried.items() if k not in ("speaker", "firm")} | {k: again.filters[k] for k in ("speaker", "firm") if k in again.filters}
        if self.llm:
            turns = "\n".join(f"Analyst: {a.question}\nEarshot: {a.text[:600]}" for a in history[-3:] if a.question)
            try:
                reply = self.llm.complete([{"role": "user", "content": render("rewrite", history=turns, question=question)}], max_tokens=100)
                rewritten = reply.strip().splitlines()[0].strip().strip('"')
                if rewritten:
                    scope = self.scope(rewritten, live)
                    return rewritten, dataclasses.replace(scope, filters=carried | scope.filters)
            except LLMError as exc:
                log.warning("follow-up rewrite failed: %s", exc)
        return f"{previous.question.rstrip('?.! ')}; {question}", dataclasses.replace(own, filters=carried | own.filters)

    def people(self, live: dict[str, str]) -> People:
        "Everything a question can name in the live calls, rebuilt when they change."
        key = tuple(sorted(live.items()))
        if self._people[0] != key:
            self._people = (key, people_in(t for t in (self.store.transcript(i) for i in live) if t))
        return self._people[1]

    def subject(self, question: str, live: dict[str, str]) -> str:
        "What to search the calls for: the question without the companies it names (they choose the calls)."
        return subject(question, self.people(live))

    def scope(self, question: str, live: dict[str, str] | None = None) -> Scope:
        "Filters implied by names and periods in the question that exist in the index, and those that do not."
        live = self.store.live_hashes() if live is None else live
        scope = scope_of(question, self.people(live))
        unknown = self.unknown_names(question, live)
        return dataclasses.replace(scope, unmatched=scope.unmatched + tuple(unknown)) if unknown else scope

    def unknown_names(self, question: str, live: dict[str, str] | None = None, filters: dict | None = None) -> list[str]:
        """Names in the question that occur nowhere in the calls (within `filters`, if given): "TSLA", "Tesla's",
        "ARPU", "Europe". A name is an acronym, or a capitalised word that is not the question's first word (where
        capitals prove nothing, unless it is possessive or no ordinary English word). Names are not paraphrased,
        so a call that never says one does not answer a question about it; ordinary words can be."""
        live = self.store.live_hashes() if live is None else live
        known = self.retriever.vocabulary(filters, live)
        named = self.people(live).matchers()["name_words"]  # a company, ticker or person of some call is no unknown
        common = common_words()
        out = []
        for match in _NAME.finditer(question):
            word = match.group(1)
            if word.lower() in _NOT_NAMES or word.lower().removesuffix("s") in _NOT_NAMES or _PERIOD_TOKEN.fullmatch(word.lower()):  # "CFOs"
                continue
            if set(tokens(word)) <= _FORM_WORDS:  # "Summarize what...": the kind of answer asked for
                continue
            first = not question[: match.start()].strip()
            if first and not word.isupper() and not match.group(2) and word.lower() in common:
                continue
            words = tokens(word)
            if words and not all(w in known for w in words) and not set(re.findall(r"[a-z0-9]+", word.lower())) <= named:
                out.append(word)
        return out

    def across(self, question: str, scope: Scope, filters: dict, live: dict[str, str]) -> Answer:
        """A question spanning calls ("from Q4 to Q1", "Apple's and Qifu's margins"): one cited sub-answer per period
        or company, in period order, each from its own calls only."""
        companies = scope.filters.get("company")
        companies = [companies] if isinstance(companies, str) else list(companies or [])
        base = {k: v for k, v in (scope.filters | filters).items() if k not in ("company", "period")}
        calls = [c for c in self.store.calls() if c.id in live]
        groups = []
        if len(scope.periods) > 1:
            for period in sorted(scope.periods):
                ids = [c.id for c in calls if c.period == period and (not companies or c.company in companies)]
                if ids:
                    groups.append(({"company": companies, "period": period} if companies else {"period": period}, ids))
        else:
            for company in companies:
                mine = sorted((c for c in calls if c.company == company and (not scope.periods or c.period == scope.periods[0])), key=lambda c: (c.period, c.date))
                if mine:  # its latest call, unless the question names the period
                    groups.append(({"company": company, "period": mine[-1].period}, [mine[-1].id]))
        groups.sort(key=lambda g: (g[0].get("period") or "", str(g[0].get("company"))))
        parts, citations, offset = [], [], 0
        for shown, ids in groups:
            hits = self.retriever.search(_COMPARE.sub("", self.subject(question, live)), self.config.top_k, base | {"transcript_id": ids}, live=live)
            if self.llm and hits:
                *_, sub = self.generate(question, hits, base | shown, False, live)
            else:
                sub = self.extractive(_COMPARE.sub("", question), hits, base | shown, live=live)
            label = describe_filters(shown)
            if not sub.citations:
                parts.append(f"{label}: nothing in this call answers it.")
                continue
            parts.append(f"{label}: " + re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + offset}]", sub.text))
            citations += [dataclasses.replace(c, marker=c.marker + offset) for c in sub.citations]
            offset += len(sub.citations)
        text = "\n\n".join(parts) if citations else NO_ANSWER
        shown_filters = scope.filters | filters | ({"period": list(sorted(scope.periods))} if len(scope.periods) > 1 else {})
        return Answer(text, tuple(citations) if citations else (), self.mode, shown_filters, question=question)

    def who_is(self, question: str, filters: dict, live: dict[str, str], names: str | list[str] | None) -> Answer | None:
        """"Who is the CFO of Eaton?", "Who is Luca Maestri?": the roster's answer for the people the question names
        (`names`: by name or office, at the companies it names; not a speaker chosen in a filter, for "Who is the
        biggest competitor?"), each citing where that person first speaks in their newest call in scope, whose label
        gives the name and title. None when the question is not such a question."""
        if not _WHO_IS.match(question) or not names:
            return None
        calls = self._calls_in(filters, live)
        parts, citations = [], []
        for name in _listed(names):
            for call in calls:
                transcript = self.store.transcript(call.id)
                turn = next((t for t in transcript.turns if t.speaker == name), None) if transcript else None
                if turn is None:
                    continue
                marker = len(citations) + 1
                where = ", ".join(x for x in (turn.title or turn.firm or turn.role, transcript.company) if x)
                parts.append(f"{name}: {where} ({transcript.period or transcript.date or call.id}) [{marker}].")
                citations.append(_opening_cited(marker, transcript, turn))
                break
        if not citations:
            return Answer(NO_ANSWER, (), self.mode, filters, question=question)
        return Answer(" ".join(parts), tuple(citations), self.mode, filters, question=question)

    def wants_summary(self, question: str, filters: dict, live: dict[str, str]) -> bool:
        "Is the question asking for a call's summary, with no person, role or subject of its own?"
        if not _SUMMARY.search(question) or filters.keys() & {"speaker", "firm", "role", "answered", "exchange_id"}:
            return False
        return not self._about(question, live)

    def wants_roster(self, question: str, filters: dict, live: dict[str, str]) -> bool:
        "Is the question asking who spoke on a call (of a role, of a firm), with no person or subject of its own?"
        if not _ROSTER.match(question) or filters.keys() & {"speaker", "answered", "exchange_id"}:
            return False
        return not self._about(question, live, _ROSTER_WORDS, " ".join(_listed(filters.get("firm"))))

    def _about(self, question: str, live: dict[str, str], kind: frozenset = frozenset(), named: str = "") -> set[str]:
        """What the question asks about, but for the words of the kind of answer it asks for (`kind`, besides asking's
        and a summary's), the companies, periods and firms (`named`) it names: none for a question on a call as a whole."""
        form = _FORM_WORDS | _SUMMARY_WORDS | _ORDINALS | kind | set(tokens(named))
        return {t for t in tokens(self.subject(question, live)) if t not in form and not _PERIOD_TOKEN.fullmatch(t)}

    def _calls_in(self, filters: dict, live: dict[str, str]) -> list:
        "The live calls the company, period and call filters admit, newest first."
        wanted = {k: _listed(filters[k]) for k in ("company", "period", "transcript_id") if filters.get(k)}
        return [c for c in self.store.calls() if c.id in live and all(getattr(c, "id" if k == "transcript_id" else k) in v for k, v in wanted.items())]

    def _latest_calls(self, filters: dict, live: dict[str, str]) -> dict[str, object]:
        "The newest call in scope of each company (of the call or period, if named)."
        latest: dict[str, object] = {}
        for call in self._calls_in(filters, live):  # newest first
            latest.setdefault(call.company, call)
        return latest

    def _which_call(self, asking: str, latest: dict, filters: dict, question: str) -> Answer | None:
        "In a library of several companies, a question on 'the call' that names none is asked which."
        if len(latest) > 1 and not filters.get("company"):
            return Answer(f"{asking} Name a company or a call; the index holds calls of {_some(sorted(latest))}.", (), "extractive", filters, question=question)
        return None

    def _summary_groups(self, filters: dict, live: dict[str, str], question: str) -> Groups | Answer:
        """"Summarize Clean Harbors' quarter": the highlights of the latest call of each company in scope (of the call
        or period, if named; `highlights.py`), at most SURVEY_COMPANIES, one group per call. A library of several
        companies is asked which (the Answer returned)."""
        latest = self._latest_calls(filters, live)
        if which := self._which_call("Which call should I summarise?", latest, filters, question):
            return which
        groups = []
        for call in list(latest.values())[:SURVEY_COMPANIES]:
            transcript = self.store.transcript(call.id)
            if chosen := highlights(transcript) if transcript else []:
                picked = Picks(Picked(TurnHit(transcript, turn, 1.0, 1.0, 0.0), at, text, 1.0, 1.0) for turn, at, text in chosen)
                groups.append((describe_filters({"company": call.company, "period": call.period}), picked))
        return Groups(groups)

    def _listing(self, found: Groups, filters: dict, question: str) -> Answer:
        "The groups' own sentences, one part per call or company, each cited."
        parts, citations = self._grouped(found.groups, filters, question)
        text = "\n\n".join(parts + ([found.after] if found.after else []))
        return Answer(text if citations else NO_ANSWER, tuple(citations), "extractive", filters, question=question)

    def _written(self, question: str, found: Groups | Answer, filters: dict, stream: bool, live: dict[str, str]) -> Iterator[str | Answer]:
        """A summary or a survey: with a model configured, written by it over the turns its sentences were chosen from
        (of a long turn, the chunks that hold them) and checked like any answer, or the sentences themselves where
        the model fails; without one, the sentences. A finished answer (which call?) is passed through."""
        listed = found if isinstance(found, Answer) else self._listing(found, filters, question)
        if isinstance(found, Answer) or not (self.llm and listed.citations):
            yield from _whole(listed, stream)
            return

        def fallback(note: str, checks: dict | None = None) -> Answer:
            return dataclasses.replace(listed, mode="extractive (LLM fallback)", note=note, checks=dict(checks or {}))

        hits = [hit for _, picked in found.groups for hit in _turn_hits(picked)]
        yield from self.generate(question, hits, filters, stream, live, fallback, chosen=True)

    def roster(self, filters: dict, live: dict[str, str], question: str = "") -> Answer:
        """"Who was on Apple's call?": the people heard on the latest call of the company named (of the call or period,
        if named), management then the callers, each citing the first turn they speak; "Which analysts asked
        questions?" the callers only, "Which executives spoke?" management only. "Who from Goldman Sachs asked a
        question?" the firm's callers on every call in scope that has one, newest first, at most SURVEY_COMPANIES calls.
        Speakers the transcript leaves unidentified are counted, not listed."""
        firms = set(_listed(filters.get("firm")))
        role = filters.get("role") or ("analyst" if firms else "executive" if set(tokens(question)) & _MANAGEMENT_WORDS else None)
        if firms:
            calls = self._calls_in(filters, live)
        else:
            latest = self._latest_calls(filters, live)
            if which := self._which_call("Whose call should I list the speakers of?", latest, filters, question):
                return which
            calls = list(latest.values())
        parts, citations, held = [], [], 0
        for call in calls:
            transcript = self.store.transcript(call.id)
            if transcript is None:
                continue
            heard: dict[str, list] = {"executive": [], "analyst": []}  # management, callers: each speaker's first turn
            unnamed = 0
            for turn in transcript.turns:
                side = "executive" if turn.role in MANAGEMENT else turn.role
                # "executives" are management, a host among them; a role chosen in the filters is that role alone
                if side not in heard or (role and role != (side if role in heard else turn.role)) or turn.translation_of is not None or (firms and turn.firm not in firms):
                    continue
                if turn.speaker.startswith("Unidentified"):
                    unnamed += 1
                elif all(t.speaker != turn.speaker for t in heard[side]):
                    heard[side].append(turn)
            if not any(heard.values()):
                continue
            held += 1
            if held > SURVEY_COMPANIES:
                continue
            listed = []
            for side, turns in heard.items():
                named = []
                for turn in turns:
                    citations.append(_opening_cited(len(citations) + 1, transcript, turn))
                    said = turn.firm if side == "analyst" else turn.title
                    named.append(f"{turn.speaker} ({said}) [{len(citations)}]" if said else f"{turn.speaker} [{len(citations)}]")
                if named:
                    listed.append(f"{', '.join(named)}." if role else f"{'Management' if side == 'executive' else 'Callers'}: {', '.join(named)}.")
            if unnamed:
                listed.append(f"({unnamed} turns by speakers the transcript does not name.)" if unnamed > 1 else "(1 turn by a speaker the transcript does not name.)")
            parts.append(f"{describe_filters({'company': call.company, 'period': call.period})}: {' '.join(listed)}")
        if held > SURVEY_COMPANIES:
            parts.append(f"({SURVEY_COMPANIES} of the {held} calls, the newest first.)")
        return Answer("\n\n".join(parts) if citations else NO_ANSWER, tuple(citations), "extractive", filters, question=question)

    def _grouped(self, groups: list[tuple[str, Picks]], filters: dict, question: str) -> tuple[list[str], list[Citation]]:
        "One part per call or company, 'Apple · FY2023 Q1: sentences [1]', its citations numbered on from the last part's."
        parts, citations = [], []
        for label, picked in groups:
            sub = self._cited(picked, "extractive", filters, question, "", offset=len(citations))
            parts.append(f"{label}: {sub.text}")
            citations += sub.citations
        return parts, citations

    def not_found(self, unmatched: Sequence[str], live: dict[str, str], companies: Sequence[str] = ()) -> str:
        """What the question named that no indexed call has, and what the index does hold (of the companies the
        question named, when it named some: "Dover's Q4 2019" is not found though another company has that quarter)."""
        calls = sorted({f"{c.company} {c.period}".strip() for c in self.store.calls() if c.id in live and (not companies or c.company in companies)})
        held = _some(calls)
        named = ", ".join(f"“{u}”" for u in unmatched)
        if companies:
            return f"No indexed call of {' or '.join(companies)} matches {named}, so I have not answered from the other calls. The index holds: {held}."
        return f"No indexed call matches {named}, so I have not answered from the other calls. The index holds: {held or 'no calls'}."

    def generate(self, question: str, hits: list[TurnHit], filters: dict, stream: bool, live: dict[str, str] | None = None,
                 fallback: Callable[..., Answer] | None = None, chosen: bool = False) -> Iterator[str | Answer]:
        """The LLM's answer over numbered blocks, checked; if it fails a check, `fallback(note, checks)` (by default the
        extractive answer) with a note. `chosen`: the turns were chosen as answering the question (a summary's, a
        survey's), so a model that finds nothing in them has failed too, and the fallback answers."""
        if fallback is None:
            def fallback(note: str, checks: dict | None = None) -> Answer:
                return self.extractive(question, hits, filters, note=note, checks=checks, live=live)
        blocks = [
            render("block", n=n, call=_attr(_call_label(h)), speaker=_attr(_speaker_label(h)), section=SECTION_WORDS.get(h.turn.section, h.turn.section), text=as_data(_block_text(h), "transcripts?", "block"))
            for n, h in enumerate(hits, 1)
        ]
        sources = [f"{_call_label(h)} {h.turn.text}" for h in hits]
        messages = [
            {"role": "system", "content": render("system")},
            {"role": "user", "content": render("answer", question=question, blocks="\n".join(blocks))},
        ]
        try:
            if stream:  # only sentences that pass the checks on their own are shown before the final answer
                gate = StreamGate(sources, question)
                pieces = []
                for piece in self.llm.stream(messages):
                    pieces.append(piece)
                    yield from gate.feed(piece)
                yield from gate.finish()
                reply = "".join(pieces).strip()
            else:
                reply = self.llm.complete(messages)
        except LLMError as exc:
            log.warning("LLM answer failed: %s", exc)
            yield fallback(f"The LLM could not answer ({exc}); this is the extractive answer.")
            return
        if reply.strip().strip(".").upper() == "NOT_IN_CALLS":
            if chosen:
                yield fallback("The LLM found nothing to write from these turns; these are the sentences chosen from them.")
            else:
                yield Answer(NO_ANSWER, (), self.mode, filters, question=question)
            return
        if obeys_injection(reply, [h.turn.text for h in hits]):
            yield fallback("The LLM's reply followed an instruction found inside a transcript; this is the extractive answer.", {"injection": 1})
            return
        checked = check(reply, sources, question)
        if not checked.cited:
            why = "every sentence stated a figure its sources do not hold" if checked.dropped else "it cited none of the sources"
            yield fallback(f"The LLM's answer was not used: {why}; this is the extractive answer.", checked.checks)
            return
        note = ""
        if checked.dropped:
            n = len(checked.dropped)
            note = f"Removed {n} sentence{'s' if n > 1 else ''} stating a figure the cited turns do not hold: " + " ".join(f"“{d}”" for d in checked.dropped)
        citations = tuple(citation(m, hits[i], _quote(hits[i].turn.text, checked.text, m)) for m, i in enumerate(checked.cited, 1))
        yield Answer(checked.text, citations, self.mode, filters, checks=checked.checks, question=question, note=note)

    def _survey_groups(self, question: str, hits: list[TurnHit], filters: dict, live: dict[str, str]) -> Groups:
        """"Which companies mentioned supply constraints?": each company whose calls speak to it, with its own
        sentences, closest first: each whose closest sentence comes within SURVEY_FLOOR of the question, read from
        `hits` (SURVEY_DEPTH times the usual number of turns), at most SURVEY_COMPANIES of them, one group each; and
        a word on the companies left out."""
        by_company: dict[str, list[TurnHit]] = {}
        for hit in hits:
            by_company.setdefault(hit.transcript.company, []).append(hit)
        ranking = dataclasses.replace(self.ranking, max_sentences=SURVEY_SENTENCES)
        found = [(picked, company) for company, mine in by_company.items() if (picked := self._picks(question, mine, filters | {"company": company}, live, ranking))]
        found = sorted((f for f in found if f[0].relevance >= SURVEY_FLOOR), key=lambda f: -f[0].relevance)
        # "Apple · FY2022 Q1 or FY2023 Q1": the company and the periods of the calls it is quoted from
        groups = [(describe_filters({"company": company, "period": sorted({p.hit.transcript.period or "" for p in picked})}), picked)
                  for picked, company in found[:SURVEY_COMPANIES]]
        more = f"({SURVEY_COMPANIES} of the {len(found)} companies whose calls speak of it, the closest first.)" if len(found) > SURVEY_COMPANIES else ""
        return Groups(groups, more)

    def _picks(self, question: str, hits: list[TurnHit], filters: dict, live: dict[str, str] | None, ranking: Ranking | None = None) -> Picks | None:
        "The sentences of the turns that answer the question, or None when none comes close enough to it."
        ranking = ranking or self.ranking
        asked = self.subject(question, live if live is not None else self.store.live_hashes())
        turns = candidate_turns(asked, hits, filters, ranking)
        picked = pick_sentences(asked, turns, self.vectors, ranking) if turns else Picks()
        return picked if picked and picked.relevance >= self.min_similarity(asked, filters, live) else None

    def _cited(self, picked: Picks, mode: str, filters: dict, question: str, note: str, checks: dict | None = None, offset: int = 0) -> Answer:
        "The chosen sentences in call order, each marked with the turn it comes from (numbered on from `offset`)."
        markers: dict[tuple[str, int], int] = {}
        parts = []
        quotes: dict[int, list[str]] = {}
        for p in in_call_order(picked):
            key = (p.hit.transcript.id, p.hit.turn.index)
            first = key not in markers
            marker = markers.setdefault(key, offset + len(markers) + 1)
            quotes.setdefault(marker, []).append(p.text)
            # callers' words are the answer to "Who asked about Slack?": each turn says whose it is
            said = f"{_asker(p.hit.turn.speaker, p.hit.turn.firm)}: " if first and filters.get("role") == "analyst" else ""
            parts.append(f"{said}{p.text} [{marker}]")
        by_marker = {markers[(p.hit.transcript.id, p.hit.turn.index)]: p.hit for p in picked}
        citations = tuple(citation(marker, by_marker[marker], " … ".join(quotes[marker])) for marker in sorted(by_marker))
        return Answer(" ".join(parts), citations, mode, filters, checks=dict(checks or {}), question=question, note=note)

    def extractive(self, question: str, hits: list[TurnHit], filters: dict, note: str = "", checks: dict | None = None, live: dict[str, str] | None = None) -> Answer:
        "The grounded answer built from the retrieved turns' own sentences."
        mode = "extractive (LLM fallback)" if note else "extractive"
        checks = dict(checks or {})
        picked = self._picks(question, hits, filters, live)
        if picked is None:
            wanted = set(_listed(filters.get("answered")))
            held = _held_back(hits, self.ranking.max_sentences) if wanted and wanted <= {"not answered", "partly answered"} else None
            if held:
                return Answer(held[0], held[1], mode, filters, checks=checks, question=question, note=note)
            return Answer(NO_ANSWER, (), mode, filters, checks=checks, question=question, note=note)
        return self._cited(picked, mode, filters, question, note, checks)

    def min_similarity(self, question: str, filters: dict, live: dict[str, str] | None = None) -> float:
        "How close a sentence must be to the question for the call to count as answering it."
        if wants_questions(question, filters) and (filters.get("speaker") or filters.get("firm")):
            # "what did the UBS analyst ask?": the named speaker is the relevance, and with no subject besides
            # ("about the guidance") the only one: a question naming nothing to look for is near no sentence
            named = {t for v in ("speaker", "firm") for name in _listed(filters.get(v)) for t in tokens(name)}
            topic = set(tokens(question)) - named - _ASKING_WORDS
            return self.ranking.min_similarity_named if topic else 0.0
        if self.unknown_names(question, live, filters):
            return self.ranking.min_similarity_unknown
        # the words of asking ("Who asked about services?", "Summarize what...") say what kind of answer is wanted, not
        # what it is about: a library whose calls never say "asked" still answers it
        content = [t for t in tokens(question) if len(t) >= 3 and not any(c.isdigit() for c in t) and t not in _FORM_WORDS]
        unknown = [t for t in self.unknown_words(question, live) if t not in _FORM_WORDS]
        if content and len(unknown) / len(content) >= self.ranking.unknown_share:
            return self.ranking.min_similarity_unknown
        return self.ranking.min_similarity

    def unknown_words(self, question: str, live: dict[str, str] | None = None) -> list[str]:
        """Question words that no indexed call uses in any form: "football" is unknown, but "quarterly" (quarter),
        "diluted" (dilution) and "change" (in any call) are not. Read against the whole library, not the calls in
        scope: one call not saying "change" says nothing about whether it answers the question."""
        return [
            t for t in tokens(question)
            if len(t) >= 5 and not any(c.isdigit() for c in t) and not self.retriever.knows(t, live)
            and not all(self.retriever.knows(part, live) for part in re.split(r"[-.]", t) if part)  # "capital-light"
        ]


def _listed(value) -> list:
    return [] if value is None else [value] if isinstance(value, str) else list(value)


def _withheld_in(hit: TurnHit):
    "(exchange, status, the question held back, the sentence withholding it) where this management turn withheld an answer."
    exchange = hit.transcript.exchange(hit.turn.exchange_id) if hit.turn.role == "executive" else None
    if exchange is None or exchange.answered not in ANSWERED["not answered or only in part"] or not exchange.evidence:
        return None
    # its withholding sentence is in the turn (another speaker's refusal in the same exchange is not this speaker's);
    # index copies written before questions were scored one by one have only the exchange's status and sentences
    parts = [p for p in withheld(exchange) if p.evidence in hit.turn.text]
    if parts:
        return exchange, parts[0].status, parts[0].question, parts[0].evidence
    if not exchange.parts and (said := next((e for e in exchange.evidence if e in hit.turn.text), None)):
        return exchange, exchange.answered, "", said
    return None


def _who(transcript, turn) -> str:
    "Who held back, in words: the speaker an interpreter speaks for, or management when the call names no one."
    if turn.translation_of is not None:
        turn = transcript.turns[turn.translation_of]
    return "management" if not turn.speaker or turn.speaker.startswith(("Unidentified", "Interpreter")) else turn.speaker


def _withholding(exchange, status: str, about: str, said: str, speaker: str, marker: int) -> str:
    "Asked by Samik Chatterjee (JP Morgan) “...”, Tim Cook did not fully answer [1]: “...”"
    asked = f" “{about}”" if about and len(about) <= QUOTED_QUESTION_CHARS else ""
    how = "did not answer" if status == "not answered" else "did not fully answer"
    return f"Asked by {_asker(exchange.analyst, exchange.firm)}{asked}, {speaker} {how} [{marker}]: “{said}”"


def _held_back(hits: list[TurnHit], most: int) -> tuple[str, tuple[Citation, ...]] | None:
    """Asked under the non-answer filter in words no sentence is near ("What did they hold back on?"): the exchanges
    among the hits where management held back, each with the question and the sentence that withholds it."""
    parts, citations, seen = [], [], set()
    for hit in hits:
        transcript = hit.transcript
        exchange = transcript.exchange(hit.turn.exchange_id) if hit.turn.exchange_id is not None else None
        if exchange is None or (transcript.id, exchange.id) in seen or len(citations) >= most:
            continue
        seen.add((transcript.id, exchange.id))
        for turn in (transcript.turns[i] for i in exchange.turn_indices):  # the turn that withholds, where the hit may be the question
            if (found := _withheld_in(dataclasses.replace(hit, turn=turn))) is not None:
                marker = len(citations) + 1
                parts.append(_withholding(*found, _who(transcript, turn), marker))
                citations.append(citation(marker, dataclasses.replace(hit, turn=turn), found[3]))
                break
    return (" ".join(parts), tuple(citations)) if citations else None


def _flag_nonanswers(part, hits: list[TurnHit]):
    """An answer citing management where it withheld the answer says so: "Asked by Samik Chatterjee (JP Morgan),
    Tim Cook did not fully answer [1]: 'You know, we don't give out subscriber numbers for Apple TV+.'"
    The cited turns' calls are the ones the hits already hold, so this reads nothing from the index."""
    if not isinstance(part, Answer):
        return part
    by_turn = {(h.transcript.id, h.turn.index): h for h in hits}
    flags = []
    for c in part.citations:
        hit = by_turn.get((c.transcript_id, c.turn_index))
        if hit is not None and (found := _withheld_in(hit)) is not None and (flag := _withholding(*found, _who(hit.transcript, hit.turn), c.marker)) not in part.text:
            flags.append(flag)
    return dataclasses.replace(part, note=" ".join([part.note, *flags]).strip()) if flags else part


def _flag_near_matches(part, question: str, hits: list[TurnHit]):
    """An answer giving the adjusted figure to a question about the GAAP one (and so on) says so, when its call has no
    other. Of a question of several parts, the part that asks is read: "net income how much; gaap diluted eps $1.61?"
    asks for no GAAP figure."""
    question = asking_clause(question)
    if not isinstance(part, Answer) or not part.citations or not qualifiers(question):
        return part  # most questions ask for no qualifier: the calls' sentences are not gathered for them
    calls = {h.transcript.id: h.transcript for h in hits}
    said = {i: [s for turn in calls[i].turns for s in sentences_of(turn.text)] for i in {c.transcript_id for c in part.citations} & set(calls)}
    note = near_match(question, {c.marker: c.quote for c in part.citations}, {c.marker: said.get(c.transcript_id, []) for c in part.citations})
    return dataclasses.replace(part, note=f"{part.note} {note}".strip()) if note else part


def _flag_unknown_periods(part, filters: dict, user_set: set) -> str | Answer:
    "A period read from the question admits calls whose period is unknown; an answer citing one says so."
    if not isinstance(part, Answer) or "period" not in filters or "period" in user_set:
        return part
    unknown = sorted({c.marker for c in part.citations if not c.period})
    if not unknown:
        return part
    cited = ", ".join(f"[{m}]" for m in unknown)
    flag = f"{cited} {'is' if len(unknown) == 1 else 'are'} from a call whose period is unknown, so it may not be from {filters['period']}."
    return dataclasses.replace(part, note=f"{part.note} {flag}".strip())


def is_follow_up(question: str) -> bool:
    "Does the message lean on the conversation ('and what about Q2?', 'why did it fall?')?"
    content = tokens(question)
    return bool(_FOLLOW_UP.match(question)) or (len(content) <= 3 and bool(_PRONOUN.search(question)))


def _some(names: list[str], most: int = 12) -> str:
    "'Apple, Culp, Qifu' or, past `most`, the first of them 'and 30 more'."
    return ", ".join(names[:most]) + (f" and {len(names) - most} more" if len(names) > most else "")


def _turn_hits(picked: Picks) -> list[TurnHit]:
    """The turns the chosen sentences come from, one hit each in call order, matching the chunks that hold those
    sentences: what the model reads of a long turn (`_block_text`)."""
    chosen: dict[tuple[str, int], tuple[TurnHit, list, set[int]]] = {}  # each turn: its hit, its chunks, those chosen
    for p in in_call_order(picked):
        key = (p.hit.transcript.id, p.hit.turn.index)
        if key not in chosen:
            chosen[key] = (p.hit, chunk_spans(p.hit.turn), set())
        _, pieces, holding = chosen[key]
        holding.update(k for k, (piece, span) in enumerate(pieces) if span and p.text in piece)
    return [dataclasses.replace(hit, matched=tuple(sorted(ks)), spans=tuple(pieces[k][1] for k in sorted(ks)))
            for hit, pieces, ks in chosen.values()]


def _whole(answer: Answer, stream: bool) -> Iterator[str | Answer]:
    "An answer made at once: streamed sentence by sentence when asked to, then the Answer itself."
    if stream:
        yield from _pieces(answer.text)
    yield answer


def _pieces(text: str) -> Iterator[str]:
    "An extractive answer, streamed sentence by sentence."
    for match in re.finditer(r".+?(?:\[\d+\]\s*|$)", text):
        if match.group(0):
            yield match.group(0)


def _call_label(hit: TurnHit) -> str:
    t = hit.transcript
    return " ".join(x for x in (t.company, t.period or "", f"({t.date.isoformat()})" if t.date else "") if x)


def _asker(name: str, firm: str | None) -> str:
    "'Kirk Materne (Evercore ISI)'."
    return f"{name} ({firm})" if firm else name


def _speaker_label(hit: TurnHit) -> str:
    turn = hit.turn
    parts = [turn.speaker, turn.firm if turn.role == "analyst" else turn.title, turn.role]
    label = ", ".join(p for p in parts if p)
    if turn.translation_of is not None:
        label += f", interpreting {hit.transcript.turns[turn.translation_of].speaker}"
    return label


def _block_text(hit: TurnHit) -> str:
    "The turn, or for a long one the chunks that matched, in order."
    text = hit.turn.text
    if len(text) <= LONG_TURN_CHARS or not hit.matched:
        return text[: LONG_TURN_CHARS * 2]
    return " … ".join(piece for _, piece in sorted(matched_pieces(hit).items()))


def _attr(value: str) -> str:
    return value.replace('"', "'").replace("<", "(").replace(">", ")")


def _quote(turn_text: str, answer: str, marker: int) -> str:
    "The sentences of a cited turn closest in words to the answer sentences that cite it, for highlighting."
    claims = [s for s in split_sentences(answer) if f"[{marker}]" in s]
    wanted = set(tokens(" ".join(claims) or answer))
    ranked = sorted(split_sentences(turn_text), key=lambda s: len(set(tokens(s)) & wanted), reverse=True)
    best = [s for s in ranked[:2] if set(tokens(s)) & wanted]
    return " … ".join(best or ranked[:1])


def _opening_cited(marker: int, transcript, turn) -> Citation:
    "A turn cited by its first sentence: where a speaker is first heard."
    return citation(marker, TurnHit(transcript, turn, 1.0, 1.0, 0.0), (sentences_of(turn.text) or (turn.text,))[0])


def citation(marker: int, hit: TurnHit, quote: str) -> Citation:
    "A Citation for a retrieved turn."
    transcript, turn = hit.transcript, hit.turn
    original = transcript.turns[turn.translation_of].speaker if turn.translation_of is not None else None
    return Citation(
        marker=marker,
        transcript_id=transcript.id,
        company=transcript.company,
        period=transcript.period,
        date=transcript.date.isoformat() if transcript.date else None,
        turn_index=turn.index,
        speaker=turn.speaker,
        role=turn.role,
        title=turn.title,
        firm=turn.firm,
        section=turn.section,
        exchange_id=turn.exchange_id,
        text=turn.text,
        quote=quote,
        score=round(hit.score, 6),
        translation_of=turn.translation_of,
        original_speaker=original,
        confidence=turn.confidence,
    )


def _clean_filters(filters: dict) -> dict:
    unknown = set(filters) - set(FILTER_FIELDS)
    if unknown:
        raise TypeError(f"unknown filter {sorted(unknown)}; use {', '.join(FILTER_FIELDS)}")
    cleaned = {k: v for k, v in filters.items() if v not in (None, "", [], ())}
    if isinstance(cleaned.get("answered"), str):  # "not answered or only in part" keeps both statuses
        if cleaned["answered"] not in ANSWERED:
            raise TypeError(f"answered={cleaned['answered']!r}; use one of {', '.join(map(repr, ANSWERED))}")
        wanted = ANSWERED[cleaned["answered"]]
        cleaned["answered"] = wanted[0] if len(wanted) == 1 else list(wanted)
    if "period" in cleaned:  # "Q1 2024", "2024-Q1", "1Q24" all mean "FY2024 Q1"
        periods = [cleaned["period"]] if isinstance(cleaned["period"], str) else list(cleaned["period"])
        periods = [parse_period(p) or p for p in periods]
        cleaned["period"] = periods[0] if len(periods) == 1 else periods
    return cleaned


@functools.lru_cache(maxsize=4)
def default_engine(config: Config | None = None) -> Earshot:
    "The engine for `config` (default: from the environment), built once per process."
    return Earshot(config or Config.from_env())


def ask(question: str, *, history: Sequence[Answer] = (), engine: Earshot | None = None, **filters) -> Answer:
    "Answer `question` from the indexed calls. Filters: company, transcript_id, period, speaker, role, firm, section."
    return (engine or default_engine()).ask(question, history, **filters)


def ask_stream(question: str, *, history: Sequence[Answer] = (), engine: Earshot | None = None, **filters) -> Iterator[str | Answer]:
    "Stream the answer text, then yield the final Answer."
    yield from (engine or default_engine()).ask_stream(question, history, **filters)
