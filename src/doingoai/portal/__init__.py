"""The public portal: articles per language, themes, search, archive, feeds and sitemaps."""
