"""QEG packs: the quarterly Single Agency Performance Commentary, pre-filled from the
warehouse (metrics → notes → commentary → charts → DOCX/HTML)."""
