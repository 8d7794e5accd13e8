"""Retrieval and answer benchmark over eval/questions/ (dev for tuning, frozen test for reporting; see eval/README.md)."""
