"""The MkDocs adapter: MkDocs' hooks (mkdocs.yml `hooks:`)."""
