/* SPDX-License-Identifier: Apache-2.0 */
/* A SQLite VFS over the default one that kills the process (SIGKILL) just
 * before its k-th write or sync, for the crash suites: the kill point is
 * chosen, not left to a timer, so every run of a suite kills at the same
 * places whatever the machine's speed. */
#ifndef EID_KILL_VFS_H
#define EID_KILL_VFS_H

/* Installs the VFS as the default one (once per process; later calls only
 * re-arm). The k-th write or sync from now (k >= 1) is never made: the
 * process dies just before it. k < 1: counts, never kills. */
void kill_vfs_arm(long k);
/* Writes and syncs made since the last kill_vfs_arm(). */
long kill_vfs_count(void);

#endif
