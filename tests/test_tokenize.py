"""The one tokenizer: documents and queries go through the same function."""
import pytest

from pipeline.tokenize_ja import tokenize


# Dictionary: unidic-lite 1.0.8 (pinned in requirements.txt).
@pytest.mark.parametrize(
    "text, expected",
    [
        ("退職者による持ち出しを防ぐには？", ["退職", "持ち出し", "防ぐ"]),
        ("怪しいメールを部署ごとに数えている", ["怪しい", "メール", "部署", "数える"]),
        ("⼤⾂官房", ["大臣", "官房"]),  # Kangxi radicals normalised first
        ("事例⑥", ["事例", "6"]),  # a circled case number meets a typed one
        ("事例6", ["事例", "6"]),
        ("TICSとは", ["tics"]),
        ("ＴＩＣＳ", ["tics"]),
        ("技術流出対策ガイドンス", ["技術", "流出", "対策", "ガイダンス"]),
    ],
)
def test_tokenize_table(text, expected):
    assert tokenize(text) == expected


def test_index_and_query_paths_tokenise_alike(inline_corpus):
    """The BM25 index is built from chunk search text with the same function queries use."""
    import bm25s

    from pipeline.chunking import chunk_corpus

    chunks = chunk_corpus(inline_corpus).chunks
    retriever = bm25s.BM25()
    retriever.index([tokenize(c.search_text) for c in chunks], show_progress=False)
    sentence = "退職予定者のアクセス権限を速やかに見直す"
    scores = retriever.get_scores(tokenize(sentence))
    best = chunks[int(scores.argmax())]
    assert sentence in best.search_text
    assert set(tokenize(sentence)) <= set(tokenize(best.search_text))


def test_particles_and_symbols_are_dropped():
    assert tokenize("の、は。が！？「」") == []
