"""The site, made without any builder: the page plan, views, rendering, search indexes, downloads."""
