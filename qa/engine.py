"""`ask()`: question -> retrieved turns -> Answer with citations."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from index import FILTER_FIELDS, Config, Retriever, Store, TurnHit

from index.text import tokens

from .extractive import SentenceVectors, candidate_turns, in_call_order, pick_sentences, wants_questions
from .scope import detect, people_in
from .types import Answer, Citation

NO_ANSWER = "I could not find anything in the indexed calls that answers this question."
# A question is answered only if a chosen sentence is this close to it in meaning (cosine, all-MiniLM-L6-v2);
# set between the sample's answerable and off-topic questions (bench/answers.py).
MIN_SIMILARITY = 0.38
MIN_SIMILARITY_UNKNOWN_TERMS = 0.6  # some of the question's words occur nowhere in the index
MIN_SIMILARITY_NAMED = 0.2


class Earshot:
    "The index, the retriever and the answerer, loaded once and reused for every question."

    def __init__(self, config: Config | None = None, store: Store | None = None) -> None:
        self.config = config or Config.from_env()
        self.store = store or Store(self.config)
        self.retriever = Retriever(self.store)
        self.vectors = SentenceVectors(self.store.embed_model.get_text_embedding_batch)
        self._people: tuple = (None, None)

    @property
    def mode(self) -> str:
        "Which answerer is active, for display."
        return "extractive"

    def search(self, question: str, filters: dict | None = None, k: int | None = None) -> list[TurnHit]:
        "Retrieved turns for a question within filters."
        return self.retriever.search(question, k or self.config.top_k, filters)

    def ask(self, question: str, **filters) -> Answer:
        "Answer a question from the indexed calls; filters: company, transcript_id, period, speaker, role, section."
        filters = _clean_filters(filters)
        question = question.strip()
        if not question:
            return Answer("Ask a question about the indexed calls.", mode=self.mode, filters=filters, question=question)
        filters = self.scope(question) | filters  # what the user set wins over what the question implies
        hits = self.search(question, filters)
        return self.extractive(question, hits, filters)

    def scope(self, question: str) -> dict:
        "Filters implied by names and periods in the question that exist in the index."
        live = self.store.live_hashes()
        key = tuple(sorted(live.items()))
        if self._people[0] != key:
            self._people = (key, people_in(t for t in (self.store.transcript(i) for i in live) if t))
        return detect(question, self._people[1])

    def unknown_terms(self, question: str) -> list[str]:
        "Question words that occur nowhere in the index: a sign the calls do not cover the topic."
        vocab = self.retriever.keyword_index()
        known = vocab.model.vocab_dict if vocab.model is not None else {}
        # short words ("say", "tell", "get") are too common to say anything about coverage
        return [t for t in tokens(question) if len(t) >= 5 and t not in known and not t.isdigit() and not all(p in known for p in re.split(r"[-.]", t))]

    def ask_stream(self, question: str, **filters) -> Iterator[str | Answer]:
        "Yield answer text as it is produced, then the final Answer."
        answer = self.ask(question, **filters)
        yield answer.text
        yield answer

    def extractive(self, question: str, hits: list[TurnHit], filters: dict, note: str = "") -> Answer:
        "The grounded answer built from the retrieved turns' own sentences."
        mode = f"extractive ({note})" if note else "extractive"
        turns = candidate_turns(question, hits, filters)
        picked = pick_sentences(question, turns, self.vectors) if turns else []
        if not picked or max(p.similarity for p in picked) < self.min_similarity(question, filters):
            return Answer(NO_ANSWER, (), mode, filters, question=question)
        markers: dict[tuple[str, int], int] = {}
        parts = []
        quotes: dict[int, list[str]] = {}
        for p in in_call_order(picked):
            key = (p.hit.transcript.id, p.hit.turn.index)
            marker = markers.setdefault(key, len(markers) + 1)
            quotes.setdefault(marker, []).append(p.text)
            parts.append(f"{p.text} [{marker}]")
        by_marker = {markers[(p.hit.transcript.id, p.hit.turn.index)]: p.hit for p in picked}
        citations = tuple(citation(marker, by_marker[marker], " … ".join(quotes[marker])) for marker in sorted(by_marker))
        return Answer(" ".join(parts), citations, mode, filters, question=question)


    def min_similarity(self, question: str, filters: dict) -> float:
        "How close a sentence must be to the question for the call to count as answering it."
        if wants_questions(question, filters) and (filters.get("speaker") or filters.get("firm")):
            return MIN_SIMILARITY_NAMED  # "what did the UBS analyst ask?": the named speaker is the relevance
        if self.unknown_terms(question):
            return MIN_SIMILARITY_UNKNOWN_TERMS
        return MIN_SIMILARITY


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
    return {k: v for k, v in filters.items() if v not in (None, "", [], ())}


@functools.lru_cache(maxsize=4)
def default_engine(config: Config | None = None) -> Earshot:
    "The engine for `config` (default: from the environment), built once per process."
    return Earshot(config or Config.from_env())


def ask(question: str, *, engine: Earshot | None = None, **filters) -> Answer:
    "Answer `question` from the indexed calls. Filters: company, transcript_id, period, speaker, role, section."
    return (engine or default_engine()).ask(question, **filters)


def ask_stream(question: str, *, engine: Earshot | None = None, **filters) -> Iterator[str | Answer]:
    "Stream the answer text, then yield the final Answer."
    yield from (engine or default_engine()).ask_stream(question, **filters)
