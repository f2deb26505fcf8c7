"""The core of facts: value types, the document models, the loaded bundle, findings, the
working calendar, references in text, and the domain that derives every fact (due dates,
numbers as printed, states, who owes what) once for every view."""
