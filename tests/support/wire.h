/* SPDX-License-Identifier: Apache-2.0 */
/* Wire-level surgery for tests: find, replace and mangle protobuf fields in
 * serialized bytes, and re-sign what a change invalidated, so that each test
 * breaks exactly one thing. */
#ifndef EID_WIRE_H
#define EID_WIRE_H
#include "fixture.h"

typedef struct wire_field {
    uint32_t number;
    uint32_t wire_type;
    size_t start, end;          /* the whole field, tag included */
    size_t value_start;         /* for length-delimited: where the content starts */
} wire_field;

/* Splits a message into its top-level fields; returns the count (max cap), or -1. */
int wire_fields(const uint8_t *b, size_t n, wire_field *out, int cap);
/* Content of the first field `number` (length-delimited); NULL when absent. */
const uint8_t *wire_get(const eid_bytes *msg, uint32_t number, size_t *len);
/* Replaces the content of the occurrence `nth` (0-based) of length-delimited field `number`. */
eid_bytes wire_set(const eid_bytes *msg, uint32_t number, int nth, const uint8_t *content, size_t len);
/* Removes the occurrence `nth` of field `number`. */
eid_bytes wire_drop(const eid_bytes *msg, uint32_t number, int nth);
/* Appends raw bytes. */
eid_bytes wire_append(const eid_bytes *msg, const uint8_t *extra, size_t len);

/* Five non-canonical variants of a message (fields swapped, first field
 * duplicated, a non-minimal tag varint, an unknown field, a trailing byte);
 * returns how many apply (swap needs two fields of different numbers). */
int wire_noncanonical(const eid_bytes *msg, eid_bytes out[5]);

eid_bytes wire_copy(const uint8_t *b, size_t n);
/* A copy of the content of the first field `number`. */
eid_bytes wire_take(const eid_bytes *msg, uint32_t number);

/* The presentation inside an EID1 text. */
eid_bytes wire_from_text(const char *text);
/* Signs body bytes with `holder` and wraps them as an EID1 text. */
char *wire_present_body(const eid_key *holder, const eid_bytes *body);
/* Replaces the credential inside a presentation body by `credential` bytes. */
eid_bytes wire_body_with_credential(const eid_bytes *body, const eid_bytes *credential);
/* Re-signs a credential whose payload is `payload` with `issuer`. */
eid_bytes wire_credential(const eid_key *issuer, const eid_bytes *payload);

#endif
