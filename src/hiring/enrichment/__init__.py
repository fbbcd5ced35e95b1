"""Enrichment: filling empty fields of candidates, contacts and companies from Apollo."""
