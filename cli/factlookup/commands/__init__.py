"""One module per command: each parses nothing, calls the library and returns an exit status."""
