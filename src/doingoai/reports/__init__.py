"""The office's figures and the period evaluation report.

* :mod:`~doingoai.reports.periods` — periods (2015, 2015-Q2, 2013..2015) and time steps.
* :mod:`~doingoai.reports.events` — the events counts are made of, attributed to units.
* :mod:`~doingoai.reports.figures` — one function per figure (definitions in docs/reports.md).
* :mod:`~doingoai.reports.evaluation` — the period evaluation report (báo cáo đánh giá).
* :mod:`~doingoai.reports.writers` — the report as JSON, CSV, XLSX, DOCX and PDF.
"""
