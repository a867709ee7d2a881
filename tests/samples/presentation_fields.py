#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Compares two EID1 presentations field by field (docs/FORMAT.md, sections 5-7).

usage: presentation_fields.py A.txt B.txt
Each file holds QR text and may end with one line break. Exit status 0 when
the two share no value a relying party could link them by (holder key,
holder signature, issuer signature, Merkle root, revocation index, a salt, a
proof node, the nonce), 1 naming what they share, 2 when a file is not a
presentation. Decodes base45 and protobuf by hand: the test needs no
package beyond Python itself.
"""
import sys

B45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"


def base45(text):
    out = bytearray()
    for i in range(0, len(text), 3):
        chunk = [B45.index(c) for c in text[i:i + 3]]
        if len(chunk) == 3:
            n = chunk[0] + chunk[1] * 45 + chunk[2] * 45 * 45
            out += bytes([n >> 8, n & 0xFF])
        elif len(chunk) == 2:
            out.append(chunk[0] + chunk[1] * 45)
        else:
            raise ValueError("base45 length")
    return bytes(out)


def varint(b, i):
    value = shift = 0
    while True:
        byte = b[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def fields(b):
    """{field number: [values]}: bytes for length-delimited fields, ints for varints."""
    out, i = {}, 0
    while i < len(b):
        tag, i = varint(b, i)
        number, wire = tag >> 3, tag & 7
        if wire == 0:
            value, i = varint(b, i)
        elif wire == 2:
            n, i = varint(b, i)
            value, i = b[i:i + n], i + n
        else:
            raise ValueError("wire type %d" % wire)
        out.setdefault(number, []).append(value)
    return out


def linkable(path):
    text = open(path, "rb").read().decode("ascii")
    if text.endswith("\n"):
        text = text[:-2] if text.endswith("\r\n") else text[:-1]
    if not text.startswith("EID1:"):
        raise ValueError("no EID1: prefix")
    presentation = fields(base45(text[5:]))
    body = fields(presentation[1][0])
    credential = fields(body[3][0])
    payload = fields(credential[1][0])
    proof = body.get(5, [b""])[0]
    values = {
        "holder key": {payload[8][0]},
        "holder signature": {presentation[2][0]},
        "issuer signature": {credential[2][0]},
        "Merkle root": {payload[12][0]},
        "revocation index": {payload.get(14, [0])[0]},
        "salt": {fields(d)[1][0] for d in body[4]},
        "proof node": {proof[i:i + 16] for i in range(0, len(proof), 16)},
        "nonce": set(body.get(6, [])),
    }
    return values


def main():
    try:
        a, b = linkable(sys.argv[1]), linkable(sys.argv[2])
    except (OSError, ValueError, KeyError, IndexError) as e:
        print("not a presentation: %s" % e)
        return 2
    shared = [name for name in a if a[name] & b[name]]
    if shared:
        print("shared: " + ", ".join(shared))
        return 1
    print("nothing shared: " + ", ".join(a))
    return 0


if __name__ == "__main__":
    sys.exit(main())
