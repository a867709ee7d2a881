/* SPDX-License-Identifier: Apache-2.0 */
/* The replay store's check-and-insert interface (eid/verifier.h). All
 * operations are atomic under the store's lock (or the backend's own). Every
 * expiry is inclusive: an entry kept until T is live at every now <= T. */
#ifndef EID_CORE_REPLAY_H
#define EID_CORE_REPLAY_H
#include "eid/verifier.h"

/* The store key of a request: (relying party, request hash), as
 * eid_replay_backend documents it. */
void replay_request_key(const char *rp_id, const uint8_t request_hash[16], uint8_t key[16]);
/* For a store on a backend that libeid itself built (core/fleet): from now on
 * eid_replay_store_free() calls release(backend.ctx) first, so that the
 * backend's connections and credentials go with the store. Ignored for an
 * in-memory store. */
void replay_set_release(eid_replay_store *s, void (*release)(void *ctx));
/* Raises the store's window (seconds recorded past an offline presentation's
 * created_at) to at least `window`; entries already recorded in memory are
 * extended by as much. */
void replay_widen(eid_replay_store *s, int64_t window);
/* Registers an open request with its record until keep_until.
 * EID_ERR_EXISTS, EID_ERR_STORE_FULL. */
eid_status replay_open_request(eid_replay_store *s, const uint8_t key[16], const uint8_t *record, size_t len,
                               int64_t keep_until, int64_t now);
/* EID_OK with the request's record (EID_REPLAY_RECORD_MAX_BYTES buffer),
 * EID_ERR_REQUEST_UNKNOWN, EID_ERR_REPLAYED (already answered). */
eid_status replay_request_state(eid_replay_store *s, const uint8_t key[16], int64_t now, uint8_t *record,
                                size_t *len);
/* Records a presentation (holder key, signature) and, when request_key is
 * set, consumes that request — both or neither. Offline (request_key NULL) it
 * is kept until created_at + the store's window; otherwise until the request's
 * expires_at. EID_ERR_REPLAYED, EID_ERR_STORE_FULL, EID_ERR_REQUEST_UNKNOWN. */
eid_status replay_commit(eid_replay_store *s, const uint8_t holder_key[32], const uint8_t *signature, size_t sig_len,
                         int64_t created_at, const uint8_t *request_key, int64_t request_expires_at, int64_t now);

#endif
