"""Extraction: sentences, entities with roles and aliases, and time expressions, article by article."""
