"""The command line: the Typer application and its Russian face (help, usage errors, the one
error handler)."""
