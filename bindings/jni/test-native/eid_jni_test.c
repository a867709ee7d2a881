/* SPDX-License-Identifier: Apache-2.0 */
/* A test-only JNI helper for the memory loop of the Java tests: glibc's
 * native heap in use (mallinfo2) and the resident set (VmRSS). */
#define _GNU_SOURCE
#include <jni.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>

/* Bytes of malloc'd memory in use, or -1 where mallinfo2 is missing. */
static jlong heap_in_use(JNIEnv *env, jclass c)
{
    (void)env;
    (void)c;
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
    struct mallinfo2 mi = mallinfo2();
    return (jlong)(mi.uordblks + mi.hblkhd);
#else
    return -1;
#endif
}

/* VmRSS in bytes from /proc/self/status, or -1. */
static jlong rss(JNIEnv *env, jclass c)
{
    (void)env;
    (void)c;
    FILE *f = fopen("/proc/self/status", "r");
    if (f == NULL)
        return -1;
    char line[256];
    long kb = -1;
    while (fgets(line, sizeof line, f) != NULL)
        if (strncmp(line, "VmRSS:", 6) == 0 && sscanf(line + 6, "%ld", &kb) == 1)
            break;
    fclose(f);
    return kb < 0 ? -1 : (jlong)kb * 1024;
}

static jint trim(JNIEnv *env, jclass c)
{
    (void)env;
    (void)c;
    return malloc_trim(0);
}

typedef void (*any_fn)(void);
static const struct {
    const char *name, *sig;
    any_fn fn;
} methods[] = {
    {"heapInUse", "()J", (any_fn)heap_in_use},
    {"rss", "()J", (any_fn)rss},
    {"trim", "()I", (any_fn)trim},
};

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved)
{
    (void)reserved;
    JNIEnv *env = NULL;
    if ((*vm)->GetEnv(vm, (void **)&env, JNI_VERSION_1_6) != JNI_OK)
        return JNI_ERR;
    jclass k = (*env)->FindClass(env, "org/libeid/MemoryProbe");
    JNINativeMethod table[3];
    for (int i = 0; i < 3; i++) {
        table[i].name = (char *)methods[i].name;
        table[i].signature = (char *)methods[i].sig;
        memcpy(&table[i].fnPtr, &methods[i].fn, sizeof table[i].fnPtr);
    }
    if (k == NULL || (*env)->RegisterNatives(env, k, table, 3) != 0)
        return JNI_ERR;
    return JNI_VERSION_1_6;
}
