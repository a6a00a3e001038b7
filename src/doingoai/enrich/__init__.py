"""Enrichment of extracted articles: language, topic, named entities and duplicates.

Core layer: no Django. Each step is its own module and loads its model the
first time it is used:

- :mod:`doingoai.enrich.dedupe`: exact fingerprints and MinHash/LSH near duplicates;
- :mod:`doingoai.enrich.langid`: language identification, offline;
- :mod:`doingoai.enrich.topics`: news topic classification (VNTC labels);
- :mod:`doingoai.enrich.entities`: people, organisations and places.
"""
