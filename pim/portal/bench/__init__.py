"""`manage.py bench`: a synthetic national-scale dataset and in-process timings of the public pages and API.

synthetic.py builds the dataset, database.py keeps it in its own database, measure.py times requests,
report.py prints the table and writes var/bench.json and the figures in docs/performance.md.
"""
