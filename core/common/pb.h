/* SPDX-License-Identifier: Apache-2.0 */
/* Canonical protobuf decoding (docs/FORMAT.md, "Canonical encoding").
 * A message from outside is accepted only when re-packing it gives back the
 * exact input bytes, no message at any depth has unknown fields, and every
 * enum value is known. protobuf-c gets a bounded allocator, so that no input
 * makes decoding allocate more than a fixed multiple of its size. */
#ifndef EID_CORE_PB_H
#define EID_CORE_PB_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <protobuf-c/protobuf-c.h>
#include "eid/common.h"
#include "common/text.h"

/* Decodes data[0..len) as `desc`. EID_ERR_TOO_LARGE when len > max_len,
 * EID_ERR_FORMAT for anything not canonical. Free *out with pb_free. */
eid_status pb_decode(const ProtobufCMessageDescriptor *desc, const uint8_t *data, size_t len, size_t max_len,
                     ProtobufCMessage **out);
void pb_free(ProtobufCMessage *msg); /* accepts NULL */

/* Packs msg into a new malloc'd buffer. */
eid_status pb_encode(const ProtobufCMessage *msg, uint8_t **out, size_t *out_len);

#define PB_DECODE(type, desc, data, len, max, out) \
    pb_decode(&(desc), (data), (len), (max), (ProtobufCMessage **)(void *)(out))

/* A bytes field that must hold text obeying the text rule within `max` bytes
 * (and not be empty, unless may_be_empty): EID_OK, EID_ERR_FORMAT, or
 * EID_ERR_NO_MEMORY when the rule could not be checked. */
static inline eid_status pb_text_field(const ProtobufCBinaryData *t, size_t max, int may_be_empty)
{
    if (!may_be_empty && t->len == 0)
        return EID_ERR_FORMAT;
    eid_status st = text_check(t->data, t->len, max);
    return st == EID_OK || st == EID_ERR_NO_MEMORY ? st : EID_ERR_FORMAT;
}

/* 1 when two bytes fields hold the same bytes. */
static inline int pb_bytes_equal(const ProtobufCBinaryData *a, const ProtobufCBinaryData *b)
{
    return a->len == b->len && (a->len == 0 || memcmp(a->data, b->data, a->len) == 0);
}

#endif
