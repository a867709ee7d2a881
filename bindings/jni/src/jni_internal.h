/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the files of libeid_jni share: the handle structs, the helpers that
 * copy between Java arrays and C buffers, the callbacks from C into Java, and
 * each file's part of the table of natives that JNI_OnLoad registers. All of
 * it is internal: the library is built with hidden visibility and exports
 * JNI_OnLoad alone.
 */
#ifndef EID_JNI_INTERNAL_H
#define EID_JNI_INTERNAL_H

#include <jni.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <eid/eid.h>

/* Set by JNI_OnLoad (eid_jni.c). */
extern JavaVM *jni_vm;
extern jclass jni_native_class;   /* global ref to org.libeid.Native */
extern jclass jni_claim_class;    /* org.libeid.Claim */
extern jmethodID jni_prf_mid, jni_delete_mid, jni_clock_mid, jni_log_mid, jni_make_claim_mid;

/* A handle passed as a Java long, and back. */
#define H(p) ((void *)(intptr_t)(p))
#define J(p) ((jlong)(intptr_t)(p))

/* ---- copies between Java and C (jni_support.c) ---- */

void jni_wipe(void *p, size_t n);
/* A copy of a Java byte[] holding NUL-terminated UTF-8; NULL for a null
 * array, on allocation failure, or without the NUL. */
char *jni_cstr(JNIEnv *env, jbyteArray a);
/* Text that must reach C whole: a NUL inside it is refused (*bad = 1). */
char *jni_cstr_whole(JNIEnv *env, jbyteArray a, int *bad);
/* A passcode: byte[] without NUL, copied NUL-terminated; *bad when it holds a NUL.
 * Freed (zeroed) with jni_passcode_free. */
char *jni_passcode(JNIEnv *env, jbyteArray a, int *bad);
void jni_passcode_free(char *s);
/* A copy of a byte[] (len may be 0: a non-NULL pointer all the same). */
uint8_t *jni_bytes(JNIEnv *env, jbyteArray a, size_t *len);
void jni_bytes_free(uint8_t *b, size_t len);
jbyteArray jni_jbytes(JNIEnv *env, const uint8_t *p, size_t n);
/* C text to Java: its UTF-8 bytes, which Native decodes. */
jbyteArray jni_jtext(JNIEnv *env, const char *s);
/* Hands eid_bytes to Java (out[0]) and frees them (zeroed). */
eid_status jni_put_bytes(JNIEnv *env, jobjectArray out, eid_bytes *b);
void jni_put_long(JNIEnv *env, jlongArray out, jlong v);
void jni_put_int(JNIEnv *env, jintArray out, jint v);

/* Claims from Java: int[] numbers, types; long[] values; byte[][] bytes;
 * per claim an int[] of list entries (code, first, last)* and a byte[][] of
 * their texts. Everything is copied into `store`, freed with jni_claims_free. */
typedef struct claims_in {
    eid_claim *c;
    eid_list_entry **entries;
    uint8_t **owned;
    size_t n_owned, n;
} claims_in;

/* A Claim object of a C claim (Claim.make decodes it). */
jobject jni_make_claim(JNIEnv *env, uint32_t doc_type, const eid_claim *cl);
void jni_claims_free(claims_in *ci);
eid_status jni_claims_read(JNIEnv *env, jintArray numbers, jintArray types, jlongArray values, jobjectArray blobs,
                           jobjectArray lists, jobjectArray list_texts, claims_in *ci);

/* ---- callbacks into Java (jni_callbacks.c) ---- */

/* What a vault or wallet keeps for its callbacks: global refs to the Java
 * objects (NULL when not given). */
typedef struct callbacks {
    jobject keystore;
    jobject clock, elapsed_clock, logger;
} callbacks;

eid_status jni_ks_prf(void *ctx, const char *alias, const uint8_t in[EID_KEYSTORE_PRF_BYTES],
                      uint8_t out[EID_KEYSTORE_PRF_BYTES]);
eid_status jni_ks_delete(void *ctx, const char *alias);
int64_t jni_clock_cb(void *ctx);
int64_t jni_elapsed_cb(void *ctx);
void jni_log_cb(void *ctx, eid_log_level level, const char *message);
/* A global ref of o (NULL for NULL). */
jobject jni_global(JNIEnv *env, jobject o);
void jni_callbacks_release(JNIEnv *env, callbacks *cb);

/* ---- handles ---- */

typedef struct jvault {
    eid_vault *v;
    callbacks cb;
} jvault;

typedef struct jwallet {
    eid_wallet *w;
    callbacks cb;
    char *device_label;
} jwallet;

void jni_vault_free(JNIEnv *env, jvault *jv);   /* jni_vault.c */
void jni_wallet_free(JNIEnv *env, jwallet *jw); /* jni_wallet.c */

#define W(h) (((jwallet *)H(h))->w)
#define V(h) ((const eid_verifier *)H(h))

/* ---- registration ---- */

#define B "[B"
/* JNINativeMethod holds a void *, and ISO C has no conversion from a function
 * pointer to it: the tables keep generic function pointers, copied into
 * JNINativeMethod entries with memcpy (what POSIX dlsym promises works). */
typedef void (*any_fn)(void);
typedef struct jni_method {
    const char *name, *sig;
    any_fn fn;
} jni_method;
#define M(name, sig, f) {name, sig, (any_fn)f}

/* Each file's natives of org.libeid.Native; eid_jni.c registers them all. */
extern const jni_method jni_vault_methods[], jni_wallet_methods[], jni_verify_methods[], jni_issuer_methods[];
extern const size_t jni_vault_methods_count, jni_wallet_methods_count, jni_verify_methods_count,
    jni_issuer_methods_count;

#endif
