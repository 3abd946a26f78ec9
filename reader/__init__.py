"""Reader: an accessibility-first article reader for Vietnamese and English news."""

__version__ = "0.1.0"
