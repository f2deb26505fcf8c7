"""Changing the data on the user's request: recording progress, canonical formatting,
migrating old format versions, making a new school's folder."""
