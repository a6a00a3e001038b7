"""The office's own notices: correction notices on published articles (and
reference pages, which are office-written articles) and clarifications of
false claims circulating in public, with their review, publication on the
portal, feeds, structured data (schema.org) and API."""
