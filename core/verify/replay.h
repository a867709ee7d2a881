/* The replay store's check-and-insert interface (eid/verifier.h). All
 * operations are atomic under the store's lock. */
#ifndef EID_CORE_REPLAY_H
#define EID_CORE_REPLAY_H
#include "eid/verifier.h"

/* Registers an open request by its hash. EID_ERR_EXISTS, EID_ERR_STORE_FULL. */
eid_status eid_replay_open_request(eid_replay_store *s, const uint8_t hash[16], int64_t expires_at, int64_t now);
/* Whether a request is open at `now`: EID_OK, EID_ERR_REQUEST_UNKNOWN,
 * EID_ERR_PRESENTATION_EXPIRED, EID_ERR_REPLAYED (already answered). */
eid_status eid_replay_request_state(eid_replay_store *s, const uint8_t hash[16], int64_t now);
/* Records a presentation (holder key, signature) until expires_at and, when
 * request_hash is set, consumes that request — both or neither.
 * EID_ERR_REPLAYED, EID_ERR_STORE_FULL, or a request state as above. */
eid_status eid_replay_commit(eid_replay_store *s, const uint8_t holder_key[32], const uint8_t *signature, size_t sig_len,
                             int64_t expires_at, const uint8_t *request_hash, int64_t now);

#endif
