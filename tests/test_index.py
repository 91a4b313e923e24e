"""The index: a real Chroma store, idempotent and atomic ingest, filters, hybrid retrieval."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from index import Retriever
from index.library import expand, ingest_files
from index.text import normalize, tokens
from ingest import chunk_transcript, load_transcript, parse_transcript

from .conftest import FIXTURES, SAMPLE


def test_ingesting_twice_leaves_the_chunk_count_unchanged(make_store):
    store = make_store()
    transcript = load_transcript(SAMPLE)
    assert store.add([transcript]) == {transcript.id: "added"}
    count = store.chunk_count()
    assert count > 50
    assert store.add([transcript]) == {transcript.id: "unchanged"}
    assert store.chunk_count() == count


def test_a_changed_file_replaces_its_old_turns(make_store):
    store = make_store()
    old = load_transcript(SAMPLE)
    store.add([old])
    changed = parse_transcript(SAMPLE.read_bytes().replace(b"Have a good day.", b"Have a good day. Goodbye."), SAMPLE.name)
    assert changed.id == old.id and changed.content_hash != old.content_hash
    assert store.add([changed]) == {old.id: "replaced"}
    hashes = {m["content_hash"] for _, _, m in store.all_chunks()}
    assert hashes == {changed.content_hash}
    assert len(store.calls()) == 1 and store.transcript(old.id).turns[32].text.endswith("Goodbye.")


def test_the_same_file_ingested_after_a_parser_upgrade_replaces_its_old_parse(make_store, monkeypatch):
    import ingest.loader

    store = make_store()
    indexed = load_transcript(SAMPLE)
    store.add([indexed])
    assert store.add([load_transcript(SAMPLE)]) == {indexed.id: "unchanged"}  # same bytes, same parser
    monkeypatch.setattr(ingest.loader, "PARSE_VERSION", ingest.loader.PARSE_VERSION + 1)
    upgraded = load_transcript(SAMPLE)
    assert upgraded.content_hash != indexed.content_hash
    assert store.add([upgraded]) == {indexed.id: "replaced"}
    assert {m["content_hash"] for _, _, m in store.all_chunks()} == {upgraded.content_hash} and len(store.calls()) == 1


def test_a_file_an_earlier_parser_indexed_under_another_id_is_replaced_not_added_again(make_store, tmp_path, monkeypatch):
    # an upgrade that reads the company from the call's welcome changes the call's id ("u_MDB_Q1_2026_earnings_call"
    # became "MongoDB"): ingesting the file again had added the call a second time beside its old parse
    from dataclasses import replace

    import ingest.loader

    store = make_store()
    data = SAMPLE.read_bytes()
    monkeypatch.setattr(ingest.loader, "PARSE_VERSION", ingest.loader.PARSE_VERSION - 1)
    earlier = replace(load_transcript(SAMPLE), id="qifu-as-read-before")
    monkeypatch.undo()
    same_name_other_bytes = tmp_path / "elsewhere" / SAMPLE.name
    same_name_other_bytes.parent.mkdir()
    same_name_other_bytes.write_bytes(data.replace(b"Have a good day.", b"Have a good day. Goodbye."))
    other = replace(load_transcript(same_name_other_bytes), id="another-file-of-that-name")
    store.add([earlier, other])
    results = ingest_files(store, [SAMPLE])
    current = load_transcript(SAMPLE)
    assert [(r.status, r.transcript_id) for r in results] == [("replaced", current.id)]
    assert {c.id for c in store.calls()} == {current.id, "another-file-of-that-name"}  # the other file's call is not this one
    assert {m["content_hash"] for _, _, m in store.all_chunks()} == {current.content_hash, other.content_hash}
    assert [(r.status, r.transcript_id) for r in ingest_files(store, [SAMPLE])] == [("unchanged", current.id)]


def test_a_bad_file_is_rejected_and_nothing_indexed_is_lost(make_store, tmp_path):
    store = make_store()
    store.add([load_transcript(SAMPLE)])
    count = store.chunk_count()
    bad = tmp_path / "broken.json"
    bad.write_text('{"speakers": [')
    results = ingest_files(store, [bad])
    assert [(r.status, r.error) for r in results] == [("rejected", "broken.json: invalid JSON (Expecting value at line 1)")]
    assert store.chunk_count() == count and len(store.calls()) == 1


def test_folders_are_ingested_with_a_result_per_file(make_store):
    store = make_store()
    files = expand([FIXTURES])
    results = ingest_files(store, files)
    assert sorted(r.name for r in results) == sorted(p.name for p in files)  # one result per file, folders read recursively
    # the gold label files beside them are JSON but not transcripts, and a folder's README is not a call
    assert sorted(r.name for r in results if r.status == "rejected") == ["README.md", "aapl_speakers.gold.json", "qifu_2024q1.gold.json"]
    # every layout of one call lands on that call: the later file replaces the earlier
    assert {r.name: r.status for r in results}["aapl_fy2022_q1_level3.json"] == "replaced"
    assert all(r.report and r.report.layout and r.report.turns for r in results if r.status != "rejected")
    assert {c.company for c in store.calls()} == {"Qifu Technology, Inc", "Apple", "Apple Inc", "ACIW", "PRFT", "PGNX", "CSGS", "CBU", "CNSL", "World Fuel Services", "Culp", "SHW", "UMBF"}


def test_removing_a_call_removes_its_chunks(make_store):
    store = make_store()
    transcript = load_transcript(SAMPLE)
    store.add([transcript])
    assert store.remove(transcript.id)
    assert store.chunk_count() == 0 and store.calls() == []
    assert not store.remove(transcript.id)


def test_a_fresh_process_reopens_the_index_from_disk(make_store, chroma_url):
    store = make_store("reopen")
    store.add([load_transcript(SAMPLE)])
    count = store.chunk_count()
    env_setup = f"EARSHOT_CHROMA_URL={chroma_url}" if chroma_url else ""
    code = (
        "from pathlib import Path\nfrom index import Config, Store\n"
        f"s = Store(Config(index_dir=Path({str(store.config.index_dir)!r}), chroma_url={chroma_url!r}, collection={store.config.collection!r}))\n"
        "print(s.chunk_count(), len(s.calls()), s.nearest('funding cost', 1)[0][0].split(':')[0])  # a chunk id starts with its call's id\n"
    )
    del store  # the embedded client lets go of the folder
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parent.parent, check=True, env=_env())
    assert out.stdout.split() == [str(count), "1", "qifu-technology-inc-2024-05-20"], (env_setup, out.stderr[-500:])


def _env():
    import os

    return {k: v for k, v in os.environ.items() if k != "OPENAI_API_KEY"}


def test_filters_pass_through_to_chroma_and_to_the_keyword_side(sample_engine):
    retriever = Retriever(sample_engine.store)
    for mode in ("dense", "keyword", "hybrid"):
        hits = retriever.search("funding cost", 8, {"role": "analyst"}, mode=mode)
        assert hits and all(h.turn.role == "analyst" for h in hits), mode
        hits = retriever.search("delinquency", 8, {"section": "prepared_remarks", "speaker": "Alex Xu"}, mode=mode)
        assert hits and {h.turn.index for h in hits} == {5}, mode


def test_a_filter_that_matches_nothing_returns_nothing(sample_engine):
    retriever = Retriever(sample_engine.store)
    for mode in ("dense", "keyword", "hybrid"):
        assert retriever.search("funding cost", 8, {"speaker": "Nobody At All"}, mode=mode) == []
        assert retriever.search("funding cost", 8, {"company": "Other Corp"}, mode=mode) == []


def test_an_original_and_its_interpretation_take_one_slot_held_by_the_interpretation(sample_engine):
    hits = Retriever(sample_engine.store).search("take rate increased from 3.2% to 3.5%", 8)
    indexes = [h.turn.index for h in hits]
    assert 13 in indexes and 12 not in indexes


def test_a_matching_question_brings_its_answers(sample_engine):
    hits = Retriever(sample_engine.store).search("What did the UBS analyst ask about funding cost?", 8, {"firm": "UBS"})
    assert hits[0].turn.index == 24
    hits = Retriever(sample_engine.store).search("capital cost of the mortgage second quarter drop", 8)
    by_index = {h.turn.index: h for h in hits}
    assert 24 in by_index and 26 in by_index
    assert by_index[26].question is not None and by_index[26].question.index == 24


def test_asr_garbled_terms_and_shorthand_meet_their_canonical_forms():
    assert normalize("we issued 5.3 billion APS") == "we issued 5.3 billion ABS"
    assert normalize("down 70 bps") == normalize("down 70 basis points") == normalize("down 70 biggest points")
    assert "90-day" in normalize("1998 delinquency rate was 3.35%")
    assert tokens("Q1 funding costs") == tokens("first quarter funding cost")
    assert sorted(tokens("RMB 5.3 billion")) == sorted(tokens("5.3 billion yuan"))
    # before, the ampersand left "m" and "a": "Did any executive decline to comment on M&A?" named no topic
    assert tokens("our R&D spend") == tokens("our research and development spend")
    assert {"merger", "acquisition"} <= set(tokens("comment on M&A")) and "merger" not in tokens("S&P 500 P&L")


def test_singular_plural_and_past_forms_are_one_keyword():
    # words from the sample and the Apple calls: "services revenue", "operating expenses", "increased"
    for forms in (("revenue", "revenues"), ("service", "services"), ("expense", "expenses"), ("increase", "increases", "increased", "increasing"),
                  ("tax", "taxes"), ("company", "companies"), ("decline", "declined"), ("cost", "costs")):
        assert len({tuple(tokens(word)) for word in forms}) == 1, forms
    assert tokens("business") == tokens("businesses") != tokens("busy")


def test_a_hyphenated_word_meets_its_parts_unless_a_prefix_binds_it():
    # MAEC's TrustCo Q1 2016 call (CC BY-SA 4.0) writes "taxable equivalent"; a newswire question writes it hyphenated
    from index.text import words_of

    trustco = "resulting in a taxable equivalent net interest income of $36.2 million this quarter"
    asked = words_of("q1 taxable-equivalent net interest income totaled how much?")
    assert words_of("taxable equivalent") <= asked & words_of(trustco)
    assert "taxable-equivalent" in asked  # the compound stays, for a call that hyphenates it too
    # "non-GAAP" is not about GAAP, nor "after-tax" what "pre-tax" is
    assert "gaap" not in words_of("q1 non-gaap loss per share how much excluding items?")
    assert words_of("quarterly after-tax operating income") & words_of("pre-tax operating income") == words_of("operating income")


def test_asr_term_finds_the_turn_that_uses_the_right_one(sample_engine):
    hits = Retriever(sample_engine.store).search("How much APS was issued?", 5, mode="keyword")
    assert 3 in [h.turn.index for h in hits]
    for mode in ("keyword", "hybrid"):
        hits = Retriever(sample_engine.store).search("What was the 1998 delinquency rate?", 5, mode=mode)
        assert 5 in [h.turn.index for h in hits], mode


def test_the_keyword_index_is_saved_read_back_and_updated_with_only_the_changed_calls(make_store):
    store = make_store()
    sample = load_transcript(SAMPLE)
    store.add([sample])
    built = Retriever(store).keyword("take rate", 5, None)
    assert built and (store.keyword_dir() / "chunks.json").is_file()

    def no_reading(*args, **kwargs):
        raise AssertionError("every chunk was read again")

    real = store.all_chunks
    store.all_chunks = no_reading  # a new process: only the saved copy can answer without reading every chunk
    assert [(h.id, s) for h, s in Retriever(store).keyword("take rate", 5, None)] == [(h.id, s) for h, s in built]

    # a call added: the saved copy is updated with that call's chunks alone
    apple = load_transcript(FIXTURES / "aapl_fy2023_q1_level2_speakermap.json")
    store.add([apple])
    retriever = Retriever(store)
    assert retriever.keyword("iPhone channel inventory", 5, None)[0][0].metadata["transcript_id"] == apple.id
    assert len(retriever.keyword_index().ids) == store.chunk_count()
    # a call changed, then one removed: the old version's chunks leave the keyword side with it
    changed = parse_transcript(SAMPLE.read_bytes().replace(b"take rate", b"take-rate ratio"), SAMPLE.name)
    store.add([changed])
    assert {h.metadata["content_hash"] for h, _ in retriever.keyword("take rate", 40, None) if h.metadata["transcript_id"] == sample.id} == {changed.content_hash}
    store.remove(apple.id)
    assert not [h for h, _ in retriever.keyword("iPhone channel inventory", 40, None) if h.metadata["transcript_id"] == apple.id]
    assert len(retriever.keyword_index().ids) == store.chunk_count()

    store.all_chunks = real
    (store.keyword_dir() / "chunks.json").write_text("{not json")  # a damaged copy is rebuilt from every chunk, not trusted
    assert Retriever(store).keyword("take rate", 5, None)[0][0].metadata["transcript_id"] == sample.id


def test_the_sentence_encoder_agrees_with_the_full_model_whatever_else_is_in_the_batch(embed_model):
    import numpy as np

    from index.embedding import encoder_of, sentence_encoder
    from ingest.chunking import split_sentences

    sentences = [s for s in split_sentences(load_transcript(SAMPLE).turns[5].text) if len(s) > 25][:12]
    encode = sentence_encoder(encoder_of(embed_model))
    full = np.array(embed_model.get_text_embedding_batch(sentences))
    fast = encode(sentences)
    fast /= np.linalg.norm(fast, axis=1, keepdims=True)
    assert fast.dtype == np.float32 and fast.shape == full.shape
    assert ((fast * full).sum(axis=1) > 0.99).all()
    alone = encode(sentences[:1])[0]
    assert float(alone @ fast[0]) / np.linalg.norm(alone) > 0.999  # a cached vector does not depend on its batch


def test_questions_on_several_threads_build_the_keyword_index_once(make_store):
    import threading

    store = make_store()
    store.add([load_transcript(SAMPLE), load_transcript(FIXTURES / "aapl_fy2023_q1_level2_speakermap.json")])
    retriever = Retriever(store)  # nothing saved yet: the first question builds it
    start = threading.Barrier(4)
    got = []

    def first_question():
        start.wait()
        got.append(retriever.keyword_index())

    threads = [threading.Thread(target=first_question) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(got) == 4 and all(kw is got[0] for kw in got)  # one build, shared
    assert len(got[0].ids) == store.chunk_count()
    assert [p.name for p in store.keyword_dir().parent.iterdir() if p.name.startswith(store.keyword_dir().name)] == [store.keyword_dir().name]


def test_bm25_scores_every_chunk_as_lucene_bm25_and_ranks_within_a_mask(tmp_path):
    import math

    from index.bm25 import B, K1, BM25
    from index.text import tokens

    corpus = [tokens(c.text) or ["_"] for c in chunk_transcript(load_transcript(SAMPLE))]
    model = BM25.build(corpus)
    query = tokens("What drove the funding cost decline in the quarter? funding")  # "funding" twice counts twice
    average = sum(map(len, corpus)) / len(corpus)

    def by_hand(doc: list[str]) -> float:
        total = 0.0
        for term in query:
            df = sum(term in d for d in corpus)
            if df == 0 or term not in doc:
                continue
            tf = doc.count(term)
            idf = math.log(1 + (len(corpus) - df + 0.5) / (df + 0.5))
            total += idf * tf / (tf + K1 * (1 - B + B * len(doc) / average))
        return total

    expected = np.array([by_hand(d) for d in corpus])
    assert expected.max() > 0 and np.allclose(model.scores(query), expected, rtol=1e-5)
    mask = np.array([i % 2 == 1 for i in range(len(corpus))], dtype=np.float32)
    docs, scores = model.top(query, 5, mask)
    odd = sorted((i for i in range(len(corpus)) if i % 2), key=lambda i: -expected[i])[:5]
    assert all(d % 2 for d in docs) and np.allclose(expected[docs], expected[odd], rtol=1e-5)  # the best within the mask, best first
    model.save(tmp_path / "bm25")
    again = BM25.load(tmp_path / "bm25")
    assert np.array_equal(again.scores(query), model.scores(query)) and again.vocab == model.vocab
    (tmp_path / "bm25" / "vocab.json").unlink()
    with pytest.raises(ValueError, match="earlier version"):
        BM25.load(tmp_path / "bm25")


def test_each_chunk_knows_where_it_stands_in_its_turn_and_the_answer_step_reads_those_words(make_store, monkeypatch):
    import dataclasses

    import qa.extractive
    from index.store import _META_KEYS
    from qa.extractive import sentence_pool, sentences_of

    # Apple's FY2022 Q1 call: Luca Maestri's 9,000-character remarks are read as the chunks that matched
    transcript = load_transcript(FIXTURES / "aapl_fy2022_q1_level2.json")
    store = make_store("places")
    store.add([transcript])
    for _, text, meta in store.all_chunks():
        said = transcript.turns[meta["turn_index"]].text[meta["start"] : meta["end"]]
        assert normalize(" ".join(said.split())) == text  # the stored chunk is exactly those words, normalised
    assert all(set(chunk.metadata) <= set(_META_KEYS) for chunk in chunk_transcript(transcript))  # none embedded with them
    hits = Retriever(store).search("What was the services revenue record?", k=8)
    long = next(h for h in hits if len(h.turn.text) > qa.extractive.LONG_TURN_CHARS and len(h.matched) >= 2)
    assert len(long.matched_text()) == len(long.matched) and all(piece in long.turn.text for piece in long.matched_text())
    read = sentence_pool(long)
    assert {s for _, s in read} == {s for piece in long.matched_text() for s in sentences_of(piece)}

    # a chunker that cuts differently from the one the call was indexed with (an upgrade, say): the answer step
    # still reads the chunks that matched, where an index without their places would read other sentences
    monkeypatch.setattr(qa.extractive, "chunk_turn", lambda turn: sentences_of(turn.text))
    qa.extractive.turn_chunks.cache_clear()
    assert sentence_pool(long) == read
    assert sentence_pool(dataclasses.replace(long, spans=())) != read
    qa.extractive.turn_chunks.cache_clear()


def test_the_vector_index_finds_the_exact_nearest_chunks_also_in_a_collection_made_before(make_store, embed_model):
    # at Chroma's default search width the 40 nearest chunks of 30 tune calls were 0.957 right, and differently so in
    # each process that opened the folder: a restart could answer the same question from other turns
    from index import Store
    from index.store import EF_SEARCH

    store = make_store("wide")
    store.add([load_transcript(SAMPLE)])
    assert store.chunks.configuration["hnsw"]["ef_search"] == EF_SEARCH
    store.chunks.modify(configuration={"hnsw": {"ef_search": 10}})  # a collection made before, searching narrowly
    reopened = Store(store.config, embed_model=embed_model)
    assert reopened.chunks.configuration["hnsw"]["ef_search"] == EF_SEARCH
    everything = reopened.chunks.get(include=["embeddings"])
    vectors = np.asarray(everything["embeddings"], dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    for question in ("What drove the funding cost decline?", "take rate", "credit risk of new loans"):
        query = np.asarray(reopened.encoder([question])[0], dtype=np.float32)
        exact = [everything["ids"][i] for i in np.argsort(-(vectors @ (query / np.linalg.norm(query))))[:40]]
        assert {chunk for chunk, _ in reopened.nearest(question, 40)} == set(exact)
