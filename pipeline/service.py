"""One entry point for the CLI, the app and the eval: load once, then search and ask."""
from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from . import config
from .answer import AnswerSettings
from .errors import KBError
from .index import load_index
from .llm import LLMSettings, PendingAnswer, begin_answer, finish_answer
from .records import Answer
from .search import SearchFilters, Searcher, SearchResult


@dataclass(frozen=True)
class DocumentInfo:
    doc_id: str
    title: str
    publisher: str
    date: str
    label: str  # short name for filters and cards (九州局 2025)
    units: int  # slides, pages or sections as the index holds them
    chunks: int
    source: str = ""
    license: str = ""
    file: str = ""


class Service:
    """The loaded model and index; shared read-only between requests."""

    def __init__(self, searcher: Searcher, index_dir: Path | None = None, corpus_dir: Path | None = None):
        self.searcher = searcher
        self.index_dir = Path(index_dir or config.INDEX_DIR)
        self.corpus_dir = Path(corpus_dir or config.CORPUS_DIR)
        self._reload = threading.Lock()

    def search(self, query: str, top_k: int = 5, filters: SearchFilters | None = None) -> SearchResult:
        return self.searcher.search(query, top_k=top_k, filters=filters)

    def ask(self, query: str, filters: SearchFilters | None = None, llm: LLMSettings | None = None,
            passages: int = 5, history: list[dict[str, str]] | None = None) -> Answer:
        """Return a cited answer (extractive, or generated when `llm.mode == "llm"`).

        `history` holds the earlier turns of the conversation, oldest first, as
        {"role": "user" | "assistant", "content": text}; a follow-up is read against them."""
        return finish_answer(self.begin_ask(query, filters, llm, passages, history))

    def begin_ask(self, query: str, filters: SearchFilters | None = None, llm: LLMSettings | None = None,
                  passages: int = 5, history: list[dict[str, str]] | None = None) -> PendingAnswer:
        """Do the computing part of `ask`; `llm.finish_answer` then waits for the LLM if one is to write
        the answer (a server runs the two under different limits, see pipeline.api)."""
        return begin_answer(self.searcher, query, filters=filters, llm=llm or LLMSettings(),
                            settings=AnswerSettings(passages=passages), history=history)

    def index_version(self) -> str:
        """Return a short id of the index in use (when it was built and from which corpus)."""
        manifest = self.searcher.index.manifest
        return f"{manifest.get('built_at', '?')} {str(manifest.get('corpus_checksum', ''))[:12]}"

    def refresh(self) -> bool:
        """Use a newer index if one has been built since this one was loaded; True when it changed.

        Costs one readlink per call. The new index is loaded beside the old one and swapped in with
        one assignment, so a request in flight finishes on the index it started with; if the new one
        cannot be loaded, the old one keeps serving."""
        from .index import load_index, store_dir

        live = store_dir(self.index_dir)
        if live == self.searcher.index.path or not (live / "manifest.json").exists():
            return False
        with self._reload:
            if live == self.searcher.index.path:
                return False  # another session reloaded it meanwhile
            embedder = self.searcher.embedder
            try:
                index = load_index(self.index_dir, self.corpus_dir, embedder)
            except KBError:
                return False
            self.searcher = Searcher(index, embedder)
        return True

    def documents(self) -> list[DocumentInfo]:
        """Return the indexed documents, newest first, with slide and chunk counts."""
        docs = self.searcher.index.manifest.get("documents", {})
        infos = [DocumentInfo(doc_id, d["title"], d["publisher"], d["date"], d.get("label", d["title"]), d["units"],
                              d["chunks"], d.get("source", ""), d.get("license", ""), d.get("file", ""))
                 for doc_id, d in docs.items()]
        return sorted(infos, key=lambda d: d.date, reverse=True)

    def chunk(self, chunk_id: str):
        """Return one passage by id, or None (e.g. a saved conversation citing an older index)."""
        row = self.searcher._row_of.get(chunk_id)
        return self.searcher.index.chunks[row] if row is not None else None

    def unit(self, unit_id: str):
        """Return one unit (slide, page or section) with all its blocks, or None."""
        return self.searcher.index.units.get(unit_id)

    def document_units(self, doc_id: str) -> list:
        """Return a document's units in reading order (for a view that pages through it)."""
        return sorted((u for u in self.searcher.index.units.values() if u.doc_id == doc_id), key=lambda u: u.position)

    def collections(self) -> list[str]:
        """Return the collections that occur in the index, in a stable order."""
        return sorted({c.collection for c in self.searcher.index.chunks if c.collection})


def load_service(index_dir: Path | None = None, corpus_dir: Path | None = None,
                 model_dir: Path | None = None) -> Service:
    """Return a Service over the index on disk; raises KBError subclasses with a fix command."""
    from .embedder import load_embedder
    from .errors import IndexMissingError
    from .index import REBUILD_COMMAND, store_dir

    # Say so at once when there is no index, before spending seconds on loading the model.
    if not (store_dir(index_dir or config.INDEX_DIR) / "manifest.json").exists():
        raise IndexMissingError("検索用の索引がまだ作られていません。", REBUILD_COMMAND)
    embedder = load_embedder(model_dir)
    index = load_index(index_dir or config.INDEX_DIR, corpus_dir or config.CORPUS_DIR, embedder)
    return Service(Searcher(index, embedder), index_dir, corpus_dir)
