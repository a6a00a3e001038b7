"""Versions of what the office edits (articles, translations, notices, pages),
comments between editors on an item, and notifications of what needs
someone's action, in the office and by e-mail."""
