/* SPDX-License-Identifier: Apache-2.0 */
/* For the fleet store's tests (tests/unit/test_fleet.c, tests/fleet/): the
 * fixture's verifier on another store, a challenged answer, and where the
 * test run's redis-server listens (tests/fleet/redis.sh, EID_REDIS_DIR). */
#ifndef EID_FLEET_SUPPORT_H
#define EID_FLEET_SUPPORT_H
#include "fixture.h"

/* A verifier with the fixture's trust list, revocation lists and options, on `store`. */
eid_verifier *fs_verifier(fx *f, eid_replay_store *store);
/* An answer to `request` (serialized) disclosing claims 0..3 of the bundle, made at `when`. */
char *fs_answer(fx *f, const eid_bytes *bundle, const eid_bytes *request, int64_t when);
/* "unix://<dir>/redis.sock" (tcp = 0) or "redis://127.0.0.1:<port>" (tcp = 1) of
 * the server in `dir`; 0 when dir holds none. */
int fs_redis_url(const char *dir, int tcp, char *url, size_t n);
/* Fleet options for `url` and `prefix`, with short timeouts for tests. */
eid_fleet_options fs_options(const char *url, const char *prefix);

#endif
