"""Who said each turn, in which section, answering whom: attribution over the sequence of turns."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from . import cues, evidence, segment
from .decoder import Label, Problem, decode, turn_share
from .office import office
from .proposals import Proposer, accepted, proposals
from .readers import RawTurn
from .segment import JOIN, PASSAGE_WORDS
from .transcript import INTERPRETER, UNIDENTIFIED_ANALYST, UNIDENTIFIED_EXECUTIVE, Exchange, Participant, Turn
from .wording import roles_of

RESTATEMENT = 0.45  # share of content words an interpretation shares with its original (measured on the sample)


@dataclass
class _Label:
    speaker: str
    role: str
    title: str | None = None
    firm: str | None = None
    confidence: float = 1.0
    translation_of: int | None = None


class _People:
    "Everyone the call names, looked up by any part of their name."

    def __init__(self) -> None:
        self.by_name: dict[str, Participant] = {}
        self._found: dict[tuple, Participant | None] = {}  # find()'s answers; every cue asks about the same mentions

    def add(self, name: str, role: str, title: str | None = None, firm: str | None = None, apart: bool = False) -> Participant | None:
        """Enter a person, or improve their entry; None when the words are no one's name (`cues.person_name`).
        `apart`: someone else than anyone the name fits so far."""
        name = cues.person_name(name)
        if name is None:
            return None
        known = None if apart else self.find(name)
        if known is None:  # the one person known so far by a first name alone that this fuller name gives ("George Tong")
            shorter = [p for p in self.by_name.values() if " " not in p.name and cues.same_person(p.name, name)]
            known = shorter[0] if len(shorter) == 1 else None
        if known is None:
            known = Participant(name, role, title, firm)
        else:
            # a fuller name or a title learned later improves the entry
            name = name if len(name) > len(known.name) else known.name
            known = Participant(name, known.role if known.role != "unknown" else role, known.title or title, known.firm or firm)
            self.by_name = {k: v for k, v in self.by_name.items() if not cues.same_person(k, name)}
        self.by_name[known.name] = known
        self._found.clear()
        return known

    def find(self, mention: str | None, colleague: bool = False) -> Participant | None:
        """The one person a mention names, or None. `colleague`: management speaks of one of its own (hands over,
        leaves part of an answer to them), so when the mention fits several people the callers are set aside first
        ("over to Kevin" on a call where Kevin Grundy, an analyst, asks later is Kevin Jacobsen, the CFO)."""
        if not mention:
            return None
        key = (mention, colleague)
        if key not in self._found:
            hits = self.fitting(mention)
            if len(hits) > 1 and colleague:
                hits = [p for p in hits if p.role != "analyst"] or hits
            if len(hits) > 1:  # "Mike" is Mike Battles, not Michael Hoffman, when both are on the call
                hits = [p for p in hits if cues.says_name(mention, p.name)] or hits
            self._found[key] = hits[0] if len(hits) == 1 else None
        return self._found[key]

    def find_self(self, mention: str | None, colleague: bool = False) -> Participant | None:
        """The person a speaker names as themselves: by the whole name said ("It's Michael Bilerman", on a call where
        the operator announced Michael Lewis), else by its first word ("Yes, it's Owen Clearly, ...")."""
        if not mention:
            return None
        return self.find(mention, colleague) or (self.find(mention.split()[0], colleague) if " " in mention else None)

    def fitting(self, mention: str | None) -> list[Participant]:
        "Everyone a mention fits: a first name several people of the call share names each of them."
        return [p for p in self.by_name.values() if mention and cues.same_person(mention, p.name)]

    def knows(self, mention: str) -> bool:
        "Does the mention fit anyone on the call (one person or several)?"
        return bool(self.fitting(mention))

    def host(self) -> Participant | None:
        hosts = [p for p in self.by_name.values() if p.role == "host"]
        return hosts[0] if len(hosts) == 1 else None

    def offices(self) -> dict[str, str]:
        "Each executive whose title names one of the two offices: name -> 'CFO' or 'CEO'."
        return {p.name: kind for p in self.by_name.values() if p.role == "executive" and (kind := office(p.title)) is not None}

    def officers(self) -> tuple[str, str] | None:
        "The names of the call's one chief financial officer and one chief executive, when it names one of each."
        holders: dict[str, list[str]] = {"CFO": [], "CEO": []}
        for name, kind in self.offices().items():
            holders[kind].append(name)
        return (holders["CFO"][0], holders["CEO"][0]) if len(holders["CFO"]) == len(holders["CEO"]) == 1 else None


def attribute(
    raw: list[RawTurn], labelled: bool = False, roster: list[tuple[str, str | None, str | None]] = (), proposer: Proposer | None = None
) -> tuple[list[Turn], list[Participant], list[Exchange]]:
    """Fill in speaker, role, title, firm, section, exchange and translation links for every turn. `roster` is the
    file's own participants list, (name, title, firm). Turns the file names keep their names; the rest are decided
    together, by the decoder, from every cue's evidence (`evidence.py`) and, given a `proposer`, a language model's
    proposed speakers (`proposals.py`)."""
    split = _split_interpreter_handovers(raw, labelled)
    # a language model's proposals are asked and read a paragraph at a time, so with one the paragraphs stay apart
    groups = _quiet_groups(split, labelled) if proposer is None else None
    joined = [replace(split[g[0]], text="\n".join(split[i].text for i in g)) for g in groups] if groups else None
    people = _collect_people(joined or raw, roster)  # the people the joined units name, when paragraphs are joined
    raw = split
    units = [t.text for t in raw]
    qa_start = _qa_start(raw)
    fixed = {i: lab for i, t in enumerate(raw) if labelled and t.speaker and (lab := _from_label(t, people)) is not None}
    # a label that gives a role and no name ("Unidentified Analyst", "Analyst:") is decided like an unlabelled turn
    # within that role: the operator may have announced who asks
    stated = {i: lab.role for i, lab in fixed.items() if lab.speaker == UNNAMED.get(lab.role)}
    fixed = {i: lab for i, lab in fixed.items() if i not in stated}
    if groups:
        labels, qa_start = _decide_joined(joined, groups, people)
    elif len(fixed) < len(raw):
        labels = _decide(raw, units, people, qa_start, fixed, proposer, stated)
    else:
        labels = [fixed[i] for i in range(len(raw))]
    raw, labels, qa_start = _join_soft_cuts(raw, labels, qa_start)
    sections = _sections(raw, labels, qa_start)
    turns = [
        Turn(index=i, speaker=lab.speaker, role=lab.role, text=raw[i].text, title=lab.title, firm=lab.firm, section=sections[i],
             translation_of=lab.translation_of, confidence=round(lab.confidence, 2))
        for i, lab in enumerate(labels)
    ]
    turns, exchanges = _group_exchanges(turns)
    participants = _participants(turns, people)
    return turns, participants, exchanges


def _decide(raw: list[RawTurn], units: list[str], people: _People, qa_start: int | None, fixed: dict[int, _Label],
            proposer: Proposer | None = None, stated: dict[int, str] | None = None) -> list[_Label]:
    """Decode the unlabelled turns; interpretations are found on a first pass and held fixed on the second. A
    language model's proposed speakers (`proposer`) can only name a turn the text alone leaves unnamed, and only
    where the decoder, weighing the proposals with every cue, takes the proposed person in the same role and
    nothing the turn says speaks against them (proposals.accepted)."""
    problem = problem_of(raw, units, people, qa_start, fixed)
    problem.stated, problem.given = stated or {}, set(fixed)
    offered = proposals(proposer, units, people, skip=set(fixed))
    hosting = [any(e.cue == "host_voice" and e.role == "host" and e.weight >= 1.5 for e in ev) or _moderates(u, people)
               for u, ev in zip(units, problem.evidence)]

    def labelled(extra: dict[int, _Label]) -> tuple[list[tuple[Label, float]], list[_Label]]:
        problem.proposed = {}
        decoded = decode(problem)
        labels = [fixed.get(i) or extra.get(i) or _label(people, lab, conf, hosting[i], name_gate(lab.role, problem.cut))
                  for i, (lab, conf) in enumerate(decoded)]
        # every offline decision comes before any proposal: what the text names, a model cannot change
        named = [lab for lab, _ in decoded]
        labels = _one_caller_per_exchange(units, labels, named, qa_start, set(fixed), name_gate("analyst", problem.cut), problem.cut)
        labels = _by_elimination(raw, labels, people, qa_start, named)
        if offered:
            problem.proposed = offered
            guided = [lab for lab, _ in decode(problem)]
            for i in accepted(problem, guided):
                if i not in fixed and i not in extra and labels[i].speaker == UNNAMED.get(labels[i].role) and guided[i].role == labels[i].role:
                    shown = name_gate(guided[i].role, problem.cut)
                    labels[i] = _label(people, guided[i], shown, hosting[i], shown)
        return decoded, labels

    decoded, labels = labelled({})
    interpretations = _interpretations(raw, labels, people, qa_start)
    if interpretations:
        problem.fixed.update({i: Label(lab.speaker, lab.role) for i, lab in interpretations.items()})
        decoded, labels = labelled(interpretations)
    return _pool_speaker_keys(raw, labels)


def _one_caller_per_exchange(units: list[str], labels: list[_Label], decoded: list[Label], qa_start: int | None, fixed: set[int],
                             gate: float, cut: bool) -> list[_Label]:
    """Between two of the operator's turns in the Q&A one caller asks. Where the gate names the caller in one turn
    and leaves another analyst's turn there unnamed, that turn is the same caller, unless the decoder took some turn
    in between for another caller. Follow-ups ("Okay. And just, Gary, just bigger picture...") and closing thanks had
    been 'Unidentified analyst' beside the named question. Not a turn that says the caller's first name ("Hi
    Patrick.": management greeting the caller, taken for the caller).

    In text the seam model cut, only a piece whose own wording reads as a caller's (`CALLER_WORDING`): there the
    wrong ones were mostly management's short replies at the edges of an exchange ("Good morning.", "Sure. Thank
    you.") and answers that open without an answering word ("No question about it."), which the decoder took for the
    caller."""
    if qa_start is None:
        return labels
    out = list(labels)
    ends = [i for i in range(qa_start, len(labels)) if labels[i].role == "operator"] + [len(labels)]
    lo = qa_start
    for hi in ends:
        askers = [i for i in range(lo, hi) if labels[i].role == "analyst"]
        lo = hi + 1
        shown = {labels[i].speaker for i in askers} - {UNNAMED["analyst"]}
        if len(shown) != 1:
            continue
        name = shown.pop()
        if any(decoded[i].name and not cues.same_person(decoded[i].name, name) for i in askers):
            continue
        named = next(labels[i] for i in askers if labels[i].speaker == name)
        for i in askers:
            if labels[i].speaker != UNNAMED["analyst"] or i in fixed or cues.says_first_name(units[i], name):
                continue
            if cut and roles_of(units[i])["analyst"] < CALLER_WORDING:
                continue
            out[i] = _Label(name, "analyst", named.title, named.firm, gate)
    return out


def _by_elimination(raw: list[RawTurn], labels: list[_Label], people: _People, qa_start: int | None, decoded: list[Label]) -> list[_Label]:
    """An unnamed executive answering in the Q&A of a call with two executives, who names one of them ('As Luca
    said', 'Luca and I'), is the other one. Only where the file itself breaks the text: a stretch cut from unbroken
    text may hold the end of someone else's turn. Not a short turn that opens by thanking someone by name ("Thanks,
    Ari."): that is mostly a caller's closing thanks taken for management's. On the 582 fitting tune calls such turns
    were named 15 times wrongly for 2 rightly one line per turn, 14 for 2 in paragraphs.

    Not where the name is one a caller shares and is only said to someone ("It's a difficult question, Mark",
    International Paper's Mark Sutton answering Mark Weintraub): it is as likely said to the caller. Nor where the
    decoder took a third executive of the call for a speaker in the Q&A, even once. On the 582 fitting tune calls
    (right / wrong names one line per turn, then paragraphs) the first removed 10 / 16 and 6 / 7, the second then
    7 / 9 and 2 / 4; on the 146 held-back tune calls the two together 3 / 3 and 1 / 1."""
    if qa_start is None:
        return labels
    # the two: the only executives the decoder took for speakers of more than one unit (before the name gate, which
    # may leave one of them named once or not at all)
    counts = Counter(lab.name for lab in decoded if lab.role == "executive" and lab.name is not None)
    frequent = [name for name, n in counts.items() if n >= 2]
    executives = [p for name in frequent if (p := people.find(name)) is not None and p.role == "executive"]
    # another executive of the call the decoder took for a speaker in the Q&A (not a first name heard once, whose role
    # the call never gives: "Jim" on Apple's FY2022 Q1 call)
    others = {lab.name for lab in decoded[qa_start:] if lab.role == "executive" and lab.name not in frequent
              and (p := people.find(lab.name)) is not None and p.role == "executive"}
    if len(frequent) != 2 or len(executives) != 2 or others:
        return labels
    out = list(labels)
    for i in range(qa_start, len(raw)):
        if labels[i].speaker != UNNAMED["executive"] or raw[i].change is not None or _short_thanks(raw[i].text):
            continue
        named = [p for p in executives if cues.says_first_name(raw[i].text, p.name)]
        if len(named) != 1 or cues.self_identified(raw[i].text):
            continue
        first = named[0].name.split()[0]
        if any(p.role == "analyst" for p in people.fitting(first)) and cues.said_only_to(raw[i].text, first):
            continue
        other = executives[1] if named[0] is executives[0] else executives[0]
        out[i] = _Label(other.name, "executive", other.title, other.firm, ELIMINATION_CONFIDENCE)
    return out


def _short_thanks(text: str) -> bool:
    "'Thank you, Mike.': a short turn (40 characters at most) that opens by thanking someone by name."
    return len(text) <= 40 and cues.thanked_name(text) is not None


ELIMINATION_CONFIDENCE = 0.92  # tune calls, one line per turn and paragraphs: 202 of the 219 names it gave were right


def problem_of(raw: list[RawTurn], units: list[str], people: _People, qa_start: int | None, fixed: dict[int, _Label]) -> Problem:
    "What the decoder needs to know about a call."
    roles = {name: (p.role if p.role != "unknown" else "") for name, p in people.by_name.items()}
    pinned = {i: Label(None if lab.speaker == UNNAMED.get(lab.role) else lab.speaker, lab.role) for i, lab in fixed.items()}
    return Problem(units, evidence.gather(units, people, qa_start), roles, _seams(raw), qa_start, pinned, [evidence.opens_turn(u) for u in units],
                   [t.change for t in raw], people.offices(), credited=[_credited(u, people) for u in units])


def _credited(text: str, people: _People) -> str | None:
    "The one colleague a unit credits with words said just before it ('As Tim said, ...'), or None."
    found = {p.name for name in cues.credited_names(text) if (p := people.find(name, colleague=True)) is not None and p.role != "analyst"}
    return found.pop() if len(found) == 1 else None


# a decoded name is kept only when the fitted probability that it is right (calibration.py) reaches the gate;
# below it the turn says "Unidentified ...". Text the seam model cut into turns has a gate of its own: its wrong names
# come mostly from wrong cuts (a turn missed inside another is named for the other), whatever the evidence for the
# name, and its units are shorter than the paragraphs a file gives. Both were chosen on 145 tune calls the model was
# not fitted on (right names / named wrongly of 9,186 named turns). Lines and paragraphs, with the seam model heard
# at their breaks: 0.89 4,245 / 169 and 4,034 / 196, 0.88 4,295 / 176 and 4,080 / 200 (before it, at 0.89: 4,243 / 187
# and 4,024 / 220). Unbroken text cut at segment.CUT 0.1: 0.87 3,227 / 320, 0.88 3,105 / 302, 0.9 2,822 / 255 (cut at
# 0.2 with the model before, at 0.9: 2,599 / 304). The model refitted on units cut at 0.1 named no more at the same
# number of wrong names. With the roster's lists, the office cue and the name model refitted on the other 582 tune
# calls, chosen again on 146 tune calls held out of its fitting (every fifth file) so that the wrong names stay about
# where they were (125 / 145 / 279 before), lines / paragraphs / unbroken: 0.88 4,928 / 161, 4,700 / 184, 3,684 / 305;
# 0.90 4,770 / 148, 4,567 / 167, 3,431 / 273; 0.91 4,638 / 140, 4,449 / 159; 0.92 4,503 / 128, 4,347 / 149; cut text at
# 0.89 3,566 / 287. With the name model's boosted trees in place of its logistic regression (fitted on the decisions of
# the 577 labelled calls of those 582), on the same 146 calls, against 5,058 / 137, 4,755 / 151 and 3,925 / 284 with the logistic model at
# 0.92 and 0.89: 0.92 5,262 / 153 and 4,939 / 168, 0.93 5,194 / 144 and 4,867 / 158, 0.94 5,121 / 134 and 4,775 / 149;
# cut text at 0.89 4,318 / 328, 0.90 4,227 / 314, 0.91 4,103 / 294. So 0.94 and 0.91: more names, about as many wrong.
# With the trees reading what is around a run (who speaks either side, the answers either side of a follow-up,
# `calibration._around`), on the same 146 calls, against 5,376 / 154 and 5,088 / 165 at 0.94 with the trees before and
# the step that named an answer near a named one (since removed): 0.94 5,258 / 144 and 5,001 / 153, 0.93 5,339 / 152
# and 5,082 / 162, 0.92 5,404 / 158 and 5,162 / 169, 0.91 5,464 / 167 and 5,223 / 179, 0.90 5,513 / 175 and 5,285 /
# 189. The trees before, with that step, at 0.93 and 0.92: 5,446 / 165 and 5,167 / 182, 5,515 / 176 and 5,246 / 196.
# So 0.92: more names for as many wrong, with room left under the wrong-name bound on the report half.
UNNAMED = {"executive": UNIDENTIFIED_EXECUTIVE, "analyst": UNIDENTIFIED_ANALYST, "host": "Unidentified host"}  # a role's unnamed speaker
NAME_GATE = 0.92
CUT_NAME_GATE = 0.91  # text without breaks, cut into turns by the seam model
# A caller's name in text the seam model cut. The name model is fitted over every role; there, on the 146 held-back
# tune calls' Q&A, its callers' names between 0.85 and 0.95 were right 726 times of 781 (0.93), its executives' 504 of
# 697 (0.72). Where the file breaks its text, a caller's follow-ups are named by the exchange instead
# (`_one_caller_per_exchange`, off in cut text when this gate was chosen). On those calls, right names / named wrongly
# in unbroken text, against 4,131 / 302 at 0.91 (confidences are in hundredths): 0.85 4,416 / 326, 0.86 4,387 / 325,
# 0.83 4,467 / 334, 0.77 4,571 / 350. Lines and paragraphs with callers at 0.86 gained little (+25 / +6 one line per
# turn, +20 / +2 in paragraphs), so they keep NAME_GATE.
CUT_ANALYST_GATE = 0.85
# In cut text a piece is named for its exchange's caller (`_one_caller_per_exchange`) only when P(caller | its own
# wording) reaches this. Right / wrong names unbroken, on the 146 held-back tune calls with every model (wording, both
# seam models, name model) refitted on the other 577 so that these calls are out of sample for all of them, and on the
# 582 fitting calls with the models as shipped: without the rule in cut text 4,333 / 276 and 17,715 / 901; with it on
# every unnamed piece of the caller (the models as shipped) +260 / +52 and +1,112 / +292; pieces of 20 characters or
# more +154 / +25 and +767 / +158; with this threshold at 0.3 +193 / +24 on the 146; 0.5 +178 / +20 and +854 / +107;
# 0.65 +170 / +15 and +764 / +82; 0.8 +142 / +11 and +618 / +65. The names added between 0.5 and 0.65 were right 8 of
# 13 and 90 of 115 times, under the rate the cut gate asks of a caller's name (0.85); those between 0.65 and 0.8 28 of
# 32 and 146 of 163.
CALLER_WORDING = 0.65


def name_gate(role: str, cut: bool) -> float:
    "The probability a decoded name must reach to be shown, for a speaker of `role` in text cut (or not) by the seam model."
    if not cut:
        return NAME_GATE
    return CUT_ANALYST_GATE if role == "analyst" else CUT_NAME_GATE


MODERATING = 300  # characters: a moderator's turn between a question and its answer is a line or two


def _moderates(text: str, people: _People) -> bool:
    """'Thank you, Emily. Martin, two for you.': a short turn that speaks to a caller and to an executive, passing
    the caller's question on, as investor relations does when it moderates the Q&A."""
    if len(text) > MODERATING:
        return False
    named = [people.find(mention) for mention, _ in cues.vocatives(text)] + [people.find(cues.handoff_target(text), colleague=True)]
    roles = {p.role for p in named if p is not None}
    return "analyst" in roles and "executive" in roles


def _label(people: _People, label: Label, confidence: float, hosting: bool = False, gate: float = NAME_GATE) -> _Label:
    """A decoded label with the person's title and firm, or the unidentified speaker of its role. `hosting`: the
    unit itself sounds like investor relations running the call ("Operator, can we have the next question?")."""
    if label.name is not None and label.role != "operator" and confidence < gate:
        label = Label(None, label.role)
    if label.role == "operator":
        return _Label("Operator", "operator", confidence=max(confidence, 0.9))
    host = people.host()
    # a call has one investor-relations host; but a turn only decided to be the host by the sequence was someone
    # else 28 of 35 times on 139 tune calls, so only a turn that itself runs the call is given the host's name
    if label.name is None and label.role == "host" and host is not None and hosting:
        return _Label(host.name, "host", host.title, None, max(confidence, 0.6))
    if label.name is None:
        return _Label(UNNAMED[label.role], label.role, confidence=confidence)
    person = people.find(label.name)
    return _Label(label.name, label.role, person.title if person else None, person.firm if person else None, confidence)


def _seams(raw: list[RawTurn]) -> list[str]:
    "What the file says about each boundary: a diarization key that changes or not, a cut, a passage, or nothing."
    out = ["unknown"]
    for prev, cur in zip(raw, raw[1:]):
        if prev.speaker_key and cur.speaker_key:
            out.append("key-same" if prev.speaker_key == cur.speaker_key else "key-changed")
        else:
            out.append(cur.seam or "unknown")
    return out


def _qa_start(raw: list[RawTurn]) -> int | None:
    "The first turn of the Q&A: as the file marks it, else where the operator or host first opens it or announces a caller."
    for i, t in enumerate(raw):
        if t.section == "qa":
            return i
    if any(t.section for t in raw):
        return None
    for i, t in enumerate(raw[1:], 1):
        if cues.announcements(t.text) or (cues.starts_qa(t.text) and (cues.operator_share(t.text) >= 0.5 or cues.host_cues(t.text))):
            if i >= 2:
                return i
    return None


def _join_soft_cuts(raw: list[RawTurn], labels: list[_Label], qa_start: int | None) -> tuple[list[RawTurn], list[_Label], int | None]:
    """Text without speaker breaks is cut into units wherever a change is at all likely, so the decoder can place
    each change; where it gave both sides of an unlikely cut to the same speaker, the two are one turn again, up to
    the length at which a long stretch is cited in passages."""
    keep: list[int] = []  # the unit each unit is joined into
    words = 0  # in the turn being joined
    for i, (t, lab) in enumerate(zip(raw, labels)):
        prev = labels[keep[-1]] if keep else None
        n = len(t.text.split())
        soft = t.seam == "cut" and t.change is not None and t.change < JOIN and i != qa_start
        if (soft and prev is not None and (prev.speaker, prev.role) == (lab.speaker, lab.role) and lab.translation_of is None
                and prev.translation_of is None and t.section == raw[keep[-1]].section and words + n <= PASSAGE_WORDS * 1.5):
            words += n
            continue
        keep.append(i)
        words = n
    if len(keep) == len(raw):
        return raw, labels, qa_start
    spans = list(zip(keep, keep[1:] + [len(raw)]))  # [first, end) of the units each turn joins
    new = {i: n for n, (a, b) in enumerate(spans) for i in range(a, b)}  # old index -> index of the turn that holds it
    joined_raw = [replace(raw[a], text=" ".join(raw[i].text for i in range(a, b))) for a, b in spans]
    joined = [replace(labels[a], confidence=max(labels[i].confidence for i in range(a, b)),
                      translation_of=None if labels[a].translation_of is None else new[labels[a].translation_of])
              for a, b in spans]
    return joined_raw, joined, None if qa_start is None else new[qa_start]


def _sections(raw: list[RawTurn], labels: list[_Label], qa_start: int | None) -> list[str]:
    "Each turn's section: the file's, else Q&A from the opening the cues found (or the first analyst)."
    first_analyst = next((i for i, lab in enumerate(labels) if lab.role == "analyst"), None)
    start = qa_start if qa_start is not None else first_analyst
    out = []
    section = "prepared_remarks"
    for i, t in enumerate(raw):
        if t.section:
            section = t.section
        elif start is not None and i >= start:
            section = "qa"
        out.append(section)
    return out


def _interpretations(raw: list[RawTurn], labels: list[_Label], people: _People, qa_start: int | None) -> dict[int, _Label]:
    "Interpreters' English versions of a management answer, linked to the answer they render."
    if not any(cues.interpreter_cue(t.text) for t in raw):
        return {}
    out: dict[int, _Label] = {}
    interpreter: Participant | None = None  # a colleague an executive handed the interpretation to
    for i in range(1, len(raw)):
        prev = out.get(i - 1) or labels[i - 1]
        if qa_start is None or i < qa_start or prev.role != "executive":
            interpreter = None
            continue
        if prev.translation_of is None:  # an executive handing over to investor relations: IR will interpret
            target = people.find(cues.handoff_target(raw[i - 1].text), colleague=True)
            interpreter = target if target is not None and target.role == "host" else None
        original = _last_original([out.get(j) or labels[j] for j in range(i)])
        text = raw[i].text
        if original is not None and labels[i].role != "operator" and (cues.interpreter_cue(text[:80]) or cues.restates(text, raw[original].text) >= RESTATEMENT
                                     or (i - 1 in out and len(raw[i - 1].text) < 400)):
            if i - 1 in out:
                speaker, title = out[i - 1].speaker, out[i - 1].title
            elif interpreter is not None:
                speaker, title = interpreter.name, interpreter.title
            else:
                speaker, title = INTERPRETER, None
            out[i] = _Label(speaker, "executive", title, None, 0.8, original)
    return out


def _pool_speaker_keys(raw: list[RawTurn], labels: list[_Label]) -> list[_Label]:
    "A diarized speaker is one person for the whole call: the best-supported name and role across their turns."
    keys = {t.speaker_key for t in raw if t.speaker_key}
    if not keys:
        return labels
    out = list(labels)
    for key in keys:
        mine = [i for i, t in enumerate(raw) if t.speaker_key == key]
        roles: dict[str, float] = {}
        names: dict[str, float] = {}
        for i in mine:
            lab = labels[i]
            roles[lab.role] = roles.get(lab.role, 0.0) + lab.confidence
            if not lab.speaker.startswith(("Unidentified", INTERPRETER)) and lab.role != "operator":
                names[lab.speaker] = names.get(lab.speaker, 0.0) + lab.confidence
        role = max(roles, key=roles.get)
        named = [n for n in names if labels[next(i for i in mine if labels[i].speaker == n)].role == role]
        best = max(named, key=names.get) if named else None
        for i in mine:
            if role == "operator":
                out[i] = _Label("Operator", "operator", confidence=0.95)
            elif best:
                src = next(labels[j] for j in mine if labels[j].speaker == best)
                out[i] = _Label(best, role, src.title, src.firm, max(labels[i].confidence, 0.6))
            else:
                out[i] = _Label(UNNAMED.get(role, UNIDENTIFIED_EXECUTIVE), role, confidence=0.5)
    return out


def _collect_people(raw: list[RawTurn], roster: list[tuple[str, str | None, str | None]] = ()) -> _People:
    "Names and titles from the file's participants list, labels, the introduction's roster and the operator's announcements."
    people = _People()
    for name, title, firm in roster:
        if cues.anonymous_label(name)[0]:
            continue
        people.add(name, cues.role_for_title(title) or ("analyst" if firm else "unknown"), title, firm)
    for turn in raw:
        if turn.speaker and turn.speaker.lower() != "operator" and not cues.anonymous_label(turn.speaker)[0]:
            people.add(turn.speaker, turn.role or cues.role_for_title(turn.title) or "unknown", turn.title, turn.firm)
    # a label the file gives no title or role, on turns that mostly read the operator's script, is the operator under
    # a name ("Eric:Your next question comes from the line of...")
    scripted: dict[str, list[bool]] = {}
    for turn in raw:
        if turn.speaker and not turn.role and not turn.title:
            scripted.setdefault(turn.speaker, []).append(cues.operator_share(turn.text) >= 0.5)
    for name, marks in scripted.items():
        if len(marks) >= 2 and sum(marks) >= 0.6 * len(marks) and (person := people.find(name)) and person.role == "unknown":
            people.add(name, "operator")
    for turn in raw[:8]:
        for name, title in cues.roster(turn.text):
            people.add(name, cues.role_for_title(title) or "executive", cues.person_title(title))
    remarks = len(raw)  # the prepared remarks: the turns before the operator first announces a caller
    for n, turn in enumerate(raw):
        if cues.operator_share(turn.text) >= 0.5 and (announced := cues.announcements(turn.text)):
            remarks = min(remarks, n)
            for name, firm in announced:
                people.add(name, "analyst", "Analyst", firm or None)
    # the operator's own name ('My name is Daniel, I'll be your operator'): thanks to Daniel are thanks to the operator
    for turn in raw[:3]:
        if (name := cues.operator_name(turn.text)) and people.find(name) is None:
            people.add(name, "operator")
    # people the call names only by address: thanked, handed the call, or saying who they are; not a word the
    # call uses in lower case ("Right.", "Sorry, ..."), nor the company whose call it is ("over to TreeHouse Foods")
    text = "\n".join(t.text for t in raw)
    for n, turn in enumerate(raw):
        handed = cues.handoff_target(turn.text, trailing=False)
        for mention in (cues.thanked_name(turn.text), handed, _own_name(turn.text, text), cues.on_behalf_of(turn.text)):
            if not (mention and cues.plausible_first_name(mention) and not cues.word_in_call(mention, text) and not cues.the_calls_company(mention, text)):
                continue
            fits = people.fitting(mention)
            if not fits:
                people.add(mention, "unknown")
            # in the prepared remarks management hands the call to its own: "over to John" on a call where the callers
            # John Kim and John Pawlowski ask later is a colleague of that first name (in the Q&A it may be a caller)
            elif mention == handed and n < remarks and " " not in mention and all(p.role == "analyst" for p in fits):
                people.add(mention, "unknown", apart=True)
    return people


def _own_name(text: str, call: str) -> str | None:
    """The name a speaker gives as their own, whole ("This is John Peyton"), or its first word where the call also
    says the second in lower case ("it's Owen Clearly, ..." and "clearly"; "This is Tim Long" and "long" too)."""
    said = cues.self_identified(text)
    if said and " " in said and re.search(rf"\b{re.escape(said.split()[1].lower())}\b", call):
        return said.split()[0]
    return said


# a paragraph break of unlabelled text where the seam model hears a change less likely than this joins the two
# paragraphs into one unit before decoding, so a turn written in paragraphs is decided as one, as it is when written
# on one line. Chosen on the 146 held-back tune calls written a paragraph a line (right / wrong names of 8,611,
# roles of 10,179), with a first version that also wrote each run out as one turn: none 4,815 / 144 (9,890); 0.02
# 4,877 / 139 (9,890); 0.035 4,902 / 145 (9,880); 0.05 4,946 / 146 (9,871); 0.1 4,965 / 167 (9,850); 0.2 4,989 / 191
# (9,817). As built, at 0.05: 4,813 / 142 (9,889) -> 4,934 / 147 (9,871); one line per turn 5,170 / 132 (9,935) ->
# 5,167 / 132 (9,931).
JOIN_QUIET = 0.05


def _quiet_groups(raw: list[RawTurn], labelled: bool) -> list[list[int]] | None:
    """Runs of consecutive paragraphs of text that gives breaks without saying who speaks, where the seam model hears
    no change between them (P(change) under JOIN_QUIET); never across a change of script (an interpreter's English
    after an answer in Chinese), the file's sections, into or out of the operator's script, or onto a paragraph the
    next restates (an interpretation follows it). None when no two paragraphs join, or the file says who speaks."""
    if labelled or len(raw) < 3 or any(t.seam or t.speaker_key or t.speaker for t in raw):
        return None
    units = [t.text for t in raw]
    heard = segment.odds_at_breaks(units, ["unknown"] * len(units), turn_share([evidence.opens_turn(u) for u in units]))
    # a paragraph the next one restates is an answer its interpretation follows, which is another speaker's
    restated = [cues.restates(b.text, a.text) >= RESTATEMENT for a, b in zip(raw, raw[1:])] + [False]
    scripted = [cues.operator_share(t.text) >= 0.5 for t in raw]  # the operator's script is the operator's alone
    groups = [[0]]
    for i in range(1, len(raw)):
        prev = raw[i - 1]
        p = heard[i]
        if (p is not None and p < JOIN_QUIET and raw[i].section == prev.section and _cjk(raw[i].text) == _cjk(prev.text)
                and not restated[i - 1] and not restated[i] and scripted[i - 1] == scripted[i]):
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups if len(groups) < len(raw) else None


def _decide_joined(joined: list[RawTurn], groups: list[list[int]], people: _People) -> tuple[list[_Label], int | None]:
    """Decide each run of paragraphs (`groups`, joined into `joined`) as one unit, as a turn written on one line is,
    and give each paragraph its run's label: (a label per paragraph, where the Q&A starts)."""
    qa_start = _qa_start(joined)
    decided = _decide(joined, [t.text for t in joined], people, qa_start, {}, None, {})
    labels = [replace(lab, translation_of=None if lab.translation_of is None else groups[lab.translation_of][-1])
              for lab, g in zip(decided, groups) for _ in g]
    return labels, None if qa_start is None else groups[qa_start][0]


def _cjk(text: str) -> bool:
    "Is the text mostly in Chinese, Japanese or Korean script?"
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum("\u2e80" <= c <= "\ud7ff" for c in letters) > len(letters) / 2


def _split_interpreter_handovers(raw: list[RawTurn], labelled: bool) -> list[RawTurn]:
    "A paragraph that ends with 'Okay, I will do the translation. ...' holds two speakers: split it there."
    if labelled:
        return raw
    out: list[RawTurn] = []
    for n, turn in enumerate(raw):
        match = cues.interpreter_cue(turn.text)
        # analysts translate their own question in the same breath: that is one speaker
        asked = n > 0 and (bool(cues.announcements(raw[n - 1].text)) or "?" in turn.text[: match.start() if match else 0])
        if match and match.start() > 200 and not asked:
            start = turn.text.rfind(" ", 0, match.start())
            cut = max(turn.text.rfind(". ", 0, match.start()), turn.text.rfind("? ", 0, match.start()))
            cut = cut + 1 if cut > 0 else start
            out.append(replace(turn, text=turn.text[:cut].strip()))
            out.append(replace(turn, text=turn.text[cut:].strip()))
        else:
            out.append(turn)
    return out


def _from_label(turn: RawTurn, people: _People) -> _Label | None:
    """The file's label for a turn. A label that names nobody ("Unidentified Analyst") gives the role it states;
    one that states no role either ("Unknown speaker") is no label, and the turn is decided like an unlabelled one."""
    anonymous, stated = cues.anonymous_label(turn.speaker)
    if anonymous:
        role = turn.role or stated
        return _Label(UNNAMED[role], role) if role in UNNAMED else None
    person = people.find(turn.speaker)
    if turn.speaker.lower() == "operator":
        return _Label("Operator", "operator")
    role = turn.role or cues.role_for_title(turn.title) or (person.role if person else None) or "executive"
    if role == "unknown":
        role = "executive"
    name = cues.person_name(turn.speaker) or turn.speaker  # a label's transcriber mark is no part of the name
    return _Label(name, role, turn.title or (person.title if person else None), turn.firm or (person.firm if person else None))


def _last_original(labels: list[_Label]) -> int | None:
    "Index of the management turn an interpretation would restate: the longest original since the question."
    candidates = []
    for i in range(len(labels) - 1, -1, -1):
        lab = labels[i]
        if lab.role != "executive":
            break
        if lab.translation_of is not None:
            if candidates:
                break
            continue
        candidates.append(i)
    return candidates[0] if candidates else None


def _group_exchanges(turns: list[Turn]) -> tuple[list[Turn], list[Exchange]]:
    "Each analyst question with the turns answering it; lead-in operator turns belong to the question they announce."
    exchange_of: list[int | None] = [None] * len(turns)
    starts: list[tuple[int, str, str | None]] = []  # (first turn, analyst, firm)
    current: tuple[str, str | None] | None = None
    for i, t in enumerate(turns):
        if t.section != "qa":
            continue
        if t.role == "analyst" and (current is None or t.speaker != current[0] or _announced_just_before(turns, i)):
            first = i
            while first - 1 >= 0 and turns[first - 1].section == "qa" and turns[first - 1].role in ("operator", "host"):
                first -= 1
            current = (t.speaker, t.firm)
            starts.append((first, t.speaker, t.firm))
            for j in range(first, i):
                exchange_of[j] = len(starts)
        if current is not None:
            exchange_of[i] = len(starts)
    # Q&A turns before the first question (instructions) join the first exchange
    if starts:
        for i, t in enumerate(turns):
            if t.section == "qa" and exchange_of[i] is None:
                exchange_of[i] = 1
    exchanges = [
        Exchange(n + 1, analyst, firm, tuple(i for i, e in enumerate(exchange_of) if e == n + 1))
        for n, (_, analyst, firm) in enumerate(starts)
    ]
    return [replace(t, exchange_id=exchange_of[i]) for i, t in enumerate(turns)], exchanges


def _announced_just_before(turns: list[Turn], i: int) -> bool:
    return i > 0 and turns[i - 1].role == "operator" and bool(cues.announcements(turns[i - 1].text))


def _participants(turns: list[Turn], people: _People) -> list[Participant]:
    """Everyone named, in order of first appearance, then those introduced but never heard, but for a first name
    the call also gives whole ("Dom", thanked, beside Dominic Dragisich, CFO)."""
    seen: dict[str, Participant] = {}
    for t in turns:
        if t.speaker.startswith(("Unidentified", INTERPRETER)) or t.speaker in seen:
            continue
        seen[t.speaker] = people.find(t.speaker) or Participant(t.speaker, t.role, t.title, t.firm)
    names = [*seen, *people.by_name]
    for p in people.by_name.values():
        if p.name not in seen and not any(cues.same_person(p.name, s) or cues.clipped_first_name(p.name, s) for s in names if s != p.name):
            seen[p.name] = p
    return list(seen.values())
