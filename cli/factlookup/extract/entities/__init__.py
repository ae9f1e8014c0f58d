"""Entities: recogniser spans cleaned, grouped per article, given roles, linked across articles."""
