/* SPDX-License-Identifier: Apache-2.0 */
/* The claims Merkle tree (docs/FORMAT.md, "Merkle tree"): leaf_count leaves
 * (16 or 32), leaf = BLAKE2b-128 personal "eid.v1.leaf" over disclosure
 * bytes (or a random decoy), node = BLAKE2b-128 personal "eid.v1.node" over
 * left || right. A proof lists, level by level from the leaves up, the
 * siblings of known nodes that are not known themselves, ascending. */
#ifndef EID_CORE_MERKLE_H
#define EID_CORE_MERKLE_H
#include <stddef.h>
#include <stdint.h>
#include "eid/common.h"

#define MERKLE_NODE_BYTES 16
#define MERKLE_MAX_LEAVES 32

typedef uint8_t merkle_node[MERKLE_NODE_BYTES];

int merkle_leaf_count_ok(uint32_t leaf_count);
void merkle_leaf(merkle_node out, const uint8_t *disclosure, size_t len);
/* Root of a full set of leaves. */
void merkle_root(const merkle_node *leaves, uint32_t leaf_count, merkle_node root);
/* Number of proof nodes for the leaves in known_mask (bit i = position i). */
size_t merkle_proof_count(uint32_t leaf_count, uint32_t known_mask);
/* Writes the proof for known_mask from a full set of leaves; returns its node count. */
size_t merkle_proof(const merkle_node *leaves, uint32_t leaf_count, uint32_t known_mask, merkle_node *proof);
/* Recomputes the root from the known leaves (indexed by position) and the proof.
 * EID_ERR_PROOF when proof_len is not 16 bytes times the expected count. */
eid_status merkle_root_from_proof(const merkle_node *known, uint32_t leaf_count, uint32_t known_mask,
                                  const uint8_t *proof, size_t proof_len, merkle_node root);

#endif
