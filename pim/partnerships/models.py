"""Local Partnerships (LP): each city's stakeholders; the models arrive with the LP issue."""
