/* SPDX-License-Identifier: Apache-2.0 */
/* A relying party's verifier at its smallest: build a verifier from a root key,
 * a trust list and revocation lists, and check one presentation text. Linked
 * with the static libeid; eid-bench strips it and subtracts size_baseline
 * (the same program without libeid) to get the library's contribution. */
#include <stdio.h>
#include <stdlib.h>

#include "eid/eid.h"

static unsigned char buf[3][65536];

static size_t slurp(const char *path, unsigned char *out)
{
    FILE *fp = fopen(path, "rb");
    size_t n = fp ? fread(out, 1, 65535, fp) : 0;
    if (fp)
        fclose(fp);
    out[n] = 0;
    return n;
}

int main(int argc, char **argv)
{
    if (argc != 5 || eid_init() != EID_OK)
        return 2;
    size_t nr = slurp(argv[1], buf[0]), nt = slurp(argv[2], buf[1]), nl = slurp(argv[3], buf[2]);
    eid_replay_store *s = NULL;
    eid_verifier *v = NULL;
    eid_verifier_options o;
    eid_verifier_options_default(&o, EID_VERIFIER_OPTIONS_VERSION);
    eid_revocation_list_input in = {buf[2], nl, 0};
    if (nr != 32 || eid_replay_store_new(0, &s) != EID_OK ||
        eid_verifier_new(buf[0], 1, &o, buf[1], nt, &in, 1, s, &v) != EID_OK)
        return 1;
    eid_result *r = NULL;
    eid_status st = eid_verifier_check_presentation(v, argv[4], 0, &r);
    printf("%s\n", eid_status_name(eid_result_status(r)));
    eid_result_free(r);
    eid_verifier_free(v);
    eid_replay_store_free(s);
    return st == EID_OK ? 0 : 1;
}
