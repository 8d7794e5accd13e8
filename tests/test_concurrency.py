"""Many app sessions at once get exactly the results they would get alone: the tokenizer and the
encoder keep no state one user's question can leak into another's."""
from __future__ import annotations

import threading

import pytest

from pipeline.embedder import FakeEmbedder
from pipeline.index import build_index, load_index
from pipeline.search import Searcher
from pipeline.tokenize_ja import tokenize

QUESTIONS = [
    "退職者による情報の持ち出しを防ぐには？",
    "来訪者の記録は月ごとに集計していますか",
    "部材を共同購入してもいいの？問題にならない？",
    "出張に持っていくパソコンの注意点は",
    "研修資料ってどんな内容？",
    "海外では公共の無線LANを使っても大丈夫？",
    "秘密保持の誓約書はいつ求める",
    "アクセス権限の見直しはどのくらい速くやる？",
]
THREADS = 16
ROUNDS = 200


def _hammer(work, items: list[str], rounds: int = ROUNDS) -> list[tuple[str, object]]:
    """Run `work` `rounds` times from THREADS threads at once (each thread its own order); return the
    results that differ from the single-threaded ones."""
    alone = {item: work(item) for item in items}
    wrong: list[tuple[str, object]] = []
    start = threading.Barrier(THREADS)

    def run(offset: int) -> None:
        start.wait()
        for i in range(rounds):
            item = items[(i + offset) % len(items)]
            got = work(item)
            if got != alone[item]:
                wrong.append((item, got))

    threads = [threading.Thread(target=run, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return wrong


def test_tokenizing_from_many_threads_gives_each_question_its_own_words():
    texts = QUESTIONS + [q * 8 for q in QUESTIONS]  # long ones keep a parse running while others start
    wrong = _hammer(tokenize, texts)
    assert not wrong, f"{len(wrong)} of {THREADS * ROUNDS} tokenisations came back wrong, e.g. {wrong[0]}"


@pytest.fixture()
def searcher(inline_corpus, tmp_path):
    embedder = FakeEmbedder()
    build_index(inline_corpus, tmp_path / "index", embedder, progress=False)
    return Searcher(load_index(tmp_path / "index", inline_corpus, embedder), embedder)


def test_searching_from_many_threads_gives_the_single_threaded_top_10(searcher):
    def top10(question: str) -> list[str]:
        return [hit.chunk.chunk_id for hit in searcher.search(question, top_k=10).hits]

    wrong = _hammer(top10, QUESTIONS)
    assert not wrong, f"{len(wrong)} searches differed from the single-threaded result, e.g. {wrong[0]}"


def test_the_real_encoder_from_many_threads_gives_the_single_threaded_top_10(real_embedder, inline_corpus, tmp_path):
    build_index(inline_corpus, tmp_path / "index", real_embedder, progress=False)
    real = Searcher(load_index(tmp_path / "index", inline_corpus, real_embedder), real_embedder)

    def top10(question: str) -> list[tuple[str, float]]:
        return [(hit.chunk.chunk_id, round(hit.score, 4)) for hit in real.search(question, top_k=10).hits]

    wrong = _hammer(top10, QUESTIONS, rounds=8)
    assert not wrong, f"{len(wrong)} searches differed from the single-threaded result, e.g. {wrong[0]}"
