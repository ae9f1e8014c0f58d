"""Rendering results: tables for people, JSON and JSON Lines for programs, TSV for pipes."""
