/* SPDX-License-Identifier: Apache-2.0 */
/* libeid_jni: the wallet, document, card and QR code natives. */
#include "jni_internal.h"

/* ---- wallet ---------------------------------------------------------------------------------- */

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
        jw->device_label = jni_cstr(env, label);
        if (jw->device_label == NULL)
            st = EID_ERR_INVALID_ARG;
        o.device_label = jw->device_label;
    }
    if (clock != NULL) {
        jw->cb.clock = jni_global(env, clock);
        o.clock = jni_clock_cb;
        o.clock_ctx = &jw->cb;
    }
    if (st == EID_OK)
        st = eid_wallet_new(((jvault *)H(vault))->v, &o, &jw->w);
    if (st != EID_OK) {
        eid_wallet_free(jw->w);
        jni_callbacks_release(env, &jw->cb);
        free(jw->device_label);
        free(jw);
        return (jint)st;
    }
    jni_put_long(env, out, J(jw));
    return EID_OK;
}

void jni_wallet_free(JNIEnv *env, jwallet *jw)
{
    eid_wallet_free(jw->w);
    jni_callbacks_release(env, &jw->cb);
    free(jw->device_label);
    free(jw);
}

static jbyteArray n_wallet_last_error(JNIEnv *env, jclass c, jlong h)
{
    (void)c;
    return jni_jtext(env, eid_wallet_last_error(W(h)));
}

static jint n_wallet_level(JNIEnv *env, jclass c, jlong h, jlongArray out)
{
    (void)c;
    uint32_t level = 0;
    eid_status st = eid_wallet_level(W(h), &level);
    jni_put_long(env, out, level);
    return (jint)st;
}

/* kind 0: activation request, 1: issuance request */
static jint n_wallet_request(JNIEnv *env, jclass c, jlong h, jint kind, jbyteArray challenge, jobjectArray out)
{
    (void)c;
    size_t n;
    uint8_t *ch = jni_bytes(env, challenge, &n);
    if (ch == NULL || out == NULL) {
        free(ch);
        return EID_ERR_INVALID_ARG;
    }
    eid_bytes req = {0};
    eid_status st = kind == 0 ? eid_wallet_activation_request(W(h), ch, n, &req)
                              : eid_wallet_issuance_request(W(h), ch, n, &req);
    free(ch);
    if (st == EID_OK)
        st = jni_put_bytes(env, out, &req);
    return (jint)st;
}

/* kind 0: activate, 1: import */
static jint n_wallet_store(JNIEnv *env, jclass c, jlong h, jint kind, jlong verifier, jbyteArray bundle)
{
    (void)c;
    size_t n;
    uint8_t *b = jni_bytes(env, bundle, &n);
    if (b == NULL)
        return EID_ERR_INVALID_ARG;
    eid_status st = kind == 0 ? eid_wallet_activate(W(h), V(verifier), b, n)
                              : eid_wallet_import(W(h), V(verifier), b, n);
    jni_bytes_free(b, n);
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
        jni_put_long(env, out, J(d));
    return (jint)st;
}

static jint n_wallet_refresh(JNIEnv *env, jclass c, jlong h, jlong verifier, jlongArray out)
{
    (void)c;
    size_t revoked = 0;
    eid_status st = eid_wallet_refresh(W(h), V(verifier), &revoked);
    jni_put_long(env, out, (jlong)revoked);
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
    uint8_t *req = jni_bytes(env, request, &rlen);
    if (request != NULL && req == NULL)
        return EID_ERR_NO_MEMORY;
    eid_bytes p = {0};
    int was_reused = 0;
    eid_status st = eid_wallet_present(W(h), (uint32_t)doc_type, nums, (size_t)n, req, rlen,
                                       verifier ? V(verifier) : NULL, &p, &was_reused);
    free(req);
    if (st == EID_OK) {
        jni_put_int(env, reused, was_reused);
        st = jni_put_bytes(env, out, &p);
    }
    return (jint)st;
}

static jint n_wallet_audit(JNIEnv *env, jclass c, jlong h, jlongArray out)
{
    (void)c;
    eid_audit *log = NULL;
    eid_status st = eid_wallet_audit(W(h), &log);
    if (st == EID_OK)
        jni_put_long(env, out, J(log));
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
    jbyteArray s = jni_jtext(env, who ? who : "");
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
    return cl == NULL ? NULL : jni_make_claim(env, eid_document_doc_type(d), cl);
}

static jint n_document_card(JNIEnv *env, jclass c, jlong h, jint lang, jint reveal, jlongArray out)
{
    (void)c;
    eid_card *card = NULL;
    eid_status st = eid_document_card(H(h), (eid_language)lang, reveal != 0, &card);
    if (st == EID_OK)
        jni_put_long(env, out, J(card));
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
    case 0: return jni_jtext(env, eid_card_title(k));
    case 1: return jni_jtext(env, eid_card_issuer(k));
    case 2: return jni_jtext(env, eid_card_holder_name(k));
    case 3: return jni_jtext(env, eid_card_validity_label(k));
    default: return NULL;
    }
}

static jbyteArray n_card_portrait(JNIEnv *env, jclass c, jlong h)
{
    (void)c;
    const eid_card *k = H(h);
    const uint8_t *p = eid_card_portrait(k);
    return p == NULL ? NULL : jni_jbytes(env, p, eid_card_portrait_len(k));
}

/* label, value (UTF-8), and claim, on_face, hidden in nums */
static jint n_card_row(JNIEnv *env, jclass c, jlong h, jint i, jobjectArray text, jintArray nums)
{
    (void)c;
    const eid_card *k = H(h);
    if (i < 0 || (size_t)i >= eid_card_row_count(k))
        return EID_ERR_INVALID_ARG;
    jbyteArray l = jni_jtext(env, eid_card_row_label(k, (size_t)i));
    jbyteArray v = jni_jtext(env, eid_card_row_value(k, (size_t)i));
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
        st = jni_put_bytes(env, out, &svg);
    return (jint)st;
}

/* ---- QR codes ------------------------------------------------------------------------------------ */

static jint n_qr_new(JNIEnv *env, jclass c, jbyteArray text, jint ecc, jlongArray out)
{
    (void)c;
    int bad;
    char *t = jni_cstr_whole(env, text, &bad);
    eid_qr *qr = NULL;
    eid_status st = t == NULL ? EID_ERR_INVALID_ARG : eid_qr_new(t, (eid_qr_ecc)ecc, &qr);
    free(t);
    if (st == EID_OK)
        jni_put_long(env, out, J(qr));
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
    return jni_jbytes(env, eid_qr_modules(qr), w * w);
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
        st = jni_put_bytes(env, out, &b);
    return (jint)st;
}

/* ---- registration ---- */

const jni_method jni_wallet_methods[] = {
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
};
const size_t jni_wallet_methods_count = sizeof jni_wallet_methods / sizeof jni_wallet_methods[0];
