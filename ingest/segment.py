"""Turns from text with no speaker breaks (one unbroken block, one sentence per line): cut where the speaker
changes, from what is said at the seam.

Each seam between two sentences gets a probability that the speaker changes there, from what is said around it:
the cues below (each a small function scoring one seam: a hand-off, "Thanks, Tim.", a
caller's greeting, an answer after a question, "This is Jeff."), how each sentence sounds (the operator's or
someone speaking), how the next sentence opens and how the last one ends, and whose wording each side has (the
wording model's roles for the two sentences before the seam and the two after it: a caller's "you" and questions,
then management's "we"; `_sides`). Two models read these features, both fitted on the tune half of the labelled
corpus only: boosted trees cut text that came without breaks (`python -m ingest.segment --fit FOLDER --trees`,
`seam_trees.json`; `p_cuts`), and a logistic model hears the breaks a file gives (`python -m ingest.segment --fit
FOLDER`, `seam_model.json`; `p_change`, `odds_at_breaks`). A seam is cut where the probability reaches CUT, and
the decoder reads the same probability as its odds of a speaker change."""

from __future__ import annotations

import json
import math
import re
import sys
from functools import lru_cache
from pathlib import Path

from . import cues, wording
from .chunking import split_sentences
from .fitting import Forest, binary_logistic, boosted_trees, design, refit

MODEL = Path(__file__).with_name("seam_model.json")
# text without breaks is cut by boosted trees over the same features (`python -m ingest.segment --fit FOLDER --trees`)
TREES_MODEL = Path(__file__).with_name("seam_trees.json")
# One mechanism, two thresholds: text is cut into units for the decoder where P(the speaker changes) reaches CUT,
# and a cut under JOIN is joined again (attribution._join_soft_cuts) when the decoder gives one speaker both sides.
# On 145 tune calls written as one unbroken block (name model and gates as they were): CUT 0.2 gave roles 0.911,
# 2,873 right names and 314 named wrongly; 0.15 0.918; 0.1 0.925 (at the name gate 0.88: 3,105 and 302); 0.05 0.926.
# A cut too many costs little: the decoder gives one speaker both sides and the cut is joined again.
CUT = 0.1
JOIN = 0.5
MIN_COUNT = 25  # a feature is kept when it appears at this many seams of the fitting set (5 kept three times as many for the same F1)
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


@lru_cache(maxsize=8192)
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
    if cues._HAND_ON.search(prev):
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


_WORD = re.compile(r"[a-z']+|\?|\d+")
_VOCATIVE = re.compile(r"^(?:\W*(?:yes|yeah|ok|okay|sure|thanks|thank you|hi|hey|great|so|well)\W+){0,2}([A-Z][a-z]+)[,.!?]")
_NOT_A_NAME = {"so", "well", "yes", "okay", "thanks", "thank", "i", "we", "our", "the", "and", "but", "this", "that", "it"}


def _length(n: int) -> str:
    return "1" if n <= 3 else "2" if n <= 8 else "3" if n <= 20 else "4"


def _sides(before: str, prev: str, cur: str, after: str) -> dict[str, float]:
    """Whose wording each side of the seam has: the wording model's roles for the two sentences before it against
    the two after it, as the product of P(role a before) and P(role b after) for each pair of different roles, and
    how far apart the two sides' roles are, and the two sentences' own (total variation distance). On 142 tune
    calls, with both models fitted on 566 others, they cut the seams missed at a 0.2 cut from 11.9% to 9.8% of
    the speaker changes, with fewer wrong cuts (precision 0.751 -> 0.765)."""
    left = wording.roles_of(" ".join(filter(None, (before, prev))))
    right = wording.roles_of(" ".join(filter(None, (cur, after))))
    one, two = wording.roles_of(prev), wording.roles_of(cur)
    f = {f"side:{a}>{b}": left[a] * right[b] for a in wording.ROLES for b in wording.ROLES if a != b}
    f["side:apart"] = 0.5 * sum(abs(left[r] - right[r]) for r in wording.ROLES)
    f["side:apart1"] = 0.5 * sum(abs(one[r] - two[r]) for r in wording.ROLES)
    return f


def seam_features(before: str, prev: str, cur: str, after: str) -> dict[str, float]:
    """What is said around the seam between `prev` and `cur` (`before` and `after` are the sentences either side
    of those two, "" at the ends): the cues' scores, each sentence's voice, the words that open `cur` and `after`
    and close `prev`, the sentences' lengths, and whose wording each side has."""
    f = {"bias": 1.0, **_sides(before, prev, cur, after)}
    for cue in SEAM_CUES:
        if value := cue(prev, cur):
            f["cue:" + cue.__name__] = value
    f[f"voice:{_voice(prev)}>{_voice(cur)}"] = 1.0
    cw, pw, aw = _WORD.findall(cur.lower()), _WORD.findall(prev.lower()), _WORD.findall(after.lower())
    for n in (1, 2, 3):
        if len(cw) >= n:
            f[f"c{n}:" + " ".join(cw[:n])] = 1.0
    f.update({"cw:" + w: 1.0 for w in cw[:8]})
    f.update({"pw:" + w: 1.0 for w in pw[-8:]})
    if pw:
        f["p1:" + pw[-1]] = 1.0
    if aw:
        f["n1:" + aw[0]] = 1.0
    f["pend:" + (prev.rstrip()[-1:] or "_")] = 1.0
    f["plen:" + _length(len(pw))] = f["clen:" + _length(len(cw))] = 1.0
    if before.rstrip().endswith("?"):
        f["pp?"] = 1.0
    if "?" in prev:
        f["p?any"] = 1.0
    if cur.rstrip().endswith("?"):
        f["c?"] = 1.0  # a question after a statement: a caller taking the floor
    if (m := _VOCATIVE.match(cur)) and m.group(1).lower() not in _NOT_A_NAME:
        f["c:vocative"] = 1.0  # 'Thanks, Tim.' / 'Sure, Kevin.'
    if re.search(r",\s*[A-Z][a-z]+[.?!]\s*$", prev):
        f["p:ends_name"] = 1.0  # '..., Tim?' hands the floor to Tim
    if re.search(r"\bI(?:'m|'d|'ll)?\b", cur):
        f["c:I"] = 1.0
    if re.search(r"\byou\b", prev, re.I):
        f["p:you"] = 1.0
    return f


def _weights() -> dict[str, float]:
    return _fitted()["weights"]


@lru_cache(maxsize=1)
def _fitted() -> dict:
    try:
        data = json.loads(MODEL.read_text())
        if not isinstance(data, dict) or not isinstance(data.get("weights"), dict):
            raise KeyError("weights")
        return data
    except (OSError, ValueError, KeyError) as exc:
        raise RuntimeError(f"the seam model {MODEL.name} is missing or unreadable ({exc}); refit it with python -m ingest.segment --fit") from exc


def change_share() -> float:
    "The share of the fitting set's seams between sentences where the speaker changed."
    meta = _fitted()["meta"]
    return meta["changes"] / meta["examples"]


def p_change(features: dict[str, float], weights: dict[str, float] | None = None) -> float:
    "P(the speaker changes at the seam) under the fitted model."
    weights = _weights() if weights is None else weights
    z = sum(weights.get(k, 0.0) * v for k, v in features.items())
    return 1 / (1 + math.exp(-max(min(z, 30.0), -30.0)))


def features_at_seams(sentences: list[str], seams: list[int] | None = None) -> list[dict[str, float]]:
    """The features of each seam: entry i is for the seam before sentence i+1; given `seams`, of the seams before
    those sentences only (a seam's features read two sentences a side)."""
    padded = ["", *sentences, ""]
    return [seam_features(padded[i - 1], padded[i], padded[i + 1], padded[i + 2]) for i in (range(1, len(sentences)) if seams is None else seams)]


def odds_at_breaks(paragraphs: list[str], seams: list[str], turn_share: float) -> list[float | None]:
    """P(the speaker changes) at each break a file gives without saying who speaks ('unknown' seams: a line or a
    paragraph): the model's odds for the two sentences either side of the break, moved by Bayes' rule from the share
    of changes between sentences it was fitted on to the call's share of breaks that start a turn. The words around
    a seam are taken to say as much at a line break as inside a line. None where the file marks the break."""
    if not paragraphs:
        return []
    logit = lambda x: math.log(x / (1 - x))  # noqa: E731
    shift = logit(min(max(turn_share, 0.01), 0.99)) - logit(change_share())
    sentences = [units(text) for text in paragraphs]
    out: list[float | None] = [None]
    for i in range(1, len(paragraphs)):
        left, right = sentences[i - 1][-2:], sentences[i][:2]
        if seams[i] != "unknown" or not left or not right:
            out.append(None)
            continue
        (before, prev), (cur, after) = ([""] + left)[-2:], (right + [""])[:2]
        p = min(max(p_change(seam_features(before, prev, cur, after)), 1e-4), 1 - 1e-4)
        out.append(1 / (1 + math.exp(-(logit(p) + shift))))
    return out


def units(text: str) -> list[str]:
    "Sentences of a block of text (line breaks inside it count as spaces)."
    return split_sentences(re.sub(r"\s+", " ", text))


def cut_turns(sentences: list[str]) -> list[tuple[str, str, float | None]]:
    """Group consecutive sentences into turns, cutting where the speaker probably changes: (text, seam, odds), the
    seam being "cut" where a change was heard and "passage" where a long stretch was only divided for citing, and
    the odds P(the speaker changes) there as the seam model gives them (None for the first turn and passages)."""
    sentences = [s.strip() for s in sentences if s.strip()]
    if not sentences:
        return []
    odds = p_cuts(features_at_seams(sentences))
    turns: list[list[str]] = [[sentences[0]]]
    cut_odds: list[float | None] = [None]
    for cur, p in zip(sentences[1:], odds):
        if p >= CUT:
            turns.append([])
            cut_odds.append(p)
        turns[-1].append(cur)
    out = []
    for n, t in enumerate(turns):
        for k, part in enumerate(_passages(t)):
            out.append((" ".join(part), "passage" if k else ("cut" if n else "unknown"), None if k else cut_odds[n]))
    return out


def changes_between(runs: list[list[str]]) -> list[list[bool]]:
    """For each run of consecutive pieces of text (hard-wrapped lines that end a sentence: a turn may end there or go
    on), whether the speaker changes between each two, heard as in text without breaks: where P(change) reaches CUT."""
    rows, where = [], []  # the seams at the pieces' joins only
    for n, run in enumerate(runs):
        sentences: list[str] = []
        starts = []  # each piece's first sentence
        for piece in run:
            starts.append(len(sentences))
            sentences += [s.strip() for s in units(piece) if s.strip()]
        joins = [(k, at) for k, at in enumerate(starts[1:]) if 0 < at < len(sentences)]
        rows += features_at_seams(sentences, [at for _, at in joins])
        where += [(n, k) for k, _ in joins]
    heard = [[False] * (len(run) - 1) for run in runs]
    for (n, k), p in zip(where, p_cuts(rows)):
        heard[n][k] = p >= CUT
    return heard


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


def segment(text: str) -> list[tuple[str, str, float | None]]:
    "Turns of one unbroken block of text, each with its seam."
    return cut_turns(units(text))


def labelled_seams(turns: list[tuple[str, str]]) -> list[tuple[dict[str, float], int]]:
    "(features, the speaker changes) at every seam between sentences of a labelled call's (speaker, text) turns."
    sentences, speakers = [], []
    for speaker, text in turns:
        for sentence in split_sentences(" ".join(text.split())):
            if sentence.strip():
                sentences.append(sentence.strip())
                speakers.append(speaker)
    return [(f, int(speakers[i] != speakers[i - 1])) for i, f in enumerate(features_at_seams(sentences), 1)]


def fit(rows: list[tuple[dict[str, float], int]], l2: float = 3.0) -> dict[str, float]:
    "L2-regularised logistic regression over the features seen at MIN_COUNT seams or more (`fitting.binary_logistic`)."
    return binary_logistic(rows, MIN_COUNT, l2, maxiter=2000)


# the trees: how many, the leaves of each, the learning rate, and how many of the features they read (those seen at the
# most seams of the fitting set: the words that open and close sentences are too many and too rare for trees). Fitted
# on 250 of the 582 fitting tune calls, the trees heard the 146 held-back calls' speaker changes with log loss 0.100
# and AUC 0.984, the logistic model fitted the same way 0.124 and 0.975 (F1 at 0.5: 0.881 against 0.844).
TREES, LEAVES, RATE, DENSEST = 300, 31, 0.1, 400


def fit_trees(rows: list[tuple[dict[str, float], int]], trees: int = TREES) -> dict:
    "Boosted trees (`fitting.boosted_trees`) over the DENSEST features."
    import numpy as np

    x, names = design([f for f, _ in rows], MIN_COUNT)
    seen = np.asarray((x != 0).sum(axis=0)).ravel()
    keep = sorted(int(j) for j in np.argsort(-seen, kind="stable")[:DENSEST])
    return boosted_trees(x[:, keep].toarray(), [y for _, y in rows], [names[j] for j in keep], trees, LEAVES, RATE)


@lru_cache(maxsize=1)
def _forest() -> Forest:
    try:
        return Forest(json.loads(TREES_MODEL.read_text())["weights"])
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise RuntimeError(f"the seam model {TREES_MODEL.name} is missing or unreadable ({exc!r}); refit it with python -m ingest.segment --fit FOLDER --trees") from exc


def p_cuts(rows: list[dict[str, float]]) -> list[float]:
    """P(the speaker changes) at each seam of text that came without breaks, from the trees. The breaks a file gives
    are heard by the logistic model (`odds_at_breaks`): there the trees named more turns wrongly on the 146 held-back
    calls written in paragraphs."""
    return _forest().p(rows) if rows else []


def main(argv: list[str] | None = None) -> int:
    "Refit the seam model on labelled calls (the tune half only); with --trees, the trees that cut text without breaks."
    argv = list(sys.argv[1:] if argv is None else argv)
    trees = "--trees" in argv
    argv = [a for a in argv if a != "--trees"]
    return refit(argv, "python -m ingest.segment", TREES_MODEL if trees else MODEL, lambda call: labelled_seams([(t.speaker, t.text) for t in call.turns]),
                 fit_trees if trees else fit, lambda rows: {"changes": sum(y for _, y in rows)})


if __name__ == "__main__":
    sys.exit(main())
