"""Every layout analysts bring loads with the right company, period, date, turns and speakers.

Fixtures (tests/fixtures/layouts/README.md says where each comes from): EarningsCall API responses of levels 1,
3 and 4 for Apple FY2022 Q1 (MIT), Rev's earnings21 reference for Culp's FY2020 Q3 call as .nlp, diarized lines
and WebVTT (CC BY-SA 4.0), a MAEC call (CC BY-SA 4.0), and the Apple FY2023 Q1 call (MIT) written out in the
Motley Fool JSON, Motley Fool page (new and old) and StreetEvents layouts, whose real files may not be committed.
`python -m bench.layouts` loads the real files of those layouts from local copies of the public corpora."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ingest import TranscriptError, load_transcript, parse_transcript
from ingest.metadata import parse_period
from ingest.readers import detect
from ingest.report import describe

FIXTURES = Path(__file__).parent / "fixtures"
LAYOUTS = FIXTURES / "layouts"
SAMPLE = FIXTURES / "qifu_2024q1.txt"
APPLE_2023 = {"Tim Cook", "Luca Maestri", "Shannon Cross", "Harsh Kumar"}


@pytest.mark.parametrize(
    "name, layout, company, ticker, period, when, turns",
    [
        ("aapl_fy2022_q1_level1.json", "earningscall-json", "Apple", "AAPL", "FY2022 Q1", date(2022, 1, 27), (60, 100)),
        ("aapl_fy2022_q1_level1.txt", "unbroken-text", "Apple", "AAPL", "FY2022 Q1", None, (60, 100)),
        ("aapl_fy2022_q1_level3.json", "earningscall-json", "Apple", "AAPL", "FY2022 Q1", date(2022, 1, 27), (76, 76)),
        ("aapl_fy2022_q1_level4.json", "earningscall-json", "Apple", "AAPL", "FY2022 Q1", date(2022, 1, 27), (60, 100)),
        ("aapl_fy2023_q1.fool.json", "motley-fool-json", "Apple", "AAPL", "FY2023 Q1", None, (68, 68)),
        ("aapl_fy2023_q1.fool_page.txt", "motley-fool-page", "Apple", "AAPL", "FY2023 Q1", date(2023, 2, 2), (68, 68)),
        ("aapl_fy2023_q1.fool_old_page.txt", "motley-fool-page", "Apple", "AAPL", "FY2023 Q1", date(2023, 2, 2), (68, 68)),
        ("Q1 2023 Apple Inc Earnings Call.txt", "refinitiv-text", "Apple Inc", None, "FY2023 Q1", None, (68, 68)),
        ("earnings21_4330115.nlp", "diarized", "Culp", None, "FY2020 Q3", None, (43, 43)),
        ("earnings21_4330115.vtt", "diarized", "Culp", None, "FY2020 Q3", None, (43, 43)),
        ("earnings21_4330115_speakers.txt", "diarized", "Culp", None, "FY2020 Q3", None, (43, 43)),
    ],
)
def test_each_layout_loads_with_its_company_period_date_and_turns(name, layout, company, ticker, period, when, turns):
    t = load_transcript(LAYOUTS / name)
    report = describe(t)
    assert (t.format, t.company, t.ticker, t.period, t.date) == (layout, company, ticker, period, when)
    assert turns[0] <= len(t.turns) <= turns[1]
    assert report.sections == ("prepared_remarks", "qa")
    assert max(len(x.text.split()) for x in t.turns) < 2000  # no call-long turn


@pytest.mark.parametrize("name", ["aapl_fy2023_q1.fool.json", "aapl_fy2023_q1.fool_page.txt", "aapl_fy2023_q1.fool_old_page.txt", "Q1 2023 Apple Inc Earnings Call.txt"])
def test_labelled_layouts_keep_every_speaker_role_and_section(name):
    source = load_transcript(FIXTURES / "aapl_fy2023_q1_labelled.txt")
    t = load_transcript(LAYOUTS / name)
    assert [(x.speaker, x.role, x.section) for x in t.turns] == [(x.speaker, x.role, x.section) for x in source.turns]
    by_name = {x.speaker: x for x in t.turns}
    assert APPLE_2023 <= set(by_name)
    assert "Chief Executive Officer" in by_name["Tim Cook"].title
    assert by_name["Shannon Cross"].firm == "Credit Suisse"  # from the participants list, or the operator's announcement


def test_page_boilerplate_never_becomes_a_turn():
    t = load_transcript(LAYOUTS / "aapl_fy2023_q1.fool_page.txt")
    speakers = {x.speaker for x in t.turns}
    assert not speakers & {"URL", "Quarter", "Scraped", "Characters", "Revenue", "Term", "Company", "Ticker"}
    text = " ".join(x.text for x in t.turns)
    assert "glossary entry" not in text and "bullet of the summary" not in text and "produced for The Motley Fool" not in text


def test_refinitiv_participant_lists_and_affiliation_lines_stay_out_of_the_turns():
    t = load_transcript(LAYOUTS / "Q1 2023 Apple Inc Earnings Call.txt")
    assert not any(x.text.startswith(("Apple Inc. -", "CORPORATE PARTICIPANTS")) or "Research Division - Analyst" in x.text for x in t.turns)
    assert sum(x.role == "executive" for x in t.turns) == sum(x.role == "executive" for x in load_transcript(FIXTURES / "aapl_fy2023_q1_labelled.txt").turns)
    assert not any(x.role == "analyst" and x.speaker in ("Tim Cook", "Luca Maestri") for x in t.turns)


def test_unbroken_text_is_cut_into_turns_at_speaker_changes():
    t = load_transcript(LAYOUTS / "aapl_fy2022_q1_level1.txt")
    assert t.turns[0].role == "operator" and t.turns[0].text.endswith("Please go ahead.")
    assert t.turns[1].text.startswith("Thank you. Good afternoon")
    roles = {x.role for x in t.turns}
    assert {"operator", "analyst", "executive"} <= roles


def test_one_sentence_per_line_is_read_in_passages_not_one_turn():
    t = load_transcript(FIXTURES / "maec" / "20150226_ACIW.txt")
    assert t.format == "sentence-per-line" and len(t.turns) >= 2
    assert t.source_of("company") == "file name" and t.source_of("period") == "call date"
    assert any("file name" in w for w in t.warnings) and any("call date" in w for w in t.warnings)


@pytest.mark.parametrize(
    "head, layout",
    [
        ("Company: X (X)\nTicker: X\nQuarter: Q1 2026\nURL: https://www.fool.com/x\nScraped: 2026\n", "motley-fool-page"),
        ('{"prepared_remarks": [{"speaker": "Operator", "speech": "Hi."}], "q_and_a": []}', "motley-fool-json"),
        ('{"event": {"year": 2024, "quarter": 1}, "prepared_remarks": "Good day.", "questions_and_answers": null}', "earningscall-json"),
        ("CORPORATE PARTICIPANTS\n \nA B\nX - CEO\nPRESENTATION\n \nOperator\nHello.\n", "refinitiv-text"),
        ("Speaker 1: Good day.\nSpeaker 2: Thanks.\nSpeaker 1: Next.\nSpeaker 3: Hi.\n", "diarized"),
        ("SPEAKER_00: Good day.\nSPEAKER_01: Thanks.\nSPEAKER_00: Next.\nSPEAKER_02: Hi.\n", "diarized"),
        ("WEBVTT\n\n00:00.000 --> 00:01.000\n<v Speaker 1>Good day.</v>\n", "diarized"),
        ("token|speaker|ts|endTs|punctuation|case|tags|wer_tags\nGood|0||||UC|[]|[]\n", "diarized"),
    ],
)
def test_detection_picks_the_layout_from_the_text(head, layout):
    assert detect(head, "call.txt")[0][1] == layout


def test_a_page_with_only_its_header_and_summary_is_rejected_with_the_reason():
    page = (LAYOUTS / "aapl_fy2023_q1.fool_page.txt").read_text().split("Full Conference Call Transcript")[0]
    with pytest.raises(TranscriptError, match="header.txt: a Motley Fool page with no 'Name:text' turns"):
        parse_transcript((page + "Full Conference Call Transcript\n").encode(), "header.txt")


def test_header_fields_as_speakers_are_junk_not_a_call():
    text = "Quarter: Q1 2026\nURL: x\nCompany: Y\n\nQuarter: again\nURL: again and again\nCharacters: 100\n"
    with pytest.raises(TranscriptError, match="junk.txt"):
        describe(parse_transcript(text.encode(), "junk.txt"))


@pytest.mark.parametrize(
    "typed, period",
    [("Q1 2026", "FY2026 Q1"), ("2026-Q1", "FY2026 Q1"), ("1Q26", "FY2026 Q1"), ("FY26 Q1", "FY2026 Q1"), ("q1 fy2026", "FY2026 Q1"),
     ("first quarter 2026", "FY2026 Q1"), ("FY2026 Q1", "FY2026 Q1"), ("Q3'22", "FY2022 Q3"), ("the quarter", None)],
)
def test_a_period_is_shown_one_way_and_typed_any_way(typed, period):
    assert parse_period(typed) == period


@pytest.mark.parametrize("name", ["earnings21_4330115.nlp", "earnings21_4330115.vtt", "earnings21_4330115_speakers.txt"])
def test_each_anonymous_diarized_speaker_is_one_named_person_for_the_whole_call(name):
    t = load_transcript(LAYOUTS / name)
    named = describe(t).named_speakers
    # "With me on the call today are Ken Bowling, chief financial officer of Culp and ...": the CFO by his whole name
    assert {"Iv Culp", "Ken Bowling", "Paul Betz"} <= set(named)
    # Rev's speaker 2 is Iv Culp throughout: every turn of that voice carries the one name
    iv = [x for x in t.turns if x.speaker == "Iv Culp"]
    assert len(iv) >= 10 and all(x.role == "executive" for x in iv)


def test_a_motley_fool_participant_listed_with_a_firm_alone_is_a_caller(tmp_path):
    """Some Motley Fool pages list callers as 'Andrew Jeffrey--Truist Securities' (Global Payments Q1 2021, tune
    half): a firm with no job title. Apple's FY2023 Q1 JSON written that way still gives its analysts their role and
    firm, while its executives keep theirs, and a participant listed with the call's own company name is one of its
    people ("Michael S. Curless--Prologis, Inc." on Prologis's call)."""
    import json

    from ingest.readers.base import dash_participant

    data = json.loads((FIXTURES / "layouts" / "aapl_fy2023_q1.fool.json").read_text(encoding="utf-8"))
    data["participants"] = [p.removesuffix(" -- Analyst") for p in data["participants"]]
    assert "Shannon Cross--Credit Suisse" in data["participants"]
    path = tmp_path / "aapl_fy2023_q1.fool.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    t = load_transcript(path)
    shannon = next(x for x in t.turns if x.speaker == "Shannon Cross")
    assert shannon.role == "analyst" and shannon.firm == "Credit Suisse"
    assert {x.role for x in t.turns if x.speaker in ("Tim Cook", "Luca Maestri")} == {"executive"}
    assert next(x for x in t.turns if x.speaker == "Teja Skala").role == "host"
    opening = "Greetings, and welcome to the Prologis First Quarter 2021 Earnings Conference Call."
    assert dash_participant("Michael S. Curless--Prologis, Inc.", opening)[3] is None
    assert dash_participant("Andrew Jeffrey--Truist Securities", opening)[1:] == ("Analyst", "Truist Securities", "analyst")
    assert dash_participant("Seamus Grady--C", opening)[3] is None  # a stub, not a firm


def test_a_heading_of_a_name_and_a_firm_joined_by_dashes_is_a_caller_of_that_firm(tmp_path):
    """Apple's FY2023 Q1 Q&A written as text, each turn headed by its Motley Fool participants entry ("Shannon
    Cross--Credit Suisse -- Analyst", no spaces round the first dashes). Before, a name's word could hold "--", so the
    speaker became "Shannon Cross--Credit Suisse" with no firm."""
    import json

    data = json.loads((FIXTURES / "layouts" / "aapl_fy2023_q1.fool.json").read_text(encoding="utf-8"))
    heading = {p.split("--")[0]: p for p in data["participants"]}
    text = "\n\n".join(f"{heading.get(t['speaker'], t['speaker'])}\n{t['speech']}" for t in data["q_and_a"])
    path = tmp_path / "aapl_fy2023_q1_qa.txt"
    path.write_text(text, encoding="utf-8")
    t = load_transcript(path)
    shannon = [x for x in t.turns if "Shannon" in x.speaker]
    assert shannon and all(x.speaker == "Shannon Cross" and x.role == "analyst" and x.firm == "Credit Suisse" for x in shannon)
    assert not [x.speaker for x in t.turns if "--" in x.speaker]
    luca = [x for x in t.turns if x.speaker == "Luca Maestri"]
    assert luca and {x.role for x in luca} == {"executive"} and luca[0].title == "Chief Financial Officer"


def test_a_page_that_labels_the_operator_by_first_name_and_callers_by_role_keeps_every_turn(tmp_path):
    """Some Motley Fool pages label the operator by a first name the page lists nowhere ("Eric:Your next question
    comes from the line of Arjun Bhatia...", Figma Q3 2025) and callers by their role ("Analyst (Ryan MacWilliams):",
    "Analyst:", MongoDB Q1 2027; both tune half). Apple's FY2023 Q1 page written that way keeps its 68 turns: before,
    each such line ran on into the turn above it, an executive's answer taking in the operator's announcement after
    it, and a caller's question the operator's line before it. The operator here is "Kim": Apple's call has an Eric
    among its callers."""
    page = (LAYOUTS / "aapl_fy2023_q1.fool_page.txt").read_text(encoding="utf-8")
    before = load_transcript(LAYOUTS / "aapl_fy2023_q1.fool_page.txt")
    callers = sorted({x.speaker for x in before.turns if x.role == "analyst"})
    first = next(x.text for x in before.turns if x.speaker == callers[0])  # this one caller's label states only the role
    lines = []
    for line in page.splitlines():
        name, _, said = line.partition(":")
        if name == "Operator":
            line = f"Kim:{said}"
        elif name in callers:
            line = f"Analyst:{said}" if said.strip() == first.splitlines()[0].strip() else f"Analyst ({name}):{said}"
        lines.append(line)
    path = tmp_path / "aapl_fy2023_q1.fool_page.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    t = load_transcript(path)
    assert len(t.turns) == len(before.turns) == 68
    assert [x.text for x in t.turns] == [x.text for x in before.turns]
    for was, now in zip(before.turns, t.turns):
        if was.speaker == "Operator":
            assert (now.speaker, now.role) == ("Kim", "operator")
            continue
        assert (now.speaker, now.role) == (was.speaker, was.role)
        if was.role == "analyst":  # the caller labelled "Analyst:" alone too: the operator announced them
            assert now.confidence < 1.0 if was.text == first else now.confidence == 1.0


def _wrapped(lines: list[str], blank: bool, page: int = 0) -> str:
    """Lines hard-wrapped at 80 columns, as text taken from a PDF or an e-mail is, with or without blank lines between
    them, and with a blank line between pages of `page` lines."""
    import textwrap

    text = ("\n\n" if blank else "\n").join(textwrap.fill(line, 80) for line in lines)
    if page:
        wrapped = text.split("\n")
        text = "\n\n".join("\n".join(wrapped[i : i + page]) for i in range(0, len(wrapped), page))
    return text + "\n"


@pytest.mark.parametrize("blank, page", [(True, 0), (False, 0), (False, 50)])
def test_hard_wrapped_text_reads_as_its_paragraphs_not_its_lines(blank, page):
    # Apple's FY2023 call stripped of its labels as the sample is written (a header, then a line per turn), each
    # turn wrapped at 80 columns: before, every wrapped line was a turn of its own
    from ingest.evaluate import LABELLED, strip_labels

    _, truth, text = strip_labels(LABELLED)
    lines = text.rstrip("\n").split("\n")
    plain = parse_transcript(text.encode(), "aapl.txt")
    wrapped = parse_transcript(("\n".join(lines[:3]) + "\n\n" + _wrapped(lines[3:], blank, page)).encode(), "aapl.txt")
    assert max(map(len, _wrapped(lines[3:], blank).splitlines())) <= 80
    if blank:  # blank lines part the turns: the same turns, word for word
        assert [(t.speaker, t.role, t.text) for t in wrapped.turns] == [(t.speaker, t.role, t.text) for t in plain.turns]
    else:  # a line that ends a sentence at the margin may end a turn or go on: the seam model hears which (before,
        # every such line ended a turn: 148 turns for these 122 lines), and a blank line between pages parts nothing
        words = lambda call: [(w, t.speaker, t.role) for t in call.turns for w in t.text.split()]  # noqa: E731
        assert len(plain.turns) - 3 <= len(wrapped.turns) <= len(plain.turns) + 3
        assert len(words(wrapped)) == len(words(plain))
        assert sum(a == b for a, b in zip(words(wrapped), words(plain))) >= 0.97 * len(words(plain))


def test_the_sample_hard_wrapped_without_blank_lines_keeps_its_turns_and_speakers():
    # The customer's sample (a line per turn, no labels) wrapped at 80 columns with no blank lines, as a PDF gives it.
    # Before, each line that ended a sentence at the margin ended a turn: 60 turns for 34, and 13 of its 17 stated
    # names (the operator's "Please go ahead." and an interpreter's long turn came apart into several).
    import json

    from ingest.evaluate import _judge_name, align

    sample = FIXTURES / "qifu_2024q1.txt"
    gold = json.loads((FIXTURES / "qifu_2024q1.gold.json").read_text())["turns"]
    lines = sample.read_text(encoding="utf-8").rstrip("\n").split("\n")
    wrapped = parse_transcript(_wrapped(lines, blank=False).encode(), sample.name)
    assert wrapped.format == "earningscall-text" and max(map(len, _wrapped(lines, blank=False).splitlines())) <= 80
    assert len(gold) - 2 <= len(wrapped.turns) <= len(gold) + 2
    owners = align([" ".join(t.text.split()) for t in load_transcript(sample).turns], [t.text for t in wrapped.turns])
    said = [(g, wrapped.turns[j]) for g, j in zip(gold, owners)]
    judged = [_judge_name(t.speaker, g["speaker"]) for g, t in said if g["speaker"]]
    assert sum(g["role"] == t.role for g, t in said) >= len(gold) - 1
    assert sum(right for right, _ in judged) >= len(judged) - 1 and not any(wrong for _, wrong in judged)


@pytest.mark.parametrize("page", [0, 50])
def test_hard_wrapped_unbroken_text_is_still_cut_at_speaker_changes(page):
    # EarningsCall's level-1 text for Apple FY2022 Q1 (one block of speech), wrapped at 80 columns, and also parted
    # into pages of 50 lines by blank lines
    original = LAYOUTS / "aapl_fy2022_q1_level1.txt"
    text = original.read_text(encoding="utf-8")
    wrapped = parse_transcript(_wrapped([text.strip()], blank=False, page=page).encode(), original.name)
    assert wrapped.format == "unbroken-text"
    assert [(t.speaker, t.role, t.text) for t in wrapped.turns] == [(t.speaker, t.role, t.text) for t in load_transcript(original).turns]


def _wrapped_file(path: Path) -> bytes:
    "A file's lines hard-wrapped at 80 columns (blank lines kept), breaking after hyphens as textwrap does."
    return "\n".join(_wrapped([line], blank=False).rstrip("\n") if line.strip() else "" for line in path.read_text(encoding="utf-8").splitlines()).encode()


# Motley Fool's page (new and old), the labelled FY2023 call (long turns over several paragraphs) and earnings21's
# diarized "Speaker 1:" text, each hard-wrapped at 80 columns: before, the labelled files kept the wrapped lines'
# breaks inside their turns and read "forward-" / "looking" as "forward- looking"; the diarized text, with few of
# its lines opening on a speaker key, was read as plain paragraphs, its speaker keys lost
@pytest.mark.parametrize("name", ["layouts/aapl_fy2023_q1.fool_page.txt", "layouts/aapl_fy2023_q1.fool_old_page.txt",
                                  "aapl_fy2023_q1_labelled.txt", "layouts/earnings21_4330115_speakers.txt"])
def test_hard_wrapped_labelled_text_reads_as_the_file_before_it_was_wrapped(name):
    plain = load_transcript(FIXTURES / name)
    wrapped = parse_transcript(_wrapped_file(FIXTURES / name), name)
    assert max(len(line) for line in _wrapped_file(FIXTURES / name).decode().splitlines()) <= 80
    assert (wrapped.format, wrapped.company, wrapped.date) == (plain.format, plain.company, plain.date)
    assert [(t.speaker, t.role, t.section) for t in wrapped.turns] == [(t.speaker, t.role, t.section) for t in plain.turns]
    if plain.format != "diarized":  # the transcriber's own "non- GAAP" is a word the wrapping may break after
        assert [t.text.split() for t in wrapped.turns] == [t.text.split() for t in plain.turns]
        # paragraphs part only where the file parts them, and most do (a paragraph whose last line ends at the margin
        # runs on into the next: in the labelled call 3 of its 54 breaks inside a turn)
        kept, had = _breaks(wrapped), _breaks(plain)
        assert kept <= had and len(kept) >= 0.9 * len(had)
    assert "forward- looking" not in " ".join(t.text for t in wrapped.turns)


def _breaks(call) -> set[tuple[int, int]]:
    "(turn, word) where a paragraph inside a turn starts."
    out = set()
    for i, turn in enumerate(call.turns):
        at = 0
        for paragraph in turn.text.split("\n")[:-1]:
            at += len(paragraph.split())
            out.add((i, at))
    return out


def test_the_sample_hard_wrapped_keeps_its_header_and_its_words():
    # the customer's sample wrapped at 80 columns: its disclaimer runs over two lines, so the company and the date were
    # read from the wrong lines and the call was taken for plain paragraphs, without its company or date
    plain = load_transcript(SAMPLE)
    wrapped = parse_transcript(_wrapped_file(SAMPLE), SAMPLE.name)
    assert (wrapped.format, wrapped.company, wrapped.date) == (plain.format, plain.company, plain.date)
    words = lambda call: [(w, t.role) for t in call.turns for w in t.text.split()]  # noqa: E731
    assert [w for w, _ in words(wrapped)] == [w for w, _ in words(plain)]
    assert sum(a == b for a, b in zip(words(wrapped), words(plain))) >= 0.97 * len(words(plain))


@pytest.mark.parametrize("lines, expected", [
    # the fixtures' own suspended hyphens, broken where textwrap breaks them
    (["prices for these short-", "and mid-duration assets"], "prices for these short- and mid-duration assets"),
    (["a rating of A-", "and last year"], "a rating of A- and last year"),
    (["our forward-", "looking statements"], "our forward-looking statements"),
    (["day-", "to-day work"], "day-to-day work"),
])
def test_wrapped_lines_join_across_hyphens_but_keep_a_suspended_one(lines, expected):
    from ingest.readers.base import joined

    assert joined(lines) == expected


# the sample, a MAEC call, Sherwin-Williams' MAEC call (its sentences left unpunctuated, of any length) and
# EarningsCall's level-1 text: none is wrapped, and each is once wrapped
@pytest.mark.parametrize("name", ["qifu_2024q1.txt", "maec/20150226_ACIW.txt", "maec/20170720_SHW.txt", "layouts/aapl_fy2022_q1_level1.txt"])
def test_text_that_is_not_hard_wrapped_is_not_reflowed(name):
    from ingest.readers.base import wrap_width

    lines = [line.strip() for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    assert wrap_width(lines) is None and wrap_width(_wrapped(lines, blank=False).splitlines()) in range(70, 81)


def test_one_sentence_per_line_left_unpunctuated_is_read_sentence_by_sentence():
    # Sherwin-Williams' Q2 2017 MAEC call: a sentence a line, none ending in a stop. Before, with no line ending a
    # sentence and no blank line, the whole call was one paragraph, one turn of 6,976 words
    t = load_transcript(FIXTURES / "maec" / "20170720_SHW.txt")
    assert t.format == "sentence-per-line" and len(t.turns) > 50
    assert {"operator", "executive", "analyst"} <= {x.role for x in t.turns} and any(x.section == "qa" for x in t.turns)
