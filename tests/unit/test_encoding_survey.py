"""The survey of a delimited file: which quoting only the strict reader reads exactly."""

from __future__ import annotations

import io
import re

from hypothesis import given
from hypothesis import strategies as st

from workers.reading.encoding import _quote_inside, survey

#: The definition, as a pattern: a double quote with text on both sides.
QUOTE_INSIDE = re.compile(rb'[^,\r\n]"[^,"\r\n]')


@given(
    st.binary(max_size=40) | st.lists(st.sampled_from(list(b'ab,"\r\n')), max_size=40).map(bytes)
)
def test_a_quote_inside_text_is_found_as_the_pattern_defines_it(data):
    assert _quote_inside(data) == bool(QUOTE_INSIDE.search(data))


def test_quoting_the_fast_reader_cannot_number_is_seen_across_chunks():
    clean = b'a,b\n"1,2",3\n' * 200_000  # past one chunk
    assert not survey(io.BytesIO(clean), "x.csv", 2).quote_inside
    assert survey(io.BytesIO(clean + b'x"y,3\n'), "x.csv", 2).quote_inside
