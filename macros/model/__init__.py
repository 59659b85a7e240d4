"""The data: the typed model, strict YAML reading, loading and validating a data folder, drafts of next year's files."""
