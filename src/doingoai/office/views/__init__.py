"""The back office's views, one module per area; each view is a few lines
around a service call."""
