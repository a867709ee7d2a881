/* SPDX-License-Identifier: Apache-2.0 */
/* Verification under valgrind's instruction counter, the repeatable view of
 * the speed ratio (wall time on a shared machine drifts): 200 presentations
 * verified; compare eid_verifier_check_presentation's inclusive count with cry_sign_verify's.
 *
 *   cmake --preset bench && cmake --build --preset bench --target bench_verify_count
 *   valgrind --tool=callgrind --callgrind-out-file=cg.out build/bench/tests/bench/bench_verify_count
 *   callgrind_annotate --inclusive=yes cg.out | grep -E 'eid_verifier_check_presentation|cry_sign_verify'
 *
 * (cry_sign_verify is the two Ed25519 verifications of each presentation.)
 * Run without valgrind it simply verifies and exits 0. */
#include <stdio.h>

#include "fixture.h"

int main(void)
{
    if (eid_init() != EID_OK)
        return 1;
    fx f;
    fx_init(&f);
    const uint32_t std[] = {0, 1, 2, 3};
    eid_bytes b = fx_issue(&f, EID_DOC_IDENTITY, 1);
    enum { N = 200 };
    char *texts[N];
    int64_t at[N];
    for (int i = 0; i < N; i++) {
        at[i] = f.now + (i / 4) * 61; /* the replay store keeps 8 live entries per holder */
        texts[i] = fx_present(&f, &b, std, 4, at[i]);
    }
    for (int i = 0; i < N; i++) {
        eid_result *r = NULL;
        if (eid_verifier_check_presentation(f.verifier, texts[i], at[i], &r) != EID_OK) {
            fprintf(stderr, "verification %d failed\n", i);
            return 1;
        }
        eid_result_free(r);
        eid_text_free(texts[i]);
    }
    eid_bytes_free(&b);
    fx_free(&f);
    printf("%d presentations verified\n", N);
    return 0;
}
