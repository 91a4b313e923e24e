"""Speakers a language model proposes, as one more piece of evidence for the decoder (as in DiarizationLM).

With an LLM configured and speaker proposals switched on (`EARSHOT_LLM_SPEAKERS=1`), the model reads the call's
unlabelled paragraphs beside the roster and proposes who speaks each (`qa/speakers.py` asks it). Nothing it says is
stored as such:
- a proposal must name someone on the call's roster; any other name is dropped (the model never adds a person);
- it enters the decoder as evidence for that person at `PROPOSAL_WEIGHT`, weaker than what the text says outright
  (a self-identification, an operator's announcement, a hand-off), so the decoder weighs it with every other cue
  over the whole call;
- it can only name a turn the text alone leaves unnamed (attribution._decide), and only where the decoder, with all
  the evidence, takes the proposed person in the same role and nothing the paragraph says is against them
  (`accepted`). A name the text gives is never changed.

Without a model, or when the model fails or answers in a form that cannot be read, the call is attributed offline
exactly as it would be without it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

log = logging.getLogger("earshot.ingest")

# (units, roster rows (name, role, title)) -> {unit index: proposed name}
Proposer = Callable[[list[str], list[tuple[str, str, str | None]]], dict[int, str]]

# below what the text states (a self-identification 6, an announcement 6, a hand-off 5): enough to choose among
# executives no cue names, not enough to outvote a stated name. Set by reasoning, not measured: no model can run
# where this was built.
PROPOSAL_WEIGHT = 3.0
# text evidence for another person at least this strong means the paragraph names its speaker: a proposal against
# it is not accepted even when the decoder, summing everything, still picks the proposed person
STATED = 3.0
# cues that only lean one way, read from how a paragraph sounds rather than from what it says (the office model's
# word for the finance chief or the chief executive): a proposal may overrule them
LEANINGS = frozenset({"office"})


def roster_rows(people) -> list[tuple[str, str, str | None]]:
    "The call's people as the model sees them: name, role and title, operator left out."
    return [(p.name, p.role, p.title) for p in people.by_name.values() if p.role != "operator"]


def proposals(proposer: Proposer | None, units: list[str], people, skip: set[int] = frozenset()) -> dict[int, str]:
    """The proposer's speakers for the units not in `skip`, each a roster name as the roster writes it. A proposer
    that fails gives nothing: the call is then attributed offline."""
    if proposer is None or not units:
        return {}
    try:
        raw = proposer(units, roster_rows(people))
    except Exception as exc:  # noqa: BLE001 - a model that fails must not stop the call from being read
        log.warning("speaker proposals skipped: %s", exc)
        return {}
    out = {}
    for i, name in (raw or {}).items():
        person = people.find(name) if isinstance(name, str) else None
        if isinstance(i, int) and 0 <= i < len(units) and i not in skip and person is not None and person.role != "operator":
            out[i] = person.name
    return out


def accepted(problem, labels) -> set[int]:
    """The units whose proposed person the decoder took, with nothing the unit says against them: no evidence
    against the person, and no stated evidence (`STATED` or more) for someone else (leanings aside)."""
    out = set()
    for i, name in problem.proposed.items():
        if labels[i].name != name:
            continue
        evidence = problem.evidence[i]
        said = [e for e in evidence if e.cue not in LEANINGS]
        against = any(e.person == name and e.weight < 0 for e in said)
        other = any(e.person not in (None, name) and e.weight >= STATED for e in said)
        if not (against or other):
            out.add(i)
    return out
