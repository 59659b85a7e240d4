"""`python -m macros …`: parses the command line and dispatches."""
