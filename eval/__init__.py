"""Retrieval and answer benchmark over eval/questions.jsonl (see eval/README.md)."""
