"""The ONNX Runtime encoder is the sentence-transformers reference without torch: same vectors,
same fingerprint, a lean query path, and a damaged export is named rather than used."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import config
from pipeline.embedder import OnnxEmbedder, SentenceTransformerEmbedder, load_embedder, query_threads
from pipeline.errors import ModelError
from pipeline.onnx_export import ONNX_DIR, ensure_export

ROOT = Path(__file__).resolve().parent.parent
TEXTS = ["退職者による技術情報の持ち出しを防ぐには、入社時から誓約を求める。", "TICS", "見学会の申込先は？",
         "共同購入は、供給が途絶えた期間に限り、必要な範囲で行うことは問題とならない。" * 12,  # past 512 tokens
         "Export control of dual-use items 外為法 第25条", "①②③ 15技術 → 19技術（2025年）"]


@pytest.fixture(scope="module")
def both():
    from pipeline.e5convert import ensure_model

    ensure_model()
    ensure_export()
    return OnnxEmbedder(config.MODEL_DIR), SentenceTransformerEmbedder(config.MODEL_DIR)


def test_onnx_vectors_match_the_reference(both):
    onnx, reference = both
    for kind in ("query", "passage"):
        embed = "embed_queries" if kind == "query" else "embed_passages"
        a, b = getattr(onnx, embed)(TEXTS), getattr(reference, embed)(TEXTS)
        assert (a * b).sum(axis=1).min() >= 0.9999
    assert onnx.tokenize(TEXTS, "query") == reference.tokenize(TEXTS, "query")
    assert onnx.fingerprint == reference.fingerprint and onnx.dim == reference.dim == 384


def test_the_query_path_imports_no_torch():
    code = ("import sys; from pipeline.service import load_service; s = load_service(); s.ask('TICSとは何ですか？'); "
            "print([m for m in ('torch', 'transformers', 'sentence_transformers', 'llama_index', 'tokenizers') "
            "if m in sys.modules])")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1] == "[]"


def test_a_damaged_export_is_named_with_the_fix(both, tmp_path):
    model = tmp_path / "e5"
    shutil.copytree(config.MODEL_DIR, model)
    graph = model / ONNX_DIR / "encoder.onnx"
    graph.write_bytes(graph.read_bytes()[: graph.stat().st_size // 2])
    with pytest.raises(ModelError, match="ONNX 版がないか、古いか、壊れています") as raised:
        load_embedder(model)
    assert "make setup" in str(raised.value)


def test_a_users_model_is_not_exported_into(tmp_path):
    model = tmp_path / "mine"
    model.mkdir()
    (model / "modules.json").write_text("[]", encoding="utf-8")
    assert ensure_export(model) == (None, False) and sorted(p.name for p in model.iterdir()) == ["modules.json"]


def test_two_query_threads_give_the_same_vectors_as_one(both):
    onnx, _ = both
    single = OnnxEmbedder(config.MODEL_DIR, threads=1)
    double = OnnxEmbedder(config.MODEL_DIR, threads=2)
    assert (single.embed_queries(TEXTS) * double.embed_queries(TEXTS)).sum(axis=1).min() >= 0.9999


@pytest.mark.parametrize("value", ["0", "two", "-1"])
def test_a_bad_thread_count_is_named_in_japanese(value):
    env = {**os.environ, "KB_QUERY_THREADS": value}
    run = subprocess.run([sys.executable, "-m", "pipeline", "search", "技術流出"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 2 and f"KB_QUERY_THREADS={value!r} は使えません" in run.stderr
    assert "1 以上の整数" in run.stderr and "Traceback" not in run.stderr


def test_query_threads_default_to_at_most_two_and_follow_the_environment(monkeypatch):
    monkeypatch.delenv("KB_QUERY_THREADS", raising=False)
    assert 1 <= query_threads() <= 2
    monkeypatch.setenv("KB_QUERY_THREADS", "3")
    assert query_threads() == 3


def test_serve_gives_each_worker_its_share_of_the_cores(monkeypatch):
    import uvicorn

    from pipeline import api

    monkeypatch.delenv("KB_QUERY_THREADS", raising=False)
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: None)
    monkeypatch.setattr(api.os, "cpu_count", lambda: 8)
    monkeypatch.setattr(api, "check_listen_address", lambda host, port: None)
    assert api.serve("127.0.0.1", 8765, workers=4) == 0
    assert os.environ["KB_QUERY_THREADS"] == "2"  # 8 cores, 4 workers


EDGE_TEXTS = ["", " ", "  二つ  の   空白 ", "\t改行\nと\rタブ", "😀😀 絵文字", "\U00020000\U00020001漢字の外",
              "ｶﾀｶﾅ①②㈱", "Ａ\u0301結合文字", "\u200b見えない\u200b文字", "\x00\x07制御", "ＴＩＣＳ（技術情報管理認証制度）",
              "長い文。" * 400]
# Special tokens typed into a text: markup is stripped before any text is embedded, but the lean
# tokenizer still splits them out as the library does.
SPECIAL_TEXTS = ["<s>印</s>", "a <s> b", "ab<pad>cd<unk>e<mask>f"]


def test_the_lean_tokenizer_gives_the_librarys_ids(both):
    from tokenizers import Tokenizer

    onnx, reference = both
    for kind in ("query", "passage"):
        assert onnx.tokenize(EDGE_TEXTS, kind) == reference.tokenize(EDGE_TEXTS, kind)
    assert len(onnx.tokenize(EDGE_TEXTS[-1:])[0]) == 512  # truncated to the model's length, <s> … </s> kept
    library = Tokenizer.from_file(str(config.MODEL_DIR / "tokenizer.json"))
    library.enable_truncation(max_length=512)
    for text in EDGE_TEXTS + SPECIAL_TEXTS:
        assert onnx.tokenize([text], "query")[0] == library.encode(onnx.prompts["query"] + text).ids, text
