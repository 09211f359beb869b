"""Demo history for the analytics: months of orders and returns with a few planted anomalies.

`python -m tools.generate --orders 3000 --seed 7` (see `__main__.py`). The same
seed, end date and size give the same rows; `profile.py` says what "realistic" and "planted" mean.
"""
