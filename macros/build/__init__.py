"""The build's machinery, knowing nothing of plans: the cache, work shared among the cores, progress, settings."""
