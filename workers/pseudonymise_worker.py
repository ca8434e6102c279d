"""A child process that hashes identifiers for the reader (``workers.validation.hashing``).

Run as ``python -m workers.pseudonymise_worker``; it imports nothing but the hash, so it
starts at once. The key arrives on stdin first, never in the arguments
(which any user of the machine can list); then each request is a pickled list of
identifiers, each answer their pseudonyms end to end, both framed by a 4-byte length.
"""

from __future__ import annotations

import pickle
import struct
import sys
from array import array
from typing import BinaryIO

from workers.pseudonymise import pseudonymise_many, pseudonymise_normalised

_LENGTH = struct.Struct("<I")


def send(stream: BinaryIO, value: object) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_LENGTH.pack(len(data)))
    stream.write(data)
    stream.flush()


def receive(stream: BinaryIO) -> object:
    """The next message; EOFError when the other side has closed the pipe."""
    head = stream.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        raise EOFError
    (size,) = _LENGTH.unpack(head)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)


def serve(requests: BinaryIO, answers: BinaryIO) -> None:
    key = receive(requests)
    assert isinstance(key, bytes)
    while True:
        try:
            values = receive(requests)
            send(answers, hashed(values, key))  # type: ignore[arg-type]
        except (EOFError, BrokenPipeError):  # the reader is done, or gave up on the file
            return


#: A request is a list of identifiers, or this tag with the offsets (int32, as bytes) and
#: the data of identifiers already normalised (``workers.validation.hashing.hash_request``).
NORMALISED = "normalised"


def hashed(values: list[str] | tuple[str, bytes, bytes], key: bytes) -> bytes:
    """The pseudonyms of ``values`` end to end (32 ASCII characters each): one object to
    pass back and to lay into an Arrow array, instead of a list of strings."""
    if isinstance(values, tuple) and values[0] == NORMALISED:
        offsets = array("i")
        offsets.frombytes(values[1])
        return pseudonymise_normalised(offsets.tolist(), values[2], key)
    return "".join(pseudonymise_many(values, key)).encode("ascii")  # type: ignore[arg-type]


if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout.buffer)
