"""Two outside baselines, built the way a newcomer would with llama-index's defaults.

* ``llamaindex-vector``: ``VectorStoreIndex.from_documents`` over the raw .txt files (default
  transformations, i.e. ``SentenceSplitter`` with its default chunk size and overlap), with the
  same e5 model as the product (``pipeline.embedder.as_llama_embedding``), retrieved with
  ``index.as_retriever(similarity_top_k=k)``.
* ``llamaindex-bm25``: the stock ``BM25Retriever`` (English stemmer, ``\\w\\w+`` token pattern,
  English stop words) over the same nodes. It tokenises Japanese badly — whole runs of kana/kanji
  become single "words" — and that is the point: nothing is fixed here.

No LLM is ever called: ``Settings.llm`` is a ``MockLLM``. ``TIKTOKEN_CACHE_DIR`` and
``NLTK_DATA`` are left alone (llama-index ships its own caches for both).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

VECTOR = "llamaindex-vector"
BM25 = "llamaindex-bm25"
NAMES = (VECTOR, BM25)
RAW_SUFFIXES = (".txt", ".md")


@dataclass
class BaselineRetriever:
    """A retriever plus the passages it can return, under stable ids ("file#n")."""

    name: str
    retriever: Any
    passages: dict[str, str]  # stable passage id -> node text (what relevance is judged on)
    id_of_node: dict[str, str]  # llama-index node id -> stable passage id
    build_seconds: float = 0.0
    info: dict[str, Any] = field(default_factory=dict)

    def retrieve(self, query: str) -> list[tuple[str, float]]:
        """Return (passage id, score) best first."""
        out = []
        for item in self.retriever.retrieve(query):
            score = item.score if item.score is not None else 0.0
            out.append((self.id_of_node[item.node.node_id], float(score)))
        return out


def raw_documents(corpus_dir: Path):
    """Return the corpus files as llama-index Documents: the raw text, file name as metadata."""
    from llama_index.core import Document

    docs = []
    for path in sorted(corpus_dir.iterdir()):
        if path.is_file() and path.suffix.lower() in RAW_SUFFIXES and not path.name.startswith("."):
            docs.append(Document(text=path.read_text(encoding="utf-8"), metadata={"file_name": path.name},
                                 id_=path.name))
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


def build_baselines(corpus_dir: Path, embedder, top_k: int = 10, names: tuple[str, ...] = NAMES) -> dict[str, BaselineRetriever]:
    """Build the llama-index baselines over the raw corpus; return them by config name."""
    from llama_index.core import Settings, VectorStoreIndex
    from llama_index.core.llms import MockLLM

    from pipeline.embedder import as_llama_embedding

    Settings.llm = MockLLM()  # nothing may reach for OpenAI
    documents = raw_documents(corpus_dir)
    out: dict[str, BaselineRetriever] = {}

    t0 = time.perf_counter()
    embed_model = as_llama_embedding(embedder)
    if VECTOR in names:
        index = VectorStoreIndex.from_documents(documents, embed_model=embed_model)
        nodes = list(index.docstore.docs.values())
        vector_seconds = time.perf_counter() - t0
        passages, id_of_node = _stable_ids(nodes)
        out[VECTOR] = BaselineRetriever(VECTOR, index.as_retriever(similarity_top_k=top_k), passages, id_of_node,
                                        vector_seconds, _node_info(nodes))
    else:  # the same default transformations from_documents would run
        from llama_index.core.ingestion import run_transformations

        nodes = run_transformations(documents, Settings.transformations)
    if BM25 in names:
        from llama_index.retrievers.bm25 import BM25Retriever

        t1 = time.perf_counter()
        retriever = BM25Retriever.from_defaults(nodes=nodes, similarity_top_k=top_k)
        passages, id_of_node = _stable_ids(nodes)
        out[BM25] = BaselineRetriever(BM25, retriever, passages, id_of_node, time.perf_counter() - t1,
                                      _node_info(nodes))
    return out


def _node_info(nodes) -> dict[str, Any]:
    lengths = sorted(len(n.get_content()) for n in nodes)
    return {"nodes": len(nodes), "chars_median": lengths[len(lengths) // 2] if lengths else 0,
            "chars_max": lengths[-1] if lengths else 0,
            "splitter": "SentenceSplitter (llama-index default transformations)"}
