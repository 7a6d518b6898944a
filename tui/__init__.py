"""The zhclean review TUI (Textual). Imported only by `zhclean review`."""
