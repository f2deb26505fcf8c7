"""Views of the core for people: the status on a date, the summary of many schools, the
meaningful difference between two revisions, and git."""
