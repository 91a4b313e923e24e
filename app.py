"""Earshot's Gradio app: ask indexed earnings calls questions, read the cited turns, browse and manage calls."""

from __future__ import annotations

import html
import os
import re
import sys
import threading
from concurrent.futures import Future
from pathlib import Path

from index.offline import go_offline

go_offline()  # before gradio and huggingface_hub are imported

import gradio as gr  # noqa: E402

from index import Config, ConfigError  # noqa: E402
from index.store import IndexUnavailable  # noqa: E402
from index.library import FileResult, ensure_sample, ingest_files  # noqa: E402
from qa import Answer, default_engine  # noqa: E402
from qa.types import ANSWERED, SECTION_WORDS  # noqa: E402
from qa.examples import example_questions  # noqa: E402
from ingest.evasion import QUOTED_QUESTION_CHARS, withheld  # noqa: E402

MAX_UPLOAD_MB = 20
ROLES = ["executive", "analyst", "host", "operator", "unknown"]
SECTIONS = ["prepared_remarks", "qa"]
CSS = """
.turn {border-left: 3px solid #ccc; padding: 4px 10px; margin: 8px 0;}
.turn.cited {border-left-color: #e8a317; background: rgba(232,163,23,0.08);}
.who {font-weight: 600;} .meta {color: #777; font-size: 0.85em;}
.source {border: 1px solid #ddd; border-radius: 6px; padding: 8px 10px; margin-bottom: 10px;}
.exchange-head {margin-top: 18px; font-weight: 600; color: #555;}
.answer-mark {font-size: 0.8em; padding: 1px 6px; border-radius: 8px; margin-left: 6px; background: #fde2e1; color: #a8071a;}
.answer-mark.partly {background: #fff1d6; color: #ad6800;}
.exchange-head .evidence, .exchange-head .untouched {font-weight: 400; font-size: 0.85em; color: #777; margin-left: 12px;}
.exchange-head .part-status {font-weight: 600; color: #666;}
mark {background: #ffe58f;}
.source.flash {outline: 3px solid #e8a317;}
.open-turn {font-size: 0.85em;}
#examples input[type=radio] {display: none;}  /* the examples are buttons to click, not a choice to keep */
#examples label {cursor: pointer;}
/* the chat's clear button sits in its top right corner, over whatever scrolls past: the messages keep clear of it */
#chat .bubble-wrap {padding-right: 40px;}
"""
# A marker [n] in the chat scrolls to and flashes its source card; the viewer scrolls to the cited turn.
# "Open in the call viewer" on a source card sends '<call>|<turn>' to Python, which opens the viewer there
OPEN_TURN_JS = """
element.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-open]");
  if (link) { event.preventDefault(); trigger("click", {open: link.dataset.open}); }
});
"""
SCRIPT = """
<script>
// Gradio's client follows upload progress over fetch; its stand-in EventSource has no close() and logs
// "Method not implemented." each time an upload finishes (the stream has ended by then). Nothing is wrong and
// nothing can be done about it, so that one message stays off the console; every other warning passes.
const consoleWarn = console.warn.bind(console);
console.warn = (...args) => { if (!(args.length === 1 && args[0] === "Method not implemented.")) consoleWarn(...args); };
document.addEventListener("click", (event) => {
  const marker = event.target.closest("a[href^='#source-']");
  if (marker) {
    event.preventDefault();
    event.stopPropagation();
    const card = document.getElementById(marker.getAttribute("href").slice(1));
    if (card) {
      card.scrollIntoView({behavior: "smooth", block: "center"});
      document.querySelectorAll(".source.shown").forEach((other) => other.classList.remove("shown"));
      card.classList.add("shown", "flash");  // "shown" stays: the card the last marker led to
      setTimeout(() => card.classList.remove("flash"), 1600);
    }
    return;
  }
}, true);
new MutationObserver(() => {
  const cited = document.querySelector("#viewer .turn.cited:not(.seen)");
  if (cited) { cited.classList.add("seen"); cited.scrollIntoView({block: "center"}); }
}).observe(document.documentElement, {childList: true, subtree: true});
</script>
"""


# set by main(): the index opening (and a first start's indexing of the sample) that runs while the page loads
_opening: Future | None = None


def engine():
    """The one engine of this process (model and index load once). While the start is still opening the index,
    a handler waits for it here, so the page never shows a library or answer from a half-opened index."""
    if _opening is not None:
        _opening.result()
    return default_engine()


# Ask -------------------------------------------------------------------------------------------


def _flatten(content) -> str:
    "Gradio 6 gives a message's content as a list of parts."
    if isinstance(content, list):
        return " ".join(p.get("text", "") if isinstance(p, dict) else str(p) for p in content)
    return str(content or "")


def _filters(call, company, period, speaker, role, section, answered=None) -> dict:
    return {
        "transcript_id": call, "company": company, "period": period, "speaker": speaker, "role": role, "section": section,
        "answered": answered,
    }


def _dotted(*parts) -> str:
    "What is known of a call or turn, escaped and joined by dots; what the file did not say is left out, not left blank."
    return " · ".join(html.escape(str(p)) for p in parts if p)


def _linked(text: str) -> str:
    "Answer markers [n] become links to their source cards (a click scrolls to and flashes the card)."
    return re.sub(r"\[(\d+)\]", r"<a class='marker' href='#source-\1'>[\1]</a>", text)


def _highlight(text: str, quote: str) -> str:
    "The turn's text with the quoted sentences marked."
    out = html.escape(text)
    for sentence in quote.split(" … "):
        sentence = html.escape(sentence.strip())
        if sentence and sentence in out:
            out = out.replace(sentence, f"<mark>{sentence}</mark>", 1)
    return out


def sources_html(answer: Answer) -> str:
    "One card per citation: who, which call and section, the turn with the quote highlighted."
    if not answer.citations:
        return "<p class='meta'>No sources: nothing in the indexed calls answers this.</p>"
    cards = []
    for c in answer.citations:
        detail = c.firm if c.role == "analyst" else c.title
        who = html.escape(c.speaker + (f", {detail}" if detail else ""))
        interp = ""
        if c.translation_of is not None:
            interp = f"<div class='meta'>English interpretation of turn {c.translation_of} (original speaker: {html.escape(c.original_speaker or 'unknown')})</div>"
        cards.append(
            f"<div class='source' id='source-{c.marker}'><div><b>[{c.marker}]</b> <span class='who'>{who}</span> "
            f"<span class='meta'>({c.role})</span></div>"
            f"<div class='meta'>{_dotted(c.company, c.period, c.date, SECTION_WORDS.get(c.section, c.section), f'turn {c.turn_index}', c.exchange_id and f'exchange {c.exchange_id}')}</div>{interp}"
            f"<details><summary>{html.escape(c.quote[:220])}{'…' if len(c.quote) > 220 else ''}</summary>"
            f"<p>{_highlight(c.text, c.quote)}</p></details>"
            f"<a class='open-turn' href='#' data-open='{html.escape(c.transcript_id)}|{c.turn_index}'>Open in the call viewer →</a></div>"
        )
    return "".join(cards)


def answer_markdown(answer: Answer, asked: str) -> str:
    "The chat message: the answer with linked markers, then how it was understood, the filters, notes and mode."
    lines = [_linked(answer.text)]
    if answer.question and answer.question != asked:
        lines.append(f"*Understood as:* {html.escape(answer.question)}")
    if answer.filters:
        lines.append(f"*Filters:* {html.escape(answer.scope_line())}")
    if answer.note:
        lines.append(f"⚠️ {html.escape(answer.note)}")
    lines.append(f"<sub>{html.escape(answer.mode)}</sub>")
    return "\n\n".join(lines)


def respond(message, history, answers, call, company, period, speaker, role, section, answered=None):
    "Chat handler: streams the answer, then fills the sources panel. `answers` holds this chat's Answers for follow-ups."
    question = _flatten(message).strip()
    history = list(history or [])
    answers = list(answers or [])
    if not question:
        yield history, answers, gr.skip(), gr.skip(), gr.skip(), ""
        return
    history.append({"role": "user", "content": question})
    history.append({"role": "assistant", "content": "…"})
    yield history, answers, gr.skip(), gr.skip(), gr.skip(), ""
    answer = None
    text = ""
    try:
        for part in engine().ask_stream(question, answers, **_filters(call, company, period, speaker, role, section, answered)):
            if isinstance(part, Answer):
                answer = part
            else:
                text += part
                history[-1] = {"role": "assistant", "content": text + " …"}
                yield history, answers, gr.skip(), gr.skip(), gr.skip(), ""
    except IndexUnavailable as exc:  # a Chroma server that stopped or hangs: say so; the next question tries again
        history[-1] = {"role": "assistant", "content": f"⚠️ {html.escape(str(exc))}"}
        yield history, answers, gr.skip(), gr.skip(), gr.skip(), ""
        return
    answers.append(answer)
    history[-1] = {"role": "assistant", "content": answer_markdown(answer, question)}
    choices = [(f"[{c.marker}] {c.speaker}, turn {c.turn_index}", f"{c.transcript_id}|{c.turn_index}") for c in answer.citations]
    yield history, answers, sources_html(answer), gr.update(choices=choices, value=None), answer.to_markdown(), ""


# Call viewer -----------------------------------------------------------------------------------


def call_html(transcript_id: str | None, focus: int | None = None) -> str:
    "A call turn by turn: speaker, role, section and Q&A exchanges, so attribution can be checked by eye."
    if not transcript_id:
        return "<p class='meta'>Pick a call.</p>"
    store = engine().store
    store.refresh()  # another process may have changed the call
    t = store.transcript(transcript_id)
    if t is None:
        return f"<p>Call {html.escape(transcript_id)} is not indexed.</p>"
    parts = [f"<h3>{_dotted(t.company, t.period, t.date)}</h3><p class='meta'>{len(t.turns)} turns · {html.escape(t.source)}</p>"]
    section = exchange = None
    for turn in t.turns:
        if turn.section != section:
            section = turn.section
            parts.append(f"<h4>{'Prepared remarks' if section == 'prepared_remarks' else 'Questions and answers'}</h4>")
        if turn.exchange_id and turn.exchange_id != exchange:
            exchange = turn.exchange_id
            ex = t.exchange(exchange)
            asker = f": {html.escape(ex.analyst)}{', ' + html.escape(ex.firm) if ex and ex.firm else ''}" if ex else ""
            parts.append(f"<div class='exchange-head' id='exchange-{exchange}'>Exchange {exchange}{asker}{_answer_mark(ex)}</div>")
        detail = turn.firm if turn.role == "analyst" else turn.title
        interp = f" · interprets turn {turn.translation_of}" if turn.translation_of is not None else ""
        cls = "turn cited" if focus == turn.index else "turn"
        parts.append(
            f"<div class='{cls}' id='turn-{turn.index}'><span class='who'>{html.escape(turn.speaker)}</span>"
            f"<span class='meta'>{', ' + html.escape(detail) if detail else ''} · {turn.role} · turn {turn.index}{interp} · confidence {turn.confidence:.2f}</span>"
            f"<p>{html.escape(turn.text)}</p></div>"
        )
    return "".join(parts)


def _answer_mark(exchange) -> str:
    "The non-answer mark on an exchange's heading: the status, the withholding sentence, the questions left untouched."
    if exchange is None or exchange.answered not in ANSWERED["not answered or only in part"]:
        return ""
    parts = withheld(exchange)  # index copies written before questions were scored one by one have none
    if parts:
        said = "".join(
            f"<div class='evidence'><span class='part-status'>{p.status}</span>: {html.escape(p.question[:QUOTED_QUESTION_CHARS])}"
            f"{'…' if len(p.question) > QUOTED_QUESTION_CHARS else ''} — “{html.escape(p.evidence)}”</div>"
            for p in parts[:3]
        )
    else:
        said = "".join(f"<div class='evidence'>“{html.escape(e)}”</div>" for e in exchange.evidence[:2])
    left_alone = [p.question for p in exchange.parts if p.status == "not taken up"] if exchange.parts else list(exchange.untouched)
    left = "".join(f"<div class='untouched'>not taken up: {html.escape(q)}</div>" for q in left_alone[:2])
    return f" <span class='answer-mark {exchange.answered.split()[0]}'>{exchange.answered}</span>{said}{left}"


def open_source(choice: str | None):
    "Open the call of a cited turn ('<transcript id>|<turn>'), scrolled to that turn."
    if not choice or "|" not in choice:
        return gr.skip(), gr.skip(), gr.skip()
    transcript_id, turn = choice.rsplit("|", 1)
    if not turn.isdigit():
        return gr.skip(), gr.skip(), gr.skip()
    return gr.Tabs(selected="calls"), gr.update(value=transcript_id), call_html(transcript_id, int(turn))


def open_clicked_source(evt: gr.EventData):
    "A click on a source card's 'Open in the call viewer' link."
    return open_source((getattr(evt, "_data", None) or {}).get("open"))


# Library ---------------------------------------------------------------------------------------


def _nonanswers(c) -> str:
    "'1 not, 2 partly of 10': exchanges management did not answer, answered in part, of all (blank without a Q&A)."
    return f"{c.unanswered} not, {c.partly} partly of {c.exchanges}" if c.exchanges else ""


def library_rows() -> list[list]:
    return [[c.company, c.ticker, c.period, c.date, c.format, c.turns, _nonanswers(c), c.warnings, c.source, c.id] for c in engine().store.calls()]


def choices():
    "Values for the filter dropdowns, from what is indexed."
    store = engine().store
    store.refresh()
    calls = store.calls()
    speakers = set()
    for c in calls:
        t = store.transcript(c.id)
        speakers |= {turn.speaker for turn in t.turns} if t else set()
    call_choices = [(f"{c.company} {c.period}", c.id) for c in calls]
    return (
        gr.update(choices=call_choices, value=None),
        gr.update(choices=sorted({c.company for c in calls}), value=None),
        gr.update(choices=sorted({c.period for c in calls if c.period}), value=None),
        gr.update(choices=sorted(speakers), value=None),
        gr.update(choices=call_choices, value=call_choices[0][1] if call_choices else None),
        gr.update(choices=call_choices, value=None),
        library_rows(),
    )


def safe_name(name: str) -> str:
    "A file name with no path or odd characters."
    return re.sub(r"[^A-Za-z0-9._-]+", "_", Path(name).name)[:120] or "upload.txt"


def upload(files, progress=gr.Progress()):
    "Index uploaded transcripts; one line per file: added, replaced, unchanged or rejected and why."
    if not files:
        return "No files.", *choices()
    store = engine().store
    paths = []
    lines = []
    for f in files:
        path = Path(f if isinstance(f, str) else f.name)
        if path.stat().st_size > MAX_UPLOAD_MB * 1024 * 1024:
            lines.append(f"- **rejected** {safe_name(path.name)}: larger than {MAX_UPLOAD_MB} MB")
            continue
        target = path.with_name(safe_name(path.name))
        if target != path:
            path = path.rename(target)
        paths.append(path)
    done = []

    def on_file(result: FileResult) -> None:
        done.append(result)
        progress(len(done) / max(1, len(paths)), desc=f"{result.name}: {result.status}")

    for r in ingest_files(store, paths, on_file):
        if r.status == "rejected":
            lines.append(f"- **rejected** {r.error}")
        else:
            lines.append(f"- **{r.status}** {r.report.line() if r.report else r.name}".replace("\n    warning:", "\n    - warning:"))
    return "\n".join(lines), *choices()


def remove(transcript_id: str | None):
    "Remove a call from the index."
    if not transcript_id:
        return "Pick a call to remove.", *choices()
    removed = engine().store.remove(transcript_id)
    return (f"Removed {transcript_id}." if removed else f"{transcript_id} was not indexed."), *choices()


def examples_update():
    "Example questions written from the newest indexed calls."
    store = engine().store
    transcripts = [t for t in (store.transcript(c.id) for c in store.calls()[:3]) if t]
    return gr.Radio(choices=example_questions(transcripts), value=None)


def mode_line(shown: int = 3) -> str:
    "The answer mode and the calls loaded: the newest few by name, then how many more."
    e = engine()
    calls = e.store.calls()
    names = [f"{c.company} {c.period}".strip() for c in calls[:shown]]
    more = f" and {len(calls) - shown} more (Library tab)" if len(calls) > shown else ""
    loaded = f"{len(calls)} call{'' if len(calls) == 1 else 's'}" + (f": {'; '.join(names)}{more}" if calls else ": none yet; add transcripts in the Library tab")
    return f"**Answer mode:** {e.mode} · **index:** {html.escape(loaded)}"


# API -------------------------------------------------------------------------------------------


def ask(question: str, call: str = "", company: str = "", period: str = "", speaker: str = "", role: str = "", section: str = "", firm: str = "", answered: str = "") -> dict:
    """Answer a question from the indexed calls, with the speaker turns it cites.

    Every filter is optional: call (a call id from the Library), company, period ("FY2024 Q1", "Q1 2024"), speaker,
    role (executive, analyst, host, operator), section (prepared_remarks, qa), firm, answered (how management
    answered the exchange: "not answered", "partly answered", "answered", or "not answered or only in part").
    Returns the answer as JSON:
    text (with [n] markers), mode (extractive or the LLM used), note, question (as understood), filters (in force,
    including those read from the question), checks, and citations (marker, speaker, role, title, firm, company,
    period, date, section, turn_index, exchange_id, quote, the whole turn's text)."""
    filters = _filters(call, company, period, speaker, role, section, answered) | {"firm": firm}
    try:
        return engine().ask(question, **filters).to_dict()
    except IndexUnavailable as exc:
        raise gr.Error(str(exc)) from None


# Layout ----------------------------------------------------------------------------------------

with gr.Blocks(title="Earshot") as demo:
    gr.Markdown("# Earshot\nAsk earnings calls questions; every answer cites the speaker turns it uses.")
    mode = gr.Markdown("Opening the index (a first start also indexes the sample call)…", elem_id="mode")
    with gr.Tabs(elem_id="tabs") as tabs:
        with gr.Tab("Ask", id="ask"):
            with gr.Row():
                with gr.Column(scale=3):
                    chat = gr.Chatbot(elem_id="chat", height=460, show_label=False, buttons=["copy"])  # CSS keeps the messages clear of the corner button
                    with gr.Row():
                        question = gr.Textbox(elem_id="question", placeholder="What drove the funding cost decline?", show_label=False, scale=5)
                        ask_button = gr.Button("Ask", elem_id="ask", variant="primary", scale=1)
                    # a Radio shows each question whole (Gradio's example gallery cuts a sample at 60 characters)
                    examples = gr.Radio([], label="Examples from the loaded calls", elem_id="examples", value=None)
                    answers = gr.State([])
                    new_chat = gr.Button("New conversation", elem_id="new-chat", size="sm")
                    with gr.Accordion("Filters", open=False, elem_id="filters"):
                        with gr.Row():
                            f_call = gr.Dropdown(label="Call", elem_id="filter-call", value=None)
                            f_company = gr.Dropdown(label="Company", elem_id="filter-company", value=None)
                            f_period = gr.Dropdown(label="Period", elem_id="filter-period", value=None)
                        with gr.Row():
                            f_speaker = gr.Dropdown(label="Speaker", elem_id="filter-speaker", value=None)
                            f_role = gr.Dropdown(ROLES, label="Role", elem_id="filter-role", value=None)
                            f_section = gr.Dropdown(SECTIONS, label="Section", elem_id="filter-section", value=None)
                            f_answered = gr.Dropdown(list(ANSWERED), label="Management's answer", elem_id="filter-answered", value=None)
                with gr.Column(scale=2):
                    gr.Markdown("### Sources")
                    sources = gr.HTML(elem_id="sources", js_on_load=OPEN_TURN_JS)
                    open_choice = gr.Dropdown(label="Open a source in the call viewer", elem_id="open-source", value=None)
                    markdown = gr.Textbox(label="Answer as Markdown", elem_id="copy-md", lines=4, buttons=["copy"])
        with gr.Tab("Calls", id="calls"):
            viewer_call = gr.Dropdown(label="Call", elem_id="viewer-call")
            viewer = gr.HTML(elem_id="viewer")
        with gr.Tab("Library", id="library"):
            table = gr.Dataframe(
                headers=["company", "ticker", "period", "date", "layout", "turns", "non-answers", "warnings", "file", "id"], elem_id="library-table", interactive=False, wrap=True,
                column_widths=["14%", "6%", "8%", "9%", "11%", "5%", "10%", "9%", "12%", "16%"],  # an id wraps rather than runs off
            )
            uploads = gr.File(label="Add transcripts (.txt, .json, .md)", file_count="multiple", file_types=[".txt", ".json", ".md"], elem_id="upload")
            upload_result = gr.Markdown(elem_id="upload-result")
            with gr.Row():
                remove_call = gr.Dropdown(label="Remove a call", elem_id="remove-call", value=None)
                remove_button = gr.Button("Remove", elem_id="remove", variant="stop")

    filter_inputs = [f_call, f_company, f_period, f_speaker, f_role, f_section, f_answered]
    outputs = [chat, answers, sources, open_choice, markdown, question]
    ui = {"api_visibility": "private"}  # the page's own plumbing; the one documented endpoint is /ask below
    question.submit(respond, [question, chat, answers, *filter_inputs], outputs, **ui)
    ask_button.click(respond, [question, chat, answers, *filter_inputs], outputs, **ui)
    examples.input(lambda chosen: (chosen, None), examples, [question, examples], **ui)  # fill the box; nothing stays ticked
    new_chat.click(lambda: ([], [], "", gr.update(choices=[], value=None), ""), None, [chat, answers, sources, open_choice, markdown], **ui)
    open_choice.change(open_source, open_choice, [tabs, viewer_call, viewer], **ui)
    sources.click(open_clicked_source, None, [tabs, viewer_call, viewer], **ui)
    viewer_call.change(lambda t: call_html(t), viewer_call, viewer, **ui)
    refreshed = [f_call, f_company, f_period, f_speaker, viewer_call, remove_call, table]
    uploads.upload(upload, uploads, [upload_result, *refreshed], **ui).then(mode_line, None, mode, **ui).then(examples_update, None, examples, **ui)
    remove_button.click(remove, remove_call, [upload_result, *refreshed], **ui).then(mode_line, None, mode, **ui).then(examples_update, None, examples, **ui)
    demo.load(choices, None, refreshed, **ui).then(mode_line, None, mode, **ui).then(examples_update, None, examples, **ui)
    gr.api(ask, api_name="ask")

def _warm(e) -> None:
    "Load what the first answer needs; a failure here is the first question's to report, not the start's."
    try:
        e.warm()
    except Exception as exc:  # noqa: BLE001
        print(f"warning: could not prepare the answerer ahead of the first question: {exc}", file=sys.stderr)


def _open(opening: Future) -> None:
    "Open the index (indexing the sample call on a first start) and warm the answerer; the outcome goes to `opening`."
    try:
        e = default_engine()
        for result in ensure_sample(e.store):
            print(f"first start: {result.status} {result.name}", flush=True)
    except BaseException as exc:  # noqa: BLE001 - main() reports it
        opening.set_exception(exc)
        return
    opening.set_result(e)
    _warm(e)  # the keyword index, scope and sentence vectors: loaded before the first question needs them


def main() -> int:
    """Serve at once and open the index meanwhile: importing Chroma and the model, or indexing the sample on a
    first start, overlaps with the browser loading the page (handlers wait for it in engine())."""
    global _opening
    host = os.environ.get("EARSHOT_HOST", "127.0.0.1")
    port = int(os.environ.get("EARSHOT_PORT", "7860"))
    auth = os.environ.get("EARSHOT_AUTH")
    if host not in ("127.0.0.1", "localhost", "::1") and not auth:
        print(f"error: EARSHOT_HOST={host} serves beyond this machine; set EARSHOT_AUTH=user:password", file=sys.stderr)
        return 2
    if auth and not all(part.strip() for part in auth.partition(":")[::2]):
        print("error: EARSHOT_AUTH must look like user:password, with neither part empty", file=sys.stderr)
        return 2
    try:
        Config.from_env()  # a bad setting is reported before anything is served
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    _opening = Future()
    try:
        demo.launch(
            server_name=host,
            server_port=port,
            auth=tuple(auth.split(":", 1)) if auth else None,
            max_file_size=f"{MAX_UPLOAD_MB}mb",
            css=CSS,
            head=SCRIPT,
            quiet=True,  # no share-link advice a user cannot act on; the one line below says where to go
            prevent_thread_lock=True,
        )
    except OSError as exc:
        print(f"error: cannot serve on http://{host}:{port}/ ({exc}); set EARSHOT_PORT to a free port", file=sys.stderr)
        return 2
    # opened once the server is up: Gradio gives its server five seconds to start, and importing Chroma and the model
    # alongside it on a busy machine once took longer than that
    threading.Thread(target=_open, args=(_opening,), name="earshot-open", daemon=True).start()
    try:
        _opening.result()
    except (ConfigError, IndexUnavailable) as exc:
        demo.close()
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"Earshot is listening on http://{host}:{port}/", flush=True)
    demo.block_thread()
    return 0


if __name__ == "__main__":
    sys.exit(main())
