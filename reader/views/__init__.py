"""Request handlers, one module per page family."""
