/* SPDX-License-Identifier: Apache-2.0 */
#include <string.h>

#include "credential/merkle.h"
#include "crypto/crypto.h"

#define LEAF_PERSONAL "eid.v1.leaf"
#define NODE_PERSONAL "eid.v1.node"

int merkle_leaf_count_ok(uint32_t leaf_count) { return leaf_count == 16 || leaf_count == 32; }

void merkle_leaf(merkle_node out, const uint8_t *disclosure, size_t len)
{
    cry_hash16(out, LEAF_PERSONAL, disclosure, len, NULL, 0);
}

static void parent(merkle_node out, const merkle_node left, const merkle_node right)
{
    cry_hash16(out, NODE_PERSONAL, left, MERKLE_NODE_BYTES, right, MERKLE_NODE_BYTES);
}

/* Which parents a walk computes: none (counting proof nodes), those of the
 * known nodes (the verifier: no other node can reach the root), or all
 * (issuer/holder side: a proof node may be any node's sibling). */
enum { HASH_NONE, HASH_KNOWN, HASH_ALL };

/* One walk serves all four uses. `level` holds the current level's nodes;
 * known marks the nodes the verifier can compute. With `full` set every node
 * is available (issuer/holder side) and proof nodes are emitted; otherwise
 * they are consumed from `in`. */
static size_t walk(merkle_node *level, uint32_t width, uint32_t known, int full, int hash, merkle_node *out,
                   const uint8_t *in, size_t in_nodes, int *short_proof, merkle_node root)
{
    size_t used = 0;
    while (width > 1) {
        uint32_t next_known = 0;
        for (uint32_t pos = 0; pos < width; pos += 2) {
            int kl = (known >> pos) & 1, kr = (known >> (pos + 1)) & 1;
            if (!kl && !kr)
                continue;
            uint32_t missing = kl ? pos + 1 : pos;
            if (!(kl && kr)) {
                if (full) {
                    if (out != NULL)
                        memcpy(out[used], level[missing], MERKLE_NODE_BYTES);
                } else {
                    if (used >= in_nodes) {
                        *short_proof = 1;
                        return used;
                    }
                    memcpy(level[missing], in + used * MERKLE_NODE_BYTES, MERKLE_NODE_BYTES);
                }
                used++;
            }
            next_known |= 1u << (pos / 2);
        }
        for (uint32_t pos = 0; pos < width; pos += 2)
            if (hash == HASH_ALL || (hash == HASH_KNOWN && ((next_known >> (pos / 2)) & 1)))
                parent(level[pos / 2], level[pos], level[pos + 1]);
        width /= 2;
        known = next_known;
    }
    if (root != NULL)
        memcpy(root, level[0], MERKLE_NODE_BYTES);
    return used;
}

void merkle_root(const merkle_node *leaves, uint32_t leaf_count, merkle_node root)
{
    merkle_node level[MERKLE_MAX_LEAVES];
    memcpy(level, leaves, (size_t)leaf_count * MERKLE_NODE_BYTES);
    int s = 0;
    walk(level, leaf_count, 0, 1, HASH_ALL, NULL, NULL, 0, &s, root);
}

size_t merkle_proof_count(uint32_t leaf_count, uint32_t known_mask)
{
    merkle_node level[MERKLE_MAX_LEAVES] = {{0}};
    int s = 0;
    return walk(level, leaf_count, known_mask, 1, HASH_NONE, NULL, NULL, 0, &s, NULL);
}

size_t merkle_proof(const merkle_node *leaves, uint32_t leaf_count, uint32_t known_mask, merkle_node *proof)
{
    merkle_node level[MERKLE_MAX_LEAVES];
    memcpy(level, leaves, (size_t)leaf_count * MERKLE_NODE_BYTES);
    int s = 0;
    return walk(level, leaf_count, known_mask, 1, HASH_ALL, proof, NULL, 0, &s, NULL);
}

eid_status merkle_root_from_proof(const merkle_node *known, uint32_t leaf_count, uint32_t known_mask,
                                  const uint8_t *proof, size_t proof_len, merkle_node root)
{
    if (!merkle_leaf_count_ok(leaf_count) || known_mask == 0 ||
        (leaf_count < 32 && (known_mask >> leaf_count) != 0))
        return EID_ERR_PROOF;
    if (proof_len % MERKLE_NODE_BYTES != 0 || proof_len / MERKLE_NODE_BYTES != merkle_proof_count(leaf_count,
                                                                                                  known_mask))
        return EID_ERR_PROOF;
    merkle_node level[MERKLE_MAX_LEAVES] = {{0}};
    for (uint32_t i = 0; i < leaf_count; i++)
        if ((known_mask >> i) & 1)
            memcpy(level[i], known[i], MERKLE_NODE_BYTES);
    int short_proof = 0;
    walk(level, leaf_count, known_mask, 0, HASH_KNOWN, NULL, proof, proof_len / MERKLE_NODE_BYTES, &short_proof,
         root);
    return short_proof ? EID_ERR_PROOF : EID_OK;
}
