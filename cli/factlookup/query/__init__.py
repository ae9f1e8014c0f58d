"""Queries on a built index: who, when, search and completion names, behind one facade."""
