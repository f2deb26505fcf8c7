"""What the views become for a reader outside the documents: the terminal, the dashboard's
HTML page, the .ics calendar."""
