"""The office's own reference material: lasting pages about the capital,
their images, and the sourced facts they cite (see docs/reference.md)."""
