"""The index: corpus loading, the SQLite store, the build and its lock, and the cached file."""
