"""Bringing articles into the store: parsing, cleaning, images."""
