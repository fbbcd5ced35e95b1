"""Candidate recommendations for a job: a local ranker that always works, Claude on top."""
