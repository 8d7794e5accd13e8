"""Paths and defaults shared by every stage; each can be overridden by an environment variable."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = Path(os.environ.get("KB_CORPUS_DIR", ROOT / "corpus"))
INDEX_DIR = Path(os.environ.get("KB_INDEX_DIR", ROOT / "index"))
MODEL_DIR = Path(os.environ.get("KB_MODEL_DIR", ROOT / "models" / "multilingual-e5-small"))

# Never reach for a hub: every model is loaded from a local directory.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
