"""The back office (Django app ``office``, under /office/): sign-in, the inbox
of collected articles, curation, the translation workbench, review and
publication, unit contributions, and sources with their collection runs.

Views are thin: they check roles (:mod:`doingoai.office.access`) and call the
services of :mod:`doingoai.curation.services`,
:mod:`doingoai.translation.services` and :mod:`doingoai.office.collection`.
"""
