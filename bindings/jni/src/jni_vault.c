/* SPDX-License-Identifier: Apache-2.0 */
/* libeid_jni: the vault natives. */
#include "jni_internal.h"

/* ---- vault --------------------------------------------------------------------------------- */

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
            o->clock = jni_clock_cb;
            o->clock_ctx = cb;
        }
        if (cb->elapsed_clock != NULL) {
            o->elapsed_clock = jni_elapsed_cb;
            o->elapsed_clock_ctx = cb;
        }
        if (cb->logger != NULL) {
            o->logger.fn = jni_log_cb;
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
    char *p = jni_passcode(env, pass, &bad);
    if (st == EID_OK)
        st = p == NULL ? EID_ERR_INVALID_ARG : bad ? EID_ERR_WEAK_PASSCODE : eid_vault_check_passcode(&o, p);
    jni_passcode_free(p);
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
    char *d = jni_cstr(env, dir);
    int bad = 0;
    char *p = create ? jni_passcode(env, pass, &bad) : NULL;
    eid_status st = EID_OK;
    if (jv == NULL)
        st = EID_ERR_NO_MEMORY;
    else if (d == NULL || (create && p == NULL))
        st = EID_ERR_INVALID_ARG;
    else if (bad)
        st = EID_ERR_WEAK_PASSCODE;
    eid_vault_options o;
    if (st == EID_OK) {
        jv->cb.keystore = jni_global(env, keystore);
        jv->cb.clock = jni_global(env, clock);
        jv->cb.elapsed_clock = jni_global(env, elapsed);
        jv->cb.logger = jni_global(env, logger);
        st = vault_options(env, opts, &jv->cb, &o);
    }
    if (st == EID_OK) {
        eid_keystore ks = {(eid_keystore_kind)kind, &jv->cb, jni_ks_prf, jni_ks_delete};
        st = create ? eid_vault_create(d, p, &ks, &o, &jv->v) : eid_vault_open(d, &ks, &o, &jv->v);
    }
    jni_passcode_free(p);
    free(d);
    if (st != EID_OK) {
        if (jv != NULL) {
            eid_vault_close(jv->v);
            jni_callbacks_release(env, &jv->cb);
            free(jv);
        }
        return (jint)st;
    }
    jni_put_long(env, out, J(jv));
    return EID_OK;
}

void jni_vault_free(JNIEnv *env, jvault *jv)
{
    eid_vault_close(jv->v);
    jni_callbacks_release(env, &jv->cb);
    free(jv);
}

static jint n_vault_unlock(JNIEnv *env, jclass c, jlong h, jbyteArray pass)
{
    (void)c;
    jvault *jv = H(h);
    int bad;
    char *p = jni_passcode(env, pass, &bad);
    eid_status st = p == NULL ? EID_ERR_INVALID_ARG : bad ? EID_ERR_WRONG_PASSCODE : eid_vault_unlock(jv->v, p);
    jni_passcode_free(p);
    return (jint)st;
}

static jint n_vault_change_passcode(JNIEnv *env, jclass c, jlong h, jbyteArray old_pass, jbyteArray new_pass)
{
    (void)c;
    jvault *jv = H(h);
    int bad_old, bad_new;
    char *o = jni_passcode(env, old_pass, &bad_old), *n = jni_passcode(env, new_pass, &bad_new);
    eid_status st;
    if (o == NULL || n == NULL)
        st = EID_ERR_INVALID_ARG;
    else if (bad_new)
        st = EID_ERR_WEAK_PASSCODE;
    else if (bad_old)
        st = EID_ERR_WRONG_PASSCODE;
    else
        st = eid_vault_change_passcode(jv->v, o, n);
    jni_passcode_free(o);
    jni_passcode_free(n);
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
    jni_put_long(env, out, (jlong)s);
    return (jint)st;
}

static jint n_vault_failed_attempts(JNIEnv *env, jclass c, jlong h, jlongArray out)
{
    (void)c;
    uint32_t n = 0;
    eid_status st = eid_vault_failed_attempts(((jvault *)H(h))->v, &n);
    jni_put_long(env, out, (jlong)n);
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
    return jni_jtext(env, eid_vault_last_error(((jvault *)H(h))->v));
}

/* ---- registration ---- */

const jni_method jni_vault_methods[] = {
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
};
const size_t jni_vault_methods_count = sizeof jni_vault_methods / sizeof jni_vault_methods[0];
