"""The generated package's runtime modules, as real Python, copied out with the header."""
