"""Reading transcripts: the sample, each format, metadata, bad input."""

from __future__ import annotations

import json
from datetime import date

import pytest

from ingest import TranscriptError, load_transcript, parse_transcript
from ingest.chunking import MAX_CHARS, chunk_transcript, split_sentences
from ingest.evaluate import LABELLED, strip_labels
from ingest.serialize import from_json, to_json

from .conftest import FIXTURES, SAMPLE


def test_sample_parses_into_its_turns_with_company_date_and_period():
    t = load_transcript(SAMPLE)
    # 32 paragraphs, two of which hold the interpreter's hand-over mid-paragraph
    assert len(t.turns) == 34
    assert t.company == "Qifu Technology, Inc"
    assert t.date == date(2024, 5, 20)
    assert t.period == "FY2024 Q1"  # the host says "third quarter" once; the call is Q1
    assert t.id == "qifu-technology-inc-2024-05-20"
    assert t.format == "earningscall-text"


def test_chunks_never_cross_a_turn_and_keep_its_metadata():
    t = load_transcript(SAMPLE)
    chunks = chunk_transcript(t)
    ceo = t.turns[3]
    assert len(ceo.text) > 9000
    ceo_chunks = [c for c in chunks if c.metadata["turn_index"] == 3]
    assert len(ceo_chunks) > 10
    for c in chunks:
        turn = t.turns[c.metadata["turn_index"]]
        assert c.text in turn.text
        assert len(c.text) <= MAX_CHARS
        assert c.metadata["speaker"] == turn.speaker and c.metadata["section"] == turn.section
    assert " ".join(c.text for c in ceo_chunks) == " ".join(split_sentences(ceo.text))


def test_chunk_metadata_is_flat_scalars():
    for c in chunk_transcript(load_transcript(SAMPLE)):
        assert all(isinstance(v, (str, int, float, bool)) for v in c.metadata.values())


def test_sentences_do_not_break_after_honorifics():
    assert split_sentences("Joining me are Mr. Wu Haisheng, our CEO. Next.") == ["Joining me are Mr. Wu Haisheng, our CEO.", "Next."]


def test_a_sentence_ends_after_a_shorthand_or_a_transcriber_s_bracket_where_the_next_word_opens_one():
    """Real sentences from labelled calls and the earnings21 fixture: a stop after 'U.S.', 'Inc.', 'No.' or 'P&L.' can
    end one, and so can '[Indecipherable]'; '[Operator Instructions]' and '$6.3 million' can open one."""
    culp = (FIXTURES / "layouts" / "earnings21_4330115_speakers.txt").read_text(encoding="utf-8")
    assert any(s.endswith("most recent filings on form 10-K and form 10-Q.") for s in split_sentences(culp))
    for text in [
        "Frankly, we've seen a challenging patient environment in the U.S. We did deem patients globally, but the volume was lower.",
        "Our next question comes from John Campbell with Stephens, Inc. Please proceed with your question.",
        "No. That's super helpful.",
        "Moving through the rest of the P&L. Our adjusted gross margin of 44% increased.",
        "Sure, A.J. Thanks a lot for that.",
        "Our GAAP results included restructuring and other onetime costs totaling $7.2 million. $6.3 million of these "
        "costs are related to the impairment of assets and severance.",
        "Q-on-Q on the US admission [Indecipherable] Thank you.",
    ]:
        assert len(split_sentences(text)) == 2, text
    assert split_sentences("Thank you. [Operator Instructions] Our first question comes from Noelle Dilts with Stifel.") == [
        "Thank you.", "[Operator Instructions]", "Our first question comes from Noelle Dilts with Stifel."]
    # an answer's citation marker stays with the sentence it cites (the checked answer puts it after the stop)
    assert split_sentences("Funding costs declined over 70 basis points sequentially. [1] Record high ABS issuance helped. [1]") == [
        "Funding costs declined over 70 basis points sequentially. [1]", "Record high ABS issuance helped. [1]"]
    for text in [  # a name, a place or a company name going on
        "Joining me today is A.J. Rice, our analyst.",
        "Treasury holdings were $1.68 billion of U.S. Treasury securities or 63% of the total.",
        "Good day and welcome to the Box, Inc. Second Quarter Fiscal 2022 Earnings Conference Call.",
        "We are the No. 1 provider in the market.",
        "VJ Kumar of [Indecipherable] IFI is online with a question.",
    ]:
        assert split_sentences(text) == [text], text


def test_transcript_survives_a_json_round_trip():
    t = load_transcript(SAMPLE)
    assert from_json(to_json(t)) == t


def test_earningscall_json_with_speaker_map_takes_names_and_titles():
    t = load_transcript(FIXTURES / "aapl_fy2023_q1_level2_speakermap.json")
    assert t.format == "earningscall-json"
    assert t.period == "FY2023 Q1" and t.date == date(2023, 2, 2)
    cook = [x for x in t.turns if x.speaker == "Tim Cook"]
    assert cook and all(x.title == "CEO" and x.role == "executive" for x in cook)
    bott = [x for x in t.turns if x.speaker == "David Bott"]
    assert bott and all(x.role == "analyst" and x.firm == "UBS" for x in bott)
    assert any(e.analyst == "David Bott" for e in t.exchanges)


def test_earningscall_json_without_map_is_attributed_from_the_text():
    t = load_transcript(FIXTURES / "aapl_fy2022_q1_level2.json")
    assert t.period == "FY2022 Q1"
    assert t.turns[0].role == "operator"
    assert {"Tim Cook", "Luca Maestri"} <= {x.speaker for x in t.turns}
    assert ("Wamsi Mohan", "Bank of America") in {(e.analyst, e.firm) for e in t.exchanges}


MOTLEY = """Apple Inc (AAPL) Q1 2023 Earnings Call
February 2, 2023

Prepared Remarks:

Operator
Good day, and welcome to the Apple Q1 fiscal year 2023 earnings conference call. I would like to turn the call over to Tejas Gala, Director of Investor Relations. Please go ahead.

Tejas Gala -- Director, Investor Relations and Corporate Finance
Thank you. Speaking first today is Apple CEO Tim Cook, and he'll be followed by CFO Luca Maestri.

Tim Cook -- Chief Executive Officer
Thank you, Tejas. Today we're reporting revenue of $117.2 billion for the December quarter.

Questions and Answers:

Operator
We will go ahead and take our first question from David Vogt with UBS.

David Vogt -- UBS -- Analyst
Great. Thanks for taking my question. How should we think about the supply chain?

Tim Cook -- Chief Executive Officer
This is Tim, David. We did see disruption from early November through most of December.

Call participants:
Tejas Gala -- Director, Investor Relations and Corporate Finance
Tim Cook -- Chief Executive Officer
David Vogt -- UBS -- Analyst
"""


def test_motley_fool_style_headings_give_names_titles_firms_and_sections(tmp_path):
    path = tmp_path / "aapl_q1_2023.txt"
    path.write_text(MOTLEY)
    t = load_transcript(path)
    assert t.format == "labelled-text"
    assert [x.speaker for x in t.turns] == ["Operator", "Tejas Gala", "Tim Cook", "Operator", "David Vogt", "Tim Cook"]
    assert [x.role for x in t.turns] == ["operator", "host", "executive", "operator", "analyst", "executive"]
    assert [x.section for x in t.turns] == ["prepared_remarks"] * 3 + ["qa"] * 3
    assert t.turns[4].firm == "UBS" and t.turns[2].title == "Chief Executive Officer"
    assert t.exchanges[0].analyst == "David Vogt" and t.exchanges[0].turn_indices == (3, 4, 5)
    assert t.date == date(2023, 2, 2) and t.period == "FY2023 Q1"


def test_name_colon_text_turns_are_read(tmp_path):
    text = (
        "Operator: Welcome to the Acme first quarter 2024 earnings call. I will now turn the call over to Jane Roe, Head of Investor Relations.\n"
        "Jane Roe: Thank you. With me is our CEO John Smith. John, please go ahead.\n"
        "John Smith: Thanks, Jane. Revenue grew 12% to $3 billion.\n"
        "Operator: Our first question comes from Ann Lee with Goldman Sachs.\n"
        "Ann Lee: How durable is the growth?\n"
        "John Smith: Quite durable.\n"
    )
    path = tmp_path / "acme.txt"
    path.write_text(text)
    t = load_transcript(path)
    assert [x.role for x in t.turns] == ["operator", "host", "executive", "operator", "analyst", "executive"]
    assert t.turns[4].firm == "Goldman Sachs"
    assert t.period == "FY2024 Q1"


def test_generic_json_list_of_speaker_and_text(tmp_path):
    path = tmp_path / "mine.json"
    turns = [
        {"speaker": "Operator", "text": "Welcome to the call. Our first question comes from Ann Lee with Goldman Sachs."},
        {"speaker": "Ann Lee", "text": "What is the outlook?", "firm": "Goldman Sachs", "title": "Analyst"},
        {"speaker": "John Smith", "title": "CFO", "text": "We expect growth of 5%."},
    ]
    path.write_text(json.dumps(turns))
    t = load_transcript(path)
    assert t.format == "json-turns"
    assert [(x.speaker, x.role) for x in t.turns] == [("Operator", "operator"), ("Ann Lee", "analyst"), ("John Smith", "executive")]
    assert t.turns[2].section == "qa" and t.turns[2].exchange_id == 1


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "latin-1"])
def test_text_encodings_are_read(tmp_path, encoding):
    text = SAMPLE.read_text(encoding="utf-8").replace("Qifu Technology, Inc", "Qifu Technology, Inc é")
    if encoding == "latin-1":
        text = text.encode("latin-1", errors="replace").decode("latin-1")
    path = tmp_path / "sample.txt"
    path.write_bytes(text.encode(encoding))
    t = load_transcript(path)
    assert t.company == "Qifu Technology, Inc é" and len(t.turns) == 34


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("empty.txt", b"", "empty.txt: the file is empty"),
        ("blank.txt", b"  \n\n ", "blank.txt: the file is empty"),
        ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "image.png: this is a binary file"),
        ("broken.json", b'{"speakers": [', "broken.json: invalid JSON"),
        ("list.json", b'[{"speaker": "A"}]', "list.json: turn 0 is not an object with a 'text' string"),
        ("config.json", b'{"name": "x"}', "config.json: JSON has no list of turns"),
        # too little to be a call: it said "not a transcript layout Earshot reads", as if the layout were the trouble
        ("note.txt", b"hello world", "note.txt: not a transcript (too little text: 2 words)"),
        ("header.txt", b"Qifu Technology, Inc\n5/20/2024\n", "header.txt: not a transcript (too little text: 4 words)"),
        ("numbers.txt", b"1 2 3 4 5 6 7 8 9 " * 20, "numbers.txt: not a transcript"),
    ],
)
def test_bad_input_is_rejected_naming_the_file_and_the_reason(name, data, reason):
    with pytest.raises(TranscriptError) as exc:
        parse_transcript(data, name)
    assert str(exc.value).startswith(reason)


@pytest.mark.parametrize(
    "path",
    [FIXTURES / "LICENSE", FIXTURES / "maec" / "LICENSE", FIXTURES / "layouts" / "LICENSE-earnings21",
     FIXTURES.parents[1] / "ingest" / "loader.py", FIXTURES.parents[1] / "requirements.txt"],
    ids=["MIT licence", "CC BY-SA licence", "short licence note", "program", "requirements"],
)
def test_a_document_that_is_not_a_call_is_refused_though_a_reader_finds_turns_in_it(path):
    # each was read as unlabelled paragraphs or sentences and indexed as a call of a few to 66 turns
    with pytest.raises(TranscriptError, match=rf"^{path.name}: not a call transcript: its text does not read as speech"):
        load_transcript(path)


def test_the_speech_check_passes_every_real_call_among_the_fixtures():
    from ingest.readers import decode, read_call
    from ingest.speech import REFUSE_BELOW, speech_log_odds

    calls = [SAMPLE, *sorted((FIXTURES / "maec").glob("*.txt")), *(FIXTURES / "layouts").glob("aapl_*"), FIXTURES / "aapl_fy2023_q1_labelled.txt"]
    for path in calls:
        text = "\n".join(t.text for t in read_call(path, decode(path, path.read_bytes())).turns)
        assert speech_log_odds(text) > REFUSE_BELOW + 2, path.name  # far from the bar, not just over it


def test_missing_file_is_a_transcript_error(tmp_path):
    with pytest.raises(TranscriptError, match="nope.txt: no such file"):
        load_transcript(tmp_path / "nope.txt")


def test_a_maec_call_with_dashes_in_its_sentences_is_not_read_as_labelled_turns():
    # "To answer the -- I will let <UNK> answer..." looks like a "Name -- Title" header to a loose reader
    path = FIXTURES / "maec" / "20150226_ACIW.txt"
    t = load_transcript(path)
    assert (t.format, t.company, t.date) == ("sentence-per-line", "ACIW", date(2015, 2, 26))
    renamed = parse_transcript(path.read_bytes(), "aciw_call.txt")
    assert renamed.format == "sentence-per-line"
    assert not any(turn.speaker.startswith(("To answer", "We were")) for turn in renamed.turns)


@pytest.mark.parametrize(
    "welcome, company",
    [  # operators' welcomes on calls of the tune half (Motley Fool JSON)
        ("Good day, ladies and gentlemen. And welcome to the First Quarter 2021 Hess Corporation Conference Call.", "Hess Corporation"),
        ("Greetings, and welcome to the Quarter Two 2021 Cummins Inc. Earnings Conference Call.", "Cummins Inc"),
        ("Good morning, and welcome to the First BanCorp Third Quarter Earnings Conference Call and webcast.", "First BanCorp"),  # not a period
        # the period alone is no company: before, "Third Quarter" and "Second Quarter" named these calls
        ("Welcome to the Third Quarter 2020 Financial Results Conference Call and Webcast for Zoetis.", None),
        ("Good morning, ladies and gentlemen. Welcome to the Second Quarter Results Teleconference for Travelers.", None),
        # a corporate form after a comma: before, these named no company (26 of 577 tune calls' welcomes)
        ("Good day, and thank you for standing by. Welcome to the MongoDB, Inc.'s Q1 FY2026 Earnings Conference Call.", "MongoDB"),
        ("Good afternoon and welcome to the Redwood Trust, Inc Second Quarter 2021 Financial Results Conference Call.", "Redwood Trust"),
        ("Good afternoon, and welcome to the Greenhill & Company, Inc. Fourth Quarter 2020 earnings conference call.", "Greenhill & Company"),
        ("Welcome to the Q1 2021 Bio-Rad Laboratories, Inc. Earnings Conference Call. [Operator Instructions]", "Bio-Rad Laboratories"),
    ],
)
def test_the_company_a_call_welcomes_callers_to_is_read_past_the_period(welcome, company):
    from ingest.metadata import company_from_text

    assert company_from_text([welcome]) == company


# Campbell Soup's Q1 FY2022 call and Boston Properties' Q3 2022 call (tune half), their own sentences
_CAMPBELL = [
    "Good morning, my name is April, and I will be your conference operator today. At this time, I would like to welcome everyone to "
    "the Campbell Soup First Quarter Fiscal 2022 Earnings Conference Call. Ms. Gardy, you may begin your conference.",
    "Good morning and welcome to Campbell's first quarter fiscal 2022 earnings conference call. I'm Rebecca Gardy, Head of Investor "
    "Relations at Campbell Soup Company. Joining me today are: Mark Clouse, Campbell's President and Chief Executive Officer and Mick "
    "Beekhuizen, Campbell's Chief Financial Officer. And with that, I'm pleased to turn the call over to Mark.",
]
_BOSTON = [
    "Good day, and welcome to the Boston Properties Third Quarter 2022 Earnings Conference Call.",
    "We completed in Cambridge, the Seaport District of Boston and South San Francisco for a total of over $1 billion. And the 118,000 "
    "square foot 760 Boylston Street retail building at the Prudential Center in Boston that is also fully leased. We also exceeded our "
    "budget for parking revenues, particularly in Boston, where return to office continues to grow.",
]


def test_a_company_is_also_named_by_the_first_word_its_own_call_calls_it():
    from ingest.evaluate import render_unlabelled
    from qa.scope import detect, people_in

    campbell = parse_transcript(render_unlabelled("Campbell Soup Company", "11/22/2021", _CAMPBELL).encode(), "cpb.txt")
    boston = parse_transcript(render_unlabelled("Boston Properties, Inc.", "11/1/2022", _BOSTON).encode(), "bxp.txt")
    assert "Campbell" in campbell.aliases  # "Campbell's President and Chief Executive Officer", said three times
    assert "Boston" not in boston.aliases  # the city, never the company's possessive
    people = people_in([campbell, boston])
    assert detect("What did Campbell say about snacks?", people)["company"] == "Campbell Soup Company"
    assert "company" not in detect("What did the calls say about Boston office demand?", people)
    # the word in lower case is the everyday word, as before
    assert "company" not in detect("Is campbell a common name?", people)


def test_a_word_of_a_persons_name_is_no_company():
    from qa.scope import People, detect, subject

    people = People((("Jeff Edwards", None, "Morgan Stanley", "analyst"),), ("Edwards Lifesciences",), (), aliases=(("Edwards", "Edwards Lifesciences"),))
    assert detect("What did Jeff Edwards ask?", people) == {"speaker": "Jeff Edwards"}  # before, Edwards Lifesciences too
    assert detect("What did Edwards say about TAVR?", people) == {"company": "Edwards Lifesciences"}
    assert subject("What did Jeff Edwards ask about TAVR?", people) == "What did ask about TAVR?"


def _typographic(text: str) -> str:
    "Text as a web page or a word processor writes it: curly apostrophes and a no-break space after each comma."
    return text.replace("'", "\u2019").replace(", ", ",\u00a0")


def test_typographic_apostrophes_and_spaces_are_read_like_plain_ones():
    # Apple's labelled FY2023 call, stripped of its labels: "It's Luca.", "I'll turn it over to Tim" and "Thanks, Tim"
    # are cues only with a plain apostrophe and space; written typographically, each turn must come out the same
    _, _, text = strip_labels(LABELLED)
    plain = parse_transcript(text.encode(), "aapl.txt")
    curly = parse_transcript(_typographic(text).encode(), "aapl.txt")
    assert "\u2019" in _typographic(text) and "\u00a0" in _typographic(text)
    assert [(t.speaker, t.role, t.section, t.text) for t in curly.turns] == [(t.speaker, t.role, t.section, t.text) for t in plain.turns]


def test_escaped_typographic_apostrophes_in_json_are_read_like_plain_ones(tmp_path):
    # EarningsCall's level-2 JSON for Apple FY2022 Q1, its apostrophes written as the JSON escape \u2019
    data = json.loads((FIXTURES / "aapl_fy2022_q1_level2.json").read_text(encoding="utf-8"))
    for speaker in data["speakers"]:
        speaker["text"] = speaker["text"].replace("'", "\u2019")
    escaped = tmp_path / "aapl_fy2022_q1_level2.json"
    escaped.write_text(json.dumps(data, ensure_ascii=True), encoding="ascii")
    assert "\\u2019" in escaped.read_text()
    plain, curly = load_transcript(FIXTURES / "aapl_fy2022_q1_level2.json"), load_transcript(escaped)
    assert [(t.speaker, t.role, t.text) for t in curly.turns] == [(t.speaker, t.role, t.text) for t in plain.turns]


def test_a_windows_1252_file_keeps_its_apostrophes(tmp_path):
    # Apple's labelled FY2023 call saved by a word processor in Windows' code page: curly apostrophes are byte 0x92
    text = LABELLED.read_text(encoding="utf-8")
    path = tmp_path / "aapl.txt"
    path.write_bytes(text.replace("'", "\u2019").encode("cp1252"))
    assert b"\x92" in path.read_bytes()
    t, original = load_transcript(path), load_transcript(LABELLED)
    assert [(x.speaker, x.role, x.text) for x in t.turns] == [(x.speaker, x.role, x.text) for x in original.turns]
    assert any("'" in x.text for x in t.turns)
