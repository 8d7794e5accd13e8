"""Index build/load and hybrid search: inline corpus with exact ids, then the shipped corpus."""
import json
import subprocess
import sys

import numpy as np
import pytest

from pipeline.embedder import FakeEmbedder
from pipeline.errors import IndexMissingError, IndexStaleError, InputError
from pipeline.index import build_index, load_index, store_dir
from pipeline.search import SearchFilters, Searcher, as_llama_retriever, clean_query

ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent


@pytest.fixture()
def inline_searcher(inline_corpus, tmp_path):
    embedder = FakeEmbedder()
    build_index(inline_corpus, tmp_path / "index", embedder, progress=False)
    return Searcher(load_index(tmp_path / "index", inline_corpus, embedder), embedder)


@pytest.mark.parametrize("mode", ["bm25", "hybrid", "rescored"])
def test_inline_exact_ids(inline_searcher, mode):
    result = inline_searcher.search("退職者の持ち出しを防ぐ", top_k=3, mode=mode)
    assert result.hits[0].chunk.chunk_id == "deck#u002-01"
    result = inline_searcher.search("事例⑥ 共同購入", top_k=3, mode=mode)
    assert result.hits[0].chunk.case == "事例⑥"


def test_filters_restrict_results(inline_searcher):
    result = inline_searcher.search("情報", top_k=10, filters=SearchFilters(collections=("出張",)))
    assert result.hits and {h.chunk.collection for h in result.hits} == {"出張"}
    none = inline_searcher.search("技術", filters=SearchFilters(doc_ids=("no-such-doc",)))
    assert none.hits == () and "条件に合う資料" in none.notice


def test_query_validation():
    for bad in ["", "   ", "\u3000\n"]:
        with pytest.raises(InputError, match="質問が空です"):
            clean_query(bad)
    text, notice = clean_query("経済安全保障" * 2000)
    assert len(text) == 500 and "500" in notice
    text, notice = clean_query("TICS\x00とは\x07")
    assert "\x00" not in text and notice is None


def test_odd_queries_do_not_crash(inline_searcher):
    for query in ["🙂🙂", "What is TICS?", "<script>alert(1)</script>", "。、！", "x" * 10000]:
        result = inline_searcher.search(query, top_k=3)
        assert len(result.hits) <= 3


def test_missing_and_stale_index_name_the_rebuild_command(inline_corpus, tmp_path):
    embedder = FakeEmbedder()
    with pytest.raises(IndexMissingError) as info:
        load_index(tmp_path / "nothing", inline_corpus, embedder)
    assert "make setup" in str(info.value)
    build_index(inline_corpus, tmp_path / "index", embedder, progress=False)
    (inline_corpus / "extra.txt").write_text("新しい資料\n\n\n本文", encoding="utf-8")
    with pytest.raises(IndexStaleError, match="corpus"):
        load_index(tmp_path / "index", inline_corpus, embedder)
    with pytest.raises(IndexStaleError, match="別の埋め込みモデル"):
        build_index(inline_corpus, tmp_path / "index", embedder, progress=False)
        load_index(tmp_path / "index", inline_corpus, FakeEmbedder(dim=32))


class CountingEmbedder(FakeEmbedder):
    def __init__(self):
        super().__init__()
        self.embedded = 0

    def _embed(self, texts, kind):
        self.embedded += len(texts)
        return super()._embed(texts, kind)


def test_rebuild_is_incremental_and_skips_when_current(inline_corpus, tmp_path):
    embedder = CountingEmbedder()
    first = build_index(inline_corpus, tmp_path / "index", embedder, progress=False)
    assert first.embedded > 0 and first.reused == 0
    assert build_index(inline_corpus, tmp_path / "index", embedder, progress=False).skipped
    with (inline_corpus / "deck.txt").open("a", encoding="utf-8") as handle:
        handle.write("\n\n\n追加のスライド\n\n- 新しく追加された説明文です。\n")
    embedder.embedded = 0
    second = build_index(inline_corpus, tmp_path / "index", embedder, progress=False)
    assert 0 < second.embedded <= 3 and second.reused >= first.embedded - 1
    assert embedder.embedded == second.embedded


def test_interrupted_build_keeps_the_previous_index(inline_corpus, tmp_path, monkeypatch):
    embedder = FakeEmbedder()
    build_index(inline_corpus, tmp_path / "index", embedder, progress=False)
    before = (store_dir(tmp_path / "index") / "manifest.json").read_text(encoding="utf-8")

    def crash(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("pipeline.index._publish", crash)
    with pytest.raises(KeyboardInterrupt):
        build_index(inline_corpus, tmp_path / "index", embedder, progress=False, force=True)
    assert (store_dir(tmp_path / "index") / "manifest.json").read_text(encoding="utf-8") == before
    load_index(tmp_path / "index", inline_corpus, embedder)
    monkeypatch.undo()
    build_index(inline_corpus, tmp_path / "index", embedder, progress=False, force=True)
    assert len(list((tmp_path / "index" / "versions").iterdir())) == 1  # the next build cleans up


def test_manifest_records_what_the_index_depends_on(inline_searcher):
    manifest = inline_searcher.index.manifest
    for key in ("model", "metric", "tokenizer", "dictionary", "corpus_checksum", "chunk_count", "packages",
                "code_version"):
        assert key in manifest
    assert manifest["model"]["dimension"] == 64 and "unidic-lite" in manifest["dictionary"]
    assert manifest["chunk_count"] == len(inline_searcher.index.chunks)


def test_llama_index_retriever_returns_nodes_with_metadata(inline_searcher):
    nodes = as_llama_retriever(inline_searcher, top_k=2).retrieve("部材の共同購入")
    assert len(nodes) == 2
    assert nodes[0].node.metadata["case"] == "事例⑥" and nodes[0].node.node_id == nodes[0].node.metadata["chunk_id"]


def _cli(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT, input=stdin, text=True,
                          capture_output=True, timeout=300)


def test_cli_json_contract_and_stdin(real_embedder, inline_corpus, tmp_path):
    build_index(inline_corpus, tmp_path / "index", real_embedder, progress=False)
    out = _cli("search", "-", "--json", "--top-k", "2", "--corpus", str(inline_corpus), "--index",
               str(tmp_path / "index"), stdin="来訪者の記録\n\n事例⑥\n")
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["query"] for r in rows] == ["来訪者の記録", "事例⑥"]
    result = rows[1]["results"][0]
    assert set(result) == {"rank", "score", "chunk_id", "doc_id", "title", "date", "unit_title", "position", "page",
                           "printed_page", "collection", "case", "citation", "text", "best_line"}
    assert result["rank"] == 1 and result["case"] == "事例⑥" and "事例⑥" in result["citation"]


def test_cli_empty_query_exits_2_with_japanese_message():
    out = _cli("search", "   ")
    assert out.returncode == 2 and "質問が空です" in out.stderr and "Traceback" not in out.stderr


def test_build_batches_texts_of_like_length_and_keeps_each_vector_with_its_text():
    from pipeline.index import _embed_in_batches

    class Recording(FakeEmbedder):
        def __init__(self):
            super().__init__()
            self.batches: list[list[str]] = []

        def _embed(self, texts, kind):
            self.batches.append(list(texts))
            return super()._embed(texts, kind)

    texts = [("輸出管理の手続き" * (1 + i % 7))[: 5 + (i * 37) % 90] for i in range(100)]
    embedder = Recording()
    vectors = _embed_in_batches(embedder, texts, "埋め込み計算", progress=False, batch=16)
    assert np.allclose(vectors, FakeEmbedder().embed_passages(texts))
    lengths = [len(t) for batch in embedder.batches for t in batch]
    assert lengths == sorted(lengths, reverse=True)  # a batch is padded only to texts like its own


def test_passages_containing_counts_as_reading_every_passage_would(inline_searcher):
    from pipeline.normalize import compact

    texts = [compact(c.search_text) for c in inline_searcher.index.chunks]
    words = {text[i:i + n] for text in texts for n in (1, 2, 4) for i in range(0, len(text) - n, 7)}
    words |= {"存在しない語", "ＡＢＣ", texts[0], texts[0] + "x"}
    for word in sorted(words):
        assert inline_searcher.passages_containing(word) == sum(word in t for t in texts), word
    assert inline_searcher.passages_containing(texts[0][:3]) == sum(texts[0][:3] in t for t in texts)  # remembered


def test_a_short_label_over_items_is_ranked_by_with_its_context():
    # 「企業結合」 over its cases says what they are; a short line that heads nothing (「事業者」) does not
    from dataclasses import replace

    from pipeline.index import piece_texts
    from pipeline.records import Chunk, Piece

    pieces = (Piece("事業者", "paragraph", 0), Piece("企業結合", "table", 1), Piece("工場の統合(事例⑨)", "table", 1, "企業結合", 1))
    chunk = Chunk("d#u1", "d", "d#u1", "見本", "見本局", "2026-01", "想定事例の一覧", None, 1, 1, None, None, None,
                  "想定事例の一覧", "", "", "", pieces)
    texts = dict(piece_texts(chunk))
    assert 0 not in texts and texts[1] == "想定事例の一覧 › 企業結合" and texts[2] == "企業結合 › 工場の統合(事例⑨)"
    assert 1 not in dict(piece_texts(replace(chunk, pieces=pieces[:2])))
