/* SPDX-License-Identifier: Apache-2.0 */
/* libeid_jni: the natives of replay stores, verifiers, results, request info,
 * presentations and requests as text. */
#include "jni_internal.h"

/* ---- replay stores ---------------------------------------------------------------------------- */

static jint n_store_new(JNIEnv *env, jclass c, jlong capacity, jlongArray out)
{
    (void)c;
    if (capacity < 0)
        return EID_ERR_INVALID_ARG;
    eid_replay_store *s = NULL;
    eid_status st = eid_replay_store_new((size_t)capacity, &s);
    if (st == EID_OK)
        jni_put_long(env, out, J(s));
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
    char *u = jni_cstr_whole(env, url, &bad), *name = jni_cstr(env, user), *key_prefix = jni_cstr(env, prefix);
    char *pw = jni_passcode(env, password, &bad);
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
            jni_put_long(env, out, J(s));
    }
    free(u);
    free(name);
    free(key_prefix);
    jni_passcode_free(pw);
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
    char *rp = rp_id ? jni_cstr(env, rp_id) : NULL;
    if (rp_id != NULL && rp == NULL)
        return EID_ERR_INVALID_ARG;
    o.rp_id = rp;
    size_t nr, nt;
    uint8_t *r = jni_bytes(env, roots, &nr), *t = jni_bytes(env, trust, &nt);
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
        in[i].data = jni_bytes(env, a, &len);
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
        jni_put_long(env, out, J(ver));
    return (jint)st;
}

/* Verifies text (NUL-terminated UTF-8). A text with a NUL inside it is checked
 * as "": a format failure, never a shortened text that verifies. */
static jint n_verifier_check(JNIEnv *env, jclass c, jlong h, jbyteArray text, jlong now, jlongArray out)
{
    (void)c;
    int bad;
    char *t = jni_cstr_whole(env, text, &bad);
    eid_result *r = NULL;
    eid_status st;
    if (t == NULL && !bad)
        st = EID_ERR_INVALID_ARG;
    else
        st = eid_verifier_check_presentation(V(h), bad ? "" : t, (int64_t)now, &r);
    free(t);
    if (r != NULL)
        jni_put_long(env, out, J(r));
    return (jint)st;
}

static jint n_verifier_check_credential(JNIEnv *env, jclass c, jlong h, jbyteArray bundle, jlong now,
                                        jlongArray out)
{
    (void)c;
    size_t n;
    uint8_t *b = jni_bytes(env, bundle, &n);
    if (b == NULL)
        return EID_ERR_INVALID_ARG;
    eid_result *r = NULL;
    eid_status st = eid_verifier_check_credential(V(h), b, n, (int64_t)now, &r);
    jni_bytes_free(b, n);
    if (r != NULL)
        jni_put_long(env, out, J(r));
    return (jint)st;
}

/* kind 0: open the request, 1: inspect it (out: the info) */
static jint n_verifier_request(JNIEnv *env, jclass c, jlong h, jint kind, jbyteArray request, jlong now,
                               jlongArray out)
{
    (void)c;
    size_t n;
    uint8_t *b = jni_bytes(env, request, &n);
    if (b == NULL)
        return EID_ERR_INVALID_ARG;
    eid_status st;
    if (kind == 0) {
        st = eid_verifier_open_request(V(h), b, n, (int64_t)now);
    } else {
        eid_request_info *info = NULL;
        st = eid_verifier_inspect_request(V(h), b, n, (int64_t)now, &info);
        if (st == EID_OK)
            jni_put_long(env, out, J(info));
    }
    free(b);
    return (jint)st;
}

static jint n_verifier_check_issuance(JNIEnv *env, jclass c, jlong h, jbyteArray request, jbyteArray challenge,
                                      jlong now, jbyteArray key_out, jintArray protection, jobjectArray pid)
{
    (void)c;
    size_t n, cn;
    uint8_t *b = jni_bytes(env, request, &n), *ch = jni_bytes(env, challenge, &cn);
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
        jni_put_int(env, protection, (jint)prot);
        jbyteArray s = jni_jtext(env, personal_id);
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
    uint8_t *b = jni_bytes(env, request, &n), *ch = jni_bytes(env, challenge, &cn);
    eid_status st = EID_ERR_INVALID_ARG;
    uint8_t key[32];
    uint32_t prot = 0;
    if (b != NULL && ch != NULL && key_out != NULL && (*env)->GetArrayLength(env, key_out) == 32)
        st = eid_activation_check(b, n, ch, cn, key, &prot);
    free(b);
    free(ch);
    if (st == EID_OK) {
        (*env)->SetByteArrayRegion(env, key_out, 0, 32, (const jbyte *)key);
        jni_put_int(env, protection, (jint)prot);
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
    return jni_jtext(env, what == 0 ? eid_result_issuer_id(H(h)) : eid_result_issuer_name(H(h)));
}

/* The outcome of check k; status[0] gets its status, detail[0] its detail (UTF-8). */
static jint n_result_check(JNIEnv *env, jclass c, jlong h, jint k, jintArray status, jobjectArray detail)
{
    (void)c;
    eid_status cs = EID_OK;
    eid_check_outcome o = eid_result_check(H(h), (eid_check)k, &cs);
    jni_put_int(env, status, (jint)cs);
    jbyteArray d = jni_jtext(env, eid_result_check_detail(H(h), (eid_check)k));
    if (d != NULL)
        (*env)->SetObjectArrayElement(env, detail, 0, d);
    return (jint)o;
}

static jobject n_result_claim(JNIEnv *env, jclass c, jlong h, jint i)
{
    (void)c;
    const eid_result *r = H(h);
    const eid_claim *cl = i < 0 ? NULL : eid_result_claim(r, (size_t)i);
    return cl == NULL ? NULL : jni_make_claim(env, eid_result_doc_type(r), cl);
}

#define RESULT_NUMS 10

/* All of a result in one call (what a VerificationResult holds): nums[0..9]
 * as n_result_get's `what`; checks[2k], checks[2k + 1] the outcome and status
 * of check k (for k < checks' length / 2); texts[0], texts[1] the issuer id
 * and name, texts[2 + k] check k's detail when it has one (null otherwise).
 * Returns the disclosed claims (empty when none), or NULL with an exception
 * pending (no memory) or for arrays of the wrong size. */
static jobjectArray n_result_read(JNIEnv *env, jclass c, jlong h, jlongArray nums, jintArray checks,
                                  jobjectArray texts)
{
    (void)c;
    const eid_result *r = H(h);
    if (nums == NULL || checks == NULL || texts == NULL || (*env)->GetArrayLength(env, nums) != RESULT_NUMS)
        return NULL;
    jsize n = (*env)->GetArrayLength(env, checks) / 2;
    if (n > EID_CHECK_COUNT || n > (jsize)eid_check_count() || (*env)->GetArrayLength(env, texts) != n + 2)
        return NULL;
    jlong v[RESULT_NUMS];
    for (jint k = 0; k < RESULT_NUMS; k++)
        v[k] = n_result_get(env, c, h, k);
    (*env)->SetLongArrayRegion(env, nums, 0, RESULT_NUMS, v);
    jint o[2 * EID_CHECK_COUNT];
    for (jsize k = 0; k < n; k++) {
        eid_status cs = EID_OK;
        o[2 * k] = (jint)eid_result_check(r, (eid_check)k, &cs);
        o[2 * k + 1] = (jint)cs;
        const char *detail = eid_result_check_detail(r, (eid_check)k);
        if (detail[0] != 0) {
            jbyteArray d = jni_jtext(env, detail);
            if (d == NULL)
                return NULL;
            (*env)->SetObjectArrayElement(env, texts, k + 2, d);
            (*env)->DeleteLocalRef(env, d);
        }
    }
    (*env)->SetIntArrayRegion(env, checks, 0, 2 * n, o);
    for (jint k = 0; k < 2; k++) {
        jbyteArray t = n_result_text(env, c, h, k);
        if (t == NULL)
            return NULL;
        (*env)->SetObjectArrayElement(env, texts, k, t);
        (*env)->DeleteLocalRef(env, t);
    }
    size_t nc = eid_result_claim_count(r);
    jobjectArray claims = (*env)->NewObjectArray(env, (jsize)nc, jni_claim_class, NULL);
    for (size_t i = 0; claims != NULL && i < nc; i++) {
        jobject cl = jni_make_claim(env, eid_result_doc_type(r), eid_result_claim(r, i));
        if (cl == NULL)
            return NULL;
        (*env)->SetObjectArrayElement(env, claims, (jsize)i, cl);
        (*env)->DeleteLocalRef(env, cl);
    }
    return claims;
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
    return jni_jtext(env, what == 0 ? eid_request_info_rp_id(H(h)) : eid_request_info_rp_name(H(h)));
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
    uint8_t *b = jni_bytes(env, data, &n);
    if (b == NULL)
        return EID_ERR_INVALID_ARG;
    char *text = NULL;
    eid_status st = kind == 0 ? eid_presentation_text(b, n, &text) : eid_request_text(b, n, &text);
    jni_bytes_free(b, n);
    if (st == EID_OK) {
        jbyteArray s = jni_jtext(env, text);
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
    char *t = jni_cstr_whole(env, text, &bad);
    if (bad)
        return EID_ERR_FORMAT;
    if (t == NULL)
        return EID_ERR_INVALID_ARG;
    eid_bytes req = {0};
    eid_status st = eid_request_from_text(t, &req);
    free(t);
    if (st == EID_OK)
        st = jni_put_bytes(env, out, &req);
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
    char *rp = jni_cstr(env, rp_id);
    if (rp == NULL)
        return EID_ERR_INVALID_ARG;
    eid_bytes req = {0};
    eid_status st = eid_request_create(H(key), rp, rq, (size_t)n, (int64_t)now, (int64_t)lifetime, &req);
    free(rp);
    if (st == EID_OK)
        st = jni_put_bytes(env, out, &req);
    return (jint)st;
}

/* ---- registration ---- */

const jni_method jni_verify_methods[] = {
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
    M("resultRead", "(J[J[I[[B)[Lorg/libeid/Claim;", n_result_read),
    M("infoGet", "(JI)J", n_info_get),
    M("infoText", "(JI)" B, n_info_text),
    M("infoDoc", "(JI)[I", n_info_doc),
    M("toText", "(I" B "[[B)I", n_to_text),
    M("requestFromText", "(" B "[[B)I", n_request_from_text),
    M("requestCreate", "(J" B "[I[[IJJ[[B)I", n_request_create),
};
const size_t jni_verify_methods_count = sizeof jni_verify_methods / sizeof jni_verify_methods[0];
