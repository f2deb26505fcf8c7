"""The printed documents: their wording, .docx production from templates, the text of a
.docx, rendering the set, the progress report and its chart."""
