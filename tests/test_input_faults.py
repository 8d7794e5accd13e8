"""Bad input never loses good data: each fault gets a Japanese message naming it, a non-zero exit
where the user must act, and every other document or question is still handled."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.chunking import chunk_corpus
from pipeline.errors import InputError
from pipeline.readers import decode_text

ROOT = Path(__file__).resolve().parent.parent
GOOD = "良い資料\n\n\n情報管理の基本\n\n- 秘密情報にはアクセスできる人を決めておきます。\n"
TEXT = "ひらがなとカタカナ、漢字の混じった日本語の文章です。退職者の持ち出しを防ぎます。"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp932", "euc_jp"])
def test_japanese_text_is_read_in_every_common_encoding(encoding):
    assert decode_text(TEXT.encode(encoding), Path("memo.txt")) == TEXT


@pytest.mark.parametrize("data, message", [
    (b"", "ファイルが空です"),
    (b"\x00\x01\x02\x03binary\x00", "バイナリファイル"),
])
def test_unreadable_text_is_named(data, message):
    with pytest.raises(InputError, match=message):
        decode_text(data, Path("memo.txt"))


def _corpus(tmp_path: Path, manifest: str | None = None) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    if manifest is not None:
        (corpus / "manifest.toml").write_text(manifest, encoding="utf-8")
    return corpus


def test_broken_files_are_named_and_the_others_still_chunked(tmp_path):
    corpus = _corpus(tmp_path)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(b"\x00\x01garbage\x00")
    (corpus / "utf16.txt").write_bytes(("UTF-16の資料\n\n\n" + TEXT).encode("utf-16"))
    (corpus / "euc.txt").write_bytes(("EUC-JPの資料\n\n\n" + TEXT).encode("euc_jp"))
    (corpus / "loop.txt").symlink_to(corpus / "loop.txt")
    result = chunk_corpus(corpus)
    docs = {c.doc_id for c in result.chunks}
    assert {"good", "utf16", "euc"} <= docs
    failed = "\n".join(result.failed)
    assert "empty.txt: ファイルが空です" in failed and "binary.txt" in failed
    assert any("loop.txt" in w and "リンク" in w for w in result.warnings)
    assert any("退職者の持ち出しを防ぎます" in c.text for c in result.chunks if c.doc_id == "euc")


def test_a_manifest_entry_without_its_file_is_reported(tmp_path):
    corpus = _corpus(tmp_path, '[[document]]\nid = "gone"\nfile = "gone.txt"\ntitle = "t"\npublisher = "p"\ndate = "2025"\n')
    result = chunk_corpus(corpus)
    assert any("gone.txt" in w and "ありません" in w for w in result.warnings)
    assert {c.doc_id for c in result.chunks} == {"good"}


def test_a_duplicate_manifest_id_names_both_files(tmp_path):
    entry = '[[document]]\nid = "same"\nfile = "{}"\ntitle = "t"\npublisher = "p"\ndate = "2025"\n'
    corpus = _corpus(tmp_path, entry.format("good.txt") + entry.format("other.txt"))
    (corpus / "other.txt").write_text(GOOD, encoding="utf-8")
    with pytest.raises(InputError, match="「same」が good.txt と other.txt の両方"):
        chunk_corpus(corpus)


def test_a_manifest_syntax_error_gives_its_line(tmp_path):
    corpus = _corpus(tmp_path, '[[document]]\nid = "a"\nfile = good.txt\n')
    with pytest.raises(InputError, match=r"マニフェストの書式.*line 3"):
        chunk_corpus(corpus)


# ------------------------------------------------------------------------- command line


def _cli(*args: str, stdin: bytes | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT, input=stdin, capture_output=True,
                          env={**os.environ, **(env or {})}, timeout=600)


@pytest.fixture(scope="module")
def built(real_embedder, tmp_path_factory):
    """A small corpus with one unreadable file, built through the command line."""
    root = tmp_path_factory.mktemp("faults")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "broken.txt").write_bytes(b"\x00\x01garbage\x00")
    return corpus, root / "index", _cli("build", "--corpus", str(corpus), "--index", str(root / "index"), "--quiet")


def test_build_indexes_the_rest_and_exits_non_zero_naming_the_failure(built):
    corpus, index, run = built
    stderr = run.stderr.decode()
    assert run.returncode == 1 and "1 件の資料を読めませんでした" in stderr and "broken.txt" in stderr
    again = _cli("build", "--corpus", str(corpus), "--index", str(index), "--quiet")
    assert again.returncode == 1 and "broken.txt" in again.stderr.decode()  # still said on an unchanged corpus
    found = _cli("search", "アクセスできる人", "--corpus", str(corpus), "--index", str(index), "--json")
    assert found.returncode == 0 and json.loads(found.stdout)["results"][0]["doc_id"] == "good"


def test_a_batch_answers_every_readable_line_and_names_the_others(built):
    corpus, index, _ = built
    stdin = "アクセスできる人は？\n".encode() + "秘密情報".encode("cp932") + b"\n\xff\xfe\n" + "情報管理の基本\n".encode()
    run = _cli("search", "-", "--json", "--corpus", str(corpus), "--index", str(index), stdin=stdin)
    rows = [json.loads(line) for line in run.stdout.decode().splitlines()]
    assert run.returncode == 2 and len(rows) == 4
    assert rows[0]["results"] and rows[3]["results"]
    assert [r["line"] for r in rows[1:3]] == [2, 3] and all("UTF-8" in r["error"] for r in rows[1:3])


@pytest.mark.parametrize("args, message", [
    (("--top-k", "0"), "1〜50 の整数"),
    (("--top-k", "100000"), "1〜50 の整数"),
    (("--doc", "nope"), "文書 ID「nope」は索引にありません"),
    (("--collection", "どこにもない集"), "資料集「どこにもない集」は索引にありません"),
])
def test_bad_options_are_named_not_silently_changed(built, args, message):
    corpus, index, _ = built
    run = _cli("search", "情報管理", "--corpus", str(corpus), "--index", str(index), *args)
    assert run.returncode == 2 and message in run.stderr.decode()
