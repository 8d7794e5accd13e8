"""The index survives faults: a build killed at any point leaves the previous index live and
loadable, two builds at once end with one complete index, a damaged file is named (and repaired by a
plain build), and a running service picks up a new index without a restart."""
from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.embedder import FakeEmbedder
from pipeline.errors import IndexStaleError
from pipeline.index import _CODE_FILES, build_index, is_current, load_index, store_dir
from pipeline.search import Searcher
from pipeline.service import Service

ROOT = Path(__file__).resolve().parent.parent
# A build in its own process (so it can be killed) over the fake embedder.
BUILD = """
import sys
sys.path.insert(0, {root!r})
from pathlib import Path
from pipeline.embedder import FakeEmbedder
from pipeline.index import build_index
build_index(Path(sys.argv[1]), Path(sys.argv[2]), FakeEmbedder(), progress=False, force=True)
import pipeline
print(sorted(name for name in sys.modules if name.startswith("pipeline.")))
""".format(root=str(ROOT))


def _build_process(corpus: Path, index: Path, crash_at: str | None = None, pause_at: str | None = None) -> subprocess.Popen:
    env = {**os.environ, "KB_TEST_CRASH_AT": crash_at or "", "KB_TEST_PAUSE_AT": pause_at or ""}
    return subprocess.Popen([sys.executable, "-c", BUILD, str(corpus), str(index)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _top(index: Path, corpus: Path, query: str = "退職者の持ち出し") -> str:
    embedder = FakeEmbedder()
    return Searcher(load_index(index, corpus, embedder), embedder).search(query).hits[0].chunk.chunk_id


@pytest.fixture()
def built(inline_corpus, tmp_path):
    index = tmp_path / "index"
    build_index(inline_corpus, index, FakeEmbedder(), progress=False)
    return inline_corpus, index


@pytest.mark.parametrize("stage", ["written", "staged", "published"])
def test_a_build_killed_at_any_point_leaves_a_loadable_index_and_the_next_build_cleans_up(built, stage):
    corpus, index = built
    before = _top(index, corpus)
    with (corpus / "deck.txt").open("a", encoding="utf-8") as deck:
        deck.write("\n\n\n追加のスライド\n\n- 新しく加えた注意事項です。\n")
    process = _build_process(corpus, index, crash_at=stage)
    process.communicate(timeout=120)
    assert process.returncode == -9  # killed, as by a power cut
    embedder = FakeEmbedder()
    loaded = load_index(index, corpus, embedder, check=False)
    added = any("新しく加えた注意事項" in c.text for c in loaded.chunks)
    assert added == (stage == "published")  # the old index until the new one was published, then the new
    assert Searcher(loaded, embedder).search("退職者の持ち出し").hits[0].chunk.chunk_id == before
    build_index(corpus, index, embedder, progress=False)
    assert len(list((index / "versions").iterdir())) == 1 and not list(index.glob(".current.tmp-*"))
    assert any("新しく加えた注意事項" in c.text for c in load_index(index, corpus, embedder).chunks)


def test_two_builds_at_once_end_with_one_complete_index(built):
    corpus, index = built
    first = _build_process(corpus, index, pause_at="written")  # holds the lock for two seconds
    deadline = time.monotonic() + 60
    while not list((index / "versions").glob(".staging-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    second = _build_process(corpus, index)
    outputs = [p.communicate(timeout=120) for p in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, outputs
    assert any("別の索引作成が実行中です" in err for _, err in outputs)  # one waited for the other
    assert len(list((index / "versions").iterdir())) == 1
    load_index(index, corpus, FakeEmbedder())


def _index_files(index: Path) -> list[str]:
    manifest = json.loads((store_dir(index) / "manifest.json").read_text(encoding="utf-8"))
    return sorted(manifest["files"])


@pytest.mark.parametrize("damage", ["delete", "truncate", "flip"])
def test_every_damaged_index_file_is_named_and_a_plain_build_repairs_it(built, damage):
    corpus, index = built
    embedder = FakeEmbedder()
    names = _index_files(index)
    assert {"chunks.jsonl", "units.jsonl", "dense.faiss", "line_vectors.npy", "line_rows.npy"} <= set(names)
    assert any(name.startswith("bm25/") for name in names)
    for name in names:
        path = store_dir(index) / name
        if damage == "delete":
            path.unlink()
        elif damage == "truncate":
            path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
        else:
            data = bytearray(path.read_bytes())
            data[len(data) // 2] ^= 0xFF
            path.write_bytes(bytes(data))
        with pytest.raises(IndexStaleError, match=f"索引のファイル {name} ") as raised:
            load_index(index, corpus, embedder)
        assert "make setup" in str(raised.value)
        assert not is_current(index, corpus, embedder)
        assert not build_index(corpus, index, embedder, progress=False).skipped  # repaired without --force
        load_index(index, corpus, embedder)


def test_a_damaged_manifest_is_named(built):
    corpus, index = built
    (store_dir(index) / "manifest.json").write_text("{broken", encoding="utf-8")
    with pytest.raises(IndexStaleError, match="manifest.json"):
        load_index(index, corpus, FakeEmbedder())


@pytest.mark.parametrize("where", ["lock", "files"])
def test_a_folder_the_build_cannot_write_is_named_and_the_live_index_stays(built, monkeypatch, where):
    # (the tests run as root, whom file modes don't stop: the denial is raised where the OS would raise it)
    import pipeline.index as index_module
    corpus, index = built
    before = _top(index, corpus)

    def denied(*args, **kwargs):
        name = index / (index_module.LOCK_NAME if where == "lock" else "versions")
        raise PermissionError(13, "Permission denied", str(name))

    monkeypatch.setattr(index_module, "file_lock" if where == "lock" else "_build", denied)
    with pytest.raises(IndexStaleError, match="書き込めません") as raised:
        build_index(corpus, index, FakeEmbedder(), progress=False, force=True)
    assert str(index) in str(raised.value) and "KB_INDEX_DIR" in raised.value.fix
    monkeypatch.undo()
    assert _top(index, corpus) == before  # the index in use is untouched


def test_index_files_can_be_read_by_other_users(built):
    _, index = built
    old = os.umask(0o022)
    os.umask(old)
    if old != 0o022:
        pytest.skip("needs the usual umask 022")
    for path in store_dir(index).rglob("*"):
        if path.is_file():
            assert stat.S_IMODE(path.stat().st_mode) == 0o644, path


def test_the_code_version_covers_every_module_a_build_runs(inline_corpus, tmp_path):
    process = _build_process(inline_corpus, tmp_path / "index")
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    used = {name.split(".", 1)[1] + ".py" for name in eval(out.strip().splitlines()[-1])}  # noqa: S307 - our own output
    # config and errors change no stored byte; e5convert only runs for a real model (its output is
    # in the model fingerprint).
    assert used - set(_CODE_FILES) - {"config.py", "errors.py", "e5convert.py"} == set()


def test_a_running_service_picks_up_a_new_index_between_requests(built):
    corpus, index = built
    embedder = FakeEmbedder()
    service = Service(Searcher(load_index(index, corpus, embedder), embedder), index, corpus)
    assert not service.refresh()
    with (corpus / "deck.txt").open("a", encoding="utf-8") as deck:
        deck.write("\n\n\n防災訓練の手順\n\n- 避難経路を年に一度確認します。\n")
    build_index(corpus, index, embedder, progress=False)
    assert service.refresh()
    assert "避難経路" in service.search("避難経路の確認").hits[0].chunk.text
