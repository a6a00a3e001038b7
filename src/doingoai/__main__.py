"""``python -m doingoai`` runs the ``doingoai`` command."""

from doingoai.cli import main

main()
