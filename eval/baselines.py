"""Outside baselines: what a competent newcomer builds with llama-index in an afternoon.

All of them see the same text of every document as the product reads it (seed decks, Markdown
and PDFs through `pipeline.readers`), cut by llama-index's default transformations
(`SentenceSplitter`, 1024 tokens, overlap 200), so they differ from the product only in
retrieval:

* ``llamaindex-vector``: ``VectorStoreIndex`` over those nodes with the same e5 model as the
  product (``pipeline.embedder.as_llama_embedding``), ``as_retriever(similarity_top_k=k)``.
* ``llamaindex-bm25-char``: ``BM25Retriever.from_defaults(nodes=…, skip_stemming=True,
  token_pattern=…)`` with character n-grams, the one-argument fix a newcomer finds for Japanese
  (the default ``\\w\\w+`` pattern makes every run of kana/kanji one "word"). Unigrams and
  overlapping bigrams were compared on the dev split; the better one is used (``CHAR_PATTERN``).
* ``llamaindex-bm25-fugashi``: the same retriever fed with fugashi + unidic-lite words (node
  texts and queries pre-split into space-separated surfaces, ``token_pattern=r"\\S+"``).

No LLM is ever called: ``Settings.llm`` is a ``MockLLM``. ``TIKTOKEN_CACHE_DIR`` and
``NLTK_DATA`` are left alone (llama-index ships its own caches for both).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

VECTOR = "llamaindex-vector"
BM25_CHAR = "llamaindex-bm25-char"
BM25_FUGASHI = "llamaindex-bm25-fugashi"
NAMES = (VECTOR, BM25_CHAR, BM25_FUGASHI)
# Chosen on the dev split (2026-11-22, the 103 answerable questions of the retired v1 set,
# recall@1/@5/@10): unigrams r"(?u)\w" 0.563/0.845/0.971, overlapping bigrams 0.728/0.922/0.932
# (a capture group inside a lookahead makes re.findall return every bigram), the default
# r"(?u)\b\w\w+\b" 0.078/0.243/0.330.
CHAR_PATTERN = r"(?u)(?=(\w\w))"


@dataclass
class BaselineRetriever:
    """A retriever plus the passages it can return, under stable ids ("file#n")."""

    name: str
    retrieve_nodes: Callable[[str], list]  # query -> list of NodeWithScore
    passages: dict[str, str]  # stable passage id -> node text (what relevance is judged on)
    id_of_node: dict[str, str]  # llama-index node id -> stable passage id
    build_seconds: float = 0.0
    info: dict[str, Any] = field(default_factory=dict)

    def retrieve(self, query: str) -> list[tuple[str, float]]:
        """Return (passage id, score) best first."""
        return [(self.id_of_node[item.node.node_id], float(item.score or 0.0)) for item in self.retrieve_nodes(query)]


def raw_documents(corpus_dir: Path):
    """Return every readable corpus document as one llama-index Document (its units' text joined)."""
    from llama_index.core import Document

    from pipeline.corpus import list_documents
    from pipeline.errors import InputError
    from pipeline.readers import read_slides

    docs = []
    for document in list_documents(corpus_dir).documents:
        try:
            slides, _warnings = read_slides(document.path)
        except InputError:
            continue  # the product skips it too (and says so when building)
        text = "\n\n\n".join(slide.text for slide in slides)
        docs.append(Document(text=text, metadata={"file_name": document.path.name}, id_=document.path.name))
    return docs


def _stable_ids(nodes) -> tuple[dict[str, str], dict[str, str]]:
    """Return {stable id: text} and {node id: stable id}; stable ids are "<file>#<n>" in split order."""
    counters: dict[str, int] = {}
    passages: dict[str, str] = {}
    id_of_node: dict[str, str] = {}
    for node in nodes:
        name = node.metadata.get("file_name", "doc")
        counters[name] = counters.get(name, 0) + 1
        pid = f"{Path(name).stem}#{counters[name]}"
        passages[pid] = node.get_content()  # node text only, no metadata header
        id_of_node[node.node_id] = pid
    return passages, id_of_node


def _wakati() -> Callable[[str], str]:
    """Return a function giving `text` as space-separated fugashi surfaces (a newcomer's wakati step)."""
    import fugashi
    import unidic_lite

    tagger = fugashi.Tagger(f"-d {unidic_lite.DICDIR}")
    return lambda text: " ".join(word.surface for word in tagger(text) if word.surface.strip())


def _bm25(nodes, top_k: int, token_pattern: str, prepare: Callable[[str], str] | None = None):
    """Return (retrieve function, seconds to build) for a stock BM25Retriever over `nodes`."""
    from llama_index.core.schema import QueryBundle, TextNode
    from llama_index.retrievers.bm25 import BM25Retriever

    started = time.perf_counter()
    if prepare is not None:  # same node ids, pre-split text
        nodes = [TextNode(id_=n.node_id, text=prepare(n.get_content()), metadata={}) for n in nodes]
    retriever = BM25Retriever.from_defaults(nodes=nodes, similarity_top_k=top_k, skip_stemming=True,
                                            token_pattern=token_pattern)
    seconds = time.perf_counter() - started

    def retrieve(query: str):
        return retriever.retrieve(QueryBundle(prepare(query) if prepare else query))

    return retrieve, seconds


def build_baselines(corpus_dir: Path, embedder, top_k: int = 10, names: tuple[str, ...] = NAMES) -> dict[str, BaselineRetriever]:
    """Build the llama-index baselines over the raw corpus; return them by config name."""
    from llama_index.core import Settings, VectorStoreIndex
    from llama_index.core.ingestion import run_transformations
    from llama_index.core.llms import MockLLM

    from pipeline.embedder import as_llama_embedding

    Settings.llm = MockLLM()  # nothing may reach for OpenAI
    nodes = run_transformations(raw_documents(corpus_dir), Settings.transformations)
    passages, id_of_node = _stable_ids(nodes)
    info = _node_info(nodes)
    out: dict[str, BaselineRetriever] = {}
    if VECTOR in names:
        started = time.perf_counter()
        index = VectorStoreIndex(nodes, embed_model=as_llama_embedding(embedder))
        out[VECTOR] = BaselineRetriever(VECTOR, index.as_retriever(similarity_top_k=top_k).retrieve, passages,
                                        id_of_node, time.perf_counter() - started, info)
    if BM25_CHAR in names:
        retrieve, seconds = _bm25(nodes, top_k, CHAR_PATTERN)
        out[BM25_CHAR] = BaselineRetriever(BM25_CHAR, retrieve, passages, id_of_node, seconds,
                                           {**info, "token_pattern": CHAR_PATTERN})
    if BM25_FUGASHI in names:
        retrieve, seconds = _bm25(nodes, top_k, r"\S+", prepare=_wakati())
        out[BM25_FUGASHI] = BaselineRetriever(BM25_FUGASHI, retrieve, passages, id_of_node, seconds,
                                              {**info, "token_pattern": r"\S+ over fugashi surfaces"})
    return out


def _node_info(nodes) -> dict[str, Any]:
    lengths = sorted(len(n.get_content()) for n in nodes)
    return {"nodes": len(nodes), "chars_median": lengths[len(lengths) // 2] if lengths else 0,
            "chars_max": lengths[-1] if lengths else 0,
            "splitter": "SentenceSplitter (llama-index default transformations)"}
