/* SPDX-License-Identifier: Apache-2.0 */
/* libeid_jni: copies between Java arrays and C buffers, and claims both ways. */
#include "jni_internal.h"

/* ---- small helpers ------------------------------------------------------------ */

void jni_wipe(void *p, size_t n)
{
    volatile unsigned char *v = p;
    while (n--)
        *v++ = 0;
}

/* A copy of a Java byte[] holding NUL-terminated UTF-8 (the Java side appends
 * the NUL); NULL for a null array, on allocation failure, or without the NUL. */
char *jni_cstr(JNIEnv *env, jbyteArray a)
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
char *jni_cstr_whole(JNIEnv *env, jbyteArray a, int *bad)
{
    char *s = jni_cstr(env, a);
    *bad = 0;
    if (s != NULL && strlen(s) + 1 != (size_t)(*env)->GetArrayLength(env, a)) {
        *bad = 1;
        free(s);
        return NULL;
    }
    return s;
}

/* A passcode: byte[] without NUL, copied NUL-terminated; *bad when it holds a NUL. */
char *jni_passcode(JNIEnv *env, jbyteArray a, int *bad)
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

void jni_passcode_free(char *s)
{
    if (s != NULL) {
        jni_wipe(s, strlen(s));
        free(s);
    }
}

/* A copy of a byte[] (len may be 0: a non-NULL pointer all the same). */
uint8_t *jni_bytes(JNIEnv *env, jbyteArray a, size_t *len)
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

void jni_bytes_free(uint8_t *b, size_t len)
{
    if (b != NULL) {
        jni_wipe(b, len);
        free(b);
    }
}

jbyteArray jni_jbytes(JNIEnv *env, const uint8_t *p, size_t n)
{
    if (n > INT_MAX)
        return NULL;
    jbyteArray a = (*env)->NewByteArray(env, (jsize)n);
    if (a != NULL && n > 0)
        (*env)->SetByteArrayRegion(env, a, 0, (jsize)n, (const jbyte *)p);
    return a;
}

/* C text to Java: its UTF-8 bytes, which Native decodes. */
jbyteArray jni_jtext(JNIEnv *env, const char *s)
{
    return s == NULL ? NULL : jni_jbytes(env, (const uint8_t *)s, strlen(s));
}

/* Hands eid_bytes to Java (out[0]) and frees them (zeroed). */
eid_status jni_put_bytes(JNIEnv *env, jobjectArray out, eid_bytes *b)
{
    jbyteArray a = jni_jbytes(env, b->data, b->len);
    eid_bytes_free(b);
    if (a == NULL)
        return EID_ERR_NO_MEMORY;
    (*env)->SetObjectArrayElement(env, out, 0, a);
    (*env)->DeleteLocalRef(env, a);
    return EID_OK;
}

void jni_put_long(JNIEnv *env, jlongArray out, jlong v)
{
    (*env)->SetLongArrayRegion(env, out, 0, 1, &v);
}

void jni_put_int(JNIEnv *env, jintArray out, jint v)
{
    (*env)->SetIntArrayRegion(env, out, 0, 1, &v);
}
/* ---- claims ------------------------------------------------------------------------- */

/* A Claim object of a C claim (Claim.make decodes it). */
jobject jni_make_claim(JNIEnv *env, uint32_t doc_type, const eid_claim *cl)
{
    jbyteArray b = NULL;
    jintArray codes = NULL, first = NULL, last = NULL;
    jobjectArray texts = NULL;
    jobject out = NULL;
    if (cl->bytes != NULL && (b = jni_jbytes(env, cl->bytes, cl->bytes_len)) == NULL)
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
                jbyteArray t = jni_jbytes(env, e->text, e->text_len);
                if (t == NULL)
                    goto done;
                (*env)->SetObjectArrayElement(env, texts, i, t);
                (*env)->DeleteLocalRef(env, t);
            }
        }
    }
    out = (*env)->CallStaticObjectMethod(env, jni_claim_class, jni_make_claim_mid, (jint)doc_type, (jint)cl->number,
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

void jni_claims_free(claims_in *ci)
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

eid_status jni_claims_read(JNIEnv *env, jintArray numbers, jintArray types, jlongArray values,
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
        jni_claims_free(ci);
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
            c->bytes = own(ci, jni_bytes(env, blob, &len));
            c->bytes_len = len;
            (*env)->DeleteLocalRef(env, blob);
        }
        jintArray list = (*env)->GetObjectArrayElement(env, lists, i);
        jobjectArray texts = (*env)->GetObjectArrayElement(env, list_texts, i);
        if (list != NULL) {
            jsize m = (*env)->GetArrayLength(env, list) / 3;
            if (m > 64 || texts == NULL || (*env)->GetArrayLength(env, texts) < m) {
                jni_claims_free(ci);
                return EID_ERR_INVALID_ARG;
            }
            eid_list_entry *e = calloc((size_t)m + 1, sizeof *e);
            if (e == NULL) {
                jni_claims_free(ci);
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
                    e[k].text = own(ci, jni_bytes(env, tx, &len));
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
        jni_claims_free(ci);
        return EID_ERR_INVALID_ARG;
    }
    return EID_OK;
}
