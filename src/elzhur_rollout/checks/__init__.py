"""The rules of `rollout check`: findings about the documents on a date, and grammar checks."""
