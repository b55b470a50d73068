"""Adjudication: a pipeline of small rules, one module each, run in the order ``pipeline.RULES`` gives
(docs/claims.md, "How a claim is adjudicated")."""
