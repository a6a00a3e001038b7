"""Plans and targets: the programme the office is judged by (a multi-year
programme, a year, a quarter), its lead unit and its targets, each a number
over a slice of the work. See :mod:`doingoai.plans.services` and, for the
figures they are compared with, :mod:`doingoai.reports`."""
