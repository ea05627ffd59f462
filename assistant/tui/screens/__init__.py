"""Modal screens: help, the voice picker, bookmarks."""
