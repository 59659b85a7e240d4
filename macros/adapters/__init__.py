"""Presenting the site with a builder; one subpackage per builder."""
