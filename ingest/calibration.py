"""How likely a decoded name is right: boosted trees over what the decoder saw when it named a turn, fitted on the
tune half of the labelled corpus and never on the half that is reported.

A name reaches the transcript only when this probability clears the gate (`attribution.name_gate`: `NAME_GATE`, or
`CUT_NAME_GATE` and a caller's `CUT_ANALYST_GATE` for text the seam model cut): a confident wrong name is worse than
an honest "Unidentified executive".
`python -m ingest.calibration --fit FOLDER...` refits the model on labelled calls, each written the three ways
`ingest.evaluate` scores, and writes `name_trees.json`."""

from __future__ import annotations

import argparse
import json
import math
import sys
from datetime import date
from functools import lru_cache
from pathlib import Path

from .fitting import Forest, boosted_trees, dump

MODEL = Path(__file__).with_name("name_trees.json")
BASE = (
    "bias", "analyst", "executive", "host", "direct", "total_direct", "against", "role_evidence", "run_length",
    "short", "log_length", "opens", "rivals", "sequence_only", "marked_seam", "own_role", "reopens", "office",
    "is_ceo", "is_cfo", "blind_guess", "voice", "unheard",
)
# which kind of cue named the person: each kind is right at its own rate (an operator's announcement more often
# than a "Thanks, X" that may thank someone else)
CUE_KINDS = {
    "announcement": "by_announcement", "handoff": "by_handoff", "self_identification": "by_self",
    "thanks_opening": "by_thanks", "closing_thanks": "by_thanks", "addressed": "by_address", "vocative": "by_address",
    "deferral": "by_address", "host_voice": "by_host_voice",
}
KINDS = tuple(sorted(set(CUE_KINDS.values()))) + ("in_qa", "roster_role", "cut_text", "cut_doubt")
# the same evidence says more for one role than another: an analyst carried on by the sequence after the operator
# announced them is usually right, an executive carried on the same way much less often; so each of these is
# weighed per role
PER_ROLE = ("direct", "total_direct", "role_evidence", "sequence_only", "short", "own_role", "against", "log_length",
            "run_length", "opens") + KINDS
ROLES = ("analyst", "executive", "host")
# what is around the run: who the decoder has speak either side of it, how strongly the cues name them and how likely
# the speaker changes at each edge; the answers before and after the caller's follow-ups; and which executives the
# cues of the call's Q&A and of this exchange name
NEIGHBOURS = ("analyst", "operator", "host", "colleague", "unnamed_executive", "named", "edge", "none")
AROUND = tuple(f"{side}:{what}" for side in ("before", "after") for what in NEIGHBOURS) + (
    "answer_before", "answer_before_named", "answer_after", "answer_after_named", "share_named", "executives_named",
    "named_in_exchange", "exchange_place", "executives")
FEATURES = BASE + KINDS + tuple(f"{role}*{name}" for role in ROLES for name in PER_ROLE) + AROUND


def features(p, i: int, labels) -> dict[str, float]:
    """What the decoder saw when it gave unit i its named label, read over the whole run of units given that person
    (a turn of several paragraphs is one decision): the evidence for the person and the role, rival names, how long
    the run is and how it opens, and what is around it (`_around`)."""
    label = labels[i]
    lo, hi = _run(labels, i)
    run = range(lo, hi + 1)
    mine = [[e for e in p.evidence[j] if e.person == label.name] for j in run]
    # 'I'll take that one as well' names the last answerer: the decoder's own word for the person, worth a direct cue
    direct = [sum(e.weight for e in ev if e.names(label.name)) + 3.0 * any(e.cue == "same_answerer" for e in p.evidence[j])
              for j, ev in zip(run, mine)]
    against = max(-sum(e.weight for e in ev if e.weight < 0 and e.cue != "office") for ev in mine)
    # the office model's word for the person (for the chief financial officer or the chief executive, against the other)
    office = sum(e.weight for ev in mine for e in ev if e.cue == "office")
    role = max(role_weight(p.evidence[j], label.role) for j in run)
    rivals = max(len({e.person for e in p.evidence[j] if e.person and e.person != label.name and e.weight > 0}) for j in run)
    length = sum(len(p.units[j]) for j in run)
    in_qa = p.qa_start is not None and lo >= p.qa_start
    # before the Q&A hand-offs name the executives, and a run there is most of its speaker's voice
    voices = p.voices if label.role == "executive" and in_qa else None
    voice = voices.margin(label.name, run) if voices is not None else None
    x = {
        "bias": 1.0,
        "analyst": float(label.role == "analyst"),
        "executive": float(label.role == "executive"),
        "host": float(label.role == "host"),
        "direct": min(max(direct), 12.0) / 4,
        "total_direct": min(sum(direct), 24.0) / 8,
        "against": min(against, 12.0) / 4,
        "role_evidence": max(min(role, 10.0), -10.0) / 4,
        "run_length": math.log1p(hi - lo),
        "short": float(length < 80),
        "log_length": math.log1p(length) / 5,
        "opens": float(p.openings[lo]),
        "rivals": float(rivals),
        "office": max(min(office, 6.0), -6.0) / 2,
        # which executive: the chief executive answers most of the Q&A, and a guess among two is right more often
        # than among five
        "is_ceo": float(label.role == "executive" and p.offices.get(label.name) == "CEO"),
        "is_cfo": float(label.role == "executive" and p.offices.get(label.name) == "CFO"),
        "blind_guess": 1 / max(sum(r == "executive" for r in p.roles.values()), 1) if label.role == "executive" else 0.0,
        "sequence_only": float(max(direct) == 0),
        # the call's own word for which executive: how much closer the run's words are to this executive's other
        # turns than to any other executive's (voice.py), and a name the call gives no words to beside others it does
        "voice": voice or 0.0,
        "unheard": float(voice is None and voices is not None and label.name not in voices.own and bool(voices.own)),
        "marked_seam": float(p.seams[lo] not in ("unknown", "plain", "opening")),
        # the unit itself: its own evidence for the role, and whether it opens like a new turn inside the run
        "own_role": max(min(role_weight(p.evidence[i], label.role), 10.0), -10.0) / 4,
        "reopens": float(i > lo and p.openings[i]),
        **{kind: 0.0 for kind in CUE_KINDS.values()},
        **{CUE_KINDS[e.cue]: 1.0 for ev in mine for e in ev if e.weight > 0 and e.cue in CUE_KINDS},
        "in_qa": float(in_qa),
        "roster_role": float(p.roles.get(label.name) == label.role),
        # text the seam model cut into turns: a name there is only as good as the cuts around the run
        "cut_text": float(p.cut),
        "cut_doubt": max((1 - p.cut_odds[j] for j in (lo, hi + 1) if j < len(p.cut_odds) and p.seams[j] == "cut"
                          and p.cut_odds[j] is not None), default=0.0),
    }
    return with_roles(x) | _around(p, lo, hi, labels)


def _run(labels, i: int) -> tuple[int, int]:
    "The first and last unit of the run of units given unit i's label."
    lo = hi = i
    while lo > 0 and labels[lo - 1] == labels[i]:
        lo -= 1
    while hi + 1 < len(labels) and labels[hi + 1] == labels[i]:
        hi += 1
    return lo, hi


def _named(p, labels, i: int) -> float:
    "How strongly the cues name the person the decoder gives unit i's run, in its most strongly named unit (0: nobody)."
    name = labels[i].name
    if name is None:
        return 0.0
    lo, hi = _run(labels, i)
    return min(max(sum(e.weight for e in p.evidence[j] if e.names(name)) for j in range(lo, hi + 1)), 12.0) / 4


def _around(p, lo: int, hi: int, labels) -> dict[str, float]:
    """What is around the run lo..hi. An executive's answer right beside a colleague the cues name, across a likely
    change of speaker, leaves the decoder fewer executives to choose among; the answer before the caller's follow-up
    was often given by the one answering after it; and the executive the call's cues name most answers most."""
    from .decoder import seam_at

    label, x = labels[lo], {}
    for side, j in (("before", lo - 1), ("after", hi + 1)):
        if not 0 <= j < len(labels):
            x |= {f"{side}:none": 1.0, f"{side}:edge": 1.0}
            continue
        other = labels[j]
        x |= {f"{side}:{role}": float(other.role == role) for role in ("analyst", "operator", "host")}
        x[f"{side}:colleague"] = float(other.role == "executive" and other.name is not None and other.name != label.name)
        x[f"{side}:unnamed_executive"] = float(other.role == "executive" and other.name is None)
        x[f"{side}:named"] = _named(p, labels, j)
        x[f"{side}:edge"] = seam_at(p, max(lo, j))[1]  # P(the speaker changes) at the edge
    for side, step, j in (("answer_before", -1, lo - 1), ("answer_after", 1, hi + 1)):
        k = j
        while 0 <= k < len(labels) and labels[k].role == "analyst":
            k += step
        if k != j and 0 <= k < len(labels) and labels[k].role == "executive" and labels[k].name:
            x[side] = 1.0 if labels[k].name == label.name else -1.0
            x[f"{side}_named"] = _named(p, labels, k)
    x["executives"] = float(sum(role == "executive" for role in p.roles.values()))
    if p.qa_start is None or label.name is None:
        return x
    if p.named_in_qa is None:
        p.named_in_qa = {}
        for j in range(p.qa_start, len(labels)):
            for e in p.evidence[j]:
                if e.names(e.person) and p.roles.get(e.person) == "executive":
                    p.named_in_qa[e.person] = p.named_in_qa.get(e.person, 0) + 1
    total = sum(p.named_in_qa.values())
    x["share_named"] = p.named_in_qa.get(label.name, 0) / total if total else 0.0
    x["executives_named"] = float(len(p.named_in_qa))
    k, named = lo - 1, 0  # this exchange: back to the operator's last turn
    while k >= p.qa_start and labels[k].role != "operator":
        named += any(e.names(label.name) for e in p.evidence[k])
        k -= 1
    x["named_in_exchange"] = float(min(named, 3))
    x["exchange_place"] = float(min(lo - k, 10))
    return x


def with_roles(x: dict[str, float]) -> dict[str, float]:
    "The features with their per-role copies (zero but for the label's role)."
    return x | {f"{role}*{name}": x[role] * x[name] for role in ROLES for name in PER_ROLE}


def role_weight(evidence, role: str) -> float:
    """The hand-set cues' evidence for a role. The wording model's is left out: the name model was fitted before
    it, and reads the decision it shaped through the other features."""
    return sum(e.weight for e in evidence if e.role == role and e.cue != "wording")


# the trees: how many, the leaves of each, the learning rate and the L2 penalty on leaf values. On the 146 held-back
# tune calls' decisions, at the number of wrong names the logistic model before them let through its gates, they
# passed 4,795 right names against 4,607 one line per turn, 10,167 against 9,802 in paragraphs and 5,927 against
# 5,617 in unbroken text (units, not turns); at a rate of 0.1 and no penalty, 4,726, 9,851 and 5,983.
TREES, LEAVES, RATE, L2 = 300, 31, 0.05, 1.0


@lru_cache(maxsize=1)
def _forest() -> Forest:
    try:
        return Forest(json.loads(MODEL.read_text())["weights"])
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise RuntimeError(f"the name model {MODEL.name} is missing or unreadable ({exc!r}); refit it with python -m ingest.calibration --fit FOLDER") from exc


def p_rights(rows: list[dict[str, float]], weights: dict | None = None) -> list[float]:
    "P(the name is right) for each decision under the fitted trees (`weights`: another fit)."
    return (Forest(weights) if weights is not None else _forest()).p(rows)


def p_right(x: dict[str, float], weights: dict | None = None) -> float:
    "P(one decision's name is right), as `p_rights`."
    return p_rights([x], weights)[0]


def fit(rows: list[tuple[dict[str, float], int]]) -> dict:
    "Boosted trees (`fitting.boosted_trees`) on (features, right) pairs."
    import numpy as np

    return boosted_trees(np.array([[r.get(k, 0.0) for k in FEATURES] for r, _ in rows]), [t for _, t in rows], list(FEATURES), TREES, LEAVES, RATE, L2)


def collect(paths: list[Path]) -> list[tuple[dict[str, float], int]]:
    """(features, right) for every named, non-operator decision on the labelled calls, each call written the three
    ways `ingest.evaluate` scores it. A decision counts when the true speaker's name is said in the call."""
    from . import decoder
    from .evaluate import RENDERINGS, _judge_name, _stated, align, labelled_calls
    from .loader import parse_transcript

    seen: list[tuple[list[str], list[tuple[dict[str, float], str] | None]]] = []  # per decode: its units, each one's (features, name decided)
    original = decoder.name_features

    def record(p, i, labels):
        x = original(p, i, labels)
        if i == 0:
            seen.append((p.units, []))
        seen[-1][1].append(None if x is None else (x, labels[i].name))
        return x

    decoder.name_features = record
    # the decisions and what the decoder saw do not depend on the name model (only the confidences it then gives do),
    # so the rows are read without one: a first fit needs none, and a refit does not read the model it replaces
    global p_rights
    reading = p_rights
    p_rights = lambda found, weights=None: [0.5] * len(found)  # noqa: E731 (the decoder reads it as calibration.p_rights)
    rows: list[tuple[dict[str, float], int]] = []
    try:
        for call in labelled_calls(paths):
            stated = " ".join(t.text for t in call.turns).lower()
            for render in RENDERINGS.values():
                seen.clear()
                parse_transcript(render(call).encode(), f"{Path(call.source).stem}.stripped.txt")
                if not seen:
                    continue  # a call decided without the decoder
                units, decisions = seen[-1]  # the decoder's units: unbroken text is cut into them, and joined again after
                # each unit's truth: the true turn holding most of its words
                owners = align(units, [" ".join(t.text.split()) for t in call.turns])
                for j, decided in enumerate(decisions):
                    truth = call.turns[owners[j]] if owners[j] is not None else None
                    if (decided is None or truth is None or truth.role == "operator" or truth.confidence < 1.0
                            or not _stated(truth.speaker, stated)):
                        continue
                    x, name = decided
                    rows.append((x, int(_judge_name(name, truth.speaker)[0])))
    finally:
        decoder.name_features = original
        p_rights = reading
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ingest.calibration")
    parser.add_argument("--fit", nargs="+", type=Path, metavar="FOLDER", required=True, help="folders of labelled calls (the tune half)")
    parser.add_argument("--out", type=Path, default=MODEL)
    args = parser.parse_args(argv)
    rows = collect(args.fit)
    if not rows:
        print("error: no named decisions on labelled calls in " + ", ".join(map(str, args.fit)), file=sys.stderr)
        return 2
    weights = fit(rows)
    meta = {"fitted_on": ", ".join(p.name for p in args.fit), "decisions": len(rows), "right": sum(y for _, y in rows),
            "date": date.today().isoformat()}
    args.out.write_text(dump({"meta": meta, "weights": weights}))
    print(f"fitted on {len(rows)} named decisions ({meta['right']} right); wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
