"""Readers of the official code-set file formats. Each turns one file into ``CodeRecord`` values, nothing else:
no database, no Django. A reader raises ``CodeFileError`` naming every bad line it found."""
