"""Storage of raw documents and articles, deduplication clusters and search (Django app)."""
