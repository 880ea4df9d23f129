"""Between the database and the pure scheduler (`apps.meetings.scheduling`, no Django inside).

instance.py  builds the scheduler's JSON input from the database, and maps its ids back
apply.py     writes a result in one transaction, checked again before writing
runs.py      carries out a run: claim, heartbeat, solve, apply, record (the only solver call)

Asking for runs and recovering dead ones are services (apps/meetings/services/runs.py).
"""
