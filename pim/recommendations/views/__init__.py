"""Screens of Improvement Plans (PU), the barrier register and the addressees' responses."""
