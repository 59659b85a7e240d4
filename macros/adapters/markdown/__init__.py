"""A second presentation beside adapters/mkdocs/: the site written out as Markdown files, their
menu as YAML and a mkdocs.yml without our hook (`python -m macros generate DIR`, generate.py)."""
