/* SPDX-License-Identifier: Apache-2.0 */
/* libeid_jni: the natives of signing keys and the reference issuer. */
#include "jni_internal.h"

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
        uint8_t *s = jni_bytes(env, seed, &n);
        st = s == NULL ? EID_ERR_NO_MEMORY : eid_key_new_from_seed(s, n, &k);
        jni_bytes_free(s, n);
    }
    if (st == EID_OK)
        jni_put_long(env, out, J(k));
    return (jint)st;
}

static jbyteArray n_key_public(JNIEnv *env, jclass c, jlong h)
{
    (void)c;
    uint8_t pk[EID_KEY_PUBLIC_BYTES];
    eid_key_public(H(h), pk);
    return jni_jbytes(env, pk, sizeof pk);
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
    eid_status st = jni_claims_read(env, numbers, types, values, blobs, lists, list_texts, &ci);
    if (st != EID_OK)
        return (jint)st;
    eid_bytes b = {0};
    st = eid_issue_credential(H(key), &cp, ci.c, ci.n, &b);
    jni_claims_free(&ci);
    if (st == EID_OK)
        st = jni_put_bytes(env, out, &b);
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
    char *id = jni_cstr(env, issuer_id);
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
            st = jni_put_bytes(env, out, &b);
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
        is[i].issuer_id = KEEP(jni_cstr(env, a));
        is[i].public_key = KEEP(jni_bytes(env, k, &klen));
        is[i].name = KEEP(jni_cstr(env, nm));
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
        rps[i].rp_id = KEEP(jni_cstr(env, a));
        rps[i].public_key = KEEP(jni_bytes(env, k, &klen));
        rps[i].name = KEEP(jni_cstr(env, nm));
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
            st = jni_put_bytes(env, out, &b);
    }
    for (size_t i = 0; keep != NULL && i < nkeep; i++)
        free(keep[i]);
    free(keep);
    free(is);
    free(rps);
    return (jint)st;
}

/* ---- registration ---- */

const jni_method jni_issuer_methods[] = {
    M("keyNew", "(" B "[J)I", n_key_new),
    M("keyPublic", "(J)" B, n_key_public),
    M("issueCredential", "(J[I" B "[I[I[J[[B[[I[[[B[[B)I", n_issue_credential),
    M("revocationListSign", "(J" B "[J[I[[B)I", n_revocation_list_sign),
    M("trustListSign", "([J[[B[[B[[B[I[[I[[B[[B[[B[[I[J[[B)I", n_trust_list_sign),
};
const size_t jni_issuer_methods_count = sizeof jni_issuer_methods / sizeof jni_issuer_methods[0];
