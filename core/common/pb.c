/* SPDX-License-Identifier: Apache-2.0 */
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/pb.h"
#include "crypto/crypto.h"

/* Every allocation carries its size in front, so frees need no budget and
 * can zero what they free (decoded claims must not linger in freed heap). */
typedef struct budget {
    size_t left;
    int out_of_memory; /* the system refused, as opposed to the budget */
} budget;

#define HEADER sizeof(max_align_t)

static void *bounded_alloc(void *data, size_t size)
{
    budget *b = data;
    if (size > b->left || size > SIZE_MAX - HEADER)
        return NULL;
    unsigned char *p = mem_alloc(size + HEADER);
    if (p == NULL) {
        b->out_of_memory = 1;
        return NULL;
    }
    b->left -= size;
    memcpy(p, &size, sizeof size);
    return p + HEADER;
}

static void bounded_free(void *data, void *ptr)
{
    (void)data;
    if (ptr != NULL) {
        unsigned char *p = (unsigned char *)ptr - HEADER;
        size_t size;
        memcpy(&size, p, sizeof size);
        mem_free_secret(p, size + HEADER);
    }
}

static ProtobufCAllocator freeing = {.alloc = bounded_alloc, .free = bounded_free, .allocator_data = NULL};

static int known_enum(const ProtobufCEnumDescriptor *d, int value)
{
    return protobuf_c_enum_descriptor_get_value(d, value) != NULL;
}

/* No unknown fields at any depth, every enum value known. */
static int clean(const ProtobufCMessage *m, int depth)
{
    if (depth > 8 || m->n_unknown_fields != 0)
        return 0;
    const ProtobufCMessageDescriptor *d = m->descriptor;
    const char *base = (const char *)m;
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        if (f->type != PROTOBUF_C_TYPE_MESSAGE && f->type != PROTOBUF_C_TYPE_ENUM)
            continue;
        size_t count = 1;
        const void *slot = base + f->offset;
        if (f->label == PROTOBUF_C_LABEL_REPEATED) {
            count = *(const size_t *)(base + f->quantifier_offset);
            slot = *(void *const *)slot;
        } else if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
            if (*(const uint32_t *)(base + f->quantifier_offset) != f->id)
                continue;
        }
        for (size_t k = 0; k < count; k++) {
            if (f->type == PROTOBUF_C_TYPE_ENUM) {
                const int *values = slot;
                if (!known_enum(f->descriptor, values[k]))
                    return 0;
            } else {
                const ProtobufCMessage *sub =
                    f->label == PROTOBUF_C_LABEL_REPEATED ? ((ProtobufCMessage *const *)slot)[k]
                                                          : *(ProtobufCMessage *const *)slot;
                if (sub != NULL && !clean(sub, depth + 1))
                    return 0;
            }
        }
    }
    return 1;
}

eid_status pb_decode(const ProtobufCMessageDescriptor *desc, const uint8_t *data, size_t len, size_t max_len,
                     ProtobufCMessage **out)
{
    if (desc == NULL || out == NULL || (data == NULL && len > 0))
        return EID_ERR_INVALID_ARG;
    *out = NULL;
    if (len > max_len)
        return EID_ERR_TOO_LARGE;
    budget b = {.left = len * 64 + 16384, .out_of_memory = 0};
    ProtobufCAllocator alloc = {.alloc = bounded_alloc, .free = bounded_free, .allocator_data = &b};
    static const uint8_t empty[1];
    ProtobufCMessage *m = protobuf_c_message_unpack(desc, &alloc, len, len ? data : empty);
    if (m == NULL)
        return b.out_of_memory ? EID_ERR_NO_MEMORY : EID_ERR_FORMAT;
    eid_status st = EID_ERR_FORMAT;
    if (clean(m, 0) && protobuf_c_message_get_packed_size(m) == len) {
        uint8_t *again = mem_alloc(len ? len : 1);
        if (again == NULL) {
            st = EID_ERR_NO_MEMORY;
        } else {
            if (protobuf_c_message_pack(m, again) == len && (len == 0 || memcmp(again, data, len) == 0))
                st = EID_OK;
            mem_free_secret(again, len);
        }
    }
    if (st != EID_OK) {
        protobuf_c_message_free_unpacked(m, &freeing);
        return st;
    }
    *out = m;
    return EID_OK;
}

void pb_free(ProtobufCMessage *msg)
{
    if (msg != NULL)
        protobuf_c_message_free_unpacked(msg, &freeing);
}

eid_status pb_encode(const ProtobufCMessage *msg, uint8_t **out, size_t *out_len)
{
    if (msg == NULL || out == NULL || out_len == NULL)
        return EID_ERR_INVALID_ARG;
    size_t n = protobuf_c_message_get_packed_size(msg);
    uint8_t *buf = mem_alloc(n ? n : 1);
    if (buf == NULL)
        return EID_ERR_NO_MEMORY;
    if (protobuf_c_message_pack(msg, buf) != n) {
        mem_free(buf);
        return EID_ERR_INTERNAL;
    }
    *out = buf;
    *out_len = n;
    return EID_OK;
}
