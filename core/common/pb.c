/* SPDX-License-Identifier: Apache-2.0 */
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/pb.h"
#include "crypto/crypto.h"

/* A decoded message lives in an arena: chunks from mem_alloc, allocations
 * bumped in them, all zeroed and freed together by pb_free (decoded claims
 * must not linger in freed heap). protobuf-c allocates the message itself
 * first, so it sits at the start of the first chunk and pb_free finds the
 * chunks in front of it. The budget counts what protobuf-c asks for, so no
 * input makes decoding allocate more than a fixed multiple of its size. */
typedef struct chunk {
    struct chunk *next;
    size_t cap, used; /* bytes after the header */
} chunk;

#define ALIGN _Alignof(max_align_t)
#define HEADER ((sizeof(chunk) + ALIGN - 1) / ALIGN * ALIGN)

typedef struct arena {
    chunk *first, *last;
    size_t left;       /* the budget */
    size_t first_cap;  /* the first chunk: the message and a copy of its bytes fit, with room to spare */
    int out_of_memory; /* the system refused, as opposed to the budget */
} arena;

/* Messages up to this size are re-packed on the stack by pb_decode. */
#define PB_REPACK_STACK_BYTES 1024

static void *arena_alloc(void *data, size_t size)
{
    arena *a = data;
    if (size > a->left || size > SIZE_MAX - HEADER - ALIGN)
        return NULL;
    size_t need = (size + ALIGN - 1) / ALIGN * ALIGN;
    chunk *c = a->last;
    if (c == NULL || c->cap - c->used < need) {
        size_t cap = c == NULL ? a->first_cap : (c->cap < a->left / 2 ? 2 * c->cap : a->left);
        if (cap < need)
            cap = need;
        chunk *n = mem_alloc(HEADER + cap);
        if (n == NULL) {
            a->out_of_memory = 1;
            return NULL;
        }
        *n = (chunk){NULL, cap, 0};
        if (c == NULL)
            a->first = n;
        else
            c->next = n;
        a->last = c = n;
    }
    void *p = (unsigned char *)c + HEADER + c->used;
    c->used += need;
    a->left -= size;
    return p;
}

static void arena_free(void *data, void *ptr)
{
    (void)data; /* everything goes at once, in arena_release */
    (void)ptr;
}

static void arena_release(chunk *c)
{
    while (c != NULL) {
        chunk *next = c->next;
        mem_free_secret(c, HEADER + c->used);
        c = next;
    }
}

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
    arena a = {.left = len * 64 + 16384, .first_cap = desc->sizeof_message + len + 512};
    ProtobufCAllocator alloc = {.alloc = arena_alloc, .free = arena_free, .allocator_data = &a};
    static const uint8_t empty[1];
    ProtobufCMessage *m = protobuf_c_message_unpack(desc, &alloc, len, len ? data : empty);
    if (m == NULL) {
        arena_release(a.first);
        return a.out_of_memory ? EID_ERR_NO_MEMORY : EID_ERR_FORMAT;
    }
    eid_status st = EID_ERR_FORMAT;
    if ((unsigned char *)m != (unsigned char *)a.first + HEADER)
        st = EID_ERR_INTERNAL; /* pb_free could not find the arena */
    else if (clean(m, 0) && protobuf_c_message_get_packed_size(m) == len) {
        /* the re-packed copy: on the stack when it fits (most messages), zeroed after */
        uint8_t small[PB_REPACK_STACK_BYTES];
        uint8_t *again = len <= sizeof small ? small : mem_alloc(len);
        if (again == NULL) {
            st = EID_ERR_NO_MEMORY;
        } else {
            if (protobuf_c_message_pack(m, again) == len && (len == 0 || memcmp(again, data, len) == 0))
                st = EID_OK;
            if (again == small)
                mem_zero(small, len);
            else
                mem_free_secret(again, len);
        }
    }
    if (st != EID_OK) {
        arena_release(a.first);
        return st;
    }
    *out = m;
    return EID_OK;
}

void pb_free(ProtobufCMessage *msg)
{
    if (msg != NULL)
        arena_release((chunk *)(void *)((unsigned char *)msg - HEADER));
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
