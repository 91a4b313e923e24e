"""Who said each turn, in which section, answering whom: attribution over the sequence of turns."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from . import cues
from .readers import RawTurn
from .transcript import INTERPRETER, UNIDENTIFIED_ANALYST, UNIDENTIFIED_EXECUTIVE, Exchange, Participant, Turn

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

    def add(self, name: str, role: str, title: str | None = None, firm: str | None = None) -> Participant:
        known = self.find(name)
        if known is None:
            known = Participant(name, role, title, firm)
        else:
            # a fuller name or a title learned later improves the entry
            name = name if len(name) > len(known.name) else known.name
            known = Participant(name, known.role if known.role != "unknown" else role, known.title or title, known.firm or firm)
            self.by_name = {k: v for k, v in self.by_name.items() if not cues.same_person(k, name)}
        self.by_name[known.name] = known
        return known

    def find(self, mention: str | None) -> Participant | None:
        if not mention:
            return None
        hits = [p for p in self.by_name.values() if cues.same_person(mention, p.name)]
        return hits[0] if len(hits) == 1 else None

    def host(self) -> Participant | None:
        hosts = [p for p in self.by_name.values() if p.role == "host"]
        return hosts[0] if len(hosts) == 1 else None


def attribute(raw: list[RawTurn], labelled: bool = False) -> tuple[list[Turn], list[Participant], list[Exchange]]:
    "Fill in speaker, role, title, firm, section, exchange and translation links for every turn."
    people = _collect_people(raw)
    raw = _split_interpreter_handovers(raw, labelled)
    interpreted = any(cues.interpreter_cue(t.text) for t in raw)
    labels: list[_Label] = []
    section = "prepared_remarks"
    sections: list[str] = []
    expected: Participant | None = None  # named by the previous turn's hand-off or announcement
    expected_interpreter: Participant | None = None
    analyst: Participant | None = None  # asking the current question
    seen_management = False

    for i, turn in enumerate(raw):
        prev = labels[-1] if labels else None
        if labelled and turn.speaker:
            label = _from_label(turn, people)
        else:
            label = _infer(turn, prev, expected, section, analyst, people, raw, labels, interpreted)
            if expected_interpreter and label.translation_of is not None:
                label.speaker, label.title = expected_interpreter.name, expected_interpreter.title
        # the section turns to Q&A at the first operator or host turn after management has spoken that runs questions
        if turn.section:
            section = turn.section
        elif section == "prepared_remarks" and label.role == "analyst":
            section = "qa"
        elif section == "prepared_remarks" and seen_management and label.role in ("operator", "host") and cues.starts_qa(turn.text):
            section = "qa"
        elif section == "prepared_remarks" and label.role == "operator" and cues.announcements(turn.text):
            section = "qa"
        seen_management = seen_management or label.role == "executive"
        if label.role == "analyst":
            analyst = people.find(label.speaker) or Participant(label.speaker, "analyst", firm=label.firm)
        labels.append(label)
        sections.append(section)
        # what this turn says about its neighbours
        thanked = people.find(cues.thanked_name(turn.text))
        if thanked and prev and prev.confidence < 0.9 and prev.role in ("executive", "host", "unknown") and prev.translation_of is None:
            labels[-2] = _Label(thanked.name, thanked.role, thanked.title, thanked.firm, 0.9)
        closing = people.find(cues.closing_thanks_name(turn.text)) if label.role in ("analyst", "host") else None
        if closing and closing.role == "executive":
            # the answers since the question came from the person the asker thanks by name
            for j in range(len(labels) - 2, -1, -1):
                if labels[j].role != "executive" or labels[j].translation_of is not None:
                    break
                if labels[j].speaker == UNIDENTIFIED_EXECUTIVE:
                    labels[j] = _Label(closing.name, "executive", closing.title, None, 0.7)
        expected, expected_interpreter = _next_speaker(turn, label, people)

    turns = [
        Turn(
            index=i,
            speaker=lab.speaker,
            role=lab.role,
            text=raw[i].text,
            title=lab.title,
            firm=lab.firm,
            section=sections[i],
            translation_of=lab.translation_of,
            confidence=round(lab.confidence, 2),
        )
        for i, lab in enumerate(labels)
    ]
    turns, exchanges = _group_exchanges(turns)
    participants = _participants(turns, people)
    return turns, participants, exchanges


def _collect_people(raw: list[RawTurn]) -> _People:
    "Names and titles from labels, the introduction's roster and the operator's announcements."
    people = _People()
    for turn in raw:
        if turn.speaker and turn.speaker.lower() != "operator":
            people.add(turn.speaker, turn.role or cues.role_for_title(turn.title) or "unknown", turn.title, turn.firm)
    for turn in raw[:8]:
        for name, title in cues.roster(turn.text):
            people.add(name, cues.role_for_title(title) or "executive", title)
    for turn in raw:
        if cues.operator_share(turn.text) >= 0.5:
            for name, firm in cues.announcements(turn.text):
                people.add(name, "analyst", "Analyst", firm)
    return people


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


def _from_label(turn: RawTurn, people: _People) -> _Label:
    person = people.find(turn.speaker)
    if turn.speaker.lower() == "operator":
        return _Label("Operator", "operator")
    role = turn.role or cues.role_for_title(turn.title) or (person.role if person else None) or "executive"
    if role == "unknown":
        role = "executive"
    return _Label(turn.speaker, role, turn.title or (person.title if person else None), turn.firm or (person.firm if person else None))


def _infer(turn, prev, expected, section, analyst, people, raw, labels, interpreted) -> _Label:
    "The label of an unlabelled turn from its own words and what came before."
    text = turn.text
    operatorish = cues.operator_share(text) >= 0.5 and not cues.addresses_operator(text)
    if operatorish and section == "prepared_remarks" and prev and prev.role in ("host", "executive") and cues.only_hands_off(text):
        operatorish = False  # the host's own closing line, in a paragraph of its own: remarks go on below
    if operatorish:
        return _Label("Operator", "operator", confidence=0.95)
    if interpreted and prev and prev.role == "executive" and section == "qa":
        original = _last_original(labels)
        if original is not None and (
            cues.interpreter_cue(text[:80]) or cues.restates(text, raw[original].text) >= RESTATEMENT or _continues_interpretation(prev, raw[len(labels) - 1].text)
        ):
            speaker = prev.speaker if prev.translation_of is not None else INTERPRETER
            return _Label(speaker, "executive", prev.title if prev.translation_of is not None else None, None, 0.8, original)
    host = people.host()
    if host and cues.addresses_operator(text) and cues.host_cues(text):
        # "Operator, can we move on to the next?" is investor relations, even right after an announcement
        return _Label(host.name, "host", host.title, None, 0.8)
    if expected is not None:
        return _Label(expected.name, expected.role, expected.title, expected.firm, 0.9)
    named = people.find(cues.self_identified(text))
    if named and named.role in ("executive", "host"):
        return _Label(named.name, named.role, named.title, named.firm, 0.9)
    if cues.host_cues(text) and (cues.addresses_operator(text) or section == "prepared_remarks" or len(text) < 400 or cues.host_cues(text) >= 2):
        if host:
            return _Label(host.name, "host", host.title, None, 0.7)
        return _Label("Unidentified host", "host", confidence=0.5)
    if section == "qa":
        return _infer_qa(text, prev, analyst, people, raw[len(labels) - 1].text if labels else "", labels)
    if prev and prev.role in ("executive", "host") and prev.translation_of is None:
        return _Label(prev.speaker, prev.role, prev.title, prev.firm, min(prev.confidence, 0.8))  # remarks go on
    return _Label(UNIDENTIFIED_EXECUTIVE, "executive", confidence=0.4)


def _infer_qa(text: str, prev: _Label | None, analyst: Participant | None, people: _People, prev_text: str, labels: list[_Label]) -> _Label:
    "In Q&A a turn is either the asking analyst following up or management answering."
    ends_asking = text.rstrip().endswith("?") or (len(text) < 1500 and cues.analyst_request(text))
    asks = ends_asking or ("?" in text and len(text) < 1500)
    short_thanks = len(text) < 120 and cues.thanked_name(text) is None and "thank" in text.lower()
    talks_to_analyst = analyst is not None and cues.same_person(cues.addressed_name(text) or "", analyst.name)
    if analyst and prev and prev.role == "executive" and (asks or short_thanks) and not talks_to_analyst:
        return _Label(analyst.name, "analyst", analyst.title, analyst.firm, 0.7)
    if prev and prev.role == "operator" and analyst is None:
        return _Label(UNIDENTIFIED_ANALYST, "analyst", confidence=0.4)
    deferred = people.find(cues.deferred_to(prev_text)) if prev and prev.role == "executive" else None
    if deferred and deferred.role == "executive" and not cues.same_person(deferred.name, prev.speaker) and (talks_to_analyst or not asks):
        return _Label(deferred.name, "executive", deferred.title, None, 0.7)
    if prev and prev.role == "executive" and prev.translation_of is None and prev.speaker != UNIDENTIFIED_EXECUTIVE and prev.confidence >= 0.5 and not asks:
        return _Label(prev.speaker, prev.role, prev.title, prev.firm, min(prev.confidence, 0.6))
    if analyst and prev and prev.role == "analyst" and not talks_to_analyst and ends_asking:
        return _Label(analyst.name, "analyst", analyst.title, analyst.firm, min(prev.confidence, 0.6))  # the question goes on
    answerer = _last_answerer(labels)
    if prev and prev.role == "analyst" and cues.acknowledgement(text):
        # "Thanks a lot, Tim." - "Yeah.": the one thanked answers the thanks
        thanked = people.find(cues.closing_thanks_name(prev_text)) or answerer
        if thanked and thanked.role == "executive":
            return _Label(thanked.name, "executive", thanked.title, None, 0.5)
    if answerer and cues.same_answerer(text):
        return _Label(answerer.name, "executive", answerer.title, None, 0.6)
    if prev and prev.role == "analyst":
        # the executive the analyst put the (last) question to answers it
        addressed = [p for p in map(people.find, cues.addressed_names(prev_text)) if p and p.role == "executive"]
        if addressed:
            return _Label(addressed[-1].name, "executive", addressed[-1].title, None, 0.5)
    others = _executives_not_mentioned(text, people)
    if len(others) == 1:  # "As Tim mentioned, ..." on a call with two executives: the other one speaks
        return _Label(others[0].name, "executive", others[0].title, None, 0.5)
    return _Label(UNIDENTIFIED_EXECUTIVE, "executive", confidence=0.5)


def _last_answerer(labels: list[_Label]) -> Participant | None:
    "The named executive who spoke last since the operator's latest announcement: who is answering this analyst."
    for lab in reversed(labels):
        if lab.role == "operator":
            return None
        if lab.role == "executive" and lab.translation_of is None and lab.speaker != UNIDENTIFIED_EXECUTIVE:
            return Participant(lab.speaker, "executive", lab.title)
    return None


def _executives_not_mentioned(text: str, people: _People) -> list[Participant]:
    "Executives of the call, less those the turn speaks of in the third person."
    executives = [p for p in people.by_name.values() if p.role == "executive"]
    mentioned = {
        p.name for p in executives for m in re.finditer(r"\b(?:as\s+)?([A-Z][a-z]+)\s+(?:just\s+)?(?:mentioned|said|noted|talked|discussed|provided|pointed out|covered|outlined|described)", text)
        if cues.same_person(m.group(1), p.name)
    }
    return [p for p in executives if p.name not in mentioned] if mentioned else []


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


def _continues_interpretation(prev: _Label, prev_text: str) -> bool:
    "After a short hand-over ('OK, I will do the translation.') the interpreter's voice goes on."
    return prev.translation_of is not None and len(prev_text) < 400


def _next_speaker(turn: RawTurn, label: _Label, people: _People) -> tuple[Participant | None, Participant | None]:
    "Who this turn names as the next speaker (hand-off or announcement), and whether they interpret."
    if label.role == "operator":
        announced = cues.announcements(turn.text)
        if announced:
            return people.find(announced[-1][0]), None
    target = people.find(cues.handoff_target(turn.text))
    if target is None:
        return None, None
    if label.role == "executive" and target.role == "host":
        return None, target  # an executive handing to IR mid-answer: IR will interpret
    return target, None


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
    "Everyone named, in order of first appearance, then those introduced but never heard."
    seen: dict[str, Participant] = {}
    for t in turns:
        if t.speaker.startswith(("Unidentified", INTERPRETER)) or t.speaker in seen:
            continue
        seen[t.speaker] = people.find(t.speaker) or Participant(t.speaker, t.role, t.title, t.firm)
    for p in people.by_name.values():
        if p.name not in seen and not any(cues.same_person(p.name, s) for s in seen):
            seen[p.name] = p
    return list(seen.values())
