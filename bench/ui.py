"""`python -m bench.ui`: time from `python app.py` to a usable page, and to the first answer, in a real browser.

Starts the app on an empty index (so the first start indexes the sample, as a new user's does) and opens it in
Debian's Chromium through Playwright, and measures: process start -> HTTP 200, -> question box on screen,
-> example questions on screen; then for a few questions, click -> first answer text, -> sources shown.
Chromium is started before the app, as a user's browser already runs: its own start-up is not counted.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

from .common import OUT_DIR, PROJECT_DIR, markdown_table

CHROMIUM = "/usr/bin/chromium"
QUESTIONS = (
    "What drove the funding cost decline?",
    "What was the leverage ratio?",
    "What did the Bank of America analyst ask?",
    "How did the take rate change?",
    "What is the net income guidance for the second quarter?",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ui", description=__doc__.splitlines()[0])
    parser.add_argument("--warm-index", action="store_true", help="start on an index that already holds the sample (a second start)")
    parser.add_argument("--index", help="start on this existing index instead (e.g. bench/out/scale-index/all after bench.scale)")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    index_dir = args.index or tempfile.mkdtemp(prefix="earshot-ui-")
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI")} | {"EARSHOT_INDEX_DIR": index_dir}
    questions = QUESTIONS
    if args.index:
        from .scale import TOPICS

        starts, questions = (f"start on {args.index}",), TOPICS[:5]
    elif args.warm_index:
        starts = ("first start (indexes the sample)", "second start (index on disk)")
    else:
        starts = ("first start (indexes the sample)",)
    results = {}
    with sync_playwright() as p:
        # the browser is started first, as a user's already runs: its own start-up is not the app's
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-background-networking"])
        for start in starts:
            port = free_port()
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            t0 = time.perf_counter()
            proc = subprocess.Popen([sys.executable, "app.py"], cwd=PROJECT_DIR, env=env | {"EARSHOT_PORT": str(port)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            url = f"http://127.0.0.1:{port}/"
            try:
                while True:
                    try:
                        urllib.request.urlopen(url, timeout=2)
                        break
                    except OSError:
                        if proc.poll() is not None:
                            raise SystemExit("app.py exited before serving")
                        time.sleep(0.05)
                http_s = time.perf_counter() - t0
                page.goto(url, wait_until="domcontentloaded")
                page.locator("#question textarea").wait_for()
                usable_s = time.perf_counter() - t0
                page.locator("#examples label").first.wait_for()
                examples_s = time.perf_counter() - t0
                first_text, sources = [], []
                for question in questions:
                    page.locator("#question textarea").fill(question)
                    before = page.locator("#chat").inner_text()
                    markdown = page.locator("#copy-md textarea").input_value()
                    click = time.perf_counter()
                    page.locator("#ask").click()
                    page.wait_for_function(
                        "(before) => { const t = document.querySelector('#chat').innerText; return t.length > before.length + 60; }", arg=before, polling=20
                    )
                    first_text.append(time.perf_counter() - click)
                    page.wait_for_function(  # the final step fills sources and the Markdown copy together
                        "(md) => document.querySelector('#copy-md textarea').value !== md", arg=markdown, polling=20
                    )
                    sources.append(time.perf_counter() - click)
                page.close()
            finally:
                proc.terminate()
                proc.wait(timeout=30)
            results[start] = {
                "http_200_s": http_s, "page_usable_s": usable_s, "examples_shown_s": examples_s,
                "first_answer_text_s": first_text[0], "first_answer_sources_s": sources[0],
                "later_answers_text_median_s": statistics.median(first_text[1:]), "later_answers_sources_median_s": statistics.median(sources[1:]),
            }
        browser.close()
    rows = [(k, *(f"{v:.2f} s" for v in r.values())) for k, r in results.items()]
    print(markdown_table(("start", "HTTP 200", "question box usable", "examples shown", "1st answer text", "1st answer + sources", "later answers: text (median)", "later: + sources (median)"), rows))
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / ("ui-index.json" if args.index else "ui.json")).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
