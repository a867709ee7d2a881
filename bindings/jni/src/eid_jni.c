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
 *
 * This file holds JNI_OnLoad and the library-wide natives; jni_internal.h
 * says what the other files of the glue share and hold.
 */
#include "jni_internal.h"

#define NATIVE_CLASS "org/libeid/Native"

JavaVM *jni_vm;
jclass jni_native_class;
jclass jni_claim_class;
jmethodID jni_prf_mid, jni_delete_mid, jni_clock_mid, jni_log_mid, jni_make_claim_mid;

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
    return jni_jtext(env, eid_version_string());
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
    return jni_jtext(env, eid_status_name((eid_status)s));
}

static jbyteArray n_status_str(JNIEnv *env, jclass c, jint s)
{
    (void)c;
    return jni_jtext(env, eid_status_str((eid_status)s));
}

static jbyteArray n_doc_type_name(JNIEnv *env, jclass c, jint t)
{
    (void)c;
    return jni_jtext(env, eid_doc_type_name((uint32_t)t));
}

static jbyteArray n_doc_type_title(JNIEnv *env, jclass c, jint t, jint lang)
{
    (void)c;
    return jni_jtext(env, eid_doc_type_title((uint32_t)t, (eid_language)lang));
}

static jbyteArray n_claim_name(JNIEnv *env, jclass c, jint t, jint n)
{
    (void)c;
    return jni_jtext(env, eid_claim_name((uint32_t)t, (uint32_t)n));
}

static jbyteArray n_claim_label(JNIEnv *env, jclass c, jint t, jint n, jint lang)
{
    (void)c;
    return jni_jtext(env, eid_claim_label((uint32_t)t, (uint32_t)n, (eid_language)lang));
}

/* The claim number of a name, or -1. */
static jint n_claim_number(JNIEnv *env, jclass c, jint t, jbyteArray name)
{
    (void)c;
    char *s = jni_cstr(env, name);
    uint32_t n = 0;
    eid_status st = s ? eid_claim_number((uint32_t)t, s, &n) : EID_ERR_INVALID_ARG;
    free(s);
    return st == EID_OK ? (jint)n : -1;
}

static jbyteArray n_check_name(JNIEnv *env, jclass c, jint k)
{
    (void)c;
    return jni_jtext(env, eid_check_name((eid_check)k));
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
    case K_VAULT: jni_vault_free(env, p); break;
    case K_WALLET: jni_wallet_free(env, p); break;
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

static const jni_method methods[] = {
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
};
static const size_t methods_count = sizeof methods / sizeof methods[0];

/* Every native of org.libeid.Native: this file's and each other file's part. */
static const struct {
    const jni_method *methods;
    const size_t *count;
} parts[] = {
    {methods, &methods_count},
    {jni_vault_methods, &jni_vault_methods_count},
    {jni_wallet_methods, &jni_wallet_methods_count},
    {jni_verify_methods, &jni_verify_methods_count},
    {jni_issuer_methods, &jni_issuer_methods_count},
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
    size_t n = 0;
    for (size_t p = 0; p < sizeof parts / sizeof parts[0]; p++)
        n += *parts[p].count;
    if (n > INT_MAX)
        return JNI_ERR;
    JNINativeMethod *table = calloc(n, sizeof *table);
    if (table == NULL)
        return JNI_ERR;
    size_t i = 0;
    for (size_t p = 0; p < sizeof parts / sizeof parts[0]; p++)
        for (size_t k = 0; k < *parts[p].count; k++, i++) {
            const jni_method *m = &parts[p].methods[k];
            table[i].name = (char *)m->name;
            table[i].signature = (char *)m->sig;
            memcpy(&table[i].fnPtr, &m->fn, sizeof table[i].fnPtr);
        }
    jint rc = (*env)->RegisterNatives(env, native, table, (jint)n);
    free(table);
    if (rc != 0)
        return JNI_ERR;
    jni_prf_mid = (*env)->GetStaticMethodID(env, native, "keystorePrf", "(Lorg/libeid/KeyStore;[B[B[B)I");
    jni_delete_mid = (*env)->GetStaticMethodID(env, native, "keystoreDelete", "(Lorg/libeid/KeyStore;[B)I");
    jni_clock_mid = (*env)->GetStaticMethodID(env, native, "clockNow", "(Lorg/libeid/Clock;)J");
    jni_log_mid = (*env)->GetStaticMethodID(env, native, "log", "(Lorg/libeid/Logger;I[B)V");
    jni_make_claim_mid = (*env)->GetStaticMethodID(env, claim, "make", "(III[BJ[I[[B[I[I)Lorg/libeid/Claim;");
    if (jni_prf_mid == NULL || jni_delete_mid == NULL || jni_clock_mid == NULL || jni_log_mid == NULL ||
        jni_make_claim_mid == NULL)
        return JNI_ERR;
    jni_native_class = (*env)->NewGlobalRef(env, native);
    jni_claim_class = (*env)->NewGlobalRef(env, claim);
    if (jni_native_class == NULL || jni_claim_class == NULL)
        return JNI_ERR;
    jni_vm = vm;
    return JNI_VERSION_1_6;
}
