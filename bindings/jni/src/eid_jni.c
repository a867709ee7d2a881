/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libeid_jni: the JNI glue under org.libeid, over libeid's public headers.
 *
 * Every native is a static method of org.libeid.Native, registered in
 * JNI_OnLoad. The Java side owns each C handle (one owner object per handle,
 * with in-flight call counts) and passes it here as a long. Conventions:
 *  - Natives return an eid_status as int; outputs go to one-element arrays.
 *    The Java side turns a status into EidException. Only a JVM failure
 *    (out of memory creating an array) leaves a pending Java exception.
 *  - Text from Java arrives as a NUL-terminated UTF-8 byte[] (never modified
 *    UTF-8), text to Java leaves as a byte[] Java decodes, so that characters
 *    outside the BMP survive.
 *  - Passcodes arrive as byte[] without NUL, are copied into a buffer that is
 *    zeroed after the call, and the Java side zeroes its array.
 *  - Callbacks from C into Java (keystore, clocks, logger) go through static
 *    helpers of Native that catch every Throwable and map it to a status; a
 *    JNI exception still pending afterwards is cleared and reported as a
 *    failure. A thread the JVM does not know is attached for the call and
 *    detached after it.
 */
#include <jni.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <eid/eid.h>

#define NATIVE_CLASS "org/libeid/Native"

static JavaVM *g_vm;
static jclass g_native;      /* global ref to org.libeid.Native */
static jclass g_claim;       /* org.libeid.Claim */
static jmethodID g_prf, g_delete, g_clock, g_log, g_make_claim;

/* ---- small helpers ------------------------------------------------------------ */

#define H(p) ((void *)(intptr_t)(p))
#define J(p) ((jlong)(intptr_t)(p))

static void wipe(void *p, size_t n)
{
    volatile unsigned char *v = p;
    while (n--)
        *v++ = 0;
}

/* A copy of a Java byte[] holding NUL-terminated UTF-8 (the Java side appends
 * the NUL); NULL for a null array, on allocation failure, or without the NUL. */
static char *cstr(JNIEnv *env, jbyteArray a)
{
    if (a == NULL)
        return NULL;
    jsize n = (*env)->GetArrayLength(env, a);
    if (n < 1)
        return NULL;
    char *s = malloc((size_t)n);
    if (s == NULL)
        return NULL;
    (*env)->GetByteArrayRegion(env, a, 0, n, (jbyte *)s);
    if (s[n - 1] != 0) {
        free(s);
        return NULL;
    }
    return s;
}

/* Text that must reach C whole: a NUL inside it would cut it short, so such
 * text is refused (*bad = 1). */
static char *cstr_whole(JNIEnv *env, jbyteArray a, int *bad)
{
    char *s = cstr(env, a);
    *bad = 0;
    if (s != NULL && strlen(s) + 1 != (size_t)(*env)->GetArrayLength(env, a)) {
        *bad = 1;
        free(s);
        return NULL;
    }
    return s;
}

/* A passcode: byte[] without NUL, copied NUL-terminated; *bad when it holds a NUL. */
static char *passcode(JNIEnv *env, jbyteArray a, int *bad)
{
    *bad = 0;
    if (a == NULL)
        return NULL;
    jsize n = (*env)->GetArrayLength(env, a);
    char *s = malloc((size_t)n + 1);
    if (s == NULL)
        return NULL;
    (*env)->GetByteArrayRegion(env, a, 0, n, (jbyte *)s);
    s[n] = 0;
    if (memchr(s, 0, (size_t)n) != NULL)
        *bad = 1;
    return s;
}

static void passcode_free(char *s)
{
    if (s != NULL) {
        wipe(s, strlen(s));
        free(s);
    }
}

/* A copy of a byte[] (len may be 0: a non-NULL pointer all the same). */
static uint8_t *bytes(JNIEnv *env, jbyteArray a, size_t *len)
{
    *len = 0;
    if (a == NULL)
        return NULL;
    jsize n = (*env)->GetArrayLength(env, a);
    uint8_t *b = malloc((size_t)n + 1);
    if (b == NULL)
        return NULL;
    (*env)->GetByteArrayRegion(env, a, 0, n, (jbyte *)b);
    *len = (size_t)n;
    return b;
}

static void bytes_free(uint8_t *b, size_t len)
{
    if (b != NULL) {
        wipe(b, len);
        free(b);
    }
}

static jbyteArray jbytes(JNIEnv *env, const uint8_t *p, size_t n)
{
    if (n > INT_MAX)
        return NULL;
    jbyteArray a = (*env)->NewByteArray(env, (jsize)n);
    if (a != NULL && n > 0)
        (*env)->SetByteArrayRegion(env, a, 0, (jsize)n, (const jbyte *)p);
    return a;
}

/* C text to Java: its UTF-8 bytes, which Native decodes. */
static jbyteArray jtext(JNIEnv *env, const char *s)
{
    return s == NULL ? NULL : jbytes(env, (const uint8_t *)s, strlen(s));
}

/* Hands eid_bytes to Java (out[0]) and frees them (zeroed). */
static eid_status put_bytes(JNIEnv *env, jobjectArray out, eid_bytes *b)
{
    jbyteArray a = jbytes(env, b->data, b->len);
    eid_bytes_free(b);
    if (a == NULL)
        return EID_ERR_NO_MEMORY;
    (*env)->SetObjectArrayElement(env, out, 0, a);
    (*env)->DeleteLocalRef(env, a);
    return EID_OK;
}

static void put_long(JNIEnv *env, jlongArray out, jlong v)
{
    (*env)->SetLongArrayRegion(env, out, 0, 1, &v);
}

static void put_int(JNIEnv *env, jintArray out, jint v)
{
    (*env)->SetIntArrayRegion(env, out, 0, 1, &v);
}

/* ---- callbacks into Java ---------------------------------------------------------- */

/* The JNIEnv of this thread, attaching it when the JVM does not know it. */
static JNIEnv *env_enter(int *attached)
{
    JNIEnv *env = NULL;
    *attached = 0;
    if (g_vm == NULL)
        return NULL;
    jint rc = (*g_vm)->GetEnv(g_vm, (void **)&env, JNI_VERSION_1_6);
    if (rc == JNI_EDETACHED) {
        if ((*g_vm)->AttachCurrentThread(g_vm, (void **)&env, NULL) != JNI_OK)
            return NULL;
        *attached = 1;
    } else if (rc != JNI_OK) {
        return NULL;
    }
    /* A callback must not run with an exception already pending. */
    if ((*env)->ExceptionCheck(env)) {
        if (*attached)
            (*g_vm)->DetachCurrentThread(g_vm);
        return NULL;
    }
    return env;
}

static void env_leave(int attached)
{
    if (attached)
        (*g_vm)->DetachCurrentThread(g_vm);
}

/* Clears a pending Java exception; 1 when there was one. */
static int swallow(JNIEnv *env)
{
    if ((*env)->ExceptionCheck(env)) {
        (*env)->ExceptionClear(env);
        return 1;
    }
    return 0;
}

/* What a vault or wallet keeps for its callbacks: global refs to the Java
 * objects (NULL when not given). */
typedef struct callbacks {
    jobject keystore;
    jobject clock, elapsed_clock, logger;
} callbacks;

static eid_status ks_prf(void *ctx, const char *alias, const uint8_t in[EID_KEYSTORE_PRF_BYTES],
                         uint8_t out[EID_KEYSTORE_PRF_BYTES])
{
    callbacks *cb = ctx;
    int attached;
    JNIEnv *env = env_enter(&attached);
    if (env == NULL)
        return EID_ERR_KEYSTORE;
    eid_status st = EID_ERR_KEYSTORE;
    jbyteArray jalias = jtext(env, alias);
    jbyteArray jin = jbytes(env, in, EID_KEYSTORE_PRF_BYTES);
    jbyteArray jout = (*env)->NewByteArray(env, EID_KEYSTORE_PRF_BYTES);
    if (jalias != NULL && jin != NULL && jout != NULL) {
        jint rc = (*env)->CallStaticIntMethod(env, g_native, g_prf, cb->keystore, jalias, jin, jout);
        if (!swallow(env)) {
            st = (eid_status)rc;
            if (st == EID_OK)
                (*env)->GetByteArrayRegion(env, jout, 0, EID_KEYSTORE_PRF_BYTES, (jbyte *)out);
        }
    }
    swallow(env);
    /* the PRF's input and output are as secret as the database key: leave no copy */
    static const jbyte zero[EID_KEYSTORE_PRF_BYTES];
    if (jout != NULL)
        (*env)->SetByteArrayRegion(env, jout, 0, EID_KEYSTORE_PRF_BYTES, zero);
    if (jin != NULL)
        (*env)->SetByteArrayRegion(env, jin, 0, EID_KEYSTORE_PRF_BYTES, zero);
    swallow(env);
    if (jalias != NULL)
        (*env)->DeleteLocalRef(env, jalias);
    if (jin != NULL)
        (*env)->DeleteLocalRef(env, jin);
    if (jout != NULL)
        (*env)->DeleteLocalRef(env, jout);
    env_leave(attached);
    return st;
}

static eid_status ks_delete(void *ctx, const char *alias)
{
    callbacks *cb = ctx;
    int attached;
    JNIEnv *env = env_enter(&attached);
    if (env == NULL)
        return EID_ERR_KEYSTORE;
    eid_status st = EID_ERR_KEYSTORE;
    jbyteArray jalias = jtext(env, alias);
    if (jalias != NULL) {
        jint rc = (*env)->CallStaticIntMethod(env, g_native, g_delete, cb->keystore, jalias);
        if (!swallow(env))
            st = (eid_status)rc;
        (*env)->DeleteLocalRef(env, jalias);
    }
    swallow(env);
    env_leave(attached);
    return st;
}

/* A clock that throws reads as 0 (1970): every check that depends on time then
 * fails closed. */
static int64_t call_clock(jobject clock)
{
    int attached;
    JNIEnv *env = env_enter(&attached);
    if (env == NULL)
        return 0;
    jlong t = (*env)->CallStaticLongMethod(env, g_native, g_clock, clock);
    if (swallow(env))
        t = 0;
    env_leave(attached);
    return (int64_t)t;
}

static int64_t clock_cb(void *ctx) { return call_clock(((callbacks *)ctx)->clock); }
static int64_t elapsed_cb(void *ctx) { return call_clock(((callbacks *)ctx)->elapsed_clock); }

static void log_cb(void *ctx, eid_log_level level, const char *message)
{
    callbacks *cb = ctx;
    int attached;
    JNIEnv *env = env_enter(&attached);
    if (env == NULL)
        return;
    jbyteArray m = jtext(env, message);
    if (m != NULL) {
        (*env)->CallStaticVoidMethod(env, g_native, g_log, cb->logger, (jint)level, m);
        (*env)->DeleteLocalRef(env, m);
    }
    swallow(env);
    env_leave(attached);
}

static jobject global(JNIEnv *env, jobject o)
{
    return o == NULL ? NULL : (*env)->NewGlobalRef(env, o);
}

static void callbacks_release(JNIEnv *env, callbacks *cb)
{
    if (cb->keystore)
        (*env)->DeleteGlobalRef(env, cb->keystore);
    if (cb->clock)
        (*env)->DeleteGlobalRef(env, cb->clock);
    if (cb->elapsed_clock)
        (*env)->DeleteGlobalRef(env, cb->elapsed_clock);
    if (cb->logger)
        (*env)->DeleteGlobalRef(env, cb->logger);
    memset(cb, 0, sizeof *cb);
}

/* ---- library, statuses, names ------------------------------------------------------ */

static jint n_init(JNIEnv *env, jclass c)
{
    (void)env;
    (void)c;
    return (jint)eid_init();
}

static jbyteArray n_version(JNIEnv *env, jclass c)
{
    (void)c;
    return jtext(env, eid_version_string());
}

static jint n_status_count(JNIEnv *env, jclass c)
{
    (void)env;
    (void)c;
    return (jint)eid_status_count();
}

static jint n_status_at(JNIEnv *env, jclass c, jint i)
{
    (void)env;
    (void)c;
    return i < 0 ? EID_ERR_INVALID_ARG : (jint)eid_status_at((size_t)i);
}

static jbyteArray n_status_name(JNIEnv *env, jclass c, jint s)
{
    (void)c;
    return jtext(env, eid_status_name((eid_status)s));
}

static jbyteArray n_status_str(JNIEnv *env, jclass c, jint s)
{
    (void)c;
    return jtext(env, eid_status_str((eid_status)s));
}

static jbyteArray n_doc_type_name(JNIEnv *env, jclass c, jint t)
{
    (void)c;
    return jtext(env, eid_doc_type_name((uint32_t)t));
}

static jbyteArray n_doc_type_title(JNIEnv *env, jclass c, jint t, jint lang)
{
    (void)c;
    return jtext(env, eid_doc_type_title((uint32_t)t, (eid_language)lang));
}

static jbyteArray n_claim_name(JNIEnv *env, jclass c, jint t, jint n)
{
    (void)c;
    return jtext(env, eid_claim_name((uint32_t)t, (uint32_t)n));
}

static jbyteArray n_claim_label(JNIEnv *env, jclass c, jint t, jint n, jint lang)
{
    (void)c;
    return jtext(env, eid_claim_label((uint32_t)t, (uint32_t)n, (eid_language)lang));
}

/* The claim number of a name, or -1. */
static jint n_claim_number(JNIEnv *env, jclass c, jint t, jbyteArray name)
{
    (void)c;
    char *s = cstr(env, name);
    uint32_t n = 0;
    eid_status st = s ? eid_claim_number((uint32_t)t, s, &n) : EID_ERR_INVALID_ARG;
    free(s);
    return st == EID_OK ? (jint)n : -1;
}

static jbyteArray n_check_name(JNIEnv *env, jclass c, jint k)
{
    (void)c;
    return jtext(env, eid_check_name((eid_check)k));
}

static jint n_check_count(JNIEnv *env, jclass c)
{
    (void)env;
    (void)c;
    return (jint)eid_check_count();
}

static jint n_fleet_available(JNIEnv *env, jclass c)
{
    (void)env;
    (void)c;
    return eid_fleet_available();
}

/* ---- claims ------------------------------------------------------------------------- */

/* A Claim object of a C claim (Claim.make decodes it). */
static jobject make_claim(JNIEnv *env, uint32_t doc_type, const eid_claim *cl)
{
    jbyteArray b = NULL;
    jintArray codes = NULL, first = NULL, last = NULL;
    jobjectArray texts = NULL;
    jobject out = NULL;
    if (cl->bytes != NULL && (b = jbytes(env, cl->bytes, cl->bytes_len)) == NULL)
        goto done;
    if (cl->type == EID_VALUE_LIST) {
        jsize n = (jsize)cl->n_entries;
        jclass bc = (*env)->FindClass(env, "[B");
        if (bc == NULL)
            goto done;
        codes = (*env)->NewIntArray(env, n);
        first = (*env)->NewIntArray(env, n);
        last = (*env)->NewIntArray(env, n);
        texts = (*env)->NewObjectArray(env, n, bc, NULL);
        (*env)->DeleteLocalRef(env, bc);
        if (codes == NULL || first == NULL || last == NULL || texts == NULL)
            goto done;
        for (jsize i = 0; i < n; i++) {
            const eid_list_entry *e = &cl->entries[i];
            jint v[3] = {(jint)e->code, e->first_day, e->last_day};
            (*env)->SetIntArrayRegion(env, codes, i, 1, &v[0]);
            (*env)->SetIntArrayRegion(env, first, i, 1, &v[1]);
            (*env)->SetIntArrayRegion(env, last, i, 1, &v[2]);
            if (e->text != NULL) {
                jbyteArray t = jbytes(env, e->text, e->text_len);
                if (t == NULL)
                    goto done;
                (*env)->SetObjectArrayElement(env, texts, i, t);
                (*env)->DeleteLocalRef(env, t);
            }
        }
    }
    out = (*env)->CallStaticObjectMethod(env, g_claim, g_make_claim, (jint)doc_type, (jint)cl->number,
                                         (jint)cl->type, b, (jlong)cl->number_value, codes, texts, first, last);
done:
    if (b)
        (*env)->DeleteLocalRef(env, b);
    if (codes)
        (*env)->DeleteLocalRef(env, codes);
    if (first)
        (*env)->DeleteLocalRef(env, first);
    if (last)
        (*env)->DeleteLocalRef(env, last);
    if (texts)
        (*env)->DeleteLocalRef(env, texts);
    return out;
}

/* Claims from Java: int[] numbers, types; long[] values; byte[][] bytes;
 * per claim an int[] of list entries (code, first, last)* and a byte[][] of
 * their texts. Everything is copied into `store`, freed with claims_free. */
typedef struct claims_in {
    eid_claim *c;
    eid_list_entry **entries;
    uint8_t **owned;
    size_t n_owned, n;
} claims_in;

static void claims_free(claims_in *ci)
{
    for (size_t i = 0; i < ci->n_owned; i++)
        free(ci->owned[i]);
    for (size_t i = 0; i < ci->n; i++)
        free(ci->entries ? ci->entries[i] : NULL);
    free(ci->owned);
    free(ci->entries);
    free(ci->c);
    memset(ci, 0, sizeof *ci);
}

static void *own(claims_in *ci, void *p)
{
    if (p != NULL)
        ci->owned[ci->n_owned++] = p;
    return p;
}

static eid_status claims_read(JNIEnv *env, jintArray numbers, jintArray types, jlongArray values,
                              jobjectArray blobs, jobjectArray lists, jobjectArray list_texts, claims_in *ci)
{
    memset(ci, 0, sizeof *ci);
    if (numbers == NULL || types == NULL || values == NULL || blobs == NULL || lists == NULL || list_texts == NULL)
        return EID_ERR_INVALID_ARG;
    jsize n = (*env)->GetArrayLength(env, numbers);
    if (n > EID_CLAIM_MAX_COUNT || (*env)->GetArrayLength(env, types) != n ||
        (*env)->GetArrayLength(env, values) != n || (*env)->GetArrayLength(env, blobs) != n ||
        (*env)->GetArrayLength(env, lists) != n || (*env)->GetArrayLength(env, list_texts) != n)
        return EID_ERR_INVALID_ARG;
    ci->n = (size_t)n;
    ci->c = calloc((size_t)n + 1, sizeof *ci->c);
    ci->entries = calloc((size_t)n + 1, sizeof *ci->entries);
    /* one blob per claim, one text per entry (at most 64 entries each) */
    ci->owned = calloc((size_t)n * 65 + 1, sizeof *ci->owned);
    if (ci->c == NULL || ci->entries == NULL || ci->owned == NULL) {
        claims_free(ci);
        return EID_ERR_NO_MEMORY;
    }
    for (jsize i = 0; i < n; i++) {
        eid_claim *c = &ci->c[i];
        jint num, type;
        jlong v;
        (*env)->GetIntArrayRegion(env, numbers, i, 1, &num);
        (*env)->GetIntArrayRegion(env, types, i, 1, &type);
        (*env)->GetLongArrayRegion(env, values, i, 1, &v);
        c->number = (uint32_t)num;
        c->type = (eid_value_type)type;
        c->number_value = v;
        jbyteArray blob = (*env)->GetObjectArrayElement(env, blobs, i);
        if (blob != NULL) {
            size_t len;
            c->bytes = own(ci, bytes(env, blob, &len));
            c->bytes_len = len;
            (*env)->DeleteLocalRef(env, blob);
        }
        jintArray list = (*env)->GetObjectArrayElement(env, lists, i);
        jobjectArray texts = (*env)->GetObjectArrayElement(env, list_texts, i);
        if (list != NULL) {
            jsize m = (*env)->GetArrayLength(env, list) / 3;
            if (m > 64 || texts == NULL || (*env)->GetArrayLength(env, texts) < m) {
                claims_free(ci);
                return EID_ERR_INVALID_ARG;
            }
            eid_list_entry *e = calloc((size_t)m + 1, sizeof *e);
            if (e == NULL) {
                claims_free(ci);
                return EID_ERR_NO_MEMORY;
            }
            ci->entries[i] = e;
            for (jsize k = 0; k < m; k++) {
                jint t[3];
                (*env)->GetIntArrayRegion(env, list, k * 3, 3, t);
                e[k].code = (uint32_t)t[0];
                e[k].first_day = t[1];
                e[k].last_day = t[2];
                jbyteArray tx = (*env)->GetObjectArrayElement(env, texts, k);
                if (tx != NULL) {
                    size_t len;
                    e[k].text = own(ci, bytes(env, tx, &len));
                    e[k].text_len = len;
                    (*env)->DeleteLocalRef(env, tx);
                }
            }
            c->entries = e;
            c->n_entries = (size_t)m;
            (*env)->DeleteLocalRef(env, list);
        }
        if (texts != NULL)
            (*env)->DeleteLocalRef(env, texts);
    }
    if ((*env)->ExceptionCheck(env)) {
        claims_free(ci);
        return EID_ERR_INVALID_ARG;
    }
    return EID_OK;
}

/* ---- vault --------------------------------------------------------------------------------- */

typedef struct jvault {
    eid_vault *v;
    callbacks cb;
} jvault;

/* opts: passcode_min_length, passcode_max_length, digits_only, reject_weak, argon2_ops, argon2_mem_bytes,
 * backoff_after, wipe_after, backoff_base_seconds, backoff_max_seconds, logger min level */
#define VAULT_OPTS 11

static jint n_vault_options_default(JNIEnv *env, jclass c, jlongArray out)
{
    (void)c;
    eid_vault_options o;
    eid_status st = eid_vault_options_default(&o, EID_VAULT_OPTIONS_VERSION);
    jlong v[VAULT_OPTS] = {o.passcode_min_length, o.passcode_max_length, o.passcode_digits_only,
                           o.passcode_reject_weak, (jlong)o.argon2_ops, (jlong)o.argon2_mem_bytes, o.backoff_after,
                           o.wipe_after, o.backoff_base_seconds, o.backoff_max_seconds, EID_LOG_INFO};
    if (out == NULL || (*env)->GetArrayLength(env, out) != VAULT_OPTS)
        return EID_ERR_INVALID_ARG;
    (*env)->SetLongArrayRegion(env, out, 0, VAULT_OPTS, v);
    return (jint)st;
}

static eid_status vault_options(JNIEnv *env, jlongArray opts, callbacks *cb, eid_vault_options *o)
{
    eid_status st = eid_vault_options_default(o, EID_VAULT_OPTIONS_VERSION);
    if (st != EID_OK || opts == NULL || (*env)->GetArrayLength(env, opts) != VAULT_OPTS)
        return EID_ERR_INVALID_ARG;
    jlong v[VAULT_OPTS];
    (*env)->GetLongArrayRegion(env, opts, 0, VAULT_OPTS, v);
    for (int i = 0; i < VAULT_OPTS; i++)
        if (v[i] < 0 || (i != 4 && i != 5 && i != 8 && i != 9 && v[i] > (jlong)UINT32_MAX))
            return EID_ERR_INVALID_ARG;
    o->passcode_min_length = (uint32_t)v[0];
    o->passcode_max_length = (uint32_t)v[1];
    o->passcode_digits_only = (int)v[2];
    o->passcode_reject_weak = (int)v[3];
    o->argon2_ops = (uint64_t)v[4];
    o->argon2_mem_bytes = (uint64_t)v[5];
    o->backoff_after = (uint32_t)v[6];
    o->wipe_after = (uint32_t)v[7];
    o->backoff_base_seconds = v[8];
    o->backoff_max_seconds = v[9];
    if (cb != NULL) {
        if (cb->clock != NULL) {
            o->clock = clock_cb;
            o->clock_ctx = cb;
        }
        if (cb->elapsed_clock != NULL) {
            o->elapsed_clock = elapsed_cb;
            o->elapsed_clock_ctx = cb;
        }
        if (cb->logger != NULL) {
            o->logger.fn = log_cb;
            o->logger.ctx = cb;
            o->logger.min_level = (eid_log_level)(v[10] > EID_LOG_ERROR ? EID_LOG_ERROR : v[10]);
        }
    }
    return EID_OK;
}

static jint n_vault_check_passcode(JNIEnv *env, jclass c, jlongArray opts, jbyteArray pass)
{
    (void)c;
    eid_vault_options o;
    eid_status st = vault_options(env, opts, NULL, &o);
    int bad;
    char *p = passcode(env, pass, &bad);
    if (st == EID_OK)
        st = p == NULL ? EID_ERR_INVALID_ARG : bad ? EID_ERR_WEAK_PASSCODE : eid_vault_check_passcode(&o, p);
    passcode_free(p);
    return (jint)st;
}

/* create != 0: eid_vault_create(dir, pass, ...); else eid_vault_open(dir, ...). */
static jint n_vault_new(JNIEnv *env, jclass c, jint create, jbyteArray dir, jbyteArray pass, jobject keystore,
                        jint kind, jlongArray opts, jobject clock, jobject elapsed, jobject logger, jlongArray out)
{
    (void)c;
    if (keystore == NULL || out == NULL)
        return EID_ERR_INVALID_ARG;
    jvault *jv = calloc(1, sizeof *jv);
    char *d = cstr(env, dir);
    int bad = 0;
    char *p = create ? passcode(env, pass, &bad) : NULL;
    eid_status st = EID_OK;
    if (jv == NULL)
        st = EID_ERR_NO_MEMORY;
    else if (d == NULL || (create && p == NULL))
        st = EID_ERR_INVALID_ARG;
    else if (bad)
        st = EID_ERR_WEAK_PASSCODE;
    eid_vault_options o;
    if (st == EID_OK) {
        jv->cb.keystore = global(env, keystore);
        jv->cb.clock = global(env, clock);
        jv->cb.elapsed_clock = global(env, elapsed);
        jv->cb.logger = global(env, logger);
        st = vault_options(env, opts, &jv->cb, &o);
    }
    if (st == EID_OK) {
        eid_keystore ks = {(eid_keystore_kind)kind, &jv->cb, ks_prf, ks_delete};
        st = create ? eid_vault_create(d, p, &ks, &o, &jv->v) : eid_vault_open(d, &ks, &o, &jv->v);
    }
    passcode_free(p);
    free(d);
    if (st != EID_OK) {
        if (jv != NULL) {
            eid_vault_close(jv->v);
            callbacks_release(env, &jv->cb);
            free(jv);
        }
        return (jint)st;
    }
    put_long(env, out, J(jv));
    return EID_OK;
}

static void vault_free(JNIEnv *env, jvault *jv)
{
    eid_vault_close(jv->v);
    callbacks_release(env, &jv->cb);
    free(jv);
}

static jint n_vault_unlock(JNIEnv *env, jclass c, jlong h, jbyteArray pass)
{
    (void)c;
    jvault *jv = H(h);
    int bad;
    char *p = passcode(env, pass, &bad);
    eid_status st = p == NULL ? EID_ERR_INVALID_ARG : bad ? EID_ERR_WRONG_PASSCODE : eid_vault_unlock(jv->v, p);
    passcode_free(p);
    return (jint)st;
}

static jint n_vault_change_passcode(JNIEnv *env, jclass c, jlong h, jbyteArray old_pass, jbyteArray new_pass)
{
    (void)c;
    jvault *jv = H(h);
    int bad_old, bad_new;
    char *o = passcode(env, old_pass, &bad_old), *n = passcode(env, new_pass, &bad_new);
    eid_status st;
    if (o == NULL || n == NULL)
        st = EID_ERR_INVALID_ARG;
    else if (bad_new)
        st = EID_ERR_WEAK_PASSCODE;
    else if (bad_old)
        st = EID_ERR_WRONG_PASSCODE;
    else
        st = eid_vault_change_passcode(jv->v, o, n);
    passcode_free(o);
    passcode_free(n);
    return (jint)st;
}

static jint n_vault_lock(JNIEnv *env, jclass c, jlong h)
{
    (void)env;
    (void)c;
    return (jint)eid_vault_lock(((jvault *)H(h))->v);
}

static jint n_vault_is_unlocked(JNIEnv *env, jclass c, jlong h)
{
    (void)env;
    (void)c;
    return eid_vault_is_unlocked(((jvault *)H(h))->v);
}

static jint n_vault_retry_after(JNIEnv *env, jclass c, jlong h, jlongArray out)
{
    (void)c;
    int64_t s = 0;
    eid_status st = eid_vault_retry_after(((jvault *)H(h))->v, &s);
    put_long(env, out, (jlong)s);
    return (jint)st;
}

static jint n_vault_failed_attempts(JNIEnv *env, jclass c, jlong h, jlongArray out)
{
    (void)c;
    uint32_t n = 0;
    eid_status st = eid_vault_failed_attempts(((jvault *)H(h))->v, &n);
    put_long(env, out, (jlong)n);
    return (jint)st;
}

static jint n_vault_wipe(JNIEnv *env, jclass c, jlong h)
{
    (void)env;
    (void)c;
    return (jint)eid_vault_wipe(((jvault *)H(h))->v);
}

static jint n_vault_rekey(JNIEnv *env, jclass c, jlong h)
{
    (void)env;
    (void)c;
    return (jint)eid_vault_rekey(((jvault *)H(h))->v);
}

static jint n_vault_keystore_kind(JNIEnv *env, jclass c, jlong h)
{
    (void)env;
    (void)c;
    return (jint)eid_vault_keystore_kind(((jvault *)H(h))->v);
}

static jbyteArray n_vault_last_error(JNIEnv *env, jclass c, jlong h)
{
    (void)c;
    return jtext(env, eid_vault_last_error(((jvault *)H(h))->v));
}

/* ---- wallet ---------------------------------------------------------------------------------- */

typedef struct jwallet {
    eid_wallet *w;
    callbacks cb;
    char *device_label;
} jwallet;

/* opts: audit_retention, key_protection, batch_size, batch_low_water, batch_policy, batch_reuse_when_empty */
#define WALLET_OPTS 6

static jint n_wallet_options_default(JNIEnv *env, jclass c, jlongArray out)
{
    (void)c;
    eid_wallet_options o;
    eid_status st = eid_wallet_options_default(&o, EID_WALLET_OPTIONS_VERSION);
    jlong v[WALLET_OPTS] = {o.audit_retention, o.key_protection, o.batch_size, o.batch_low_water,
                            o.batch_policy, o.batch_reuse_when_empty};
    if (out == NULL || (*env)->GetArrayLength(env, out) != WALLET_OPTS)
        return EID_ERR_INVALID_ARG;
    (*env)->SetLongArrayRegion(env, out, 0, WALLET_OPTS, v);
    return (jint)st;
}

static jint n_wallet_new(JNIEnv *env, jclass c, jlong vault, jlongArray opts, jobject clock, jbyteArray label,
                         jlongArray out)
{
    (void)c;
    if (opts == NULL || out == NULL || (*env)->GetArrayLength(env, opts) != WALLET_OPTS)
        return EID_ERR_INVALID_ARG;
    eid_wallet_options o;
    eid_status st = eid_wallet_options_default(&o, EID_WALLET_OPTIONS_VERSION);
    jlong v[WALLET_OPTS];
    (*env)->GetLongArrayRegion(env, opts, 0, WALLET_OPTS, v);
    for (int i = 1; i < WALLET_OPTS; i++)
        if (v[i] < 0 || v[i] > (jlong)UINT32_MAX)
            return EID_ERR_INVALID_ARG;
    jwallet *jw = calloc(1, sizeof *jw);
    if (jw == NULL)
        return EID_ERR_NO_MEMORY;
    o.audit_retention = v[0];
    o.key_protection = (uint32_t)v[1];
    o.batch_size = (uint32_t)v[2];
    o.batch_low_water = (uint32_t)v[3];
    o.batch_policy = (uint32_t)v[4];
    o.batch_reuse_when_empty = (int)v[5];
    if (label != NULL) {
        jw->device_label = cstr(env, label);
        if (jw->device_label == NULL)
            st = EID_ERR_INVALID_ARG;
        o.device_label = jw->device_label;
    }
    if (clock != NULL) {
        jw->cb.clock = global(env, clock);
        o.clock = clock_cb;
        o.clock_ctx = &jw->cb;
    }
    if (st == EID_OK)
        st = eid_wallet_new(((jvault *)H(vault))->v, &o, &jw->w);
    if (st != EID_OK) {
        eid_wallet_free(jw->w);
        callbacks_release(env, &jw->cb);
        free(jw->device_label);
        free(jw);
        return (jint)st;
    }
    put_long(env, out, J(jw));
    return EID_OK;
}

static void wallet_free(JNIEnv *env, jwallet *jw)
{
    eid_wallet_free(jw->w);
    callbacks_release(env, &jw->cb);
    free(jw->device_label);
    free(jw);
}

#define W(h) (((jwallet *)H(h))->w)
#define V(h) ((const eid_verifier *)H(h))

static jbyteArray n_wallet_last_error(JNIEnv *env, jclass c, jlong h)
{
    (void)c;
    return jtext(env, eid_wallet_last_error(W(h)));
}

static jint n_wallet_level(JNIEnv *env, jclass c, jlong h, jlongArray out)
{
    (void)c;
    uint32_t level = 0;
    eid_status st = eid_wallet_level(W(h), &level);
    put_long(env, out, level);
    return (jint)st;
}

/* kind 0: activation request, 1: issuance request */
static jint n_wallet_request(JNIEnv *env, jclass c, jlong h, jint kind, jbyteArray challenge, jobjectArray out)
{
    (void)c;
    size_t n;
    uint8_t *ch = bytes(env, challenge, &n);
    if (ch == NULL || out == NULL) {
        free(ch);
        return EID_ERR_INVALID_ARG;
    }
    eid_bytes req = {0};
    eid_status st = kind == 0 ? eid_wallet_activation_request(W(h), ch, n, &req)
                              : eid_wallet_issuance_request(W(h), ch, n, &req);
    free(ch);
    if (st == EID_OK)
        st = put_bytes(env, out, &req);
    return (jint)st;
}

/* kind 0: activate, 1: import */
static jint n_wallet_store(JNIEnv *env, jclass c, jlong h, jint kind, jlong verifier, jbyteArray bundle)
{
    (void)c;
    size_t n;
    uint8_t *b = bytes(env, bundle, &n);
    if (b == NULL)
        return EID_ERR_INVALID_ARG;
    eid_status st = kind == 0 ? eid_wallet_activate(W(h), V(verifier), b, n)
                              : eid_wallet_import(W(h), V(verifier), b, n);
    bytes_free(b, n);
    return (jint)st;
}

static jint n_wallet_delete(JNIEnv *env, jclass c, jlong h, jint doc_type)
{
    (void)env;
    (void)c;
    return (jint)eid_wallet_delete(W(h), (uint32_t)doc_type);
}

static jint n_wallet_list(JNIEnv *env, jclass c, jlong h, jobjectArray out)
{
    (void)c;
    uint32_t types[16];
    size_t n = 0;
    eid_status st = eid_wallet_list(W(h), types, 16, &n);
    if (st != EID_OK)
        return (jint)st;
    if (n > 16)
        n = 16;
    jintArray a = (*env)->NewIntArray(env, (jsize)n);
    if (a == NULL)
        return EID_ERR_NO_MEMORY;
    for (size_t i = 0; i < n; i++) {
        jint t = (jint)types[i];
        (*env)->SetIntArrayRegion(env, a, (jsize)i, 1, &t);
    }
    (*env)->SetObjectArrayElement(env, out, 0, a);
    return EID_OK;
}

static jint n_wallet_document(JNIEnv *env, jclass c, jlong h, jint doc_type, jlongArray out)
{
    (void)c;
    eid_document *d = NULL;
    eid_status st = eid_wallet_document(W(h), (uint32_t)doc_type, &d);
    if (st == EID_OK)
        put_long(env, out, J(d));
    return (jint)st;
}

static jint n_wallet_refresh(JNIEnv *env, jclass c, jlong h, jlong verifier, jlongArray out)
{
    (void)c;
    size_t revoked = 0;
    eid_status st = eid_wallet_refresh(W(h), V(verifier), &revoked);
    put_long(env, out, (jlong)revoked);
    return (jint)st;
}

static jint n_wallet_present(JNIEnv *env, jclass c, jlong h, jint doc_type, jintArray claims, jbyteArray request,
                             jlong verifier, jobjectArray out, jintArray reused)
{
    (void)c;
    if (claims == NULL || out == NULL || reused == NULL)
        return EID_ERR_INVALID_ARG;
    jsize n = (*env)->GetArrayLength(env, claims);
    if (n > EID_CLAIM_MAX_COUNT)
        return EID_ERR_INVALID_ARG;
    uint32_t nums[EID_CLAIM_MAX_COUNT];
    for (jsize i = 0; i < n; i++) {
        jint v;
        (*env)->GetIntArrayRegion(env, claims, i, 1, &v);
        nums[i] = (uint32_t)v;
    }
    size_t rlen = 0;
    uint8_t *req = bytes(env, request, &rlen);
    if (request != NULL && req == NULL)
        return EID_ERR_NO_MEMORY;
    eid_bytes p = {0};
    int was_reused = 0;
    eid_status st = eid_wallet_present(W(h), (uint32_t)doc_type, nums, (size_t)n, req, rlen,
                                       verifier ? V(verifier) : NULL, &p, &was_reused);
    free(req);
    if (st == EID_OK) {
        put_int(env, reused, was_reused);
        st = put_bytes(env, out, &p);
    }
    return (jint)st;
}

static jint n_wallet_audit(JNIEnv *env, jclass c, jlong h, jlongArray out)
{
    (void)c;
    eid_audit *log = NULL;
    eid_status st = eid_wallet_audit(W(h), &log);
    if (st == EID_OK)
        put_long(env, out, J(log));
    return (jint)st;
}

static jint n_audit_count(JNIEnv *env, jclass c, jlong h)
{
    (void)env;
    (void)c;
    return (jint)eid_audit_count(H(h));
}

/* out: time, doc type, claims bit set; rp[0]: the relying party's id as UTF-8 */
static jint n_audit_entry(JNIEnv *env, jclass c, jlong h, jint i, jlongArray out, jobjectArray rp)
{
    (void)c;
    int64_t t = 0;
    uint32_t type = 0, claims = 0;
    const char *who = NULL;
    eid_status st = i < 0 ? EID_ERR_INVALID_ARG : eid_audit_entry(H(h), (size_t)i, &t, &type, &claims, &who);
    if (st != EID_OK)
        return (jint)st;
    jlong v[3] = {t, type, claims};
    (*env)->SetLongArrayRegion(env, out, 0, 3, v);
    jbyteArray s = jtext(env, who ? who : "");
    if (s == NULL)
        return EID_ERR_NO_MEMORY;
    (*env)->SetObjectArrayElement(env, rp, 0, s);
    return EID_OK;
}

static jint n_wallet_audit_clear(JNIEnv *env, jclass c, jlong h)
{
    (void)env;
    (void)c;
    return (jint)eid_wallet_audit_clear(W(h));
}

/* ---- documents and cards ---------------------------------------------------------------------- */

/* what: 0 doc type, 1 assurance, 2 valid_from, 3 valid_until, 4 validity, 5 revoked, 6 claim count */
static jlong n_document_get(JNIEnv *env, jclass c, jlong h, jint what)
{
    (void)env;
    (void)c;
    const eid_document *d = H(h);
    switch (what) {
    case 0: return eid_document_doc_type(d);
    case 1: return eid_document_assurance(d);
    case 2: return eid_document_valid_from(d);
    case 3: return eid_document_valid_until(d);
    case 4: return eid_document_validity(d);
    case 5: return eid_document_revoked(d);
    case 6: return (jlong)eid_document_claim_count(d);
    default: return -1;
    }
}

static jobject n_document_claim(JNIEnv *env, jclass c, jlong h, jint i)
{
    (void)c;
    const eid_document *d = H(h);
    const eid_claim *cl = i < 0 ? NULL : eid_document_claim(d, (size_t)i);
    return cl == NULL ? NULL : make_claim(env, eid_document_doc_type(d), cl);
}

static jint n_document_card(JNIEnv *env, jclass c, jlong h, jint lang, jint reveal, jlongArray out)
{
    (void)c;
    eid_card *card = NULL;
    eid_status st = eid_document_card(H(h), (eid_language)lang, reveal != 0, &card);
    if (st == EID_OK)
        put_long(env, out, J(card));
    return (jint)st;
}

/* what: 0 doc type, 1 language, 2 validity, 3 valid_until, 4 days left, 5 colour, 6 row count */
static jlong n_card_get(JNIEnv *env, jclass c, jlong h, jint what)
{
    (void)env;
    (void)c;
    const eid_card *k = H(h);
    switch (what) {
    case 0: return eid_card_doc_type(k);
    case 1: return eid_card_language(k);
    case 2: return eid_card_validity(k);
    case 3: return eid_card_valid_until(k);
    case 4: return eid_card_days_left(k);
    case 5: return eid_card_colour(k);
    case 6: return (jlong)eid_card_row_count(k);
    default: return -1;
    }
}

/* what: 0 title, 1 issuer, 2 holder name, 3 validity label */
static jbyteArray n_card_text(JNIEnv *env, jclass c, jlong h, jint what)
{
    (void)c;
    const eid_card *k = H(h);
    switch (what) {
    case 0: return jtext(env, eid_card_title(k));
    case 1: return jtext(env, eid_card_issuer(k));
    case 2: return jtext(env, eid_card_holder_name(k));
    case 3: return jtext(env, eid_card_validity_label(k));
    default: return NULL;
    }
}

static jbyteArray n_card_portrait(JNIEnv *env, jclass c, jlong h)
{
    (void)c;
    const eid_card *k = H(h);
    const uint8_t *p = eid_card_portrait(k);
    return p == NULL ? NULL : jbytes(env, p, eid_card_portrait_len(k));
}

/* label, value (UTF-8), and claim, on_face, hidden in nums */
static jint n_card_row(JNIEnv *env, jclass c, jlong h, jint i, jobjectArray text, jintArray nums)
{
    (void)c;
    const eid_card *k = H(h);
    if (i < 0 || (size_t)i >= eid_card_row_count(k))
        return EID_ERR_INVALID_ARG;
    jbyteArray l = jtext(env, eid_card_row_label(k, (size_t)i)), v = jtext(env, eid_card_row_value(k, (size_t)i));
    if (l == NULL || v == NULL)
        return EID_ERR_NO_MEMORY;
    (*env)->SetObjectArrayElement(env, text, 0, l);
    (*env)->SetObjectArrayElement(env, text, 1, v);
    jint n[3] = {(jint)eid_card_row_claim(k, (size_t)i), eid_card_row_on_face(k, (size_t)i),
                 eid_card_row_hidden(k, (size_t)i)};
    (*env)->SetIntArrayRegion(env, nums, 0, 3, n);
    return EID_OK;
}

static jint n_card_svg(JNIEnv *env, jclass c, jlong h, jobjectArray out)
{
    (void)c;
    eid_bytes svg = {0};
    eid_status st = eid_card_svg(H(h), &svg);
    if (st == EID_OK)
        st = put_bytes(env, out, &svg);
    return (jint)st;
}

/* ---- QR codes ------------------------------------------------------------------------------------ */

static jint n_qr_new(JNIEnv *env, jclass c, jbyteArray text, jint ecc, jlongArray out)
{
    (void)c;
    int bad;
    char *t = cstr_whole(env, text, &bad);
    eid_qr *qr = NULL;
    eid_status st = t == NULL ? EID_ERR_INVALID_ARG : eid_qr_new(t, (eid_qr_ecc)ecc, &qr);
    free(t);
    if (st == EID_OK)
        put_long(env, out, J(qr));
    return (jint)st;
}

/* what: 0 version, 1 ecc, 2 width */
static jint n_qr_get(JNIEnv *env, jclass c, jlong h, jint what)
{
    (void)env;
    (void)c;
    const eid_qr *qr = H(h);
    return what == 0 ? eid_qr_version(qr) : what == 1 ? (jint)eid_qr_ecc_level(qr) : (jint)eid_qr_width(qr);
}

static jbyteArray n_qr_modules(JNIEnv *env, jclass c, jlong h)
{
    (void)c;
    const eid_qr *qr = H(h);
    size_t w = eid_qr_width(qr);
    return jbytes(env, eid_qr_modules(qr), w * w);
}

/* kind 0: SVG, 1: PNG, 2: terminal text (arg: style) */
static jint n_qr_render(JNIEnv *env, jclass c, jlong h, jint kind, jint quiet, jint arg, jobjectArray out)
{
    (void)c;
    if (quiet < 0 || arg < 0)
        return EID_ERR_INVALID_ARG;
    eid_bytes b = {0};
    eid_status st = kind == 0   ? eid_qr_render_svg(H(h), (uint32_t)quiet, &b)
                    : kind == 1 ? eid_qr_render_png(H(h), (uint32_t)arg, (uint32_t)quiet, &b)
                                : eid_qr_render_text(H(h), (uint32_t)quiet, (eid_qr_text_style)arg, &b);
    if (st == EID_OK)
        st = put_bytes(env, out, &b);
    return (jint)st;
}

/* ---- replay stores ---------------------------------------------------------------------------- */

static jint n_store_new(JNIEnv *env, jclass c, jlong capacity, jlongArray out)
{
    (void)c;
    if (capacity < 0)
        return EID_ERR_INVALID_ARG;
    eid_replay_store *s = NULL;
    eid_status st = eid_replay_store_new((size_t)capacity, &s);
    if (st == EID_OK)
        put_long(env, out, J(s));
    return (jint)st;
}

/* nums: connect_timeout_ms, command_timeout_ms, pool_size, window (-1: default) */
static jint n_fleet_store_new(JNIEnv *env, jclass c, jbyteArray url, jbyteArray user, jbyteArray password,
                              jbyteArray prefix, jlongArray nums, jlongArray out)
{
    (void)c;
    eid_fleet_options o;
    eid_status st = eid_fleet_options_default(&o, EID_FLEET_OPTIONS_VERSION);
    if (st != EID_OK)
        return (jint)st;
    if (nums == NULL || (*env)->GetArrayLength(env, nums) != 4)
        return EID_ERR_INVALID_ARG;
    jlong v[4];
    (*env)->GetLongArrayRegion(env, nums, 0, 4, v);
    for (int i = 0; i < 3; i++)
        if (v[i] > (jlong)UINT32_MAX)
            return EID_ERR_INVALID_ARG;
    int bad = 0;
    char *u = cstr_whole(env, url, &bad), *name = cstr(env, user), *key_prefix = cstr(env, prefix);
    char *pw = passcode(env, password, &bad);
    if (u == NULL || bad || (user != NULL && name == NULL) || (prefix != NULL && key_prefix == NULL)) {
        st = EID_ERR_INVALID_ARG;
    } else {
        o.url = u;
        o.username = name;
        o.password = pw;
        if (key_prefix != NULL)
            o.key_prefix = key_prefix;
        if (v[0] >= 0)
            o.connect_timeout_ms = (uint32_t)v[0];
        if (v[1] >= 0)
            o.command_timeout_ms = (uint32_t)v[1];
        if (v[2] >= 0)
            o.pool_size = (uint32_t)v[2];
        if (v[3] >= 0)
            o.window = v[3];
        eid_replay_store *s = NULL;
        st = eid_fleet_store_new(&o, &s);
        if (st == EID_OK)
            put_long(env, out, J(s));
    }
    free(u);
    free(name);
    free(key_prefix);
    passcode_free(pw);
    return (jint)st;
}

/* ---- verifiers ---------------------------------------------------------------------------------- */

/* opts: min_assurance, require_challenge, root_threshold, offline_lifetime, clock_skew, allowed_staleness,
 * max_revocation_age, min_trust_sequence */
#define VERIFIER_OPTS 8

static jint n_verifier_options_default(JNIEnv *env, jclass c, jlongArray out)
{
    (void)c;
    eid_verifier_options o;
    eid_status st = eid_verifier_options_default(&o, EID_VERIFIER_OPTIONS_VERSION);
    jlong v[VERIFIER_OPTS] = {o.min_assurance,     o.require_challenge,  o.root_threshold,
                              o.offline_lifetime,  o.clock_skew,         o.allowed_staleness,
                              o.max_revocation_age, (jlong)o.min_trust_sequence};
    if (out == NULL || (*env)->GetArrayLength(env, out) != VERIFIER_OPTS)
        return EID_ERR_INVALID_ARG;
    (*env)->SetLongArrayRegion(env, out, 0, VERIFIER_OPTS, v);
    return (jint)st;
}

static jint n_verifier_new(JNIEnv *env, jclass c, jbyteArray roots, jlongArray opts, jbyteArray rp_id,
                           jbyteArray trust, jobjectArray lists, jlongArray mins, jlong store, jlongArray out)
{
    (void)c;
    if (roots == NULL || opts == NULL || trust == NULL || out == NULL ||
        (*env)->GetArrayLength(env, opts) != VERIFIER_OPTS)
        return EID_ERR_INVALID_ARG;
    eid_verifier_options o;
    eid_status st = eid_verifier_options_default(&o, EID_VERIFIER_OPTIONS_VERSION);
    jlong v[VERIFIER_OPTS];
    (*env)->GetLongArrayRegion(env, opts, 0, VERIFIER_OPTS, v);
    if (v[0] < 0 || v[0] > (jlong)UINT32_MAX || v[2] < 0 || v[2] > (jlong)UINT32_MAX || v[1] < INT_MIN ||
        v[1] > INT_MAX)
        return EID_ERR_INVALID_ARG;
    o.min_assurance = (uint32_t)v[0];
    o.require_challenge = (int)v[1];
    o.root_threshold = (uint32_t)v[2];
    o.offline_lifetime = v[3];
    o.clock_skew = v[4];
    o.allowed_staleness = v[5];
    o.max_revocation_age = v[6];
    o.min_trust_sequence = (uint64_t)v[7];
    char *rp = rp_id ? cstr(env, rp_id) : NULL;
    if (rp_id != NULL && rp == NULL)
        return EID_ERR_INVALID_ARG;
    o.rp_id = rp;
    size_t nr, nt;
    uint8_t *r = bytes(env, roots, &nr), *t = bytes(env, trust, &nt);
    jsize nl = lists ? (*env)->GetArrayLength(env, lists) : 0;
    eid_revocation_list_input *in = calloc((size_t)nl + 1, sizeof *in);
    if (r == NULL || t == NULL || in == NULL)
        st = EID_ERR_NO_MEMORY;
    else if (nr % EID_KEY_PUBLIC_BYTES != 0 || (nl > 0 && (mins == NULL || (*env)->GetArrayLength(env, mins) != nl)))
        st = EID_ERR_INVALID_ARG;
    for (jsize i = 0; st == EID_OK && i < nl; i++) {
        jbyteArray a = (*env)->GetObjectArrayElement(env, lists, i);
        if (a == NULL) {
            st = EID_ERR_INVALID_ARG;
            break;
        }
        size_t len;
        in[i].data = bytes(env, a, &len);
        in[i].len = len;
        (*env)->DeleteLocalRef(env, a);
        jlong m;
        (*env)->GetLongArrayRegion(env, mins, i, 1, &m);
        in[i].min_sequence = (uint64_t)m;
        if (in[i].data == NULL)
            st = EID_ERR_NO_MEMORY;
    }
    eid_verifier *ver = NULL;
    if (st == EID_OK)
        st = eid_verifier_new(r, nr / EID_KEY_PUBLIC_BYTES, &o, t, nt, in, (size_t)nl, H(store), &ver);
    for (jsize i = 0; in != NULL && i < nl; i++)
        free((void *)in[i].data);
    free(in);
    free(r);
    free(t);
    free(rp);
    if (st == EID_OK)
        put_long(env, out, J(ver));
    return (jint)st;
}

/* Verifies text (NUL-terminated UTF-8). A text with a NUL inside it is checked
 * as "": a format failure, never a shortened text that verifies. */
static jint n_verifier_check(JNIEnv *env, jclass c, jlong h, jbyteArray text, jlong now, jlongArray out)
{
    (void)c;
    int bad;
    char *t = cstr_whole(env, text, &bad);
    eid_result *r = NULL;
    eid_status st;
    if (t == NULL && !bad)
        st = EID_ERR_INVALID_ARG;
    else
        st = eid_verifier_check_presentation(V(h), bad ? "" : t, (int64_t)now, &r);
    free(t);
    if (r != NULL)
        put_long(env, out, J(r));
    return (jint)st;
}

static jint n_verifier_check_credential(JNIEnv *env, jclass c, jlong h, jbyteArray bundle, jlong now,
                                        jlongArray out)
{
    (void)c;
    size_t n;
    uint8_t *b = bytes(env, bundle, &n);
    if (b == NULL)
        return EID_ERR_INVALID_ARG;
    eid_result *r = NULL;
    eid_status st = eid_verifier_check_credential(V(h), b, n, (int64_t)now, &r);
    bytes_free(b, n);
    if (r != NULL)
        put_long(env, out, J(r));
    return (jint)st;
}

/* kind 0: open the request, 1: inspect it (out: the info) */
static jint n_verifier_request(JNIEnv *env, jclass c, jlong h, jint kind, jbyteArray request, jlong now,
                               jlongArray out)
{
    (void)c;
    size_t n;
    uint8_t *b = bytes(env, request, &n);
    if (b == NULL)
        return EID_ERR_INVALID_ARG;
    eid_status st;
    if (kind == 0) {
        st = eid_verifier_open_request(V(h), b, n, (int64_t)now);
    } else {
        eid_request_info *info = NULL;
        st = eid_verifier_inspect_request(V(h), b, n, (int64_t)now, &info);
        if (st == EID_OK)
            put_long(env, out, J(info));
    }
    free(b);
    return (jint)st;
}

static jint n_verifier_check_issuance(JNIEnv *env, jclass c, jlong h, jbyteArray request, jbyteArray challenge,
                                      jlong now, jbyteArray key_out, jintArray protection, jobjectArray pid)
{
    (void)c;
    size_t n, cn;
    uint8_t *b = bytes(env, request, &n), *ch = bytes(env, challenge, &cn);
    eid_status st = EID_ERR_INVALID_ARG;
    uint8_t key[32];
    uint32_t prot = 0;
    char personal_id[13] = {0};
    if (b != NULL && ch != NULL && key_out != NULL && (*env)->GetArrayLength(env, key_out) == 32)
        st = eid_verifier_check_issuance(V(h), b, n, ch, cn, (int64_t)now, key, &prot, personal_id);
    free(b);
    free(ch);
    if (st == EID_OK) {
        (*env)->SetByteArrayRegion(env, key_out, 0, 32, (const jbyte *)key);
        put_int(env, protection, (jint)prot);
        jbyteArray s = jtext(env, personal_id);
        if (s == NULL)
            return EID_ERR_NO_MEMORY;
        (*env)->SetObjectArrayElement(env, pid, 0, s);
    }
    return (jint)st;
}

static jint n_activation_check(JNIEnv *env, jclass c, jbyteArray request, jbyteArray challenge, jbyteArray key_out,
                               jintArray protection)
{
    (void)c;
    size_t n, cn;
    uint8_t *b = bytes(env, request, &n), *ch = bytes(env, challenge, &cn);
    eid_status st = EID_ERR_INVALID_ARG;
    uint8_t key[32];
    uint32_t prot = 0;
    if (b != NULL && ch != NULL && key_out != NULL && (*env)->GetArrayLength(env, key_out) == 32)
        st = eid_activation_check(b, n, ch, cn, key, &prot);
    free(b);
    free(ch);
    if (st == EID_OK) {
        (*env)->SetByteArrayRegion(env, key_out, 0, 32, (const jbyte *)key);
        put_int(env, protection, (jint)prot);
    }
    return (jint)st;
}

/* ---- results ---------------------------------------------------------------------------------------- */

/* what: 0 status, 1 doc type, 2 assurance, 3 valid_from, 4 valid_until, 5 challenged, 6 stale, 7 claim count,
 * 8 trust sequence, 9 revocation sequence */
static jlong n_result_get(JNIEnv *env, jclass c, jlong h, jint what)
{
    (void)env;
    (void)c;
    const eid_result *r = H(h);
    switch (what) {
    case 0: return eid_result_status(r);
    case 1: return eid_result_doc_type(r);
    case 2: return eid_result_assurance(r);
    case 3: return eid_result_valid_from(r);
    case 4: return eid_result_valid_until(r);
    case 5: return eid_result_challenged(r);
    case 6: return eid_result_stale(r);
    case 7: return (jlong)eid_result_claim_count(r);
    case 8: return (jlong)eid_result_trust_sequence(r);
    case 9: return (jlong)eid_result_revocation_sequence(r);
    default: return -1;
    }
}

/* what: 0 issuer id, 1 issuer name */
static jbyteArray n_result_text(JNIEnv *env, jclass c, jlong h, jint what)
{
    (void)c;
    return jtext(env, what == 0 ? eid_result_issuer_id(H(h)) : eid_result_issuer_name(H(h)));
}

/* The outcome of check k; status[0] gets its status, detail[0] its detail (UTF-8). */
static jint n_result_check(JNIEnv *env, jclass c, jlong h, jint k, jintArray status, jobjectArray detail)
{
    (void)c;
    eid_status cs = EID_OK;
    eid_check_outcome o = eid_result_check(H(h), (eid_check)k, &cs);
    put_int(env, status, (jint)cs);
    jbyteArray d = jtext(env, eid_result_check_detail(H(h), (eid_check)k));
    if (d != NULL)
        (*env)->SetObjectArrayElement(env, detail, 0, d);
    return (jint)o;
}

static jobject n_result_claim(JNIEnv *env, jclass c, jlong h, jint i)
{
    (void)c;
    const eid_result *r = H(h);
    const eid_claim *cl = i < 0 ? NULL : eid_result_claim(r, (size_t)i);
    return cl == NULL ? NULL : make_claim(env, eid_result_doc_type(r), cl);
}

/* ---- request info ------------------------------------------------------------------------------------- */

/* what: 0 created_at, 1 expires_at, 2 doc count */
static jlong n_info_get(JNIEnv *env, jclass c, jlong h, jint what)
{
    (void)env;
    (void)c;
    const eid_request_info *i = H(h);
    return what == 0 ? eid_request_info_created_at(i)
           : what == 1 ? eid_request_info_expires_at(i)
                       : (jlong)eid_request_info_doc_count(i);
}

static jbyteArray n_info_text(JNIEnv *env, jclass c, jlong h, jint what)
{
    (void)c;
    return jtext(env, what == 0 ? eid_request_info_rp_id(H(h)) : eid_request_info_rp_name(H(h)));
}

/* The doc type at doc_index and the claim numbers asked of it. */
static jintArray n_info_doc(JNIEnv *env, jclass c, jlong h, jint doc)
{
    (void)c;
    const eid_request_info *i = H(h);
    if (doc < 0)
        return NULL;
    size_t n = eid_request_info_claim_count(i, (size_t)doc);
    jintArray a = (*env)->NewIntArray(env, (jsize)n + 1);
    if (a == NULL)
        return NULL;
    jint t = (jint)eid_request_info_doc_type(i, (size_t)doc);
    (*env)->SetIntArrayRegion(env, a, 0, 1, &t);
    for (size_t k = 0; k < n; k++) {
        uint32_t num = 0;
        if (eid_request_info_claim(i, (size_t)doc, k, &num) != EID_OK)
            break;
        jint v = (jint)num;
        (*env)->SetIntArrayRegion(env, a, (jsize)k + 1, 1, &v);
    }
    return a;
}

/* ---- presentations and requests as text --------------------------------------------------------------------- */

/* kind 0: presentation bytes -> "EID1:" text; 1: request bytes -> "EIDR1:" text */
static jint n_to_text(JNIEnv *env, jclass c, jint kind, jbyteArray data, jobjectArray out)
{
    (void)c;
    size_t n;
    uint8_t *b = bytes(env, data, &n);
    if (b == NULL)
        return EID_ERR_INVALID_ARG;
    char *text = NULL;
    eid_status st = kind == 0 ? eid_presentation_text(b, n, &text) : eid_request_text(b, n, &text);
    bytes_free(b, n);
    if (st == EID_OK) {
        jbyteArray s = jtext(env, text);
        eid_text_free(text);
        if (s == NULL)
            return EID_ERR_NO_MEMORY;
        (*env)->SetObjectArrayElement(env, out, 0, s);
    }
    return (jint)st;
}

static jint n_request_from_text(JNIEnv *env, jclass c, jbyteArray text, jobjectArray out)
{
    (void)c;
    int bad;
    char *t = cstr_whole(env, text, &bad);
    if (bad)
        return EID_ERR_FORMAT;
    if (t == NULL)
        return EID_ERR_INVALID_ARG;
    eid_bytes req = {0};
    eid_status st = eid_request_from_text(t, &req);
    free(t);
    if (st == EID_OK)
        st = put_bytes(env, out, &req);
    return (jint)st;
}

static jint n_request_create(JNIEnv *env, jclass c, jlong key, jbyteArray rp_id, jintArray doc_types,
                             jobjectArray claims, jlong now, jlong lifetime, jobjectArray out)
{
    (void)c;
    if (doc_types == NULL || claims == NULL || out == NULL)
        return EID_ERR_INVALID_ARG;
    jsize n = (*env)->GetArrayLength(env, doc_types);
    if (n < 1 || n > 8 || (*env)->GetArrayLength(env, claims) != n)
        return EID_ERR_INVALID_ARG;
    eid_requested_claims rq[8];
    uint32_t nums[8][EID_CLAIM_MAX_COUNT];
    for (jsize i = 0; i < n; i++) {
        jint t;
        (*env)->GetIntArrayRegion(env, doc_types, i, 1, &t);
        jintArray a = (*env)->GetObjectArrayElement(env, claims, i);
        if (a == NULL)
            return EID_ERR_INVALID_ARG;
        jsize m = (*env)->GetArrayLength(env, a);
        if (m > EID_CLAIM_MAX_COUNT) {
            (*env)->DeleteLocalRef(env, a);
            return EID_ERR_INVALID_ARG;
        }
        for (jsize k = 0; k < m; k++) {
            jint v;
            (*env)->GetIntArrayRegion(env, a, k, 1, &v);
            nums[i][k] = (uint32_t)v;
        }
        (*env)->DeleteLocalRef(env, a);
        rq[i] = (eid_requested_claims){(uint32_t)t, nums[i], (size_t)m};
    }
    char *rp = cstr(env, rp_id);
    if (rp == NULL)
        return EID_ERR_INVALID_ARG;
    eid_bytes req = {0};
    eid_status st = eid_request_create(H(key), rp, rq, (size_t)n, (int64_t)now, (int64_t)lifetime, &req);
    free(rp);
    if (st == EID_OK)
        st = put_bytes(env, out, &req);
    return (jint)st;
}

/* ---- signing keys and the reference issuer ---------------------------------------------------------------- */

static jint n_key_new(JNIEnv *env, jclass c, jbyteArray seed, jlongArray out)
{
    (void)c;
    eid_key *k = NULL;
    eid_status st;
    if (seed == NULL) {
        st = eid_key_new(&k);
    } else {
        size_t n;
        uint8_t *s = bytes(env, seed, &n);
        st = s == NULL ? EID_ERR_NO_MEMORY : eid_key_new_from_seed(s, n, &k);
        bytes_free(s, n);
    }
    if (st == EID_OK)
        put_long(env, out, J(k));
    return (jint)st;
}

static jbyteArray n_key_public(JNIEnv *env, jclass c, jlong h)
{
    (void)c;
    uint8_t pk[EID_KEY_PUBLIC_BYTES];
    eid_key_public(H(h), pk);
    return jbytes(env, pk, sizeof pk);
}

/* params: doc_type, assurance, issued_on, valid_from, valid_until, key_protection, revocation_list,
 * revocation_index */
static jint n_issue_credential(JNIEnv *env, jclass c, jlong key, jintArray params, jbyteArray holder_key,
                               jintArray numbers, jintArray types, jlongArray values, jobjectArray blobs,
                               jobjectArray lists, jobjectArray list_texts, jobjectArray out)
{
    (void)c;
    if (params == NULL || (*env)->GetArrayLength(env, params) != 8 || holder_key == NULL ||
        (*env)->GetArrayLength(env, holder_key) != 32 || out == NULL)
        return EID_ERR_INVALID_ARG;
    jint p[8];
    (*env)->GetIntArrayRegion(env, params, 0, 8, p);
    uint8_t hk[32];
    (*env)->GetByteArrayRegion(env, holder_key, 0, 32, (jbyte *)hk);
    eid_credential_params cp = {(uint32_t)p[0], (uint32_t)p[1], p[2], p[3], p[4], hk,
                                (uint32_t)p[5], (uint32_t)p[6], (uint32_t)p[7]};
    claims_in ci;
    eid_status st = claims_read(env, numbers, types, values, blobs, lists, list_texts, &ci);
    if (st != EID_OK)
        return (jint)st;
    eid_bytes b = {0};
    st = eid_issue_credential(H(key), &cp, ci.c, ci.n, &b);
    claims_free(&ci);
    if (st == EID_OK)
        st = put_bytes(env, out, &b);
    return (jint)st;
}

/* nums: list_id, doc_type, sequence, issued_at, next_update, size */
static jint n_revocation_list_sign(JNIEnv *env, jclass c, jlong key, jbyteArray issuer_id, jlongArray nums,
                                   jintArray revoked, jobjectArray out)
{
    (void)c;
    if (nums == NULL || (*env)->GetArrayLength(env, nums) != 6 || out == NULL)
        return EID_ERR_INVALID_ARG;
    jlong v[6];
    (*env)->GetLongArrayRegion(env, nums, 0, 6, v);
    char *id = cstr(env, issuer_id);
    jsize n = revoked ? (*env)->GetArrayLength(env, revoked) : 0;
    uint32_t *idx = calloc((size_t)n + 1, sizeof *idx);
    eid_status st = EID_ERR_INVALID_ARG;
    if (id != NULL && idx != NULL) {
        for (jsize i = 0; i < n; i++) {
            jint x;
            (*env)->GetIntArrayRegion(env, revoked, i, 1, &x);
            idx[i] = (uint32_t)x;
        }
        eid_revocation_list_params p = {id, (uint32_t)v[0], (uint32_t)v[1], (uint64_t)v[2], v[3], v[4],
                                        (uint32_t)v[5]};
        eid_bytes b = {0};
        st = eid_revocation_list_sign(H(key), &p, idx, (size_t)n, &b);
        if (st == EID_OK)
            st = put_bytes(env, out, &b);
    }
    free(id);
    free(idx);
    return (jint)st;
}

static void *keep_ptr(void **keep, size_t *n, void *p)
{
    if (p != NULL)
        keep[(*n)++] = p;
    return p;
}

/* Trust list: times (sequence, issued_at, next_update, expires_at); issuers as parallel arrays:
 * ids, public keys, names (byte[][]), ints per issuer (usage, max_assurance, sign_from, sign_until,
 * verify_until), doc types (int[][]); relying parties: ids, names, keys (byte[][]), and per party
 * an int[] of (doc_type, n, claim...)*; roots: long[] of key handles. */
static jint n_trust_list_sign(JNIEnv *env, jclass c, jlongArray times, jobjectArray iss_ids, jobjectArray iss_keys,
                              jobjectArray iss_names, jintArray iss_ints, jobjectArray iss_docs, jobjectArray rp_ids,
                              jobjectArray rp_names, jobjectArray rp_keys, jobjectArray rp_perms, jlongArray roots,
                              jobjectArray out)
{
    (void)c;
    if (times == NULL || (*env)->GetArrayLength(env, times) != 4 || iss_ids == NULL || iss_keys == NULL ||
        iss_names == NULL || iss_ints == NULL || iss_docs == NULL || rp_ids == NULL || rp_names == NULL ||
        rp_keys == NULL || rp_perms == NULL || roots == NULL || out == NULL)
        return EID_ERR_INVALID_ARG;
    jlong t[4];
    (*env)->GetLongArrayRegion(env, times, 0, 4, t);
    jsize ni = (*env)->GetArrayLength(env, iss_ids), nr = (*env)->GetArrayLength(env, rp_ids);
    jsize nk = (*env)->GetArrayLength(env, roots);
    if ((*env)->GetArrayLength(env, iss_keys) != ni || (*env)->GetArrayLength(env, iss_names) != ni ||
        (*env)->GetArrayLength(env, iss_docs) != ni || (*env)->GetArrayLength(env, iss_ints) != ni * 5 ||
        (*env)->GetArrayLength(env, rp_names) != nr || (*env)->GetArrayLength(env, rp_keys) != nr ||
        (*env)->GetArrayLength(env, rp_perms) != nr || ni > 1024 || nr > 1024 || nk < 1 || nk > 32)
        return EID_ERR_INVALID_ARG;
    /* every string, key and array read is kept in `keep` until the call returns */
    size_t cap = (size_t)ni * 4 + (size_t)nr * 6 + 8, nkeep = 0;
    void **keep = calloc(cap, sizeof *keep);
    eid_trust_issuer *is = calloc((size_t)ni + 1, sizeof *is);
    eid_trust_rp *rps = calloc((size_t)nr + 1, sizeof *rps);
    eid_status st = keep && is && rps ? EID_OK : EID_ERR_NO_MEMORY;
    /* keeps p (evaluated once) for freeing at the end; NULL stays NULL */
#define KEEP(p) keep_ptr(keep, &nkeep, (p))
    for (jsize i = 0; st == EID_OK && i < ni; i++) {
        jbyteArray a = (*env)->GetObjectArrayElement(env, iss_ids, i);
        jbyteArray k = (*env)->GetObjectArrayElement(env, iss_keys, i);
        jbyteArray nm = (*env)->GetObjectArrayElement(env, iss_names, i);
        jintArray d = (*env)->GetObjectArrayElement(env, iss_docs, i);
        size_t klen = 0;
        is[i].issuer_id = KEEP(cstr(env, a));
        is[i].public_key = KEEP(bytes(env, k, &klen));
        is[i].name = KEEP(cstr(env, nm));
        jsize nd = d ? (*env)->GetArrayLength(env, d) : 0;
        uint32_t *docs = KEEP(calloc((size_t)nd + 1, sizeof *docs));
        for (jsize j = 0; docs != NULL && j < nd; j++) {
            jint x;
            (*env)->GetIntArrayRegion(env, d, j, 1, &x);
            docs[j] = (uint32_t)x;
        }
        is[i].doc_types = docs;
        is[i].n_doc_types = (size_t)nd;
        jint v[5];
        (*env)->GetIntArrayRegion(env, iss_ints, i * 5, 5, v);
        is[i].usage = (uint32_t)v[0];
        is[i].max_assurance = (uint32_t)v[1];
        is[i].sign_from = v[2];
        is[i].sign_until = v[3];
        is[i].verify_until = v[4];
        if (is[i].issuer_id == NULL || is[i].public_key == NULL || klen != 32 || is[i].name == NULL || docs == NULL)
            st = EID_ERR_INVALID_ARG;
        (*env)->DeleteLocalRef(env, a);
        (*env)->DeleteLocalRef(env, k);
        (*env)->DeleteLocalRef(env, nm);
        if (d)
            (*env)->DeleteLocalRef(env, d);
    }
    for (jsize i = 0; st == EID_OK && i < nr; i++) {
        jbyteArray a = (*env)->GetObjectArrayElement(env, rp_ids, i);
        jbyteArray k = (*env)->GetObjectArrayElement(env, rp_keys, i);
        jbyteArray nm = (*env)->GetObjectArrayElement(env, rp_names, i);
        jintArray p = (*env)->GetObjectArrayElement(env, rp_perms, i);
        size_t klen = 0;
        rps[i].rp_id = KEEP(cstr(env, a));
        rps[i].public_key = KEEP(bytes(env, k, &klen));
        rps[i].name = KEEP(cstr(env, nm));
        jsize np = p ? (*env)->GetArrayLength(env, p) : 0;
        jint *pv = KEEP(calloc((size_t)np + 1, sizeof *pv));
        uint32_t *nums = KEEP(calloc((size_t)np + 1, sizeof *nums));
        eid_rp_permission *perm = KEEP(calloc((size_t)np + 1, sizeof *perm));
        if (pv == NULL || nums == NULL || perm == NULL || rps[i].rp_id == NULL || rps[i].public_key == NULL ||
            klen != 32 || rps[i].name == NULL) {
            st = EID_ERR_INVALID_ARG;
        } else {
            if (np > 0)
                (*env)->GetIntArrayRegion(env, p, 0, np, pv);
            size_t n_perm = 0, used = 0;
            for (jsize j = 0; j + 1 < np;) {
                jint doc = pv[j], m = pv[j + 1];
                if (m < 0 || j + 2 + m > np) {
                    st = EID_ERR_INVALID_ARG;
                    break;
                }
                for (jint q = 0; q < m; q++)
                    nums[used + (size_t)q] = (uint32_t)pv[j + 2 + q];
                perm[n_perm++] = (eid_rp_permission){(uint32_t)doc, nums + used, (size_t)m};
                used += (size_t)m;
                j += 2 + m;
            }
            rps[i].allowed = perm;
            rps[i].n_allowed = n_perm;
        }
        (*env)->DeleteLocalRef(env, a);
        (*env)->DeleteLocalRef(env, k);
        (*env)->DeleteLocalRef(env, nm);
        if (p)
            (*env)->DeleteLocalRef(env, p);
    }
#undef KEEP
    const eid_key *rk[32];
    for (jsize i = 0; i < nk; i++) {
        jlong x;
        (*env)->GetLongArrayRegion(env, roots, i, 1, &x);
        rk[i] = H(x);
    }
    if (st == EID_OK) {
        eid_trust_list_params p = {(uint64_t)t[0], t[1], t[2], t[3], is, (size_t)ni, rps, (size_t)nr};
        eid_bytes b = {0};
        st = eid_trust_list_sign(&p, rk, (size_t)nk, &b);
        if (st == EID_OK)
            st = put_bytes(env, out, &b);
    }
    for (size_t i = 0; keep != NULL && i < nkeep; i++)
        free(keep[i]);
    free(keep);
    free(is);
    free(rps);
    return (jint)st;
}

/* ---- releasing handles -------------------------------------------------------------------------------------- */

/* The kinds of org.libeid.Handle. */
enum {
    K_VAULT = 1, K_WALLET, K_DOCUMENT, K_CARD, K_QR, K_STORE, K_VERIFIER, K_RESULT, K_INFO, K_AUDIT, K_KEY
};

static void n_free(JNIEnv *env, jclass c, jint kind, jlong h)
{
    (void)c;
    void *p = H(h);
    if (p == NULL)
        return;
    switch (kind) {
    case K_VAULT: vault_free(env, p); break;
    case K_WALLET: wallet_free(env, p); break;
    case K_DOCUMENT: eid_document_free(p); break;
    case K_CARD: eid_card_free(p); break;
    case K_QR: eid_qr_free(p); break;
    case K_STORE: eid_replay_store_free(p); break;
    case K_VERIFIER: eid_verifier_free(p); break;
    case K_RESULT: eid_result_free(p); break;
    case K_INFO: eid_request_info_free(p); break;
    case K_AUDIT: eid_audit_free(p); break;
    case K_KEY: eid_key_free(p); break;
    default: break;
    }
}

/* ---- registration ------------------------------------------------------------------------------------------ */

#define B "[B"
/* JNINativeMethod holds a void *, and ISO C has no conversion from a function
 * pointer to it: the table keeps generic function pointers, copied into
 * JNINativeMethod entries with memcpy (what POSIX dlsym promises works). */
typedef void (*any_fn)(void);
typedef struct method {
    const char *name, *sig;
    any_fn fn;
} method;
#define M(name, sig, f) {name, sig, (any_fn)f}

static const method methods[] = {
    M("init", "()I", n_init),
    M("version", "()" B, n_version),
    M("statusCount", "()I", n_status_count),
    M("statusAt", "(I)I", n_status_at),
    M("statusName", "(I)" B, n_status_name),
    M("statusStr", "(I)" B, n_status_str),
    M("docTypeName", "(I)" B, n_doc_type_name),
    M("docTypeTitle", "(II)" B, n_doc_type_title),
    M("claimName", "(II)" B, n_claim_name),
    M("claimLabel", "(III)" B, n_claim_label),
    M("claimNumber", "(I" B ")I", n_claim_number),
    M("checkName", "(I)" B, n_check_name),
    M("checkCount", "()I", n_check_count),
    M("fleetAvailable", "()I", n_fleet_available),
    M("free", "(IJ)V", n_free),
    M("vaultOptionsDefault", "([J)I", n_vault_options_default),
    M("vaultCheckPasscode", "([J" B ")I", n_vault_check_passcode),
    M("vaultNew",
      "(I" B B "Lorg/libeid/KeyStore;I[JLorg/libeid/Clock;Lorg/libeid/Clock;Lorg/libeid/Logger;[J)I",
      n_vault_new),
    M("vaultUnlock", "(J" B ")I", n_vault_unlock),
    M("vaultChangePasscode", "(J" B B ")I", n_vault_change_passcode),
    M("vaultLock", "(J)I", n_vault_lock),
    M("vaultIsUnlocked", "(J)I", n_vault_is_unlocked),
    M("vaultRetryAfter", "(J[J)I", n_vault_retry_after),
    M("vaultFailedAttempts", "(J[J)I", n_vault_failed_attempts),
    M("vaultWipe", "(J)I", n_vault_wipe),
    M("vaultRekey", "(J)I", n_vault_rekey),
    M("vaultKeystoreKind", "(J)I", n_vault_keystore_kind),
    M("vaultLastError", "(J)" B, n_vault_last_error),
    M("walletOptionsDefault", "([J)I", n_wallet_options_default),
    M("walletNew", "(J[JLorg/libeid/Clock;" B "[J)I", n_wallet_new),
    M("walletLastError", "(J)" B, n_wallet_last_error),
    M("walletLevel", "(J[J)I", n_wallet_level),
    M("walletRequest", "(JI" B "[[B)I", n_wallet_request),
    M("walletStore", "(JIJ" B ")I", n_wallet_store),
    M("walletDelete", "(JI)I", n_wallet_delete),
    M("walletList", "(J[[I)I", n_wallet_list),
    M("walletDocument", "(JI[J)I", n_wallet_document),
    M("walletRefresh", "(JJ[J)I", n_wallet_refresh),
    M("walletPresent", "(JI[I" B "J[[B[I)I", n_wallet_present),
    M("walletAudit", "(J[J)I", n_wallet_audit),
    M("walletAuditClear", "(J)I", n_wallet_audit_clear),
    M("auditCount", "(J)I", n_audit_count),
    M("auditEntry", "(JI[J[[B)I", n_audit_entry),
    M("documentGet", "(JI)J", n_document_get),
    M("documentClaim", "(JI)Lorg/libeid/Claim;", n_document_claim),
    M("documentCard", "(JII[J)I", n_document_card),
    M("cardGet", "(JI)J", n_card_get),
    M("cardText", "(JI)" B, n_card_text),
    M("cardPortrait", "(J)" B, n_card_portrait),
    M("cardRow", "(JI[[B[I)I", n_card_row),
    M("cardSvg", "(J[[B)I", n_card_svg),
    M("qrNew", "(" B "I[J)I", n_qr_new),
    M("qrGet", "(JI)I", n_qr_get),
    M("qrModules", "(J)" B, n_qr_modules),
    M("qrRender", "(JIII[[B)I", n_qr_render),
    M("storeNew", "(J[J)I", n_store_new),
    M("fleetStoreNew", "(" B B B B "[J[J)I", n_fleet_store_new),
    M("verifierOptionsDefault", "([J)I", n_verifier_options_default),
    M("verifierNew", "(" B "[J" B B "[[B[JJ[J)I", n_verifier_new),
    M("verifierCheck", "(J" B "J[J)I", n_verifier_check),
    M("verifierCheckCredential", "(J" B "J[J)I", n_verifier_check_credential),
    M("verifierRequest", "(JI" B "J[J)I", n_verifier_request),
    M("verifierCheckIssuance", "(J" B B "J" B "[I[[B)I", n_verifier_check_issuance),
    M("activationCheck", "(" B B B "[I)I", n_activation_check),
    M("resultGet", "(JI)J", n_result_get),
    M("resultText", "(JI)" B, n_result_text),
    M("resultCheck", "(JI[I[[B)I", n_result_check),
    M("resultClaim", "(JI)Lorg/libeid/Claim;", n_result_claim),
    M("infoGet", "(JI)J", n_info_get),
    M("infoText", "(JI)" B, n_info_text),
    M("infoDoc", "(JI)[I", n_info_doc),
    M("toText", "(I" B "[[B)I", n_to_text),
    M("requestFromText", "(" B "[[B)I", n_request_from_text),
    M("requestCreate", "(J" B "[I[[IJJ[[B)I", n_request_create),
    M("keyNew", "(" B "[J)I", n_key_new),
    M("keyPublic", "(J)" B, n_key_public),
    M("issueCredential", "(J[I" B "[I[I[J[[B[[I[[[B[[B)I", n_issue_credential),
    M("revocationListSign", "(J" B "[J[I[[B)I", n_revocation_list_sign),
    M("trustListSign", "([J[[B[[B[[B[I[[I[[B[[B[[B[[I[J[[B)I", n_trust_list_sign),
};

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved)
{
    (void)reserved;
    JNIEnv *env = NULL;
    if ((*vm)->GetEnv(vm, (void **)&env, JNI_VERSION_1_6) != JNI_OK)
        return JNI_ERR;
    jclass native = (*env)->FindClass(env, NATIVE_CLASS);
    jclass claim = (*env)->FindClass(env, "org/libeid/Claim");
    if (native == NULL || claim == NULL)
        return JNI_ERR;
    enum { N = sizeof methods / sizeof methods[0] };
    JNINativeMethod table[N];
    for (size_t i = 0; i < N; i++) {
        table[i].name = (char *)methods[i].name;
        table[i].signature = (char *)methods[i].sig;
        memcpy(&table[i].fnPtr, &methods[i].fn, sizeof table[i].fnPtr);
    }
    if ((*env)->RegisterNatives(env, native, table, N) != 0)
        return JNI_ERR;
    g_prf = (*env)->GetStaticMethodID(env, native, "keystorePrf", "(Lorg/libeid/KeyStore;[B[B[B)I");
    g_delete = (*env)->GetStaticMethodID(env, native, "keystoreDelete", "(Lorg/libeid/KeyStore;[B)I");
    g_clock = (*env)->GetStaticMethodID(env, native, "clockNow", "(Lorg/libeid/Clock;)J");
    g_log = (*env)->GetStaticMethodID(env, native, "log", "(Lorg/libeid/Logger;I[B)V");
    g_make_claim = (*env)->GetStaticMethodID(env, claim, "make", "(III[BJ[I[[B[I[I)Lorg/libeid/Claim;");
    if (g_prf == NULL || g_delete == NULL || g_clock == NULL || g_log == NULL || g_make_claim == NULL)
        return JNI_ERR;
    g_native = (*env)->NewGlobalRef(env, native);
    g_claim = (*env)->NewGlobalRef(env, claim);
    if (g_native == NULL || g_claim == NULL)
        return JNI_ERR;
    g_vm = vm;
    return JNI_VERSION_1_6;
}
