/* Presentation building shared by the public API and the wallet (whose
 * holder keys stay in the vault, hence the signer callback). */
#ifndef EID_CORE_PRESENTATION_H
#define EID_CORE_PRESENTATION_H
#include "credential/credential.h"
#include "eid/present.h"
#include "eid/v1/presentation.pb-c.h"

#define EID_NONCE_BYTES 8
#define EID_REQUEST_NONCE_BYTES 16
#define EID_HASH_BYTES 16

eid_status eid_present_with(const eid_bundle_view *bundle, eid_sign_fn sign, void *sign_ctx,
                            const uint8_t holder_public[32], uint32_t claim_mask, const uint8_t *request,
                            size_t request_len, int64_t now, eid_bytes *presentation);

/* The claims (bit n: claim n) a serialized PresentationRequest asks of
 * doc_type. EID_ERR_FORMAT (not a request), EID_ERR_NOT_REQUESTED (it does
 * not ask for doc_type). Nothing about its sender is checked here. */
eid_status eid_request_asked(const uint8_t *request, size_t len, uint32_t doc_type, uint32_t *claims);

/* Assembles and signs a PresentationBody from its parts; no checks (tests
 * use it to build presentations the builder would refuse). */
typedef struct eid_presentation_parts {
    uint32_t version;
    uint32_t mode;
    const uint8_t *credential;    /* serialized Credential */
    size_t credential_len;
    const ProtobufCBinaryData *disclosures;
    size_t n_disclosures;
    const uint8_t *proof;
    size_t proof_len;
    const uint8_t *nonce;
    size_t nonce_len;
    int64_t created_at;
    const uint8_t *request_hash;
    size_t request_hash_len;
} eid_presentation_parts;
eid_status eid_presentation_assemble(const eid_presentation_parts *parts, eid_sign_fn sign, void *sign_ctx,
                                     eid_bytes *presentation);

/* Text with a prefix <-> bytes. */
eid_status eid_qr_text_encode(const char *prefix, const uint8_t *b, size_t n, size_t max_bytes, char **text);
eid_status eid_qr_text_decode(const char *prefix, const char *text, size_t max_bytes, uint8_t *out, size_t *out_len);

#endif
