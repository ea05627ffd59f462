"""Internals of question answering: vocabulary (words, stems, synonyms) and lexical (BM25).

The public API is `assistant.answering.answerer`.
"""
