/* SPDX-License-Identifier: Apache-2.0 */
/* A SQLite VFS over the default one for the crash and storage-failure suites.
 * Every fault is chosen by count, not left to a timer, so every run of a
 * suite fails or dies at the same places whatever the machine's speed.
 *
 * Kill mode: the process dies (SIGKILL) just before its k-th write or sync.
 * Fault mode: the n-th read, write or sync fails as a failing disk or a full
 * one makes it fail, and the call returns what SQLite's own VFS would. */
#ifndef EID_FAULT_VFS_H
#define EID_FAULT_VFS_H

/* Installs the VFS as the default one (once per process; later calls only
 * re-arm). The k-th write or sync from now (k >= 1) is never made: the
 * process dies just before it. k < 1: counts, never kills. */
void kill_vfs_arm(long k);
/* Writes and syncs made since the last kill_vfs_arm(). */
long kill_vfs_count(void);

typedef enum fault_io {
    FAULT_IO_READ,  /* one read fails: SQLITE_IOERR_READ */
    FAULT_IO_WRITE, /* one write fails: SQLITE_IOERR_WRITE */
    FAULT_IO_FULL,  /* the disk is full: this write and every later one fail with SQLITE_FULL */
    FAULT_IO_SYNC,  /* one sync fails: SQLITE_IOERR_FSYNC, or EIO from fault_vfs_fsync() */
    FAULT_IO_GARBLE /* one read returns its bytes changed, as a cipher that failed once sees them */
} fault_io;

/* Installs the VFS as kill_vfs_arm() does; from now the n-th operation of
 * `kind` fails (n >= 1). n == 0 disarms (a full disk has room again). */
void fault_vfs_fail_at(fault_io kind, unsigned long n);
/* Whether the armed fault has happened since the last fault_vfs_fail_at(). */
int fault_vfs_tripped(void);
/* on != 0: every read of every database returns its bytes changed, as a
 * cipher that fails on every page would see them; 0: reads are true again. */
void fault_vfs_garble_reads(int on);
/* An fsync(2) that counts as a sync of FAULT_IO_SYNC, for libeid's own files
 * (the vault header, its folder): assign it to store_fsync_hook. */
int fault_vfs_fsync(int fd);

#endif
