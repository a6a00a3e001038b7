"""The translation workflow (Django app ``translation``): one job per article
and target language, its segments, pre-translation from the translation memory,
the termbase and a machine-translation engine, post-editing with optimistic
locking, review with QA gating, XLIFF exchange and the measures reports use.

The services are plain functions in :mod:`doingoai.translation.services`; the
``doingoai translate``, ``xliff``, ``tm``, ``terms`` and ``qa`` commands and the
views call them.
"""
