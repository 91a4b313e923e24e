"""One decision per call: the most probable sequence of speakers given every cue's evidence, found by beam
search. A hypothesis remembers who spoke last and which analyst is asking; its score is a weighted sum of
features: the cues' evidence for the speaker's role and person, whether the speaker changes at a seam, and how
calls run (the operator announces an analyst, the analyst asks, management answers, the analyst follows up).

The weights are set by hand in WEIGHTS and checked on the tune half of the labelled corpus only
(`python -m ingest.evaluate --corpus DIR/tune`); an averaged structured perceptron trained on 148 tune calls
did worse than these on the rest of the tune half, so they stay hand-set."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from . import calibration, segment
from .evidence import Evidence
from .proposals import PROPOSAL_WEIGHT
from .voice import CallWords, Voices

BEAM = 12  # hypotheses kept per unit
# P(the speaker changes) at a seam: as the file says (a cut, a passage, a diarization key), else as the unit opens
P_CHANGE = {"opening": 0.9, "plain": 0.35, "cut": 0.95, "passage": 0.05, "key-same": 0.01, "key-changed": 0.99}
# How often a paragraph opens the way a new speaker does ('Thanks, Tim.', 'Yes, so...', 'Good morning'): of the
# paragraphs that start a turn, and of those that go on with one. Measured on the tune half's labelled calls
# (10,546 turns, 7,973 further paragraphs).
OPENS_TURN, OPENS_CONTINUATION = 0.73, 0.02
PRIOR_SHARE, PRIOR_LINES = 0.43, 60  # the share in calls written one line per paragraph (tune half), and its weight


def turn_share(openings: list[bool]) -> float:
    """The share of a call's paragraphs that start a turn, from how many open like one: nearly all in a call written
    one turn per line, about half in one written in paragraphs. A short call says little: its share is drawn toward
    a call of paragraphs, worth PRIOR_LINES lines."""
    share = (sum(openings) + PRIOR_SHARE * PRIOR_LINES) / (len(openings) + PRIOR_LINES)
    return min(max((share - OPENS_CONTINUATION) / (OPENS_TURN - OPENS_CONTINUATION), 0.05), 1.0)


def seam_odds(openings: list[bool]) -> dict[str, float]:
    """P(the speaker changes) at a seam the file says nothing about, for this call: Bayes' rule gives the odds for a
    paragraph that opens like a turn and for one that does not, from the call's share of paragraphs that start one."""
    if not openings:
        return {}
    starts = turn_share(openings)
    opening = starts * OPENS_TURN / (starts * OPENS_TURN + (1 - starts) * OPENS_CONTINUATION)
    plain = starts * (1 - OPENS_TURN) / (starts * (1 - OPENS_TURN) + (1 - starts) * (1 - OPENS_CONTINUATION))
    clip = lambda x: min(max(x, 0.05), 0.95)  # noqa: E731
    return {"opening": clip(opening), "plain": clip(plain)}


# evidence counts at its own weight (1.0); roles follow each other as calls run
WEIGHTS: dict[str, float] = {
    "same_answerer": 4.0,
    "answers_again": 1.0,  # 'I'll take that one as well' names the executive who answered last
    "prior:analyst": -1.5, "prepared:analyst": -8.0, "new_analyst": -3.0, "unnamed_follow_up": -1.0, "named": 0.0,
    "after:operator>analyst": 1.0, "after:operator>executive": -0.5, "after:analyst>executive": 1.0,
    "after:analyst>analyst": -3.0, "after:analyst>host": -0.5, "after:executive>host": -0.5, "after:host>host": -1.0,
    "after:operator>operator": -2.0,
    # in the Q&A management, not investor relations, mostly speaks after the operator (greeting the caller, closing
    # the call): 271 times against 40 on the tune calls (log 1.9), where before it the host opens 198 times against 114
    "after:operator>executive:qa": 0.0, "after:operator>host:qa": -2.0,
}
@dataclass(frozen=True)
class Label:
    "Who speaks a unit: a roster name (None: unidentified) and a role."

    name: str | None
    role: str


@dataclass(frozen=True)
class _Hyp:
    score: float
    label: Label | None
    analyst: str | None  # the analyst asking now
    back: "_Hyp | None"


@dataclass
class Problem:
    "One call to decode: its units, their evidence, the roster's roles, the seams and where Q&A starts."

    units: list[str]
    evidence: list[list[Evidence]]
    roles: dict[str, str]  # roster name -> role ('' when unknown)
    seams: list[str]
    qa_start: int | None
    fixed: dict[int, Label]
    openings: list[bool]  # the unit opens as a new speaker would ("Thank you, Tim.", "Hi, good morning", "Yes, so")
    cut_odds: list[float | None] = field(default_factory=list)  # the seam model's P(change) where it cut text into units
    offices: dict[str, str] = field(default_factory=dict)  # roster name -> 'CEO' or 'CFO', for the executives whose title names one
    # unit -> the colleague it credits with words said just before it ('As Tim said, ...', attribution._credited)
    credited: list[str | None] = field(default_factory=list)
    proposed: dict[int, str] = field(default_factory=dict)  # unit -> the roster name a language model proposed (proposals.py)
    stated: dict[int, str] = field(default_factory=dict)  # unit -> the role its file states without a name ("Unidentified Analyst")
    given: set[int] = field(default_factory=set)  # fixed units whose label the file gives: the sequence goes on from them
    change: dict[str, float] = field(init=False)  # this call's P(change) at an unmarked seam, from its openings
    heard: list[float | None] = field(init=False)  # the seam model's P(change) at each unmarked break (unbroken text: none)
    cut: bool = field(init=False)  # the seam model cut the call's text into units (it came without breaks)
    words: CallWords = field(init=False)  # the units' words, for the executives' voices
    voices: Voices | None = field(init=False, default=None)  # the executives' voices, heard once the call is decoded
    reread: bool = field(init=False, default=False)  # the decoder's second reading (`_own_words`, `_credits`) is done
    # how many of the Q&A's cues name each executive, once every cue is in (read by the name model, `calibration`)
    named_in_qa: dict[str, int] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.change = seam_odds(self.openings)
        self.words = CallWords(self.units)
        self.cut = any(seam in ("cut", "passage") for seam in self.seams)
        # at the breaks a file gives without saying who speaks, the seam model hears what is said either side
        self.heard = segment.odds_at_breaks(self.units, self.seams, turn_share(self.openings)) if not self.cut else []


def features(p: Problem, i: int, prev: Label | None, analyst: str | None, label: Label, answerer: str | None = None) -> dict[str, float]:
    """The features of saying `label` speaks unit i after `prev`, with `analyst` asking and `answerer` the executive
    who answered last."""
    f: dict[str, float] = {}

    def add(key: str, value: float = 1.0) -> None:
        f[key] = f.get(key, 0.0) + value

    announced = False
    for e in p.evidence[i]:
        announced = announced or (e.cue == "announcement" and e.weight > 0)
        if e.role is not None and e.role == label.role:
            add(f"ev:{e.cue}:{e.role}", e.weight)
        elif e.person is not None and label.name == e.person:
            add(f"ev:{e.cue}:person{'+' if e.weight > 0 else '-'}", e.weight)
    if label.name is not None and p.proposed.get(i) == label.name:
        add("ev:proposal:person+", PROPOSAL_WEIGHT)
    if answerer and label.name == answerer and any(e.cue == "same_answerer" for e in p.evidence[i]):
        add("same_answerer")
    elif answerer and label.name == answerer and label.role == "executive" and prev is not None and prev.role == "analyst":
        add("answers_again")  # the executive answering this analyst answers the follow-up too
    add(f"prior:{label.role}")
    if label.name is not None:
        add("named")
    if label.role == "analyst" and p.qa_start is not None and i < p.qa_start:
        add("prepared:analyst")
    if prev is None:
        return f
    seam, change = seam_at(p, i)
    same = prev == label and (label.name is not None or label.role == "operator")
    add(f"seam:{seam}:{'same' if same else 'change'}", math.log(1 - change) if same else math.log(change))
    if same:
        return f
    qa = prev.role == "operator" and label.role in ("executive", "host") and p.qa_start is not None and i >= p.qa_start
    add(f"after:{prev.role}>{label.role}{':qa' if qa else ''}")
    if label.role == "analyst" and analyst and not announced:
        add("new_analyst" if label.name and label.name != analyst else ("unnamed_follow_up" if label.name is None else "follow_up"))
    return f


def seam_at(p: Problem, i: int) -> tuple[str, float]:
    "The seam before unit i, and P(the speaker changes there)."
    seam = p.seams[i]
    if seam == "unknown":  # no word from the file: how the unit opens says whether a new speaker starts
        seam = "opening" if p.openings[i] else "plain"
    heard = p.cut_odds[i] if i < len(p.cut_odds) else None
    if heard is None and p.heard:
        heard = p.heard[i]
    return seam, min(max(heard, 0.02), 0.98) if heard is not None else p.change.get(seam) or P_CHANGE[seam]


def score(weights: dict[str, float], f: dict[str, float]) -> float:
    "A feature set's score: evidence features default to weight 1 (their value is the cue's own weight)."
    return sum(value * weights.get(key, 1.0 if key.startswith(("ev:", "seam:")) else 0.0) for key, value in f.items())


def decode(p: Problem, weights: dict[str, float] | None = None) -> list[tuple[Label, float]]:
    """The best label per unit, with a confidence. Units in `p.fixed` (interpretations, labels from the file)
    keep their label; the sequence passes through them."""
    weights = weights if weights is not None else WEIGHTS
    beam = [_Hyp(0.0, None, None, None)]
    for i in range(len(p.units)):
        if i in p.given:  # who spoke is known: the next unit follows them (after the operator, whoever is announced)
            beam = [_Hyp(h.score, p.fixed[i], next_analyst(p, i, h.analyst, p.fixed[i]), h) for h in beam]
            continue
        if i in p.fixed:
            beam = [_Hyp(h.score, h.label, h.analyst, h) for h in beam]
            continue
        scored: dict[tuple, _Hyp] = {}
        for hyp in beam:
            answerer = _last_answerer(hyp)
            for label in candidates(p, i, hyp.label, hyp.analyst, answerer):
                s = hyp.score + score(weights, features(p, i, hyp.label, hyp.analyst, label, answerer))
                key = (label, next_analyst(p, i, hyp.analyst, label))
                if key not in scored or scored[key].score < s:
                    scored[key] = _Hyp(s, label, key[1], hyp)
        beam = sorted(scored.values(), key=lambda h: h.score, reverse=True)[:BEAM]
    labels: list[Label] = []
    hyp = beam[0]
    for i in range(len(p.units) - 1, -1, -1):
        labels.append(p.fixed[i] if i in p.fixed else hyp.label)
        hyp = hyp.back
    labels.reverse()
    # the executives' voices, from the units this decision gives them where the call is surest of it
    p.voices = Voices(p.words, labels, [_speaks_for(p, j, label) for j, label in enumerate(labels)])
    if not p.reread:
        p.reread = True
        if _own_words(p, labels) | _credits(p, labels):
            return decode(p, weights)
    out: list[tuple[Label, float]] = []
    xs = [name_features(p, i, labels) for i in range(len(labels))]
    rights = iter(calibration.p_rights([x for x in xs if x is not None]))
    for i, label in enumerate(labels):
        if xs[i] is not None:
            right = next(rights)
            # the fitted probability that the name is right; never 1.0, which stands for a name the file itself gives
            out.append((label, min(round(right, 2), 0.99)))
            continue
        conf = 0.8 if i in p.fixed else _confidence(p.evidence[i], label)
        if i and label.name and labels[i - 1] == label and p.seams[i] not in ("cut", "key-changed"):
            decay = 0.05 if p.openings[i] else 0.0  # a paragraph that reads as a continuation keeps what named them
            conf = max(conf, out[-1][1] - decay)
        out.append((label, conf))
    return out


# log-odds for the executive an answer's reference to its own words points to (`Voices.own_words`, right 0.93 of the
# time on the fitting calls' true turns); 2.0 and 3.0 named about as many more on 146 held-back tune calls, 3.0 with
# more wrong
OWN_WORDS_WEIGHT = 2.0


def _own_words(p: Problem, labels: list[Label]) -> bool:
    """Once per call, from the voices of its first decision: evidence for the executive each answer in the Q&A points
    back to as its own speaker ('as I mentioned in my prepared remarks, ...', `Voices.own_words`). True when there is
    any, so that the call is decoded again with it."""
    if p.qa_start is None:
        return False
    heard = False
    for i in range(p.qa_start, len(p.units)):
        if i not in p.fixed and labels[i].role == "executive" and (name := p.voices.own_words(i)) is not None:
            p.evidence[i].append(Evidence(i, "own_words", OWN_WORDS_WEIGHT, person=name))
            heard = True
    return heard


# log-odds for the executive an answer credits with the words of the answer just before it ('As Tim said, ...'): on
# the 582 fitting tune calls' true turns, an executive's answer in the Q&A right after another executive's that
# credits one colleague credits that one 262 times and someone else 19 (0.93), as `own_words` is right 0.93 of the
# time at the same weight. Measured on the 146 held-back tune calls with an earlier form of the cue, against 2.0: 3.0
# named 3 more one line per turn and 1 fewer in paragraphs, none more wrong; 4.5 named 18 and 9 more, 2 more wrong.
CREDIT_WEIGHT = 2.0


def _credits(p: Problem, labels: list[Label]) -> bool:
    """Once per call, from its first decision: an executive's answer in the Q&A that credits a colleague with what
    was just said ('As Tim said, ...', 'to add to what Tim said'), right after another executive's answer, is
    evidence that the answer before it is that colleague's. Not where the decision hears one speaker go on (a
    paragraph crediting someone inside a turn speaks of words said before the turn). True when there is any."""
    if p.qa_start is None or not p.credited:
        return False
    heard = False
    for i in range(max(p.qa_start, 1), len(p.units)):
        name, prev, label = p.credited[i], labels[i - 1], labels[i]
        if name is None or i - 1 in p.fixed or prev.role != "executive" or label.role != "executive" or name == label.name:
            continue
        if not (prev.name and label.name and prev.name != label.name) and seam_at(p, i)[1] < 0.5:
            continue  # the decision has not heard two speakers, nor the seam a change
        p.evidence[i - 1].append(Evidence(i - 1, "credited", CREDIT_WEIGHT, person=name))
        heard = True
    return heard


def name_features(p: Problem, i: int, labels: list[Label]) -> dict[str, float] | None:
    "What the name calibration reads about unit i's decision (None when it names nobody or is fixed)."
    label = labels[i]
    if i in p.fixed or label.name is None or label.role == "operator":
        return None
    return calibration.features(p, i, labels)


def _speaks_for(p: Problem, j: int, label: Label) -> bool:
    """Unit j's words may go into its person's voice: before the Q&A (hand-offs name the speakers there), or named by
    a cue (not the office model, itself a voice)."""
    if p.qa_start is None or j < p.qa_start:
        return True
    return any(e.names(label.name) for e in p.evidence[j])


def _last_answerer(hyp: _Hyp, reach: int = 12) -> str | None:
    "The last named executive on this hypothesis's path, looking back at most `reach` units."
    while hyp is not None and hyp.label is not None and reach:
        if hyp.label.role == "executive" and hyp.label.name:
            return hyp.label.name
        hyp, reach = hyp.back, reach - 1
    return None


def next_analyst(p: Problem, i: int, analyst: str | None, label: Label) -> str | None:
    "Who is asking after unit i: a named analyst speaking, nobody after an unnamed one or an announcement."
    if label.role == "analyst":
        return label.name
    if label.role == "operator":
        return None  # the operator speaks between callers: whoever asks next is announced, or a new caller
    return analyst


def candidates(p: Problem, i: int, prev: Label | None, analyst: str | None, answerer: str | None = None) -> list[Label]:
    "Who may speak unit i: the operator, an unidentified speaker of each role, and the people the evidence or the sequence names."
    out = {Label("Operator", "operator"), Label(None, "executive"), Label(None, "analyst"), Label(None, "host")}
    named = {e.person for e in p.evidence[i] if e.person and e.weight > 0}  # order does not matter: the result is sorted
    if i in p.proposed:
        named.add(p.proposed[i])
    if prev is not None and prev.name and prev.role != "operator":
        named.add(prev.name)  # the speaker goes on
    if analyst:
        out.add(Label(analyst, "analyst"))  # the asker follows up
    if answerer and (prev is not None and prev.role == "analyst" or any(e.cue == "same_answerer" for e in p.evidence[i])):
        named.add(answerer)
    for name in named:
        role = p.roles.get(name) or ""
        if role == "operator":
            continue
        out |= {Label(name, role)} if role else {Label(name, "executive"), Label(name, "analyst"), Label(name, "host")}
    if i in p.stated:
        out = {label for label in out if label.role == p.stated[i]}
    # a fixed order: a set's order follows the process's string hashing, and ties in the beam would break
    # differently from one run to the next
    return sorted(out, key=lambda label: (label.role, label.name or ""))


def _confidence(evidence: list[Evidence], label: Label) -> float:
    "How sure the decision is: direct evidence for the person or role, less where only the sequence carries it."
    if label.name is None:
        return 0.4 if label.role == "executive" else 0.5
    direct = sum(e.weight for e in evidence if e.person == label.name and e.weight > 0)
    if label.role == "executive" and any(e.cue == "same_answerer" for e in evidence):
        direct += 3.0  # named by the sequence: the last answerer, who said they take this one too
    role = calibration.role_weight(evidence, label.role)
    return round(min(0.95, 0.5 + 0.07 * direct + 0.03 * max(role, 0.0)), 2)

