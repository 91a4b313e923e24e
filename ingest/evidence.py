"""What each cue says about who speaks a unit (a paragraph, or a stretch of an unbroken call). Every cue is a
small function `cue(units, i, people) -> list[Evidence]` over unit i; it may speak about unit i, the one before
or the one after. The decoder (`decoder.py`) weighs all of it for the whole call at once. Weights are log-odds:
+5 is near-certain, +2 a lean, negative says "not this role/person". They were set on the tune half of the
labelled corpus (`python -m ingest.evaluate --corpus`), never on the half that is reported."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from . import cues
from .office import cfo_log_odds
from .wording import base_rates, roles_of


@dataclass(frozen=True)
class Evidence:
    "One cue's word on who speaks `unit`: a role they have (or have not), or a person they are (or are not)."

    unit: int
    cue: str
    weight: float
    role: str | None = None
    person: str | None = None  # a roster name

    def names(self, person: str | None) -> bool:
        "A cue's word for this person: for them, and not the office model's (itself a voice, naming nobody directly)."
        return self.person == person and self.weight > 0 and self.cue != "office"


_PLACEHOLDER_OPERATOR = re.compile(r"^\[operator[^\]]*\]", re.I)  # the transcript's "[Operator Instructions]"
_ANSWER_OPENER = re.compile(
    r"^(?:\W*(?:yeah|yes|sure|absolutely|of course|great|good|no|okay|ok|well|so|thank you|thanks)\W+){0,2}"
    r"(?:(?:thanks|thank you) for (?:the|your|that) questions?|(?:that's a |it's a |a )?(?:great|good|fair) question|sure|absolutely|yes|yeah)\b",
    re.I,
)
_ASK_OPENER = re.compile(
    r"thanks? (?:you )?(?:so much |very much )?for taking (?:my|our|the) questions?|congratulations on|^(?:\W*(?:hi|hey|hello|yes|yeah|great)\W+){0,2}(?:good (?:morning|afternoon|evening)|hi|hey)\b.{0,60}\b(?:question|everyone|guys|all)\b",
    re.I,
)
# how askers close or turn to the next question: "Got it. That's helpful.", "Second question...", "I'll leave it there."
_ASKER_WORDS = re.compile(
    r"^(?:\W*(?:okay|ok|great|right|all right|yes|yeah|perfect|fantastic|excellent|understood|thanks|thank you|and)\W+){0,3}"
    r"(?:got it|that's (?:very |really |super )?helpful|(?:very|really|super) helpful|helpful|that's (?:great|clear|all I have|it)|"
    r"thanks for (?:the|all the|that)? ?(?:color|colour|detail|time|answers?)|I appreciate (?:that|it|the color)|appreciate (?:it|that|the color)|understood|makes sense|fair enough)"
    r"|\b(?:my )?(?:second|last|final) question\b|\bone more\b|\bfollow[- ]up\b|\bI'll leave it there\b|\bthat's all I have\b|"
    r"\b(?:hop|jump|get) back in (?:the )?queue\b|\bwanted to ask\b|\bI (?:just )?wanted to (?:ask|follow|clarify|dig|go back|pivot)\b|\bmy questions?\b",
    re.I,
)
_GREETING_ONLY = re.compile(r"^(?:\W*(?:hi|hey|hello|yes|yeah|thanks|thank you|good (?:morning|afternoon|evening|day)|everybody|everyone|all|guys|and)\W*)+$", re.I)
_THANKS_ONLY = re.compile(r"^(?:\W*(?:okay|ok|great|all right|perfect|excellent|got it)\W+)*(?:thank you|thanks)(?: (?:very|so) much)?\W*$", re.I)
_JUMP_IN = re.compile(r"\b([A-Z][a-z]+),?\s+(?:you\s+)?(?:can|could|may|might|will|want to|wants to)\s+(?:also\s+)?(?:jump in|weigh in|add|chime in|comment|take|answer|talk)")


_ANSWERS_THANKS = re.compile(r"\b(?:thanks|thank you) for (?:the|your|that) questions?\b|\b(?:good|great|fair) question\b", re.I)


def opens_answer(text: str) -> bool:
    "'Yes, thanks for the question. So...': how an answer begins."
    return bool(_ANSWER_OPENER.match(text))


def opens_asking(text: str) -> bool:
    "'Hi, good morning. Thanks for taking my question.': how a caller begins."
    return bool(_ASK_OPENER.search(text[:160]))


def operator_voice(units, i, people):
    "The conference operator's script ('press star one', 'next question', 'you may now disconnect')."
    text = units[i]
    if _PLACEHOLDER_OPERATOR.match(text.strip()) and not cues.addresses_operator(text):
        return [Evidence(i, "operator_voice", 6.0, role="operator")]
    if cues.addresses_operator(text):
        return [Evidence(i, "operator_voice", -4.0, role="operator")]
    if i and cues.only_hands_off(text):
        return []  # 'I'd now like to turn the call over to Tim.' on its own: anyone may say it
    share = cues.operator_share(text)
    # graded: half the sentences in the operator's script is a lean, all of them near-certain
    weight = 10.0 * share - 4.0 if share else (-5.0 if len(text) > 300 or "?" in text else -1.5)
    if i == 0 and share:
        weight += 2.0  # calls open with the operator
    return [Evidence(i, "operator_voice", weight, role="operator")]


def announcement(units, i, people):
    "'Our next question comes from Emma Xu with Bank of America': the operator speaks, and Emma Xu asks next."
    found = cues.announcements(units[i])
    if not found:
        return []
    out = [Evidence(i, "announcement", 3.0, role="operator")]
    if i + 1 < len(units) and cues.addresses_operator(units[i + 1]) and cues.host_cues(units[i + 1]):
        return out  # 'Operator, can we move on to the next?': investor relations, not the caller
    if i + 1 < len(units) and (person := people.find(found[-1][0])):
        nxt = i + 1
        # the operator's own next paragraph ("You may ask your question.") goes before the caller
        while (nxt + 1 < len(units) and nxt - i < 3 and len(units[nxt]) < 200 and "?" not in units[nxt] and not cues.announcements(units[nxt])
               and cues.operator_share(units[nxt]) == 1.0):
            nxt += 1
        # "Hey, Chris.": management greets the caller first, and the caller speaks after that
        if nxt + 1 < len(units) and person in _talked_to(units[nxt], people):
            nxt += 1
        out += [Evidence(nxt, "announcement", 6.0, person=person.name), Evidence(nxt, "announcement", 3.0, role="analyst")]
    return out


def handoff(units, i, people):
    "'I'll turn the call over to Maria Lopez': Maria speaks next, and the speaker is not Maria."
    person = people.find(cues.handoff_target(units[i]), colleague=True)
    if person is None:
        return []
    out = [Evidence(i, "handoff", -3.0, person=person.name)]
    if i + 1 < len(units):
        out.append(Evidence(i + 1, "handoff", 5.0, person=person.name))
    return out


def thanks_opening(units, i, people, colleague: bool = False):
    """'Thanks, Daniel, and good morning': Daniel spoke before, and this is someone else. `colleague`: in the
    prepared remarks, where only management speaks, the one thanked is a colleague (people.find)."""
    text = units[i]
    if re.match(r"^\W*(?:ok|okay|yes|great|well)?\W*(?:thank you|thanks)(?: very much| so much)?,?\s+operator\b", text, re.I):
        return [Evidence(i - 1, "thanks_opening", 2.0, role="operator"), Evidence(i, "thanks_opening", -3.0, role="operator")] if i else []
    person = people.find(cues.thanked_name(text), colleague=colleague)
    if person is None:
        return []
    out = [Evidence(i, "thanks_opening", -6.0, person=person.name)]
    if i:
        out.append(Evidence(i - 1, "thanks_opening", 3.5, person=person.name))
    return out


def closing_thanks(units, i, people):
    "'Very helpful, Tim. Thank you.': an asker thanks whoever answered just before."
    person = people.find(cues.closing_thanks_name(units[i]))
    if person is None or cues.thanked_name(units[i]):
        return []
    out = [Evidence(i, "closing_thanks", -4.0, person=person.name)]
    if i:
        out.append(Evidence(i - 1, "closing_thanks", 3.0, person=person.name))
    if i + 1 < len(units) and cues.acknowledgement(units[i + 1]):
        out.append(Evidence(i + 1, "closing_thanks", 3.0, person=person.name))  # "Thanks a lot, Tim." - "Yeah."
    return out


def self_identification(units, i, people):
    "'Sure, Kevin. This is Sam.' / 'It's Bobby Friedner on for Peter Keith.'"
    text = units[i]
    if caller := cues.on_behalf_of(text):
        person = people.find(caller)
        return [Evidence(i, "self_identification", 7.0, person=person.name)] if person else []
    # "Yes. Steve, this is Kevin. Thanks for the question.": one who answers names themselves as a colleague would
    said = cues.self_identified(text)
    person = people.find_self(said, colleague=bool(_ANSWERS_THANKS.search(text[:200])))
    if person is not None:
        return [Evidence(i, "self_identification", 6.0, person=person.name)]
    # a first name callers and management share ("This is Chris." where the COO and a caller are both Chris): the one
    # person of each side, and the decoder chooses by the role the turn sounds like and the turns around it. A side
    # with two of the name (the CEO Jeff Mezger and the CFO Jeff Kaminski) is left alone: the role cannot tell them apart
    shared = (people.fitting(said) or people.fitting(said.split()[0])) if said else []
    sides = ([p for p in shared if p.role != "analyst"], [p for p in shared if p.role == "analyst"])
    return [Evidence(i, "self_identification", 6.0, person=side[0].name) for side in sides if len(side) == 1]


def addressed(units, i, people):
    "'Luca, can you talk about...': Luca answers next, and the asker is not Luca."
    names = [p for p in map(people.find, cues.addressed_names(units[i])) if p]
    jump = [p for p in map(people.find, (m.group(1) for m in _JUMP_IN.finditer(units[i][-300:]))) if p]
    out = []
    for person in names[-1:] + jump[-1:]:
        out.append(Evidence(i, "addressed", -2.0, person=person.name))
        if i + 1 < len(units):
            out.append(Evidence(i + 1, "addressed", 2.5 if person in names else 3.0, person=person.name))
    return out


# (towards the one before, towards the one after) by where the name stands and whether the turn asks anything: an
# asker addresses the one who answers next ("..., Lars?"), a replier the one who asked ("..., hope that helps, John.").
# Counted on the 146 tune calls' labelled turns, asking read as a question mark: a closing name in a turn that asks
# was the next speaker 87 times and the one before 15; in a turn that asks nothing, the one before 254 times and the
# next 87; a name inside a turn that asks, next 289 and before 148; inside one that does not, before 384 and next 178;
# an opening name, before 889 and next 131. "A broader question for Kessel." asks too.
_QUESTION_FOR = re.compile(r"\b(?:question|questions|one) (?:is )?for\b", re.I)
_VOCATIVE_WEIGHTS = {
    ("open", True): (2.5, 0.0), ("open", False): (2.5, 0.0),
    ("close", True): (0.0, 2.5), ("close", False): (1.5, 0.0),
    ("inside", True): (0.5, 1.5), ("inside", False): (1.5, 0.5),
}


def vocative(units, i, people):
    """'Yes, John, that's a great question' answers John, who spoke before; '..., Lars?' asks Lars, who speaks next;
    a name set off by commas inside a turn is one of the two. Names another cue already reads are left to it."""
    text = units[i]
    said = cues.self_identified(text)
    own = people.find_self(said)
    taken = {said, own.name if own else None, *_other_cues_names(text)}
    asks = "?" in text or bool(_QUESTION_FOR.search(text))  # "..., Lars?", "a broader question for Kessel."
    out = []
    for mention, where in cues.vocatives(text):
        person = people.find(mention)
        if person is None or any(m and cues.same_person(m, person.name) for m in taken):
            continue
        before, after = _VOCATIVE_WEIGHTS[where, asks]
        if before and i:
            out.append(Evidence(i - 1, "vocative", before, person=person.name))
        if after and i + 1 < len(units):
            out.append(Evidence(i + 1, "vocative", after, person=person.name))
    return out


def _other_cues_names(text: str) -> set:
    "The names a unit thanks, hands over to, defers to or puts a question to, as the cues that read them find them."
    return {cues.thanked_name(text), cues.closing_thanks_name(text), cues.handoff_target(text), cues.deferred_to(text), *cues.addressed_names(text)}


NOT_SELF_WEIGHT = -5.0  # tune calls: -1.5, -3 and -5 alike on wrong names; -5 kept the most names


def not_self(units, i, people):
    """A name the speaker talks to, thanks, hands over to or asks is someone else's: 'Hey, Robbie. Good morning.' right
    after the operator announces Robbie is the executive greeting him, not Robbie. A name the speaker gives as their
    own ('This is Sam') is left out."""
    return [Evidence(i, "not self", NOT_SELF_WEIGHT, person=p.name) for p in _talked_to(units[i], people)]


def _talked_to(text: str, people) -> set:
    "The people a unit talks to, thanks, hands over to or asks, named in their own words; not one it names as its speaker."
    own = people.find_self(cues.self_identified(text))
    mentions = {*_other_cues_names(text), *(mention for mention, _ in cues.vocatives(text))}
    # only a mention in the person's own words: "Mike" may be an executive the roster lacks, not the analyst Michael
    return {p for m in mentions if m and (p := people.find(m)) is not None and cues.says_name(m, p.name) and p != own}


def deferral(units, i, people):
    "'I think I'll let Luca comment on the second part': Luca speaks next."
    person = people.find(cues.deferred_to(units[i]), colleague=True)
    return [Evidence(i + 1, "deferral", 4.0, person=person.name)] if person and i + 1 < len(units) else []


def third_person(units, i, people):
    "'As Tim mentioned, ...': the speaker is not Tim."
    out = []
    for m in cues.MENTIONED.finditer(units[i]):
        if person := people.find(m.group(1)):
            out.append(Evidence(i, "third_person", -3.0, person=person.name))
    return out


def named_in_unit(units, i, people):
    "People rarely say their own name: whoever the unit names ('It's $250 million, Phil') is probably someone else."
    text = units[i]
    self_named, stand_in = cues.self_identified(text), cues.on_behalf_of(text)
    own = people.find_self(self_named) or people.find(stand_in)
    said = self_named or stand_in
    out = []
    for name in people.by_name:
        if cues.says_first_name(text, name) and not (own and own.name == name) and not (said and cues.same_person(said, name)):
            out.append(Evidence(i, "named_in_unit", -2.0, person=name))
    return out


def asking(units, i, people):
    "Question marks and wording only askers use ('help us think about', 'thanks for taking my question')."
    text = units[i]
    if cues.host_cues(text) and cues.addresses_operator(text) or re.search(r"(?:can|may) we (?:have|take|go to) the (?:next|first|last|final) question", text, re.I):
        return [Evidence(i, "asking", -2.0, role="analyst")]  # investor relations asking the operator for the next caller
    score = 0.0
    if text.rstrip().endswith("?"):
        score += 2.5
    elif "?" in text and len(text) < 1500:
        score += 1.5
    if cues.analyst_request(text):
        score += 1.5
    if opens_asking(text):
        score += 2.0
    if _ASKER_WORDS.search(text[:400]):
        score += 2.0
    reply = bool(thanks_reply(units, i, people))  # 'Thank you.' answering thanks is management's
    if len(text) < 80 and _GREETING_ONLY.match(text) and not reply:
        score += 1.0  # 'Hi, everybody.' as the line opens
    if len(text) < 60 and _THANKS_ONLY.match(text) and not reply:
        score += 1.0  # 'Okay, thank you.': an asker closing (management's own thanks usually name the asker)
    if len(text) > 1500 and "?" not in text:
        score -= 2.5  # askers do not give speeches
    return [Evidence(i, "asking", score, role="analyst")] if score else []


_GRATEFUL = re.compile(r"\b(?:thank|thanks|appreciate)\b", re.I)


def thanks_reply(units, i, people):
    """'Thank you.' right after a turn that closes with thanks is management thanking back: the asker thanks first,
    the executives after ('Great, thanks a lot.' - 'Thank you.' - 'Thanks, Ryan.'). On the tune calls a thanks-only
    turn after one closing with thanks was an executive's 330 times and an analyst's 8."""
    text = units[i].strip()
    if not i or len(text) >= 60 or not _THANKS_ONLY.match(text):
        return []
    last = re.split(r"(?<=[.!?])\s+", units[i - 1].strip())[-1]
    return [Evidence(i, "thanks_reply", 3.0, role="executive")] if _GRATEFUL.search(last) else []


_PASS_LEAD = r"^(?:\W*(?i:ok|okay|all right|alright|yeah|yes|sure|so|and|well)\W+){0,2}"
_PASSES = re.compile(
    rf"{_PASS_LEAD}[A-Z][a-z]+\s*[,.]?\s+(?:(?i:(?:do )?you want to|why don't you) (?:just )?(?:take|answer|address|start|handle|cover|comment|go)|"
    r"(?i:can|could|would) you (?:take|answer|handle) (?:that|this|it)|(?i:would) you like to (?:take|answer|start))\b|"
    rf"{_PASS_LEAD}(?:do )?you want to (?:take|answer|start|handle) (?:that|this|it)(?: one)?,\s+[A-Z][a-z]+\s*\?",
)


def passes_question(units, i, people):
    """'Annette, do you want to take that one?' / 'Greg?' right after a question: an executive gives the question
    to a colleague (an asker names whom they ask inside the question itself). The colleague's turn is for the
    cues that read whom a unit addresses."""
    text = units[i].strip()
    if not i or len(text) >= 100:
        return []
    bare = re.fullmatch(r"([A-Z][a-z]+)\s*\?", text)
    if bare:
        person = people.find(bare.group(1))
        passes = person is not None and person.role == "executive"
    else:
        passes = bool(_PASSES.match(text))
    return [Evidence(i, "passes_question", 3.0, role="executive")] if passes else []


def answering(units, i, people):
    "'Yes, thanks for the question. So...': an answer begins."
    text = units[i]
    if opens_answer(text) and not text.rstrip().endswith("?"):
        return [Evidence(i, "answering", 1.5, role="executive"), Evidence(i, "answering", -1.0, role="analyst")]
    if len(text) > 600 and "?" not in text[-300:]:
        return [Evidence(i, "answering", 1.0, role="executive")]  # a long stretch that asks nothing is an answer
    if cues.acknowledgement(text):
        return [Evidence(i, "answering", 0.5, role="executive")]
    return []


def same_answerer(units, i, people):
    "'Yeah, Eric, I'll take that one as well.': whoever answered last answers again (the decoder knows who that was)."
    return [Evidence(i, "same_answerer", 1.0, role="executive")] if cues.same_answerer(units[i]) else []


def host_voice(units, i, people):
    "Investor relations running the call: safe harbour, 'joining me today', 'next question, please'."
    n = cues.host_cues(units[i])
    if not n:
        return []
    # a long answer that mentions the earnings release or non-GAAP measures is still an answer
    weight = min(1.5 * n, 4.0) if len(units[i]) < 600 or cues.addresses_operator(units[i]) or i < 4 else 0.5
    out = [Evidence(i, "host_voice", weight, role="host")]
    host = people.host()
    if host and (cues.addresses_operator(units[i]) or i < 4):
        out.append(Evidence(i, "host_voice", 2.0, person=host.name))
    return out


WORDING = 1.0  # how much the wording model's log-likelihood ratios count beside the hand-set cues (1.0 and 1.5 tried on 73 tune calls of companies it was not fitted on)


def wording_model(units, i, people):
    """The wording model's word on the role (`wording.py`): how much more (or less) likely each role is after reading
    the unit than before, P(role | words) / P(role). How often each role speaks, and when, is the decoder's to weigh
    from the sequence; counted here as well it would bury the host, who says 3% of what is said."""
    rates = base_rates()
    return [Evidence(i, "wording", round(WORDING * math.log(max(p, 1e-6) / rates[role]), 3), role=role)
            for role, p in roles_of(units[i]).items()]


# How much the office model's log odds count, and how likely the wording model must find it that an executive speaks
# for it to be heard. Chosen on 146 tune calls left out of both models' fitting: weight 2.0 named 50 more turns right
# for 12 more wrong one line per turn and none more in paragraphs; without the gate 8 / 6 / 8 fewer roles were right.
OFFICE, OFFICE_GATE = 1.0, 0.5


def office_voice(units, i, people):
    """Whose office the unit's words come from, in a call whose roster names one chief financial officer and one chief
    executive (`office.py`): half the log odds for the one, half against the other."""
    officers = people.officers()
    if officers is None or (OFFICE_GATE and roles_of(units[i])["executive"] < OFFICE_GATE):
        return []
    cfo, ceo = officers
    z = OFFICE * max(min(cfo_log_odds(units[i]), 4.0), -4.0) / 2
    return [Evidence(i, "office", round(z, 3), person=cfo), Evidence(i, "office", round(-z, 3), person=ceo)]


# "So", "And", "Well" open a paragraph that goes on as often as a new turn, so they are not openings here
_OPENS = re.compile(
    r"^\W*(?:(?:ok|okay|yes|yeah|yep|great|sure|hi|hey|hello|all right|perfect|no|thank you|thanks|got it)\b"
    r"|(?:good (?:morning|afternoon|evening|day))|(?:ladies and gentlemen)|\[operator)",
    re.I,
)


def opens_turn(text: str) -> bool:
    "Does the unit open the way a new speaker does: thanks, a greeting, 'Yes, so', 'Okay.', the operator's address?"
    return bool(_OPENS.match(text)) or bool(cues.thanked_name(text)) or cues.operator_share(text[:300]) >= 0.5


CUES = (operator_voice, announcement, handoff, thanks_opening, closing_thanks, self_identification, addressed, vocative, not_self, deferral,
        third_person, named_in_unit, asking, thanks_reply, passes_question, answering, same_answerer, host_voice, wording_model,
        office_voice)


def _prepared_thanks(units, i, people):
    return thanks_opening(units, i, people, colleague=True)


PREPARED_CUES = tuple(_prepared_thanks if cue is thanks_opening else cue for cue in CUES if cue is not office_voice)


def gather(units: list[str], people, qa_start: int | None = None) -> list[list[Evidence]]:
    """Every cue's evidence, filed under the unit it is about. The office model is heard in the Q&A only (from
    `qa_start`): in the prepared remarks the hand-offs say who speaks, and a chief financial officer's remarks on each
    product line sound like the chief executive's."""
    out: list[list[Evidence]] = [[] for _ in units]
    operator = {name for name, p in people.by_name.items() if p.role == "operator"}
    for i in range(len(units)):
        for cue in CUES if qa_start is not None and i >= qa_start else PREPARED_CUES:
            for ev in cue(units, i, people):
                if ev.person in operator:  # the operator by name ('Thank you, Daniel') is evidence for the operator's role
                    ev = Evidence(ev.unit, ev.cue, ev.weight, role="operator")
                if 0 <= ev.unit < len(units):
                    out[ev.unit].append(ev)
    return out
