"""doingoai: collect → extract → curate → translate → publish → report.

The external-information system of a city's office, made for Vietnamese.
Core packages (:mod:`doingoai.text`, :mod:`doingoai.extract`,
:mod:`doingoai.collect`, :mod:`doingoai.enrich`) import no Django; the
Django apps live in :mod:`doingoai.store` and :mod:`doingoai.project`.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
