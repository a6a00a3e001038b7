"""Curation (Django app ``curation``): articles selected for external
information, filed under themes and attributed to a city unit; staff profiles,
roles and the audit log of every change of state.

Views and commands call the plain functions in
:mod:`doingoai.curation.services`; role checks live in
:mod:`doingoai.curation.roles`.
"""
