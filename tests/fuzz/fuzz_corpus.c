/* SPDX-License-Identifier: Apache-2.0 */
/* Writes the seed corpora of the libFuzzer targets from real objects, made
 * with the fixture's keys and the issuer challenge the targets check against:
 *   fuzz_corpus OUT_DIR SOURCE_DIR
 * writes OUT_DIR/<target>/<name> for every target (tests/fuzz/corpus is its
 * committed output; see tests/fuzz/README.md). */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/base45.h"
#include "fuzz_common.h"
#include "test_batch_support.h"

static const char *out_dir;

static void put(const char *target, const char *name, const void *data, size_t len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", out_dir, target);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/%s/%s", out_dir, target, name);
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "fuzz_corpus: cannot write %s\n", path);
        exit(1);
    }
}

static void put_bytes(const char *target, const char *name, const eid_bytes *b) { put(target, name, b->data, b->len); }

/* The text after a prefix ("EID1:", "EIDR1:"): what the text targets append to it. */
static void put_after(const char *target, const char *name, const char *text, const char *prefix)
{
    size_t n = strlen(prefix);
    if (strncmp(text, prefix, n) != 0)
        exit(1);
    put(target, name, text + n, strlen(text) - n);
}

static void copy_dir(const char *from, const char *target)
{
    DIR *d = opendir(from);
    if (d == NULL)
        exit(1);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", from, e->d_name);
        size_t len = 0;
        uint8_t *data = tu_read_file(path, &len);
        if (data == NULL)
            exit(1);
        put(target, e->d_name, data, len);
        free(data);
    }
    closedir(d);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: fuzz_corpus OUT_DIR SOURCE_DIR\n");
        return 2;
    }
    out_dir = argv[1];
    mkdir(out_dir, 0755);
    if (eid_init() != EID_OK)
        return 1;
    tb_world *w = tb_world_new("fuzz-corpus");
    fx *f = &w->f;

    /* fuzz_lists: a trust list and a revocation list */
    put_bytes("fuzz_lists", "trust_list", &f->trust);
    put_bytes("fuzz_lists", "status_list_2", &f->status[EID_DOC_DRIVING_LICENCE]);

    /* fuzz_verify and fuzz_import: credential bundles; presentations */
    static const uint32_t claims[] = {0, 1, 2, 3};
    for (uint32_t t = EID_DOC_IDENTITY; t <= EID_DOC_CRIMINAL_RECORD; t++) {
        eid_bytes b = fx_issue(f, t, 3);
        char name[64];
        snprintf(name, sizeof name, "bundle_%s", eid_doc_type_name(t));
        put_bytes("fuzz_import", name, &b);
        put_bytes("fuzz_verify", name, &b);
        if (t == EID_DOC_IDENTITY || t == EID_DOC_DRIVING_LICENCE) {
            char *text = fx_present(f, &b, claims, t == EID_DOC_IDENTITY ? 4 : 1, f->now);
            snprintf(name, sizeof name, "presentation_%s", eid_doc_type_name(t));
            put_after("fuzz_verify", name, text, eid_presentation_text_prefix());
            put_after("fuzz_base45", name, text, eid_presentation_text_prefix());
            eid_free(text);
        }
        eid_bytes_free(&b);
    }

    /* fuzz_request: a request as text and as bytes; fuzz_verify gets the bytes too */
    static const uint32_t asked[] = {0, 2};
    eid_requested_claims rq[2] = {{EID_DOC_IDENTITY, asked, 2}, {EID_DOC_DRIVING_LICENCE, asked, 1}};
    eid_bytes req = {0};
    if (eid_request_create(f->rp, "vn.csgt.checkpoint", rq, 2, f->now, 90, &req) != EID_OK)
        return 1;
    char *text = NULL;
    if (eid_request_text(req.data, req.len, &text) != EID_OK)
        return 1;
    put_after("fuzz_request", "request_text", text, eid_request_text_prefix());
    put_after("fuzz_base45", "request_text", text, eid_request_text_prefix());
    put_bytes("fuzz_request", "request_bytes", &req);
    put_bytes("fuzz_verify", "request_bytes", &req);
    eid_text_free(text);
    eid_bytes_free(&req);

    /* fuzz_issuance: the three requests a wallet sends issuers */
    if (eid_wallet_activation_request(w->wallet, tb_challenge, sizeof tb_challenge, &req) != EID_OK)
        return 1;
    put_bytes("fuzz_issuance", "activation_request", &req);
    eid_bytes_free(&req);
    tb_activate(w, w->wallet, 1, 1);
    if (eid_wallet_issuance_request(w->wallet, tb_challenge, sizeof tb_challenge, &req) != EID_OK)
        return 1;
    put_bytes("fuzz_issuance", "issuance_request", &req);
    eid_bytes_free(&req);
    tb_import(w, EID_DOC_DRIVING_LICENCE, 5);
    if (eid_wallet_refill_request(w->wallet, EID_DOC_DRIVING_LICENCE, tb_challenge, sizeof tb_challenge, &req) !=
        EID_OK)
        return 1;
    put_bytes("fuzz_issuance", "refill_request", &req);

    /* fuzz_batch: the issuer's answer to that refill */
    eid_bytes batch = tb_issue_for(w, &req, EID_DOC_DRIVING_LICENCE, EID_DOC_DRIVING_LICENCE);
    put_bytes("fuzz_batch", "batch_driving_licence", &batch);
    eid_bytes_free(&batch);
    eid_bytes_free(&req);

    /* fuzz_vault_header: the header of the vault behind that wallet */
    char path[8192];
    snprintf(path, sizeof path, "%s/vault.hdr", w->env.vault_dir);
    size_t len = 0;
    uint8_t *hdr = tu_read_file(path, &len);
    if (hdr == NULL || len == 0)
        return 1;
    put("fuzz_vault_header", "vault_hdr", hdr, len);
    free(hdr);

    /* fuzz_text: names and list entries as issuers write them, one not in NFC */
    put("fuzz_text", "full_name", FX_FULL_NAME, strlen(FX_FULL_NAME));
    static const char decomposed[] = "Nguye\xcc\x82\xcc\x83n Va\xcc\x86n A"; /* NFD */
    put("fuzz_text", "decomposed_name", decomposed, strlen(decomposed));
    static const char offence[] = "Điều 260 Bộ luật Hình sự: vi phạm quy định về tham gia giao thông";
    put("fuzz_text", "offence", offence, strlen(offence));

    /* fuzz_claims_json: the sample issuer's claim files */
    snprintf(path, sizeof path, "%s/samples/data", argv[2]);
    copy_dir(path, "fuzz_claims_json");

    tb_world_free(w);
    return 0;
}
