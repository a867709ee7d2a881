/* SPDX-License-Identifier: Apache-2.0 */
/* The claims file of eid-issuer (samples/data): a JSON object of claim
 * names and values as a person writes them (dates YYYY-MM-DD, labels for
 * codes, licence classes by name, a portrait file), read into eid_claims
 * that eid_claim_set_validate() accepts. Public API only. */
#ifndef EID_SAMPLES_CLAIMS_JSON_H
#define EID_SAMPLES_CLAIMS_JSON_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>
#include <eid/eid.h>

/* Reads the portrait file `name` written in the claims file at `claims_path`
 * (malloc'd bytes, *len set), or returns NULL when it cannot. */
typedef uint8_t *(*claims_portrait_fn)(const char *claims_path, const char *name, size_t *len);

/* Storage for the claims read from JSON: the claim array points into it and
 * into the cJSON tree, which must outlive it. */
typedef struct claim_set {
    eid_claim claims[EID_CLAIM_MAX_COUNT];
    size_t n;
    eid_list_entry entries[EID_CLAIM_MAX_COUNT][16];
    uint8_t *portrait;
    const char *path;          /* the claims file, for messages and the portrait */
    claims_portrait_fn load;   /* NULL: a portrait file is an error */
    char error[512];           /* why claims_read() refused, "PATH: claim 'NAME': why" */
} claim_set;

/* Reads the claims of doc type t from `json` into cs (path and load set by the
 * caller). 0 on success; -1 with cs->error set when the file is not a valid
 * claim set of that doc type. Free with claims_release(). */
int claims_read(claim_set *cs, uint32_t t, const cJSON *json);
/* Frees what claims_read() allocated (the portrait). */
void claims_release(claim_set *cs);
/* The claim with that number, or NULL. */
const eid_claim *claims_find(const claim_set *cs, uint32_t number);

#endif
