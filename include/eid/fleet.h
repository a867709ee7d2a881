/* SPDX-License-Identifier: Apache-2.0 */
/*
 * eid/fleet.h — one replay store for a fleet of relying-party verifiers, kept
 * on a Redis server (or a Redis Cluster) that the fleet already runs.
 *
 * A presentation accepted by one verifier of the fleet is refused by every
 * other for its whole lifetime, and an answer to a request is accepted once
 * across the fleet. Each operation of eid_replay_backend (eid/verifier.h) is
 * one atomic step on the server, so two verifiers racing on one presentation
 * cannot both win.
 *
 * Fails closed: when the server cannot be reached, is slower than the command
 * timeout, or answers an error or nonsense, the verifier refuses with
 * EID_ERR_UNAVAILABLE (EID_ERR_ACCESS_DENIED when it refuses the
 * credentials); it never says "valid" without the store's word. The store
 * reconnects by itself on the next call once the server is back.
 *
 * The Redis store is built when libeid is built with hiredis (EID_BUILD_FLEET,
 * on by default where hiredis is found, off for phone builds); otherwise
 * eid_fleet_store_new() returns EID_ERR_UNSUPPORTED and eid_fleet_available()
 * returns 0, so that a binding compiles against one header either way.
 *
 * Thread safety: an eid_replay_store made here may serve every thread of the
 * process at once (it keeps a pool of connections).
 */
#ifndef EID_FLEET_H
#define EID_FLEET_H

#include "verifier.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The layout eid_fleet_options has in this header (eid/common.h, "Option
 * structs"). */
#define EID_FLEET_OPTIONS_VERSION 1
typedef struct eid_fleet_options {
    uint32_t version;            /* EID_FLEET_OPTIONS_VERSION, set by eid_fleet_options_default() */
    /* Where the server is: "redis://[[user]:password@]host[:port][/db]" or
     * "unix:///path/to/socket[?db=N]". Copied. */
    const char *url;
    const char *username;        /* ACL user, or NULL: the URL's, else "default". Copied. */
    const char *password;        /* or NULL: the URL's, else no AUTH. Copied, and zeroed when freed. */
    /* Prepended to every key, so that deployments share a server; default
     * "eid:". Keys carry a hash tag, so a Redis Cluster works. Copied. */
    const char *key_prefix;
    uint32_t connect_timeout_ms; /* default 1000 */
    uint32_t command_timeout_ms; /* default 500: a slower answer fails closed */
    uint32_t pool_size;          /* connections kept for concurrent threads; default 8 */
    /* Seconds an entry lives after its presentation's freshness ends: the
     * fleet's longest offline_lifetime + clock_skew (eid_replay_backend.window). */
    int64_t window;
} eid_fleet_options;

/*! eid_fleet_options_default() : fills *options with the defaults above for
 *  the layout `version` (EID_FLEET_OPTIONS_VERSION); url is NULL.
 *  @return EID_OK; EID_ERR_INVALID_ARG (NULL); EID_ERR_UNSUPPORTED_VERSION. */
EID_API eid_status eid_fleet_options_default(eid_fleet_options *options, uint32_t version);

/*! eid_fleet_available() : 1 when this libeid was built with the Redis store,
 *  0 otherwise. */
EID_API int eid_fleet_available(void);

/*! eid_fleet_store_new() : a replay store kept on the Redis server that
 *  options->url names. Connects once to check the address and credentials
 *  (blocking, bounded by connect_timeout_ms + command_timeout_ms). Free with
 *  eid_replay_store_free(), which closes every connection.
 *  @return EID_OK; EID_ERR_INVALID_ARG (NULL, a malformed URL, a window out
 *          of range); EID_ERR_UNSUPPORTED_VERSION; EID_ERR_UNSUPPORTED (built
 *          without hiredis); EID_ERR_UNAVAILABLE (no answer in time, or not a
 *          Redis server); EID_ERR_ACCESS_DENIED (wrong password or ACL user);
 *          EID_ERR_NO_MEMORY. *store is NULL on failure. */
EID_API eid_status eid_fleet_store_new(const eid_fleet_options *options, eid_replay_store **store);

#ifdef __cplusplus
}
#endif

#endif
