"""The answer stage's parts; pipeline.answer puts them together.

evidence → wording → blocks → lists → values → ranked: each module imports only from those before
it. Names with a leading underscore are internal to this package and shared between its modules.
"""
