"""Turns from text with no speaker breaks (one unbroken block, one sentence per line): cut where the speaker
changes, from what is said at the seam. Each cue is a small function scoring one seam; a seam is cut when the
cues together reach CUT."""

from __future__ import annotations

import re

from . import cues
from .chunking import split_sentences

CUT = 1.0  # evidence a seam needs to become a turn boundary
PASSAGE_WORDS = 450  # a stretch with no heard speaker change is cited in passages of about this many words
_TRANSITION = re.compile(r"^(?:turning to|turning now|now,? (?:let me|I'd like|I will|I'll|turning|moving|on)|moving (?:on|to)|let me (?:now |turn|move|start|begin)|next,|"
                         r"with that|in (?:summary|closing|conclusion)|finally,|lastly,|before I turn|I'll now|I will now|as for|regarding|on the \w+ side)", re.I)

_OPENER = re.compile(
    r"^(?:\W*(?:hi|hey|hello|yes|yeah|great|okay|ok|thanks|thank you)\W+){0,3}(?:good (?:morning|afternoon|evening)|hi|hey|hello)\b"
    r"|thanks? (?:you )?(?:so much |very much )?for taking (?:my|our|the) questions?|congratulations on|"
    r"^(?:\W*(?:hi|hey|hello|yes|yeah|great|okay|ok)\W+)?(?:thank you|thanks)(?: very much| so much)?(?:,? (?:and )?good (?:morning|afternoon|evening))",
    re.I,
)
_ANSWER_OPENER = re.compile(
    r"^(?:yes|yeah|yep|sure|absolutely|great question|good question|(?:thanks|thank you) for (?:the|your|that) question|"
    r"it's a great question|that's a (?:great|good) question)\b",
    re.I,
)
_SELF_ID = re.compile(r"^(?:\W*(?:yeah|yes|hi|hey|okay|ok|sure)\W+)?(?:this is|it's|it is)\s+[A-Z][a-z]+[.!,]", re.I)
_INVITE = re.compile(r"(?:please go ahead|your line is (?:now )?open|go ahead(?:,\s*[A-Z][a-z]+)?[.!]?\s*$)", re.I)
_THANKS_OPENER = re.compile(r"^(?:\W*(?:ok|okay|yes|great|well)\W+)?(?:thank you|thanks)(?: very much| so much)?,\s+(?:[A-Z][a-z]+|operator|<UNK>)", re.I)


def _voice(sentence: str) -> str:
    "operator | neutral | speech: how a single sentence sounds."
    if cues._NEUTRAL_SENTENCE.match(sentence):
        return "neutral"
    if cues.announcements(sentence) or cues.operator_sentence(sentence):
        return "operator"
    return "speech"


def seam_handoff(prev: str, cur: str) -> float:
    "The sentence before hands the floor on ('turn the call over to Peter', 'Please go ahead', an announcement)."
    if _INVITE.match(cur) or re.match(r"^(?:your line is|you may (?:now )?(?:proceed|begin)|the floor is yours)", cur, re.I):
        return 0.0  # '... over to Tejas Ghala. Please go ahead.': the invitation is the same speaker's
    if cues._HANDOFF.search(prev) or re.search(r"turn (?:the (?:conference )?call|it) (?:back )?over to", prev, re.I):
        return 1.0
    return 1.0 if _INVITE.search(prev) or cues.announcements(prev) else 0.0


def seam_thanks(prev: str, cur: str) -> float:
    "'Thank you, Katie.' / 'Thanks, operator.' opens the next speaker's turn."
    return 1.0 if _THANKS_OPENER.match(cur) else 0.0


def seam_question_opener(prev: str, cur: str) -> float:
    "'Hi, good morning. Thanks for taking my question.' is a caller starting to speak."
    if prev.rstrip().endswith(",") or cues._NEUTRAL_SENTENCE.match(prev):
        return 0.0  # 'Thank you. Good afternoon, ...' is one speaker's opening
    return 1.0 if _OPENER.search(cur[:120]) else 0.0


def seam_answer_after_question(prev: str, cur: str) -> float:
    "'...how should we think about margins?' then 'Yes, so...' is the answer beginning."
    return 1.0 if prev.rstrip().endswith("?") and _ANSWER_OPENER.match(cur) else 0.0


def seam_self_identification(prev: str, cur: str) -> float:
    "'Yeah, this is Jeff.' opens a turn."
    return 1.0 if _SELF_ID.match(cur) else 0.0


SEAM_CUES = (seam_handoff, seam_thanks, seam_question_opener, seam_answer_after_question, seam_self_identification)


def units(text: str) -> list[str]:
    "Sentences of a block of text (line breaks inside it count as spaces)."
    return split_sentences(re.sub(r"\s+", " ", text))


def cut_turns(sentences: list[str]) -> list[tuple[str, str]]:
    """Group consecutive sentences into turns, cutting at seams where a speaker change is heard: (text, seam), the
    seam being "cut" where a change was heard and "passage" where a long stretch was only divided for citing."""
    sentences = [s.strip() for s in sentences if s.strip()]
    if not sentences:
        return []
    voices = [_voice(s) for s in sentences]
    # a neutral sentence ('Thank you.') takes the voice of the sentence after it, so the operator's
    # 'Thank you. Our next question...' stays the operator's
    for i in range(len(voices) - 2, -1, -1):
        if voices[i] == "neutral":
            voices[i] = voices[i + 1]
    turns: list[list[str]] = [[sentences[0]]]
    for i in range(1, len(sentences)):
        prev, cur = sentences[i - 1], sentences[i]
        score = sum(cue(prev, cur) for cue in SEAM_CUES)
        if (voices[i] == "operator") != (voices[i - 1] == "operator"):
            score += CUT
        if score >= CUT:
            turns.append([])
        turns[-1].append(cur)
    out = []
    for n, t in enumerate(turns):
        for k, part in enumerate(_passages(t)):
            out.append((" ".join(part), "passage" if k else ("cut" if n else "unknown")))
    return out


def _passages(sentences: list[str]) -> list[list[str]]:
    """A long stretch where no speaker change is heard, cut into passages at its transitions ('Turning to...'),
    so a citation points to a paragraph, not to half the call. The speaker is not thereby changed: attribution
    carries it on."""
    if sum(len(s.split()) for s in sentences) <= PASSAGE_WORDS * 1.5:
        return [sentences]
    out: list[list[str]] = [[]]
    words = 0
    for sentence in sentences:
        n = len(sentence.split())
        if out[-1] and (words >= PASSAGE_WORDS * 2 or (words >= PASSAGE_WORDS // 2 and _TRANSITION.match(sentence))):
            out.append([])
            words = 0
        out[-1].append(sentence)
        words += n
    return out


def segment(text: str) -> list[tuple[str, str]]:
    "Turns of one unbroken block of text, each with its seam."
    return cut_turns(units(text))
