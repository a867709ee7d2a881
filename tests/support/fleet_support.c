/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <string.h>

#include "fleet_support.h"

eid_verifier *fs_verifier(fx *f, eid_replay_store *store)
{
    eid_revocation_list_input lists[FX_DOCS - 1];
    for (uint32_t t = 1; t < FX_DOCS; t++)
        lists[t - 1] = (eid_revocation_list_input){f->status[t].data, f->status[t].len, 0};
    eid_verifier *v = NULL;
    assert_int_equal(eid_verifier_new(f->root_pk, 1, &f->opt, f->trust.data, f->trust.len, lists, FX_DOCS - 1, store,
                                      &v),
                     EID_OK);
    return v;
}

char *fs_answer(fx *f, const eid_bytes *bundle, const eid_bytes *request, int64_t when)
{
    static const uint32_t claims[] = {0, 1, 2, 3};
    eid_bytes p = {0};
    assert_int_equal(eid_present(bundle->data, bundle->len, f->holder, claims, 4, request->data, request->len, when,
                                 &p),
                     EID_OK);
    char *text = NULL;
    assert_int_equal(eid_presentation_text(p.data, p.len, &text), EID_OK);
    eid_bytes_free(&p);
    return text;
}

int fs_redis_url(const char *dir, int tcp, char *url, size_t n)
{
    if (dir == NULL)
        return 0;
    if (!tcp)
        return snprintf(url, n, "unix://%s/redis.sock", dir) < (int)n;
    char path[1024];
    snprintf(path, sizeof path, "%s/port", dir);
    FILE *fp = fopen(path, "r");
    if (fp == NULL)
        return 0;
    int port = 0;
    int ok = fscanf(fp, "%d", &port) == 1 && port > 0;
    fclose(fp);
    return ok && snprintf(url, n, "redis://127.0.0.1:%d", port) < (int)n;
}

eid_fleet_options fs_options(const char *url, const char *prefix)
{
    eid_fleet_options o;
    assert_int_equal(eid_fleet_options_default(&o, EID_FLEET_OPTIONS_VERSION), EID_OK);
    o.url = url;
    o.key_prefix = prefix;
    o.connect_timeout_ms = 500;
    o.command_timeout_ms = 300;
    o.window = 0; /* the verifiers' own 60 + 30 s */
    return o;
}
