"""Reading and writing the school's files: YAML with positions, loading and validation with
Russian messages, the JSON Schemas, atomic writes and locks, the files shipped with the tool."""
