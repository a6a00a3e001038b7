"""Date and number formats of the office per language (Django's
``FORMAT_MODULE_PATH``): what Django ships, with short forms staff read at a
glance."""
