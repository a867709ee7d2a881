/* SPDX-License-Identifier: Apache-2.0 */
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/pb.h"
#include "credential/key.h"

size_t eid_key_public_bytes(void) { return EID_KEY_PUBLIC_BYTES; }
size_t eid_key_seed_bytes(void) { return EID_KEY_SEED_BYTES; }
size_t eid_key_id_bytes(void) { return EID_KEY_ID_BYTES; }

static eid_status key_new(eid_key **out)
{
    eid_key *k = mem_calloc(1, sizeof *k);
    if (k == NULL)
        return EID_ERR_NO_MEMORY;
    k->secret = cry_secure_alloc(CRY_SIGN_SECRET_BYTES);
    if (k->secret == NULL) {
        mem_free(k);
        return EID_ERR_NO_MEMORY;
    }
    *out = k;
    return EID_OK;
}

eid_status eid_key_new(eid_key **key)
{
    if (key == NULL)
        return EID_ERR_INVALID_ARG;
    *key = NULL;
    uint8_t seed[EID_KEY_SEED_BYTES];
    cry_random(seed, sizeof seed);
    eid_status st = eid_key_new_from_seed(seed, sizeof seed, key);
    cry_memzero(seed, sizeof seed);
    return st;
}

eid_status eid_key_new_from_seed(const uint8_t *seed, size_t len, eid_key **key)
{
    if (key == NULL)
        return EID_ERR_INVALID_ARG;
    *key = NULL;
    if (seed == NULL || len != EID_KEY_SEED_BYTES)
        return EID_ERR_INVALID_ARG;
    eid_key *k;
    eid_status st = key_new(&k);
    if (st != EID_OK)
        return st;
    st = cry_sign_seed_keypair(k->public_key, k->secret, seed);
    if (st != EID_OK) {
        eid_key_free(k);
        return st;
    }
    cry_secure_readonly(k->secret);
    *key = k;
    return EID_OK;
}

eid_status eid_key_seed(const eid_key *key, eid_bytes *seed)
{
    if (key == NULL || seed == NULL)
        return EID_ERR_INVALID_ARG;
    seed->data = mem_alloc(EID_KEY_SEED_BYTES);
    if (seed->data == NULL)
        return EID_ERR_NO_MEMORY;
    memcpy(seed->data, key->secret, EID_KEY_SEED_BYTES); /* libsodium: seed || public key */
    seed->len = EID_KEY_SEED_BYTES;
    return EID_OK;
}

void eid_key_public(const eid_key *key, uint8_t public_key[EID_KEY_PUBLIC_BYTES])
{
    if (key != NULL && public_key != NULL)
        memcpy(public_key, key->public_key, EID_KEY_PUBLIC_BYTES);
}

void eid_key_id(const uint8_t public_key[EID_KEY_PUBLIC_BYTES], uint8_t id[EID_KEY_ID_BYTES])
{
    cry_key_id(id, public_key);
}

void eid_key_free(eid_key *key)
{
    if (key == NULL)
        return;
    cry_secure_free(key->secret);
    mem_free(key);
}

eid_status key_sign(const eid_key *key, const char *context, const uint8_t *msg, size_t len,
                    uint8_t sig[CRY_SIGNATURE_BYTES])
{
    return cry_sign_detached(sig, context, msg, len, key->secret);
}

eid_status key_signer(void *key, const char *context, const uint8_t *msg, size_t len,
                      uint8_t sig[CRY_SIGNATURE_BYTES])
{
    return key_sign(key, context, msg, len, sig);
}

eid_status key_sign_message(const ProtobufCMessage *body, const char *context, key_sign_fn sign, void *sign_ctx,
                            eid_bytes *out)
{
    *out = (eid_bytes){0};
    uint8_t *bytes = NULL;
    size_t len = 0;
    uint8_t sig[CRY_SIGNATURE_BYTES];
    eid_status st = pb_encode(body, &bytes, &len);
    if (st == EID_OK)
        st = sign(sign_ctx, context, bytes, len, sig);
    if (st == EID_OK) {
        uint8_t head[1 + 10];
        size_t h = 0;
        head[h++] = 0x0a; /* field 1, length-delimited */
        for (size_t v = len; ; v >>= 7) {
            head[h++] = (uint8_t)((v & 0x7F) | (v >= 0x80 ? 0x80 : 0));
            if (v < 0x80)
                break;
        }
        out->len = h + len + 2 + sizeof sig;
        out->data = mem_alloc(out->len);
        if (out->data == NULL) {
            out->len = 0;
            st = EID_ERR_NO_MEMORY;
        } else {
            memcpy(out->data, head, h);
            memcpy(out->data + h, bytes, len);
            out->data[h + len] = 0x12; /* field 2, length-delimited, 64 bytes */
            out->data[h + len + 1] = sizeof sig;
            memcpy(out->data + h + len + 2, sig, sizeof sig);
        }
    }
    mem_free(bytes);
    return st;
}
