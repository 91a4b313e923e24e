"""Did management answer? Phrase evidence of a non-answer in a response, and a signal per Q&A exchange.

A non-answer is a response that says it will not give the information (refuse: "we don't break that out"), cannot
(unable: "I don't have that number in front of me", "too early to tell"), or will give it later or elsewhere
(after the call: "we'll get back to you", "let's take that offline"). The categories and the idea of matching a
negation near a disclosure verb and its object follow Gow, Larcker and Zakolyukina, "Non-answers during
conference calls" (JAR 2021), whose phrase lists (iangow/ling_features, MIT licence) are the baseline in
`bench.evasion`. The patterns here were written and tuned on the train split of their gold standard only.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from ingest import cues
from ingest.chunking import split_sentences
from ingest.transcript import QuestionPart

log = logging.getLogger("earshot.ingest")

_NEG = r"(?:n[’']t|\bnot\b|\bcannot\b|\bnever\b|\bno longer\b)"
_GAP = r"(?:[\w’'\-]+\s+){0,4}?"  # up to four words between the parts of a phrase
# Words between a negation and the verb that withholds, none of them another subject: the speaker withholds in "we
# don't really disclose", not in "it's not as negative as you're talking about", "I don't think they were talking
# about us" or "why don't you give a little color" (the negation is the speaker's, the telling someone else's).
_OWN_WORD = r"(?!(?:you|they|he|she)\b)[\w’'\-]+\s+"
_OWN_GAP = rf"(?:{_OWN_WORD}){{0,4}}?"
# verbs that on their own say the information is withheld ("we don't disclose", "I won't comment")
_DISCLOSE = (
    r"(?:disclos\w*|comment\w*|speculat\w*|divulg\w*|elaborat\w*|quantif\w*|specify\w*|break(?:ing)?\s+(?:\w+\s+)?out|"
    r"broken\s+(?:\w+\s+)?out|guid(?:e|ed|ing)|forecast\w*|predict\w*|announc\w*|reveal\w*|pre-?announc\w*|"
    r"parse\s+(?:\w+\s+)?out|split\s+(?:\w+\s+)?out|get\s+(?:in)?to\s+(?:the\s+)?(?:specifics|details|numbers|that\s+level)|"
    r"go\s+(?:in)?to\s+(?:the\s+)?(?:specifics|details|numbers|that\s+level|any\s+more\s+detail))"
)
# verbs that need an object about information ("we don't give guidance", "we won't provide the number")
_GIVE = r"(?:giv\w*|provid\w*|shar\w*|offer\w*|put\s+out|updat\w*|talk\w*\s+about|say\w*\s+(?:much|more|anything|too\s+much)|tell\w*|talk\w*\s+specifically)"
_INFO = (
    r"(?:guidance|numbers?|figures?|specifics|details?|breakdown|color|colour|detail|information|metrics?|data|forecasts?|"
    r"projections?|outlook|targets?|estimates?|splits?|percentages?|exact|precise|specific|granular\w*|level\s+of\s+detail|"
    r"that\s+level|those\s+numbers|that\s+number|that\s+kind\s+of|individual|quarterly|by\s+(?:customer|segment|product|region))"
)

# verbs of telling that carry their own object ("talk about", "discuss", "comment"): a negation before them withholds
_TELL = (
    r"talk(?:ed|ing)?\s+about|discuss(?:ed|ing)?|comment(?:ed|ing)?(?:\s+on)?|say\s+(?:anything|more|any\s+more|much|too\s+much)|"
    r"said\s+(?:anything|more|much)|disclos\w*|answer(?:ed|ing)?|report(?:ed|ing)?\s+(?:on\s+)?(?:that|those|it)|be\s+(?:more\s+)?specific|"
    r"get\s+specific|mention(?:ed|ing)?\s+(?:its|their|the)\s+names?"
)
# verbs of telling that need an object about information ("get into the specifics", "give a number")
_TELL_OBJECT = r"get(?:ting)?\s+into|got(?:ten)?\s+into|go(?:ing)?\s+into|went\s+into|giv(?:e|en|ing)|provid\w*|shar(?:e|ed|ing)|get\s+(?:a|any)|put\s+(?:a|any)"
_TOPIC = (
    r"(?:specifics?|details?|breakdown|numbers?|figures?|percentages?|guidance|metrics?|statistics|data|granularity|color|colour|"
    r"forecasts?|projections?|estimates?|names?|terms|pricing|amounts?|split|mix|outlook|targets?|that\s+level)"
)

_PATTERNS: tuple[tuple[str, re.Pattern], ...] = tuple(
    (kind, re.compile(pattern, re.I))
    for kind, pattern in (
        # refuse ---------------------------------------------------------------------------------------------------
        ("refuse", rf"{_NEG}\s+{_OWN_GAP}{_DISCLOSE}\b"),
        # a negation, then within a few words a verb of telling about something ("haven't gotten into specific
        # percentages", "don't talk about go-forward trends", "not comfortable going into the specifics")
        ("refuse", rf"(?:{_NEG}|\bwithout\b)\s+(?:{_OWN_WORD}){{0,6}}?(?:{_TELL})\b"),
        ("refuse", rf"(?:{_NEG}|\bwithout\b)\s+(?:{_OWN_WORD}){{0,6}}?(?:{_TELL_OBJECT})\s+(?:[\w’'\-]+\s+){{0,6}}?{_TOPIC}\b"),
        ("refuse", rf"\b(?:all\s+(?:I|we)\s+(?:can|will|could)|about\s+all\s+(?:I|we)|that(?:['’]s|\s+is)\s+(?:about\s+)?all\s+(?:I|we))\b"),
        ("refuse", rf"{_NEG}\s+{_OWN_GAP}{_GIVE}\s+{_GAP}{_INFO}\b"),
        ("refuse", r"\b(?:declin\w*|refrain\w*|refus\w*|prefer\s+not|rather\s+not|reluctant)\s+(?:to\s+)?(?:\w+\s+){0,2}?(?:comment|answer|discuss|disclos\w*|speculat\w*|say|get|go|provide|give|talk|quantify|put(?:ting)?\s+(?:a|any)\s+number)\b"),
        ("refuse", r"\bno\s+comment\b|\bnot\s+(?:something|an\s+area|a\s+number|a\s+metric|information)\s+(?:that\s+)?(?:we|I)(?:['’](?:re|m)\s+going\s+to|\s+(?:are|am)\s+going\s+to)?\s+(?:disclose|share|break\s+out|give|provide|talk\s+about|comment\s+on|say|discuss)\b"),
        ("refuse", r"\b(?:not\s+in\s+a\s+position|not\s+prepared|not\s+ready|not\s+at\s+liberty|not\s+able)\s+to\s+(?:\w+\s+){0,2}?(?:comment|say|discuss|disclose|give|provide|talk|share|quantify|get|go|answer|update|speculate)\b"),
        ("refuse", r"\bwe(?:['’]re|\s+are)\s+not\s+going\s+to\s+(?:\w+\s+){0,2}?(?:comment|say|discuss|disclose|give|provide|talk|share|quantify|get\s+into|go\s+into|answer|update|speculate|break)\b"),
        # the speaker alone: "I'm not going to say never" qualifies a view, so not "say"
        ("refuse", r"\bI(?:['’]m|\s+am)\s+(?:really\s+)?not\s+going\s+to\s+(?:\w+\s+){0,2}?(?:comment|discuss|disclose|give|provide|talk|share|quantify|get\s+into|go\s+into|answer|update|speculate|break)\b"),
        ("refuse", r"\bas\s+far\s+as\s+(?:I|we)\s+(?:\w+\s+){0,2}?(?:go|going)\s+(?:with|on)\b|\bstop\s+short\s+of\s+(?:\w+\s+){0,1}?(?:providing|giving|saying|quantifying|putting|sharing)\b|\bnot\s+(?:\w+\s+){0,2}?on\s+(?:the\s+)?record\b"),
        # unable ---------------------------------------------------------------------------------------------------
        ("unable", r"\b(?:I|we)\s+(?:\w+\s+){0,2}?(?:do\s*n[’']t|do\s+not|ca\s*n[’']t|cannot|can\s+not|really\s+don[’']t)\s+(?:\w+\s+){0,2}?(?:know|recall|remember)\b(?!\s+(?:if|whether)\s+(?:you|that|this|I|it)\b)"),  # "I don't know if you want to add": a hand-off
        ("unable", r"\b(?:I|we)\s+(?:have\s+no\s+idea|have\s+no\s+(?:visibility|way\s+of\s+knowing))\b"),
        ("unable", rf"\b(?:I|we)\s+(?:do\s*n[’']t|do\s+not)\s+(?:\w+\s+){{0,2}}?have\s+(?:the|that|those|this|it|a|an|any|exact|specific|precise)\s+{_GAP}(?:{_INFO}|answer|handy|in\s+front)"),
        ("hedge", r"\b(?:too\s+early|premature)\s+to\s+(?:\w+\s+){0,2}?(?:tell|say|know|comment|give|provide|quantify|predict|call|speculate|talk|judge|determine|estimate|update)\b"),
        ("hedge", r"\b(?:hard|difficult|tough|impossible|tricky)\s+(?:\w+\s+){0,1}?(?:for\s+(?:me|us)\s+)?to\s+(?:\w+\s+){0,1}?(?:tell|say|know|predict|quantify|estimate|answer|handicap|gauge|call|comment|speculate|pin\s+down|give|get|draw|forecast)\b"),
        ("unable", r"\b(?:I|we)\s+(?:ca\s*n[’']t|cannot|can\s+not)\s+(?:\w+\s+){0,2}?(?:tell|say|answer|predict|quantify|give|provide|share|help\s+you)\b"),
        ("unable", r"\bin\s+front\s+of\s+me\b|\boff\s+the\s+top\s+of\s+my\s+head\b|\bat\s+my\s+fingertips\b|\bcrystal\s+ball\b"),
        ("hedge", r"\b(?:I|we)(?:['’]m|['’]re|\s+am|\s+are)\s+(?:\w+\s+){0,1}?not\s+(?:sure|certain|aware)\b|\b(?:I|we)\s+(?:\w+\s+){0,1}?(?:do\s*n[’']t|do\s+not)\s+(?:\w+\s+){0,1}?have\s+(?:any\s+|a\s+(?:good\s+)?)?(?:clarity|visibility|good\s+feel|feel\s+for|sense\s+(?:of|for)|idea)\b"),
        ("unable", r"\b(?:I|we)\s+(?:\w+\s+){0,1}?(?:have\s*n[’']t|have\s+not)\s+(?:\w+\s+){0,1}?(?:settled|decided|looked\s+(?:in)?to|determined|finalized|quantified|heard)\b|\bhave\s+heard\s+nothing\b"),
        ("refuse", r"\b(?:un)?comfortable\s+(?:\w+\s+){0,3}?(?:discussing|disclosing|giving|going\s+into|getting\s+into|talking|sharing|providing)\b|\bconfidential\w*\b"),
        ("refuse", rf"{_NEG}\s+(?:[\w’'\-]+\s+){{0,4}}?(?:prepared|ready|willing|in\s+a\s+position)\s+to\s+(?:\w+\s+){{0,2}}?(?:make|give|provide|put|share|talk|comment|forecast|guide|say|update)\b"),
        ("refuse", r"\b(?:wouldn['’]t|would\s+not|won['’]t|will\s+not)\s+(?:\w+\s+){0,1}?(?:model|speculate|guess|venture|hazard)\b"),
        # after the call -------------------------------------------------------------------------------------------
        ("aftercall", r"\b(?:off-?line|after\s+the\s+call|after\s+this\s+call|another\s+time|another\s+day)\b"),
        ("aftercall", r"\b(?:get|come)\s+back\s+(?:to\s+you|to\s+(?:it|that)\s+(?:a\s+bit\s+)?later|on\s+(?:that|this|it))\b|\bfollow\s+up\s+(?:with\s+you|on\s+that|later)\b|\bcircle\s+back\b|\blook\s+(?:that|it)\s+up\b|\bbe\s+back\s+(?:to\s+you\s+)?on\s+(?:this|that)\b"),
    )
)


@dataclass(frozen=True)
class Evidence:
    "A sentence of the response that withholds information, the phrase that shows it, and its kind."

    sentence: str
    phrase: str
    kind: str  # refuse | unable | aftercall


_FIGURE = re.compile(r"\d|%|\bpercent\b|\b(?:million|billion|bps|basis points)\b", re.I)
# a hedge ("hard to say", "too early to tell", "I'm not sure") followed by the speaker's view or a figure answers
_GOES_ON = re.compile(r"^\W*(?:but|however|that\s+said|having\s+said|I\s+(?:think|would\s+say|expect|believe|guess)|we\s+(?:think|expect|believe|would\s+expect)|probably|my\s+(?:guess|sense)|if\s+I\s+had\s+to)\b|\d", re.I)


# Sentences whose words match a pattern but withhold nothing (each class read among the train split's false alarms,
# and common on real calls):
# - a speaker handing the question to a colleague by name: "Gary, I don't know if you want to add anything", "But,
#   David, why don't you provide any other information on expenses?";
_DISCOURSE = r"(?:" + "|".join(sorted(cues._DISCOURSE | {"Also", "Sure", "Right", "Look", "Actually", "Frankly", "Obviously", "Thanks", "Thank"})) + r")\b"
_OFFER = (
    r"(?:why\s+don['’]t\s+you|(?:do|if)\s+(?:\w+\s+)?you\s+want\s+to|would\s+you\s+(?:like\s+to|want\s+to)|can\s+you|could\s+you|"
    r"you\s+want\s+to\s+(?:add|comment|take|answer|talk|weigh|provide|give|jump|chime|address|cover|elaborate|touch|speak)|"
    r"(?:anything|something)\s+(?:else\s+)?(?:you\s+want\s+)?to\s+add)"
)
_OFFERS = re.compile(_OFFER, re.I)  # anywhere, in any case: the cheap test before _HANDS_OVER
_HANDS_OVER = re.compile(
    rf"(?:^|[,;.]\s*|\b(?i:and|but|so|now|if)\s+)(?!{_DISCOURSE})[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s*[,?]\s*(?:.*\b)?{_OFFER}\b"
)
# - a word on the answer just given: "So I'm not sure if that answered your question", "I don't know if I've
#   answered your question" (the speaker has answered, and says they may have missed the point);
_ON_THE_ANSWER = re.compile(
    r"\b(?:not\s+sure|do\s*n['’]t\s+know|do\s+not\s+know)\b.*?\b(?:I|I['’]ve|I['’]ll|that|this|it)\s+(?:\w+\s+){0,2}?"
    r"(?:answer(?:ed|s)?|address(?:ed|es)?)\s+(?:\w+\s+)?(?:your|the|that)\s+question",
    re.I,
)
# - "say" after "wouldn't" or "didn't" corrects the asker's word or qualifies a view ("I wouldn't say more aggressive;
#   I think we're very aggressive now", "I didn't say more confident"); it withholds nothing.
_SAY_QUALIFIED = re.compile(r"\b(?:would|did)\s*$", re.I)


def _aside(sentence: str) -> bool:
    """A sentence that hands the question on or comments on the answer given: never evidence of a non-answer. (The
    cheap tests first: most sentences offer nothing and say nothing of a question.)"""
    return bool((_OFFERS.search(sentence) and _HANDS_OVER.search(sentence))
                or ("question" in sentence.lower() and _ON_THE_ANSWER.search(sentence)))


def _qualified_say(sentence: str, hit: re.Match) -> bool:
    "The match is a negated 'say' after 'would' or 'did': a correction or a view, not a refusal."
    return "say" in hit.group().lower() and bool(_SAY_QUALIFIED.search(sentence[: hit.start()]))


def response_evidence(text: str) -> list[Evidence]:
    """The sentences of a response that refuse, say they cannot, or defer the answer; empty for an answer. A hedge
    counts only when the speaker does not go straight on to give a view or a figure (in the rest of its sentence
    or the next one); it is then evidence of being unable to answer. A sentence handing the question to a colleague
    or commenting on the answer given is never evidence."""
    found = []
    sentences = split_sentences(text)
    for i, sentence in enumerate(sentences):
        if _aside(sentence):
            continue
        for kind, pattern in _PATTERNS:
            hit = pattern.search(sentence)
            if not hit or _qualified_say(sentence, hit):
                continue
            if kind == "hedge":
                rest = sentence[hit.end() :].lstrip(" ,;:-–—")
                following = sentences[i + 1] if i + 1 < len(sentences) else ""
                if _GOES_ON.search(rest) or _GOES_ON.search(following) or re.search(r"\d", rest):
                    continue
                kind = "unable"
            found.append(Evidence(sentence.strip(), hit.group().strip(), kind))
            break
    return found



def is_nonanswer(text: str) -> tuple[bool, list[Evidence]]:
    "Whether a response withholds the answer, and the sentences that show it."
    evidence = response_evidence(text)
    return bool(evidence), evidence


# words of asking that say nothing about what is asked (as _subject_words gives them: their first five letters)
_ASKING = frozenset(
    w[:5] for w in "question asking wonder curious color colour comment share think maybe little great congratulations "
    "results quarter could would should there about which where thank what that this with your have when they them "
    "then than from into just also some more much very been were will does doing going over their these those "
    "other like make made give talk help know kind sort terms".split()
)


def _subject_words(text: str) -> set[str]:
    "Words of four letters or more, by their first five letters: 'margins' and 'margin', 'subscriber' and 'subscribers' meet."
    return {w[:5] for w in re.findall(r"[a-z][a-z0-9'’\-]{3,}", text.lower())}


@dataclass(frozen=True)
class ExchangeSignal:
    "Did management answer one Q&A exchange: the status, the evidence, and the parts of the question left untouched."

    status: str  # answered | partly answered | not answered
    evidence: tuple[Evidence, ...] = ()
    untouched: tuple[str, ...] = ()  # the analyst's questions whose subject the answers never took up
    parts: tuple[QuestionPart, ...] = ()  # each question scored on its own


def question_parts(text: str) -> list[str]:
    """The questions an analyst's turn asks: its sentences that end in a question mark; a turn without one is a
    question only when it is long enough to ask something ("Okay, fair enough. Thank you, Tim." asks nothing)."""
    asked = [s.strip() for s in split_sentences(text) if s.strip().endswith("?")]
    return asked or ([text.strip()] if len(text.split()) >= 15 else [])


def exchange_signal(questions: list[str], answers: list[str], evidence: tuple[Evidence, ...] | None = None) -> ExchangeSignal:
    """The signal for one exchange, from the analyst's turns and management's answers to them (`evidence`: the
    withholding sentences when they are already known, as a model's verdict gives them; else found here).

    Not answered: the answers withhold the information (evidence) and give nothing else the question asked about.
    Partly answered: they withhold some of it and answer the rest. A question is untouched when none of its subject
    words (beyond words of asking) occurs in the answers outside the withholding sentences."""
    answer_text = "\n".join(answers)
    evidence = tuple(response_evidence(answer_text)) if evidence is None else evidence
    withheld = {e.sentence for e in evidence}
    rest = " ".join(s for s in split_sentences(answer_text) if s.strip() not in withheld)
    said = _subject_words(rest)
    parts = [p for q in questions for p in question_parts(q)]
    subjects = [(p, _subject_words(p) - _ASKING) for p in parts]
    subjects = [(p, words) for p, words in subjects if len(words) >= 2]  # "Can you hear me?" asks about nothing
    untouched = tuple(p for p, words in subjects if not words & said)
    touched = [p for p, words in subjects if words & said]
    if not evidence:
        status = "answered"  # questions it did not take up are listed, but word overlap alone is too weak to flag it
    else:
        status = "partly answered" if touched or _FIGURE.search(rest) else "not answered"
    return ExchangeSignal(status, evidence, untouched, _score_parts(subjects, evidence, said, bool(_FIGURE.search(rest))))


def _score_parts(subjects: list[tuple[str, set[str]]], evidence: tuple[Evidence, ...], said: set[str], figure: bool) -> tuple[QuestionPart, ...]:
    """Each question on its own. A withholding sentence goes with the questions whose subject words it names ("We
    don't disclose churn" with "how did churn develop?"); one that names none goes with the questions the rest of
    the answer leaves untouched, or with all of them when it touches every one. A question with a withholding
    sentence is not answered, or partly answered when the rest of the answer takes it up too (or, for a lone
    question, gives a figure); one without is answered when the answer takes it up, else not taken up."""
    linked: dict[str, Evidence] = {}
    for e in evidence:
        named = _subject_words(e.sentence) - _ASKING
        targets = [p for p, words in subjects if words & named]
        targets = targets or [p for p, words in subjects if not words & said] or [p for p, _ in subjects]
        for p in targets:
            linked.setdefault(p, e)
    out = []
    for p, words in subjects:
        took_up = bool(words & said)
        if p in linked:
            status = "partly answered" if took_up or (figure and len(subjects) == 1) else "not answered"
        else:
            status = "answered" if took_up else "not taken up"
        out.append(QuestionPart(p, status, linked[p].sentence if p in linked else ""))
    return tuple(out)


QUOTED_QUESTION_CHARS = 160  # a longer question is mostly a whole turn without a question mark: too long to quote


def withheld(exchange) -> tuple[QuestionPart, ...]:
    "The questions of an exchange that management withheld in full or in part, each with its withholding sentence."
    return tuple(p for p in exchange.parts if p.evidence and p.status in ("not answered", "partly answered"))


KINDS = ("refuse", "unable", "aftercall")
STATUSES = ("answered", "partly answered", "not answered")
_QUOTE_CHARS = 20  # a quote shorter than this, found inside a sentence, could be anyone's words ("we don't know")


def judged(questions: list[str], answers: list[str], offline: ExchangeSignal, verdict: dict | None) -> ExchangeSignal:
    """A language model's verdict on one exchange (its judge prompt: prompts/judge.txt), kept only as far as the
    text bears it out. "answered" clears the offline evidence. "partly answered" or "not answered" stands only with
    at least one withholding sentence quoted from the answers (the whole sentence, or 20 characters or more of it,
    word for word); the sentences so found are the evidence. A verdict in any other form leaves the offline signal."""
    if not isinstance(verdict, dict) or verdict.get("status") not in STATUSES:
        return offline
    if verdict["status"] == "answered":
        return exchange_signal(questions, answers, evidence=())
    sentences = [(s.strip(), " ".join(s.split())) for s in split_sentences("\n".join(answers)) if s.strip()]  # (as said, spacing evened)
    kept: dict[str, Evidence] = {}
    for quote in verdict.get("evidence") or ():
        text, kind = (quote.get("sentence"), quote.get("kind")) if isinstance(quote, dict) else (quote, None)
        if not isinstance(text, str) or not (said := " ".join(text.split())):
            continue
        found = next((s for s, even in sentences if even == said), None)
        if found is None and len(said) >= _QUOTE_CHARS:
            found = next((s for s, even in sentences if said in even), None)
        if found is not None and found not in kept:
            kept[found] = Evidence(found, said, kind if kind in KINDS else "refuse")
    if not kept:
        return offline
    return dataclasses.replace(exchange_signal(questions, answers, evidence=tuple(kept.values())), status=verdict["status"])


# (the analyst's turns, management's answers) -> the model's verdict, a dict as prompts/judge.txt asks for, or None
Judge = Callable[[list[str], list[str]], "dict | None"]


def call_signals(turns, judge: Judge | None = None) -> dict[int, ExchangeSignal]:
    """The signal for each Q&A exchange of a call's turns, by exchange id (interpretations stand in for their
    originals); with a `judge`, each as the model's verdict refines it (`judged`)."""
    exchanges: dict[int, tuple[list[str], list[str]]] = {}
    interpreted = {t.translation_of for t in turns if t.translation_of is not None}
    for turn in turns:
        if turn.section != "qa" or turn.exchange_id is None or turn.index in interpreted:
            continue
        asked, answered = exchanges.setdefault(turn.exchange_id, ([], []))
        if turn.role == "analyst":
            asked.append(turn.text)
        elif turn.role == "executive":
            answered.append(turn.text)
    out = {}
    for key, (asked, answered) in exchanges.items():
        if asked and answered:
            out[key] = exchange_signal(asked, answered)
            if judge is not None:
                out[key] = judged(asked, answered, out[key], _verdict(judge, asked, answered))
    return out


def _verdict(judge: Judge, asked: list[str], answered: list[str]) -> dict | None:
    "The judge's verdict; a judge that fails gives none, and the offline signal stands."
    try:
        return judge(asked, answered)
    except Exception as exc:  # noqa: BLE001 - a model that fails must not stop the call from being read
        log.warning("answer judge skipped an exchange: %s", exc)
        return None


def with_signals(turns, exchanges, judge: Judge | None = None) -> list:
    "The exchanges with their signal filled in (status, evidence sentences, untouched questions)."
    signals = call_signals(turns, judge)
    out = []
    for exchange in exchanges:
        signal = signals.get(exchange.id)
        if signal:
            exchange = dataclasses.replace(
                exchange, answered=signal.status, evidence=tuple(e.sentence for e in signal.evidence), untouched=signal.untouched, parts=signal.parts
            )
        out.append(exchange)
    return out
