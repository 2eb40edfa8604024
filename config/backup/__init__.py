"""Backups of the whole blog: the database and the media folder in one checked archive.

`archive` writes and reads the archive (a gzipped tar with a manifest of checksums);
`database` makes a consistent copy of the database and loads one back. The commands are
`manage.py backup` and `manage.py restore` (config/management/commands/).
"""
