"""Reading a return: any file (CSV, XLSX, JSON) into batches of text columns.

The first step of the one validation path. Each reader checks the file's structure
(encoding, format, header), bounds its memory and time by what the contract allows
before expanding anything, and hands on the rows as text, numbered as a spreadsheet
numbers them; typing and rules come after (``workers.validation``).
"""

from workers.reading.batch import Limits, ReaderRestart, ReturnReader, TextBatch
from workers.reading.open import detect_format, open_return

__all__ = ["Limits", "ReaderRestart", "ReturnReader", "TextBatch", "detect_format", "open_return"]
