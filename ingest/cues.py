"""What a sentence of a call tells about who is speaking: the cues real calls carry."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

_TOKEN = r"[A-Z][a-zA-Z'’\-]+"
# the lower-case particles of a surname: "Cai von Rumohr", "Kees van der Berg", "Maria de la Cruz"
_PARTICLE = r"(?:(?:von|van|der|den|de|del|della|da|di|du|dos|das|la|le|ter)\s+){0,2}"
# ASR may lower-case a first name; "A.J. Rice"; "Neil H. Shah"; "Haendel St. Juste"
_NAME = rf"(?:{_TOKEN}|[a-z][a-zA-Z'’\-]+|(?:[A-Z]\.){{1,2}})(?:\s+(?:[A-Z]\.\s*)?(?:St\.\s*)?{_PARTICLE}{_TOKEN}){{1,2}}"
_HONORIFICS = ("Mr", "Ms", "Mrs", "Dr", "Miss")
_TITLE_OF_ADDRESS = "(?:" + "|".join(_HONORIFICS) + ")"  # "Mrs" after "Mr" still matches: the regex backtracks
_HONORIFIC = rf"(?:{_TITLE_OF_ADDRESS}\.?\s+)?"
_EXEC_TITLE = (
    r"(?:(?:Co-)?(?:Chief|Executive|Senior|Group|Deputy|Vice)\b[\w ,&'-]*?(?:Officer|President|Director|Chairman|Chairwoman)"
    r"|CEO|CFO|COO|CRO|CTO|CIO|CMO|President|Chairman|Chairwoman|Founder|Treasurer|Controller"
    r"|(?:Senior |Executive )?(?:Vice President|VP|Director|Head|Manager|General Manager)\b[\w ,&'-]*?"
    r"(?=,|\.|;| and | who |$))"
)
_SENTENCE = re.compile(r"(?<![\s.][A-Z]\.)(?<=[.!?])\s+")  # not after an initial: "A.J. Rice"

# Roster lines in the host's introduction.
# A name starts a word: not the "O." of "...and CFO. Bill Sales, our Executive Vice President of Operations"
_ROSTER_OUR = re.compile(rf"(?<![\w'’-]){_HONORIFIC}({_NAME}),\s+(?:our|the company's|who is our)\s+([^,.;]+?)(?=,|\.|;| and |$)")
# "CFO Luca Maestri", "our CEO, Ron O'Hanley, will speak first"; not a list's next entry ("our CEO, Mr. Alex Xu, our CFO"),
# nor the company a title goes on with ("the CEO of Novo Nordisk, Lars Fruergaard Jorgensen"), nor the department a
# vice president's title goes on with ("Scott Oaksmith, Senior Vice President, Real Estate & Finance")
_ROSTER_TITLE_FIRST = re.compile(
    rf"\b(CEO|CFO|COO|CRO|CTO|Chief [A-Z][a-z]+ Officer|(?<!Vice\s)President|Chairman),?\s+(?!(?:of|at|for|in|and|the)\s){_HONORIFIC}({_NAME})(?!\w|,?\s+(?:our|the company's|who is)\b)"
)
# a title that goes with the name before it ("Ron Port, Chief Commercial Officer, Metal Cutting Business Segment",
# "Mahesh Saptharishi, Senior Vice President and CTO, Software Enterprise", "Erika Alexander, who serves as the Chief
# Global Officer, Global Operations"): what follows it is a part of the company, not a person the title introduces
_TITLE_OF_THE_NAME_BEFORE = re.compile(rf"{_TOKEN}\s+{_TOKEN},\s+(?:(?:[A-Z][\w&-]*|and|&|the|who|serves|as|currently|is)\s+){{0,6}}$")
_OVER_TO_WITH_TITLE = re.compile(
    rf"(?:over to|introduce|joined by)\s+{_HONORIFIC}({_NAME}),\s+((?:[A-Z][\w&'-]*|of|and|for|the)(?:,?\s+(?:[A-Z][\w&'-]*|of|and|for|the))*)"
)
# the same title written in lower case, as some publishers do ("over to Mr. Jeff Norris, senior vice president of
# finance."): up to eight words that end the clause
_OVER_TO_WITH_LOWER_TITLE = re.compile(
    rf"(?:over to|introduce|joined by)\s+{_HONORIFIC}({_NAME}),\s+([a-z][\w&'-]*(?:,?\s+[a-z][\w&'-]*){{0,7}})(?=\s*[.;]|,\s+(?:[A-Z]|please|sir|ma'am)|$)"
)

# Operator announcing the next analyst: "from the line of Emma Xu from Bank of America.", "will come the line of Ben
# Gerlinger from Hovde Group." (the firm is not the caller)
_ANNOUNCE = re.compile(
    rf"(?:question(?:\s+(?:this|today|tonight|morning|afternoon|evening|then|now|will|is|comes|come|coming|be))*(?:\s+(?:from|is from)|(?=\s+the line of\b))|hear (?:next )?from|hear from|comes from|come from|is from|from the line of|go to|go to the line of|follow[- ]up from)"
    rf"\s+(?:the (?:line )?of\s+|line of\s+)?({_NAME}|{_TOKEN}(?=\s+(?:from|with|of|at)\s))\s*(?:,|from|with|of|at)\s+((?:[A-Z0-9][\w&.'’-]*)(?:[ ,]+(?:[A-Z0-9&][\w&.'’-]*|and|de|of))*)"
)
# "Our next question comes from harsh Kumar Piper Sandler.": a first and last name, then the firm, with no word between
_ANNOUNCE_BARE = re.compile(
    rf"(?:question (?:is |comes |will come )?from|hear (?:next )?from|comes from|come from)\s+"
    rf"((?:{_TOKEN}|[a-z][a-zA-Z'’\-]+)\s+{_TOKEN})\s+({_TOKEN}(?:\s+(?:{_TOKEN}|&))*)\s*[.]"
)
# "Our next question will come from the line of Tobey Sommer. Please go ahead.": no firm said
_ANNOUNCE_NO_FIRM = re.compile(
    rf"\b(?:questions?|follow[- ]up)\b[^.?!]{{0,40}}?\b(?:from|to)\s+(?:the (?:line )?of\s+|line of\s+)?({_NAME})\s*(?:[.?!]|,?\s+(?i:please|your line|go ahead))"
)
# Any other wording of the operator's script: near words that ask for a question or open a line, a full name joined
# to a firm ("We'll go next to Stephen Byrd with Morgan Stanley.", "Next, we have Walt Liptak from Seaport Research.",
# "Richard Parkes, BNP Paribas. Please go ahead."; the firm may start with "the"), or a full name the line-opening
# words follow ("Ken Usdin, your line is open").
_SCRIPT_WORDS = re.compile(
    r"\b(?:questions?|questioner|next|follow[- ]up|line|caller|go ahead|you may (?:begin|proceed|ask|go)|we have|(?:go|move|begin|start)\b.{0,12}\b(?:to|with))\b",
    re.I,
)
_FIRM = r"[A-Z][\w&.'’-]*(?:[ ,]+(?:[A-Z0-9&][\w&.'’-]*|and|de|of))*"
_CALLER_AND_FIRM = re.compile(
    rf"(?<![\w'’-])({_HONORIFIC}{_NAME})(?:\s+(?:with|from|of|at)\s+(?:the\s+)?({_FIRM})|\s*,\s*({_FIRM})(?=\s*(?:[.?!]|$)))"
)
_CALLER_LINE_OPEN = re.compile(
    rf"(?<![\w'’-])({_HONORIFIC}{_NAME})\s*(?:,\s*|[.]\s+)(?i:your line is (?:now )?(?:open|live)|you may (?:go ahead|begin|proceed)|please go ahead)"
)
# "It looks like David Palmer has the next question.", "John Kernan with Cowen has our next question": the caller first
_ANNOUNCE_HAS = re.compile(
    rf"({_NAME})(?:\s+(?:with|from|of|at)\s+(?:the\s+)?({_FIRM}))?\s+(?:has|have)\s+(?:the|our)\s+(?:next|first|final|last|following)\s+question"
)
_GO_AHEAD_NAME = re.compile(rf"(?:please go ahead|go ahead),\s+{_HONORIFIC}({_TOKEN})\s*[.!]?\s*$", re.I)
_TRAILING_NAME = re.compile(rf"(?:^|[.!?]\s+)({_TOKEN})\s*[.!]\s*$")
_THANKS_NAME = re.compile(rf"^(?:\W*(?:ok|okay|yes|yeah|great|well|and)\W+){{0,2}}(?:thank you|thanks)(?: very much| so much)?,\s+{_HONORIFIC}({_TOKEN})\b", re.I)
_GRATITUDE = re.compile(r"\b(?:thank|thanks|helpful|appreciate)\b", re.I)
_NAMED_IN_THANKS = re.compile(rf"(?:(?:thank you|thanks)(?: a lot| so much| very much| for (?:the|that)(?: \w+)?)?,?\s+|(?:helpful|great|perfect|appreciate it),\s+){_HONORIFIC}({_TOKEN})\b(?=\s*[.!,])", re.I)
_NOT_A_NAME = {"Thank", "Thanks", "You", "Guys", "Everyone", "All", "Again", "So", "Very", "Much", "Operator"}
# "Wamsi, it's Tim.", "I think -- it's Bruce and I would flag", "Dillon this is Brad.", "Yeah David, Jennifer here.",
# "Yes. So this is John DeSimone."
_TRANSCRIBER_MARK = re.compile(r"\s*\[[^\]]*\]")  # "Paul Zimbardo[Phonetic]", "Ali Faghri [Phonetic] with Guggenheim"
_TAG = r"(?:\s*\[[A-Za-z ]{1,12}\])?"  # a transcriber's mark after a name: "Constantine [Phonetic]"
_SELF_ID = re.compile(
    rf"(?:(?:^|[.,]\s*|\s[-–—]+\s*|^\W*{_TOKEN}\s+)(?:(?i:so|and|yeah|yes|okay|ok|hi|hey|sure|well|again|actually|also|thanks|thank you)[,.]?\s+)?"
    rf"(?i:it's|this is|it is)\s+(?:(?i:actually|just)\s+)?({_TOKEN}(?:\s+{_TOKEN})?){_TAG}(?=[\s.,!])"
    rf"|(?:^|[.,]\s*)({_TOKEN}){_TAG}\s+here\s*[.,!])"
)
_INTERPRETER = re.compile(
    r"\b(?:(?:I|I'll|I will|let me|we will|we'll)\s+(?:now\s+)?(?:do the |do a |simply |quickly )?translat(?:e|ion)|translation follows|"
    r"interpret(?:ation|ing) (?:follows|now))",
    re.I,
)

_OPERATOR_SENTENCE = re.compile(
    r"ladies and gentlemen|standing by|listen-only|press star|star (?:one|1)|\*\s*1|question[- ]and[- ]answer session|"
    r"(?:first|next|final|last|following) question|from the line of|your line is (?:now )?open|please go ahead|"
    r"you may (?:now )?(?:ask your question|begin|proceed)|please proceed|"
    r"(?:conference|event|call) is (?:being )?recorded|conclude[sd]? (?:the|today's|our|this) (?:conference|call|presentation)|"
    r"you may now disconnect|disconnect your lines|welcome to the .* (?:call|conference)|"
    r"(?:hear|take) (?:our |the )?(?:next|first|final) (?:question|caller)|withdraw your question|"
    r"queue|hand is raised|automated message|for opening remarks and introductions|unable to hear you|mute function|"
    r"like to turn the (?:conference )?call over to|assemble the (?:Q&A )?roster|no (?:further|additional|more) questions|"
    r"(?:concludes|ends|conclude) (?:our|the|today's|this) (?:question|q&a|call|conference|presentation|session)|\[operator",
    re.I,
)
_NEUTRAL_SENTENCE = re.compile(
    r"^(?:thank you|thanks|one moment|please stand by|okay|ok|certainly|absolutely|sure|yes|good (?:day|morning|afternoon|evening))"
    r"(?:,? (?:everyone|very much|please|again|sir|madam|operator))*[.!]?$",
    re.I,
)
_HOST_SENTENCE = re.compile(
    r"(?:can|may) we (?:have|take) the (?:next|first) question|next question,? please|operator,? (?:let.s|may we|can we|please)|"
    r"forward-looking statements|safe harbor|earnings release|non-GAAP financial measures|joining me (?:today|on)|"
    r"limit yourself to|contact us offline|(?<!no )additional questions|replay of today's call|IR website",
    re.I,
)
_QA_START = re.compile(
    r"(?:first|next) question|question[- ]and[- ]answer|open (?:the call|it up|up the call) (?:to|for) questions|take (?:some )?questions|"
    r"limit yourself to",
    re.I,
)
_HOST_TITLE = re.compile(r"investor relations|\bIR\b|capital markets|communications|moderator|corporate finance", re.I)
_ANALYST_TITLE = re.compile(r"\banalyst\b", re.I)

STOPWORDS = frozenset(
    "the a an and or of to in on for with at by from as is are was were be been this that these those it its we our us you your "
    "they their them he she his her i my me so also will would should could can may might have has had do does did not no but if "
    "than then there here about into over under more most some such very just what which who when where how all any each both "
    "other only own same too again further once because while during before after above below up down out off okay ok thank thanks "
    "yes yeah well said say first second third mean think really going let like".split()
)


def sentences(text: str) -> list[str]:
    "Split text into sentences (good enough for call speech)."
    return [s.strip() for s in _SENTENCE.split(text) if s.strip()]


def operator_share(text: str) -> float:
    "Share of the non-trivial sentences that sound like a conference operator."
    if announcements(text):
        return 1.0
    parts = [s for s in sentences(text) if not _NEUTRAL_SENTENCE.match(s)]
    if not parts:
        return 0.0
    return sum(1 for s in parts if operator_sentence(s)) / len(parts)


def operator_sentence(sentence: str) -> bool:
    "One sentence of the operator's script; 'Can we have the next question, please?' is the host asking the operator."
    return bool(_OPERATOR_SENTENCE.search(sentence)) and not _HOST_SENTENCE.search(sentence)


def only_hands_off(text: str) -> bool:
    "'I'd now like to turn the call over to Tim for introductory remarks.': nothing but a hand-off, which anyone may say."
    parts = [s for s in sentences(text) if not _NEUTRAL_SENTENCE.match(s)]
    return bool(parts) and all(_HAND_ON.search(s) for s in parts)


def addresses_operator(text: str) -> bool:
    "The speaker talks to the operator ('Operator, let's take the final question'), so is not the operator."
    return bool(re.search(r"\boperator\s*,|,\s*operator\b", text, re.I)) and not text.lower().startswith("thank you, operator")


def host_cues(text: str) -> int:
    "How many sentences sound like investor relations running the call."
    return sum(1 for s in sentences(text) if _HOST_SENTENCE.search(s))


def starts_qa(text: str) -> bool:
    """The turn opens the question-and-answer part of the call; not where it only says what is to come and then
    hands the call to someone for their remarks ("After that, we'll open the call to questions from analysts. ...
    I'd now like to turn the call over to Tim for introductory remarks.")."""
    match = _QA_START.search(text)
    return bool(match) and handoff_target(text[match.end():]) is None


def roster(text: str) -> list[tuple[str, str]]:
    "(name, title) pairs a host or operator introduces: 'Mr. Alex Xu, our CFO', 'CFO Luca Maestri'."
    found = [pair for s in sentences(text) for pair in listed(s)]  # first: a list gives the whole title
    # not "MacBook Pros, our first notebooks", nor "In January, our board of directors authorized a repurchase plan of up to...";
    # the title ends where the sentence goes on: "Dom Dragisich, our Chief Financial Officer will speak to..."
    found += [(m.group(1), title) for m in _ROSTER_OUR.finditer(text) if _a_title(title := _TITLE_GOES_ON.split(m.group(2))[0])]
    found += [(m.group(2), m.group(1)) for m in _ROSTER_TITLE_FIRST.finditer(text) if not _TITLE_OF_THE_NAME_BEFORE.search(text[: m.start()])]
    found += [(m.group(1), m.group(2)) for m in _OVER_TO_WITH_TITLE.finditer(text) if _title_like(m.group(2))]
    found += [(m.group(1), m.group(2)) for m in _OVER_TO_WITH_LOWER_TITLE.finditer(text) if _title_like(m.group(2))]
    found += [taker for hit in _HAND_ON.finditer(text) if (taker := _taker(text[hit.end(): hit.end() + 240])) and taker[1]]
    return list(dict.fromkeys((_strip_name(n), t.strip()) for n, t in found if _plausible_name(n) and _a_person(_strip_name(n))))


_MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}


def _a_person(name: str) -> bool:
    """A name an introduction gives starts with a capital, and a month alone is a date: not "recognize Scott Brown" (from
    "I do want to recognize Scott Brown, our Chief Revenue Officer") nor "January" ("In January, our board...")."""
    tokens = name.split()
    return bool(tokens) and tokens[0][0].isupper() and not (len(tokens) == 1 and tokens[0] in _MONTHS)


_AFTER_FIRM = re.compile(r"(?<!\b[A-Z])\.\s|\s+(?:Please|Your|Go ahead|You)\b")  # not the period of an initial: "J.P. Morgan"


def _firm_alone(firm: str) -> str:
    "The firm without the operator's words after it: 'J.P. Morgan. Please go ahead' is J.P. Morgan, not 'J.P'."
    return _AFTER_FIRM.split(firm)[0].strip(" .,")


def announcements(text: str) -> list[tuple[str, str]]:
    "(analyst, firm) pairs the operator announces."
    out = []
    for m in _ANNOUNCE.finditer(text):
        name, firm = _strip_name(m.group(1)), m.group(2).strip(" .,")
        firm = _firm_alone(firm)
        if _plausible_name(name) and firm:
            out.append((name, firm))
    if not out:
        for m in _ANNOUNCE_BARE.finditer(text):
            name = m.group(1)[0].upper() + m.group(1)[1:]
            if _plausible_name(name):
                out.append((name, m.group(2)))
    if not out:
        out = [_caller_before(text[: m.start(1)], m.group(1)) for m in _ANNOUNCE_NO_FIRM.finditer(text) if _plausible_name(m.group(1))]
    if not out:
        callers = ((_caller_name(m.group(1)), (m.group(2) or "").strip(" .,")) for m in _ANNOUNCE_HAS.finditer(text))
        out = [(name, firm) for name, firm in callers if len(name.split()) > 1 and _plausible_name(name)]
    if not out:
        out = _script_announcements(text)
    return out


_WELCOME = re.compile(r"\bwelcome (?:to|everyone|all)\b", re.I)
_COMPANY_SHAPED = re.compile(
    r"\b(?:[A-Z]{2,}|Research|Advisors|Advisers|Securities|Capital|Partners|Company|Group|Bank|Inc|LLC|Corporation|Technologies|Markets|Associates)\b(?<!\bI[IV]\b)(?<!\bIII\b)"
)


# a caller's name just before the words that join it to a firm: "question is Billy Fitzsimmons from ", "the line of
# John Janedis is from "
_CALLER_BEFORE_FIRM = re.compile(rf"({_NAME})\s+(?:is\s+)?(?:from|with|of|at)\s+(?:the\s+)?$")


def _caller_before(before: str, found: str) -> tuple[str, str]:
    """(caller, firm) of a name found after "question ... from": the firm, when a caller's name stands just before
    ("The next question is Billy Fitzsimmons from Piper Sandler.", "we have Kurt Yinger from D. A. Davidson."), else
    the caller with no firm said ("...from the line of Tobey Sommer.")."""
    match = _CALLER_BEFORE_FIRM.search(before)
    name = _caller_name(match.group(1)) if match else ""
    if len(name.split()) > 1 and _plausible_name(name):
        return name, found
    return _strip_name(found), ""


def _caller_name(found: str) -> str:
    "A name the operator's script matched, without lower-case words before it ('the line Doug Harned', 'like David Palmer')."
    return re.sub(r"^(?:[a-z]\S*\s+)+", "", _strip_name(found))


def _script_announcements(text: str) -> list[tuple[str, str]]:
    """(caller, firm) in the operator's script where the fixed wordings above miss it: in a short text, or one with a
    sentence of the script, with words that ask for a question or open a line just before or after the name."""
    if not (len(text) <= 400 or any(operator_sentence(s) for s in sentences(text))):
        return []
    if _WELCOME.search(text):  # the call's opening names the company and hands over to the host
        return []
    text = _TRANSCRIBER_MARK.sub("", text).replace("\xa0", " ")
    found = [(m, m.group(2) or m.group(3)) for m in _CALLER_AND_FIRM.finditer(text)] or [(m, "") for m in _CALLER_LINE_OPEN.finditer(text)]
    out = []
    for match, firm in found:
        name = _caller_name(match.group(1))
        if _COMPANY_SHAPED.search(name):  # "Green Street Advisors", "Dan Hurren MST Marquee"
            continue
        firm = _firm_alone(firm)
        near = text[max(0, match.start() - 80): match.end() + 40]
        standing_in = re.search(r"\bfor\s+$", text[: text.find(name, match.start())])  # "This is Min Cho for Alex Regal at B. Riley"
        if (_SCRIPT_WORDS.search(near) and not standing_in and _plausible_name(name) and len(name.split()) > 1 and not _title_like(name + " " + firm)
                and firm.lower() not in STOPWORDS):
            out.append((name, firm))
    return out


_ACKNOWLEDGEMENT = re.compile(
    r"^(?:\W*(?:yeah|yep|yes|sure|thanks|thank you|you're welcome|my pleasure|thanks for the question|of course|okay|ok|great)\W*)+$", re.I
)
_SAME_ANSWERER = re.compile(r"\b(?:I'll|I will|let me) take (?:that|this)(?: one)? (?:as well|too)\b", re.I)
_ANALYST_REQUEST = re.compile(
    r"\bhelp us (?:think|understand)|\bI'm curious\b|\bI was curious\b|\b(?:for )?my (?:follow-up|follow up|second question|last question)\b|"
    r"\bI (?:had|have) (?:a |one )?(?:quick )?(?:question|follow-up)\b|\band then,? maybe,? just\b",
    re.I,
)


_DEFER = re.compile(rf"\b(?:I'll|I will|I'm going to|let me|I'd) let ((?-i:{_TOKEN})) (?:comment|answer|address|take|talk|add|cover|speak|respond)", re.I)


def deferred_to(text: str) -> str | None:
    "'I think I'll let Luca comment on the second part of that.': the speaker leaves part of the answer to someone."
    match = _DEFER.search(text)
    return match.group(1) if match and match.group(1) not in _NOT_A_NAME else None


def acknowledgement(text: str) -> bool:
    "'Yep.', 'Thanks.', 'Thanks for the question.': a speaker answering thanks, saying nothing else."
    return len(text) <= 40 and bool(_ACKNOWLEDGEMENT.match(text.strip()))


def same_answerer(text: str) -> bool:
    "'Yeah, Eric, I'll take that one as well.': whoever answered the last question answers this one."
    return bool(_SAME_ANSWERER.search(text[:200]))


def analyst_request(text: str) -> bool:
    "Wording only the asking side uses: 'help us think about', 'I'm curious', 'my follow-up', 'I had a quick question'."
    return bool(_ANALYST_REQUEST.search(text))


# words of a title, in any case
_TITLE_WORD_RE = r"president|vice|chief|officer|director|head|chairman|chairwoman|founder|treasurer|controller|counsel|ceo|cfo|coo|cto|cio|cmo|cro|svp|evp|vp\b"
# Handing the floor on, in any of the words speakers use: a verb of handing, what is handed ("the conference", "it",
# "that question"), "over", "back", "on" or "off", then "to" and whoever takes it ("turn the program back over to John
# Lindsay", "hand over the call to Joe Hamrock", "I'll pass it on to Martin", "introduce your host, Ms. Irene Prezelj").
_HANDED = (r"(?:(?:the|this|our|today's)\s+(?:conference(?:\s+call)?|call|floor|program(?:me)?|presentation|meeting|webcast|discussion|"
           r"line|mic(?:rophone)?|question|session|word|time)|it|you|things|that(?:\s+(?:question|one|part))?|this(?:\s+(?:question|one|part))?)")
_HAND_ON = re.compile(
    rf"\b(?:(?:turn|hand|pass|give|throw|kick|toss|return)(?:ing)?\s+(?:(?:{_HANDED}\s+)(?:(?:back|over|on|off)\s+){{0,2}}|"
    rf"(?:(?:back|over|on|off)\s+){{1,2}}(?:{_HANDED}\s+)?)to|(?:pleasure|like|want|glad|happy|now|let me|I'll|I will) to introduce(?:\s+you\s+to)?|"
    r"(?:turn|hand|pass|give|over|back)(?:ing)? to(?= you\b)|"
    # no verb, the next speaker presented: "Now over to Adrian for more about...", "With that, here's Mike.", "Now with
    # more on this quarter's financial results, here is our Chief Financial Officer, Avi Goldin."
    r"(?:(?:now|so|and now|with that),?\s+(?:back\s+)?over to|(?:(?:with that|and now|now),?\s+|,\s+)here(?:'s|’s| is))"
    # ... only before a name or a title said with "our": not "So, here's the thing", "But overall, here's what I would say"
    r"(?=\s+(?-i:(?:our|your)\s|[A-Z][a-z])))\s+", re.I
)
# words that may stand between the hand-off and the name: whose the person is, their title, the firm before it
_BEFORE_NAME = re.compile(
    rf"\s*(?:(?:your|our|the|my|today's|and|of|&|for|today|conference|call|program|host|speaker|presenter|co-host|senior|executive|"
    rf"investor|relations|financial|operating|general|managing|corporate|group|global|development|communications|finance|strategy|"
    rf"treasury|planning|accounting|operations|marketing|business|affairs|{_TITLE_WORD_RE})\b|{_TITLE_OF_ADDRESS}\.?(?=\s)|,)\s*",
    re.I,
)
_HANDED_TO = re.compile(rf"{_TOKEN}(?:\s+(?:[A-Z]\.\s*)?{_TOKEN}){{0,2}}")
_VOCATIVE_BEFORE = re.compile(
    rf"(?:^|[.!?]\s+)(?:[\w']+(?:\s+[\w']+){{0,2}}[.,]\s+)?({_TOKEN}|{_TITLE_OF_ADDRESS}\.?\s+{_TOKEN}(?:\s+{_TOKEN})?),\s+[^.!?]*?\bto you\b"
)


def _taker(after: str) -> tuple[str, str] | None:
    """Who takes the floor, and the title said with their name, from the words after a hand-off: 'to you, Martin',
    'to our CEO and President Molly Langenstein', 'to Jenn Kettnich, vice president of investor relations for ...'."""
    if vocative := re.match(rf"you,?\s+{_HONORIFIC}({_TOKEN}(?:\s+{_TOKEN})?)\b", after):
        return vocative.group(1), ""
    pos = 0
    while pos < len(after):
        skip = _BEFORE_NAME.match(after, pos)
        if skip and skip.end() > pos:
            pos = skip.end()
            continue
        run = _HANDED_TO.match(after, pos)
        if run is None:
            return None
        tokens = run.group(0).split()
        titled = next((k for k, t in enumerate(tokens) if re.fullmatch(_TITLE_WORD_RE, t, re.I)), None)
        if titled is not None or re.match(rf"\s+(?i:{_TITLE_WORD_RE})\b", after[run.end():]):
            # a firm before a title ("ManpowerGroup Chairman and CEO", "Waste Management's president"): go past it
            pos = run.start() + len(" ".join(tokens[:titled])) if titled else run.end()
            continue
        if re.search(r"(?:\b(?:and|of|for)|&)\s*$", after[:run.start()], re.I) and re.match(rf"\s*,\s*{_HONORIFIC}{_TOKEN}\s+{_TOKEN}", after[run.end():]):
            # words after a title's "and", "of", "for" or "&" end the title when a name follows them: "Senior Director
            # of Investor Relations and Strategic Planning, Craig Barber"
            pos = run.end()
            continue
        if tokens[-1].endswith(("'s", "’s")):
            tokens = tokens[:-1]  # "Kurt Darrow La-Z-Boy's, Chairman"
            if not tokens:
                return None
        name = _strip_name(" ".join(tokens))
        if _COMPANY_SHAPED.search(name) or re.match(r"\s+(?:management|team)\b", after[run.end():]):
            return None  # "over to the SCI management", "to the Company for closing remarks"
        if not _plausible_name(name) or tokens[0] in _DOCUMENT_PARTS:
            return None
        title = _TITLE_AFTER_NAME.match(after, run.end())
        if title and _title_like(title.group(1)):
            spoken = title.group(1)
        else:  # the title said before the name, the last of the words gone past: "our CEO and president Molly Langenstein"
            spoken = after[: run.start()].rstrip(" ,").split(",")[-1]
        spoken = _OWNER_OF_TITLE.sub("", spoken.strip())  # "our", "your", "Waste Management's"
        return name, spoken if _title_like(spoken) and not spoken.lower().startswith("and ") else ""
    return None


_OWNER_OF_TITLE = re.compile(rf"^(?:(?:your|our|the|my)\s+|{_TOKEN}(?:\s+{_TOKEN})*(?:'s|’s)\s+)+")
# the title after the name, to the end of its clause: ", Vice President of Investor Relations.", " with ADDO Investor
# Relations. You may begin.", ", head of investor relations for The Walt Disney Company."
_TITLE_AFTER_NAME = re.compile(
    r"(?:'s|’s)?(?:\s*,\s*|\s+(?:with|from|of)\s+)([^.;?!]{3,120}?)(?=\s*(?:[.;?!]|,?\s+(?:to (?:begin|start)|for (?:the|any|some|his|her|opening|"
    r"closing|a|an)\b|who\b|please\b|sir\b|ma'am\b)|$))",
    re.I,
)


_DISCOURSE = {"Now", "So", "Well", "And", "But", "Okay", "OK", "Yes", "Yeah", "Great", "Again", "Then", "Next"}
_DOCUMENT_PARTS = {"Slide", "Slides", "Page", "Chart", "Exhibit", "Table", "Figure", "Appendix", "Section"}  # "turn to Slide 4"


# asking a colleague to take the next part: "I'm going to ask Mike Irizarry to give you a bit more detail on this"
_ASK_TO = re.compile(
    rf"\b(?:ask|invite)\s+({_TOKEN}(?:\s+{_TOKEN})?)\s+to\s+(?:(?:now|also|briefly|quickly)\s+)?(?:give|provide|walk|take|answer|comment|discuss|"
    r"cover|talk|review|add|address|update|share|speak|go|run|present|elaborate|close)\b"
)


def _a_name(words: str) -> bool:
    "Words read where a name stands that are one: not 'Thanks', 'So' or 'Operator', nor a title or a stopword."
    return words.split()[0] not in _NOT_A_NAME | _DISCOURSE and _plausible_name(words)


def handoff_target(text: str, trailing: bool = True) -> str | None:
    """The name the speaker hands the call to at the end of the turn, if any. Of a hand-off and a colleague asked to
    take the next part, the later one says who speaks next. `trailing`: a turn ending on a one-word sentence ("...
    relatively stable level later this year. Karen.") hands over to that word; fit for a name the call already knows,
    not for learning one (on 577 tune calls such a word was "Sure.", "Right.", "Godspeed." or the end of a firm, "J.P.
    Morgan.", 354 times, and a first name 4 times)."""
    tail = text[-300:]
    asks = list(_ASK_TO.finditer(tail))
    asked = asks[-1] if asks and _a_name(asks[-1].group(1)) else None
    hits = list(_HAND_ON.finditer(tail))
    for hit in reversed(hits):
        if asked and asked.start() > hit.start():
            break
        if taker := _taker(tail[hit.end(): hit.end() + 160]):
            return taker[0]
    if asked:
        return _strip_name(asked.group(1))
    if hits and (vocative := _VOCATIVE_BEFORE.search(tail)) and _a_name(vocative.group(1)):
        return _strip_name(vocative.group(1))  # "Mr. Pfeifer, I would now like to turn the floor back over to you"
    match = _GO_AHEAD_NAME.search(tail) or (_TRAILING_NAME.search(tail) if trailing else None)
    if match and match.group(1).lower() not in STOPWORDS and match.group(1) not in ("Operator", "Thanks", "Okay", "Yes") and match.group(1).lower() not in _SIR:
        return match.group(1)
    return None


_SIR = {"sir", "ma'am", "madam", "maam", "ma’am"}


def thanked_name(text: str) -> str | None:
    "'Thank you, Haisheng.' at the start of a turn names the previous speaker."
    match = _THANKS_NAME.match(text)
    return match.group(1) if match else None


def closing_thanks_name(text: str) -> str | None:
    """'Very helpful, Tim. Thank you.' / 'Great. Thank you for the color, Tim. And then…': thanks that name whoever
    answered (a short turn, or the opening of a longer one); None if it names nobody or several people."""
    head = text if len(text) <= 160 else text[:90]  # a follow-up question often opens by thanking the answerer
    if not _GRATITUDE.search(head):
        return None
    names = {m.group(1) for m in _NAMED_IN_THANKS.finditer(head) if m.group(1) not in _NOT_A_NAME}
    return names.pop() if len(names) == 1 else None


MENTIONED = re.compile(r"\b(?:as\s+)?([A-Z][a-z]+)\s+(?:just\s+|already\s+)?(?:mentioned|said|noted|talked about|discussed|pointed out|covered|outlined|described|alluded)")
# "just to add to what Tim said", "to build on Tim's point", "I agree with Tim."
_ADDS_TO = re.compile(
    r"\b(?:add(?:ing)? (?:on )?to|build(?:ing)? on|echo|complement|supplement|piggyback on|agree (?:completely |entirely )?with)\s+"
    r"(?:what\s+)?([A-Z][a-z]+)(?:'s\b|\s+(?:just\s+)?(?:said|mentioned|talked|noted|covered|described|pointed|was saying)|\s*[.,])"
)
_PAIRED = re.compile(rf"({_TOKEN})\s+(?:and|or)\s+$")  # what stands before the second name of "Tim and Luca"
# what follows "as Tim mentioned" when the words were said before the answer just given
_SAID_EARLIER = re.compile(
    r"^\W*(?:\w+\W+){0,4}?(?:earlier|before|previously)\b|\b(?:prepared|opening) (?:remarks|comments)|"
    r"\b(?:his|her|their|our|my|the) (?:remarks|comments|presentation|script)\b|\bon the (?:last )?call\b|\blast (?:quarter|call|year)\b|"
    r"\bat (?:the|our) (?:investor|analyst)",
    re.I,
)


def credited_names(text: str) -> set[str]:
    """'As Tim said, ...', 'Just to add to what Tim said': the first names the speaker credits with words said just
    before, so most often by whoever spoke last (the caller keeps those that are people of the call). Not words
    said earlier ('as Tim mentioned in his remarks')."""
    names = set()
    for rx in (MENTIONED, _ADDS_TO):
        for m in rx.finditer(text):
            if not _SAID_EARLIER.search(text[m.end() : m.end() + 60]):
                names.add(m.group(1))
                if pair := _PAIRED.search(text[max(0, m.start(1) - 30) : m.start(1)]):
                    names.add(pair.group(1))  # "John and Bruce covered a lot of it": both
    return names


def self_identified(text: str) -> str | None:
    """'Wamsi, it's Tim.' names the speaker, and 'It's Michael Bilerman with Manny.' by the whole name said, which
    may run on into a word ('it's Owen Clearly'): read it with `_People.find_self`."""
    match = _SELF_ID.search(text[:120])
    return (match.group(1) or match.group(2)) if match else None


def addressed_names(text: str) -> list[str]:
    "Every 'Luca, can you...' in a turn, in order: whom the speaker puts questions to."
    found = re.finditer(rf"(?:^|[.?!]\s+|\b(?:and|then|so|maybe|uh|um|hey|hi)\s*,?\s+)({_TOKEN}),\s+(?:can|could|would|do|did|how|what|maybe|I|you|is|are|any|just)\b", text)
    # "Tim and Luca, you both mentioned...": a question to two people says nothing about which one answers
    return [m.group(1) for m in found if not _PAIRED.search(text[max(0, m.start(1) - 30) : m.start(1)])]


_REPLY_LEAD = r"(?:\W*(?:yes|yeah|yep|sure|thanks|thank you|okay|ok|so|well|and|great|absolutely|no|good (?:morning|afternoon|evening|day))\W+){1,3}"
_VOCATIVE_OPEN = re.compile(rf"^{_REPLY_LEAD}({_TOKEN})(?=\s*[,.!?]|\s+(?:thanks|thank you|good|it's|this is)\b)", re.I)
_VOCATIVE_CLOSE = re.compile(rf"(?:[,.?!]\s+|\b(?:question|questions|one) (?:is )?for\s+)({_TOKEN})\s*[?.!]?\s*$")
_VOCATIVE_INSIDE = re.compile(rf"(?:^|[,.?!]\s+|\b(?i:hey|hi|hello|and|so|maybe)\s+|\b(?:question|questions) for\s+)({_TOKEN})(?=\s*[,?!]|\s*\.\s)")


def vocatives(text: str) -> list[tuple[str, str]]:
    """Names the speaker talks to, with where: 'open' ('Yes, John, that's a great question': the one who spoke before),
    'close' ('..., Lars?', 'a broader question for Kessel.': the one who speaks next) or 'inside' (either). The
    caller keeps the mentions that are people of the call."""
    out: list[tuple[str, str]] = []
    if m := _VOCATIVE_OPEN.match(text):
        out.append((m.group(1), "open"))
    if m := _VOCATIVE_CLOSE.search(text[-200:]):
        out.append((m.group(1), "close"))
    for m in _VOCATIVE_INSIDE.finditer(text):
        if _PAIRED.search(text[max(0, m.start(1) - 30) : m.start(1)]):
            continue  # "Tim and Luca, you both mentioned...": a question to two people says nothing about which one answers
        if m.group(1) not in {name for name, _ in out}:
            out.append((m.group(1), "inside"))
    return [(name, where) for name, where in out if name not in _NOT_A_NAME and name.lower() not in STOPWORDS]


def interpreter_cue(text: str) -> re.Match | None:
    "'Okay, I will do the translation.': the interpreter takes over here."
    return _INTERPRETER.search(text)


def content_words(text: str) -> set[str]:
    "Lower-cased content words and numbers, for comparing two renderings of one answer."
    words = re.findall(r"[a-z][a-z\-]{2,}|\d+(?:\.\d+)?", text.lower())
    return {w for w in words if w not in STOPWORDS}


def restates(candidate: str, original: str) -> float:
    "How strongly `candidate` restates `original` (0..1): shared content words over the smaller set."
    a, b = content_words(candidate), content_words(original)
    if len(a) < 5 or len(b) < 5:
        return 0.0
    return len(a & b) / min(len(a), len(b))


# a label that names nobody: "Unknown speaker", "Unidentified Participant", "Unidentified Company Representative"
_ANONYMOUS = re.compile(
    r"^(?:unknown|unidentified|unnamed|unverified)(?:\s+(?:(?P<analyst>analyst|caller|audience member|questioner|participant from the floor)"
    r"|(?P<executive>executive|company representative|corporate participant|company speaker|management)"
    r"|speaker|participant|person|male|female|voice|attendee)(?:\s*\d+)?)?\W*$",
    re.I,
)

# a label that is only a role: "Analyst:" before each question a page leaves unnamed
_BARE_ROLE = re.compile(r"^(?:(?P<analyst>analyst|questioner|caller|audience member)|(?P<executive>executive|company representative|management))\W*$", re.I)


def anonymous_label(speaker: str | None) -> tuple[bool, str | None]:
    """(the label names nobody, the role it states). "Unidentified Analyst" -> (True, "analyst"), "Unknown speaker" ->
    (True, None), "Tim Cook" -> (False, None)."""
    m = _ANONYMOUS.match((speaker or "").strip()) or _BARE_ROLE.match((speaker or "").strip())
    if not m:
        return False, None
    return True, "analyst" if m.group("analyst") else "executive" if m.group("executive") else None


def role_for_title(title: str | None) -> str | None:
    "operator, host, analyst or executive from a title, or None if the title says nothing."
    if not title:
        return None
    if title.strip().lower() == "operator":
        return "operator"
    if _ANALYST_TITLE.search(title):
        return "analyst"
    if _HOST_TITLE.search(title):
        return "host"
    return "executive"


# English first names and the short forms people go by on calls ("Thanks, Jerry" to Gerard Sweeney). A short form
# may stand for several names (Chris: Christopher, Christine); any of them matches.
_SHORT_FORMS = {
    "abe": "abraham", "al": "albert alan allan alfred", "alex": "alexander alexandra alexis", "andy": "andrew", "drew": "andrew",
    "tony": "anthony antonio", "art": "arthur", "ben": "benjamin", "bernie": "bernard", "bill": "william", "billy": "william",
    "will": "william", "liam": "william", "bob": "robert", "bobby": "robert", "rob": "robert", "robbie": "robert", "bert": "robert albert herbert",
    "brad": "bradley bradford", "cam": "cameron", "charlie": "charles", "chuck": "charles", "chip": "charles", "chris": "christopher christine christian christina",
    "cris": "christopher", "kit": "christopher", "dan": "daniel", "danny": "daniel", "dave": "david", "davey": "david", "deb": "deborah debra",
    "debbie": "deborah debra", "don": "donald", "doug": "douglas", "ed": "edward edwin edmund", "eddie": "edward", "ted": "edward theodore",
    "ned": "edward", "betsy": "elizabeth", "beth": "elizabeth", "liz": "elizabeth", "libby": "elizabeth",
    "fred": "frederick alfred", "frank": "francis franklin", "fran": "frances francis", "gabe": "gabriel", "gene": "eugene", "geoff": "geoffrey",
    "jeff": "jeffrey geoffrey", "jerry": "gerald gerard jerome jeremiah", "greg": "gregory", "hank": "henry", "harry": "harold henry",
    "jack": "john jackson", "jim": "james", "jimmy": "james", "jamie": "james", "jake": "jacob", "jen": "jennifer",
    "jenny": "jennifer", "jess": "jessica", "joe": "joseph", "joey": "joseph", "jon": "jonathan", "johnny": "john", "josh": "joshua",
    "kate": "katherine catherine kathryn", "kathy": "katherine catherine kathleen", "katie": "katherine catherine", "kim": "kimberly",
    "ken": "kenneth", "kenny": "kenneth", "larry": "lawrence laurence", "len": "leonard", "leo": "leonard leopold", "lou": "louis",
    "maggie": "margaret", "meg": "margaret megan", "peggy": "margaret", "marty": "martin", "matt": "matthew", "mike": "michael",
    "mick": "michael", "mickey": "michael", "mitch": "mitchell", "nate": "nathan nathaniel", "nat": "nathan nathaniel natalie",
    "nick": "nicholas", "nicky": "nicholas nicole", "pat": "patrick patricia", "patty": "patricia", "pete": "peter", "phil": "philip phillip",
    "ray": "raymond", "rich": "richard", "rick": "richard eric frederick", "ricky": "richard", "dick": "richard", "ron": "ronald",
    "ronnie": "ronald", "russ": "russell", "sam": "samuel samantha", "sandy": "sandra alexander", "steve": "stephen steven",
    "stu": "stuart stewart", "sue": "susan suzanne", "susie": "susan", "terry": "terence terrence theresa", "tim": "timothy",
    "timmy": "timothy", "tom": "thomas", "tommy": "thomas", "vince": "vincent", "walt": "walter", "zach": "zachary", "zack": "zachary",
    "ollie": "oliver", "vic": "victor victoria", "val": "valerie", "manny": "emmanuel manuel", "rudy": "rudolph",
    "stan": "stanley", "trish": "patricia", "tricia": "patricia", "becky": "rebecca", "rebekah": "rebecca", "sally": "sarah",
    "cathy": "catherine", "woody": "woodrow", "randy": "randall randolph", "ernie": "ernest", "gus": "august augustus", "herb": "herbert",
    "howie": "howard", "hal": "harold henry", "iggy": "ignatius", "jay": "james jason", "jo": "joanne josephine", "mo": "maurice mohammed",
    "monty": "montgomery", "sid": "sidney", "ty": "tyler", "wes": "wesley", "wally": "wallace walter", "ozzie": "oswald",
}
_FORMAL = {short: set(formal.split()) for short, formal in _SHORT_FORMS.items() if formal}


def _first_names_match(a: str, b: str) -> bool:
    "'jerry' and 'gerard', 'steve' and 'stephen': one is the other's short form, or both share a formal name."
    if a == b:
        return True
    fa, fb = _FORMAL.get(a, set()) | {a}, _FORMAL.get(b, set()) | {b}
    return bool(fa & fb)


_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "cpa", "phd", "md", "esq"}


def _name_tokens(name: str) -> list[str]:
    """A name's words, lower case, without punctuation round them or a suffix ('Vincent J. Delie, Jr.' -> vincent j delie),
    a nickname in quotes or brackets kept as a given name ('Earl C. "Duke" Austin' -> earl c duke austin)."""
    tokens = [t.strip(".,\"'()“”‘’").lower() for t in _TRANSCRIBER_MARK.sub(" ", name).split()]
    tokens = [t for t in tokens if t]
    while len(tokens) > 1 and tokens[-1] in _SUFFIXES:
        tokens.pop()
    return tokens


def _given_name_matches(mention: str, given: list[str]) -> bool:
    "Is the mention's first name one of the given names ('Colin' of Michael Colin Connolly, 'Greg' of C. Gregory Peters)?"
    first, *middle = given  # an initial stands for the first given name only
    return (_first_names_match(mention, first) or (len(first) == 1 and mention[0] == first)
            or any(len(g) > 1 and _first_names_match(mention, g) for g in middle))


def same_person(mention: str, name: str) -> bool:
    """Does a mention ('Haisheng', 'Mr. Haisheng', 'Tejas', 'Jerry', 'Greg Peters') refer to `name` ('Wu Haisheng',
    'Tejas Ghala', 'Gerard H. Sweeney', 'C. Gregory Peters')?"""
    stripped = _strip_name(mention)
    mention_tokens = _name_tokens(stripped)
    name_tokens = _name_tokens(name)
    if not mention_tokens or not name_tokens:
        return False
    if len(mention_tokens) > 1:
        first, last = mention_tokens[0], mention_tokens[-1]
        if len(name_tokens) > 1:
            # the family name as the name ends, or one part of a double one ('Rojas' of Rojas-Schmidt, 'Singh' of
            # Shagun Singh Chadha)
            family = {name_tokens[-1], *name_tokens[-1].split("-")} | (set(name_tokens[1:-1]) if len(mention_tokens) == 2 else set())
            if last in family and (first[0] == name_tokens[0][0] or _given_name_matches(first, name_tokens[:-1])):
                return True  # "Cris Gaut" / "C. Christopher Gaut", "Devin Ryan" / "Devin Patrick Ryan", "Betsy Graseck" / "Elizabeth Graseck"
        return SequenceMatcher(None, " ".join(mention_tokens), " ".join(name_tokens)).ratio() >= 0.8
    token = mention_tokens[0]
    if len(name_tokens) > 1 and re.fullmatch(r"[A-Z]{2}", stripped):
        return token == name_tokens[0][0] + name_tokens[-1][0]  # "LT", as Laurent Therivel goes by
    return any(t == token or (len(t) > 3 and SequenceMatcher(None, t, token).ratio() >= 0.8) for t in name_tokens) or (
        len(name_tokens) > 1 and _given_name_matches(token, name_tokens[:-1])
    )


def says_first_name(text: str, name: str) -> bool:
    "Does the text say the person's first name ('Luca' of Luca Maestri; three letters or more)?"
    first = name.split()[0]
    return len(first) >= 3 and re.search(rf"\b{re.escape(first)}\b", text) is not None


_BEFORE_ADDRESS = re.compile(r"(?:^|[,.!?;:]|\b(?:hi|hey|hello|thanks|thank you|morning|afternoon|evening|yes|yeah|sure|okay|ok|so|well|and|great))\s*$", re.I)


def said_only_to(text: str, first: str) -> bool:
    """Is every 'Mark' of the text said to someone ("It's a good question, Mark.", "Hi Mark, ...", "Mark, it's a great
    question"), none said of someone ("As Mark said", "over to Mark here", "Mark and I")?"""
    found = list(re.finditer(rf"\b{re.escape(first)}\b", text))
    return bool(found) and all(re.match(r"\s*(?:[,.!?;]|$)", text[m.end():]) and _BEFORE_ADDRESS.search(text[: m.start()]) for m in found)


def says_name(mention: str, name: str) -> bool:
    "Does the mention use the name's own words ('Mike' for Mike Battles), not a variant of them ('Mike' for Michael Hoffman)?"
    name_tokens = {t.lower().strip(".") for t in name.split()}
    return all(t.lower().strip(".") in name_tokens for t in _strip_name(mention).split())


_NOT_PEOPLE = {"Everyone", "Everybody", "Operator", "Good", "Great", "Sir", "Madam", "Ladies", "Gentlemen", "Team", "Guys", "All", "Again",
               "Thank", "Thanks", "You", "So", "Very", "Much", "Okay", "Yes", "Sure", "Well", "Hi", "Hello", "Morning", "Afternoon", "Evening",
               "God", "Lord", "Today", "Tomorrow", "Monday", "Friday", "Management", "Question", "Questions",
               # interjections that close a sentence the way a name does ("Go ahead, Larry. Sorry.")
               "Sorry", "Right", "Correct", "Absolutely", "Exactly", "Perfect", "Indeed", "Please", "Pardon", "Cheers", "Bye",
               "Congratulations", "Congrats", "Cool", "Fine", "Fair", "Understood", "Agreed", "Wonderful", "Excellent", "Awesome",
               "Yep", "Yup", "Yeah", "Nope", "Oh", "Wow", "Alright", "Ok"}
# "This is actually Kody Clark on for Julian.", "This is Jason [Phonetic] on for Mike.", "This is Ethan Saghi, on for Eric",
# "This is Samuel Varga for Brody Preston.", "This is Jatin Khanna on behalf of Jerry Revich."; the one stood in for is named
_NOTE = rf"(?:{_TRANSCRIBER_MARK.pattern})*"
_ON_BEHALF = re.compile(
    rf"\b(?i:this is|it's|it is|I'm|I am),?\s+(?:(?i:actually|just),?\s+)?({_TOKEN}(?:{_NOTE}\s+{_TOKEN})?){_NOTE}(?:,?\s+(?i:here))?,?\s+"
    rf"(?i:(?:(?:(?:on|in|dialing|filling|sitting|coming|stepping)(?:\s+(?:in|on))?|on the (?:line|call)|here)\s+)?for|on behalf of)\s+(?=[A-Z])"
)

# a full name opening a sentence, then standing in: "Mario Cortellacci filling in for Hamzah.", "Hi. Robert Maltbie in
# for Tim.", "Jacob Parsons, on the call for Josh."
_ON_BEHALF_NAMED = re.compile(
    rf"(?:^|[.!?,]\s+)({_TOKEN}\s+{_TOKEN}),?\s+(?i:(?:on|in|filling in|dialing in|sitting in|stepping in|on the (?:line|call))\s+for)\s+(?=[A-Z])"
)


_OPERATOR_NAME = re.compile(rf"\bmy name is ({_TOKEN})(?:\s+{_TOKEN})?,?\s+(?:and\s+)?I(?:'ll| will| am|'m)\s+(?:be\s+)?(?:your|the)\s+(?:\w+\s+)?(?:operator|coordinator|moderator|host|facilitator)", re.I)


def operator_name(text: str) -> str | None:
    "'My name is Daniel, and I will be your conference operator today.'"
    match = _OPERATOR_NAME.search(text[:1500])
    return match.group(1) if match else None


def word_in_call(mention: str, text: str) -> bool:
    """Does the call use the mention as an ordinary word ('Right', 'Sorry', 'Absolutely' opening a sentence)? It
    does when the lower-case word turns up more often than the capitalised one inside a sentence."""
    token = _strip_name(mention).split()[0] if mention.strip() else ""
    if not token:
        return False
    lower = len(re.findall(rf"\b{re.escape(token.lower())}\b", text))
    inside = len(re.findall(rf"(?<=[a-z,;:]\s){re.escape(token)}\b", text))  # after a lower-case word or a comma
    return lower > inside


_CALL_WORDS = re.compile(
    r"(?:(?:first|second|third|fourth|full|year|end|fiscal|quarter|Q[1-4]|F?Y?\d{2,4}|annual|earnings|financial|results|conference)[\s-]+)*"
    r"(?:earnings|conference|results|investor)\s+call",
    re.I,
)


def the_calls_company(mention: str, text: str) -> bool:
    """Is the mention the company whose call it is, as the call itself names it ("welcome to the TreeHouse Foods
    Third Quarter 2021 Conference Call", "on Skechers conference call today")? The operator may hand such a call to the
    company ("turn the conference over to Treehouse Foods"), which is no one's name."""
    name = _strip_name(mention)
    if not name:
        return False
    return any(_CALL_WORDS.match(text, m.end()) for m in re.finditer(rf"\b{re.escape(name)}(?:['’]s)?\s+", text, re.I))


def clipped_first_name(mention: str, name: str) -> bool:
    """Is a one-word mention the clipped first name of `name`: 'Dom' of Dominic Dragisich, 'Pam' of Pamela Roper,
    'Raj' of Rajinder P. Singh? Three letters or more, and the first name begins with it."""
    mention_tokens, name_tokens = _name_tokens(_strip_name(mention)), _name_tokens(name)
    return len(mention_tokens) == 1 and len(name_tokens) > 1 and len(mention_tokens[0]) >= 3 and name_tokens[0].startswith(mention_tokens[0])


_SAYS_WHO = re.compile(r"(?:it|this|that|here|there|he|she|who|what)['’]s$", re.I)  # "It's Nick from RenCap." is no announcement


def person_name(name: str) -> str | None:
    """A name as the call's list of people keeps it: without a stray quote or a possessive caught after it (the
    firm before a title: "turn the call over to Kurt Darrow La-Z-Boy's, Chairman") or a transcriber's mark
    ("Paul Zimbardo[Phonetic]"), or None for words with a
    contraction ("It's just I'm going to mention...", "I'll", "It's Nick"), which are no one's name. An apostrophe before a capital
    stays ("Shannon O'Callaghan")."""
    tokens = _TRANSCRIBER_MARK.sub(" ", name).strip(" '\"’").split()
    while tokens and re.search(r"['’]s$", tokens[-1]):
        tokens.pop()
    if not tokens or any(re.search(r"['’](?:m|ll|d|re|ve|t)$", t, re.I) for t in tokens) or _SAYS_WHO.match(tokens[0]):
        return None
    return " ".join(tokens)


def plausible_first_name(name: str) -> bool:
    "A mention that can stand for a person: capitalised, not a greeting, a title or a common word."
    tokens = _strip_name(name).split()
    return bool(tokens) and all(t[0].isupper() and t not in _NOT_PEOPLE and t.lower() not in STOPWORDS and t.lower() not in _TITLE_WORDS for t in tokens)


def on_behalf_of(text: str) -> str | None:
    """'It's Bobby Friedner on for Peter Keith.', 'Mario Cortellacci filling in for Hamzah.': the caller speaking for
    the announced analyst."""
    match = _ON_BEHALF.search(text[:200]) or _ON_BEHALF_NAMED.search(text[:200])
    return re.sub(_NOTE, "", match.group(1)) if match else None


# words an introduction puts before a name ("This morning Pat Pacious, our CEO")
_TIME_WORDS = {"morning", "afternoon", "evening", "tonight", "today", "good", "hello", "hi", "hey", "welcome"}


def _strip_name(name: str) -> str:
    name = re.sub(r"^(?:(?:and|or|with|by|to|are|is|our|also|me)\s+)+", "", name.strip())  # "and Sam Patel, our CFO"
    name = re.sub(rf"^{_TITLE_OF_ADDRESS}\.?\s*(?=[A-Z])", "", name).strip()
    tokens = name.split()
    while len(tokens) > 1 and (tokens[0].lower() in STOPWORDS or tokens[0].lower() in _TIME_WORDS):
        tokens = tokens[1:]  # a sentence's first word caught with the name: "Then Eric Aboaf, our CFO", "This morning Pat Pacious, our CEO"
    return " ".join(tokens)


_TITLE_WORDS = {"president", "vice", "chief", "officer", "director", "senior", "executive", "manager", "head", "chairman", "founder",
                "investor", "relations", "financial", "operating", "analyst", "treasurer", "controller", "general", "counsel", "secretary",
                "ceo", "cfo", "coo", "cto", "cio", "cmo", "cro"}


# the words a title opens with ("Chief Financial Officer", "Senior Vice President of ...", "Head of IR", "Analyst")
_TITLE_HEADS = _TITLE_WORDS | {"chairwoman", "chair", "cofounder", "svp", "evp", "gvp", "vp", "md", "ir", "managing", "partner",
                               "principal", "corporate", "group", "global", "deputy", "interim", "independent", "leader", "lead"}


def person_title(title: str | None) -> str | None:
    """A title an introduction gives after a name, as the call's list of people shows it, or None where the words are
    no title. It opens with a title word, after at most four capitalised words (a firm or a division: "Pizza Hut U.S.
    General Manager") and the words that lead in to a title ("our", "the", "new", "as", "Crown Castle's"): "as our
    Chief Information Officer" is "Chief Information Officer". It ends where the sentence goes on ("... has been
    named"). A clause keeps the title it gives after "as" ("taking this new role as senior vice president"), else is
    none ("who was previously CEO of OMD Worldwide", "Since becoming CEO this past spring")."""
    if not title:
        return title
    for candidate in (title, *re.findall(r"\bas\s+(.+)$", title)[:1]):
        candidate = _TITLE_GOES_ON.split(candidate)[0]  # "president ... of Florida Power and Light Company has been named ..."
        words = _OWNER_OF_TITLE.sub("", re.sub(r"^(?:(?:our|the|its|new|as|with|a|an|current|currently)\s+)+", "", candidate.strip(), flags=re.I)).split()
        head = next((k for k, w in enumerate(words[:5]) if re.sub(r"^(?:co|non)-", "", w.strip(",;:&").lower()) in _TITLE_HEADS), None)
        if head is not None and all(w[0].isupper() or w[0].isdigit() or w == "&" for w in words[:head]):
            return " ".join(words).rstrip(",;: ")
    return None


def _plausible_name(name: str) -> bool:
    tokens = _strip_name(name).split()
    return 1 <= len(tokens) <= 3 and not any(t.lower() in STOPWORDS or t.lower() in _TITLE_WORDS or t.strip(".") in _HONORIFICS for t in tokens)


def _title_like(text: str) -> bool:
    return bool(re.search(r"officer|president|director|chair|head|manager|relations\b|treasurer|controller|counsel|secretary|founder|chief|\b(?:[CV]P|C[EFORTIM]O)\b", text, re.I))


# An introduction's list of who is on the call, in either order: "Dave Bauer, President and Chief Executive Officer;
# Karen Camiolo, Treasurer and Principal Financial Officer; and Justin Loweth, ...", "our Chairman and Chief Executive
# Officer, Tom Linebarger; our President and Chief Operating Officer, Jennifer Rumsey". The sentence is cut into pieces
# at semicolons, commas and "and"; each piece is a full name (perhaps after a title: "CFO Luca Maestri"), a title, or
# something else. A name takes the titles joined to it by a bare comma (and the titles joined to those by commas or
# "and": "Chairman and Chief Executive Officer"); a semicolon parts two people, and so does an "and" before a name.
_LIST_CUT = re.compile(r"\s*;\s*(?:and\s+)?|\s*,\s*and\s+|\s+and\s+|\s*,\s*")
_FULL_NAME = rf"(?:{_TOKEN}|(?:[A-Z]\.){{1,2}})(?:\s+(?:[A-Z]\.\s*)?{_TOKEN}){{1,2}}"
_NAME_AT_END = re.compile(rf"(?:^|(?<=\s)){_HONORIFIC}({_FULL_NAME})$")
_LEAD_IN = re.compile(r"^(?:.*\b(?:are|is|include|includes|by|have|be|me|us)\s+)?(?:(?:our|the|its|company's|[A-Z][\w&.-]*'s|also)\s+)*", re.I)
# the words of a division's or a firm's name, not a person's: "President of the Life Science Group"
_BUSINESS_WORD = re.compile(
    r"\b(?:Group|Development|Markets?|Resources|Products|Operations|Corp|Corporation|Index|Insurance|Capital|Services|Relations|"
    r"Finance|Strategy|Affairs|Sales|Marketing|Business|Solutions|Segment|Division|Americas|International|Global|Energy|Partners|"
    r"Company|Inc|Bank|Technologies|Systems|Holdings|Trust|Realty|Health|Care|Research|Support|Management|Investments?)\b")
_TITLE_GOES_ON = re.compile(r"\s+(?:will|would|who|is|are|has|have|joins|joined)\s")
_NOT_A_TITLE = re.compile(r"[:?]|\b(?:will|would|to|we|I|call|today|results|quarter)\b")


def _piece(text: str) -> tuple[str, str | None, str | None]:
    "('name', name, title said before it in the piece), ('title', None, title) or ('other', None, None)."
    text = text.strip(" .:-–—")
    m = _NAME_AT_END.search(text)
    before = text[: m.start()].strip() if m else ""
    if (m and _plausible_name(m.group(1)) and not _BUSINESS_WORD.search(m.group(1))
            and not re.search(r"\b(?:of|at|(?<!hear\s)from|for|with|in|since)(?:\s+(?:the|our|its|[A-Z][\w&.-]*'s))?$", before, re.I)):
        name = re.sub(r"^I'?m\s+|^I am\s+", "", _strip_name(m.group(1)))  # "I'm Yan Jin, ..."
        title = _LEAD_IN.sub("", before)
        return "name", name, title if _a_title(title) else None
    rest = _LEAD_IN.sub("", text)
    return ("title", None, rest) if _a_title(rest) else ("other", None, None)


def _a_title(text: str) -> bool:
    return bool(text) and _title_like(text) and len(text.split()) <= 10 and not _NOT_A_TITLE.search(text)


def _firm_after(sentence: str, pieces: list, seps: list[str], i: int) -> bool:
    """Is the piece after name piece i, joined by a bare comma, nothing but another name: the firm of a person named
    before it ("Jim Owens, H.B. Fuller, President and Chief Executive Officer")? Not where piece i reads as a firm
    itself ("From TDS Telecom, Vicki Villacrez, ..."), nor after words that are no person ("... Earnings Release
    Conference Call, hosted by Mark Zoradi, ...")."""
    if i + 1 >= len(pieces) or seps[i] != "," or pieces[i + 1][0] != "name" or pieces[i + 1][2] is not None:
        return False
    own = sentence[pieces[i][3]: pieces[i][4]].strip(" .:-–—")
    following = sentence[pieces[i + 1][3]: pieces[i + 1][4]].strip(" .:-–—")
    return following == pieces[i + 1][1] and own.endswith(pieces[i][1]) and not _COMPANY_SHAPED.search(pieces[i][1]) \
        and not re.match(r"(?i)from\b", own) and not set(pieces[i][1].lower().split()) & {"call", "conference", "release", "earnings"}


def listed(sentence: str) -> list[tuple[str, str]]:
    """(name, title) for each person a list in the sentence introduces with a title. Where titles sit on both sides of
    a name, whether the list puts titles first or last is read from which it starts with."""
    pieces, seps = [], []  # seps[i]: what joins piece i to piece i + 1
    pos = 0
    for cut in list(_LIST_CUT.finditer(sentence)) + [None]:
        end = cut.start() if cut else len(sentence)
        pieces.append((*_piece(sentence[pos:end]), pos, end))
        seps.append(cut.group().strip() if cut else "")
        pos = cut.end() if cut else end
    kinds = [k for k, *_ in pieces if k != "other"]
    if "name" not in kinds or "title" not in kinds:
        return []

    def run(i: int, step: int) -> list[int]:
        "The title pieces on one side of piece i: the first joined to it by a bare comma, the rest by commas or 'and'."
        out, j = [], i
        while 0 <= j + step < len(pieces) and pieces[j + step][0] == "title" and seps[min(j, j + step)] in ((",",) if j == i else (",", "and", ", and")):
            j += step
            out.append(j)
        return out

    def said(side: list[int]) -> str:
        "The title pieces' words, from the first to the last."
        return _LEAD_IN.sub("", sentence[pieces[min(side)][3]: pieces[max(side)][4]])

    out = []
    firms = set()  # name-shaped pieces that are the firm of the name before them
    for i, (kind, name, title, _, _) in enumerate(pieces):
        if kind != "name" or i in firms:
            continue
        if title is None and not run(i, -1) and _firm_after(sentence, pieces, seps, i) and run(i + 1, 1):
            # "Bill Meaney, Iron Mountain, President and CEO": a name and then the firm, the title after both
            firms.add(i + 1)
            out.append((name, said(run(i + 1, 1)).strip(" .,;")))
            continue
        if title is None:
            left, right = run(i, -1), run(i, 1)
            if left and not right and min(left) > 0 and pieces[min(left) - 1][0] == "name" and seps[min(left) - 1] == ",":
                continue  # "Mahesh Saptharishi, Senior Vice President and CTO, Software Enterprise": the title's, not a person
            side = right if not left else left if not right else (left if kinds[0] == "title" else right)
            if side:
                title = said(side)
        if title:
            out.append((name, title.strip(" .,;")))
    return out
