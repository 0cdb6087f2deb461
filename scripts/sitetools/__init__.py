"""Logic behind the project's scripts: content check, offline zip, publishing, benchmark.

Each script in ``scripts/`` is a thin command line over one module here, so tests call the logic directly.
"""
