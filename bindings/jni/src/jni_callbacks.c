/* SPDX-License-Identifier: Apache-2.0 */
/* libeid_jni: callbacks from C into Java (keystore, clocks, logger), with the
 * attaching and detaching of threads the JVM does not know. */
#include "jni_internal.h"

/* ---- callbacks into Java ---------------------------------------------------------- */

/* The JNIEnv of this thread, attaching it when the JVM does not know it. */
static JNIEnv *env_enter(int *attached)
{
    JNIEnv *env = NULL;
    *attached = 0;
    if (jni_vm == NULL)
        return NULL;
    jint rc = (*jni_vm)->GetEnv(jni_vm, (void **)&env, JNI_VERSION_1_6);
    if (rc == JNI_EDETACHED) {
        if ((*jni_vm)->AttachCurrentThread(jni_vm, (void **)&env, NULL) != JNI_OK)
            return NULL;
        *attached = 1;
    } else if (rc != JNI_OK) {
        return NULL;
    }
    /* A callback must not run with an exception already pending. */
    if ((*env)->ExceptionCheck(env)) {
        if (*attached)
            (*jni_vm)->DetachCurrentThread(jni_vm);
        return NULL;
    }
    return env;
}

static void env_leave(int attached)
{
    if (attached)
        (*jni_vm)->DetachCurrentThread(jni_vm);
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

eid_status jni_ks_prf(void *ctx, const char *alias, const uint8_t in[EID_KEYSTORE_PRF_BYTES],
                      uint8_t out[EID_KEYSTORE_PRF_BYTES])
{
    callbacks *cb = ctx;
    int attached;
    JNIEnv *env = env_enter(&attached);
    if (env == NULL)
        return EID_ERR_KEYSTORE;
    eid_status st = EID_ERR_KEYSTORE;
    jbyteArray jalias = jni_jtext(env, alias);
    jbyteArray jin = jni_jbytes(env, in, EID_KEYSTORE_PRF_BYTES);
    jbyteArray jout = (*env)->NewByteArray(env, EID_KEYSTORE_PRF_BYTES);
    if (jalias != NULL && jin != NULL && jout != NULL) {
        jint rc = (*env)->CallStaticIntMethod(env, jni_native_class, jni_prf_mid, cb->keystore, jalias, jin, jout);
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

eid_status jni_ks_delete(void *ctx, const char *alias)
{
    callbacks *cb = ctx;
    int attached;
    JNIEnv *env = env_enter(&attached);
    if (env == NULL)
        return EID_ERR_KEYSTORE;
    eid_status st = EID_ERR_KEYSTORE;
    jbyteArray jalias = jni_jtext(env, alias);
    if (jalias != NULL) {
        jint rc = (*env)->CallStaticIntMethod(env, jni_native_class, jni_delete_mid, cb->keystore, jalias);
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
    jlong t = (*env)->CallStaticLongMethod(env, jni_native_class, jni_clock_mid, clock);
    if (swallow(env))
        t = 0;
    env_leave(attached);
    return (int64_t)t;
}

int64_t jni_clock_cb(void *ctx) { return call_clock(((callbacks *)ctx)->clock); }
int64_t jni_elapsed_cb(void *ctx) { return call_clock(((callbacks *)ctx)->elapsed_clock); }

void jni_log_cb(void *ctx, eid_log_level level, const char *message)
{
    callbacks *cb = ctx;
    int attached;
    JNIEnv *env = env_enter(&attached);
    if (env == NULL)
        return;
    jbyteArray m = jni_jtext(env, message);
    if (m != NULL) {
        (*env)->CallStaticVoidMethod(env, jni_native_class, jni_log_mid, cb->logger, (jint)level, m);
        (*env)->DeleteLocalRef(env, m);
    }
    swallow(env);
    env_leave(attached);
}

jobject jni_global(JNIEnv *env, jobject o)
{
    return o == NULL ? NULL : (*env)->NewGlobalRef(env, o);
}

void jni_callbacks_release(JNIEnv *env, callbacks *cb)
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
