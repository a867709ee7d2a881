/* SPDX-License-Identifier: Apache-2.0 */
#include "fault_vfs.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlcipher/sqlite3.h>

typedef struct kill_file {
    sqlite3_file base;
    sqlite3_file *real; /* follows this struct in the same allocation */
} kill_file;

static sqlite3_vfs kill_vfs;
static sqlite3_vfs *real_vfs;
static sqlite3_io_methods kill_methods;
static long kill_at = 0;
static long done_ops = 0;

static void tick(void)
{
    done_ops++;
    if (kill_at > 0 && done_ops == kill_at)
        raise(SIGKILL);
}

static fault_io fault_kind;
static unsigned long fault_at, fault_seen;
static int fault_hit;

/* Whether this operation of `kind` fails. */
static int fails(fault_io kind)
{
    if (fault_at == 0)
        return 0;
    if (fault_kind == FAULT_IO_FULL && kind == FAULT_IO_WRITE) {
        if (++fault_seen >= fault_at)
            fault_hit = 1;
        return fault_seen >= fault_at;
    }
    if (kind != fault_kind || ++fault_seen != fault_at)
        return 0;
    fault_hit = 1;
    return 1;
}

static sqlite3_file *real_of(sqlite3_file *f) { return ((kill_file *)f)->real; }

static int k_close(sqlite3_file *f)
{
    sqlite3_file *r = real_of(f);
    return r->pMethods ? r->pMethods->xClose(r) : SQLITE_OK;
}
static int garble;

static int k_read(sqlite3_file *f, void *b, int n, sqlite3_int64 o)
{
    if (fails(FAULT_IO_READ)) {
        /* SQLite (3.15, SQLCipher 3.4.1's) runs the cipher over the page
         * buffer of a read that failed, and throws the result away: a buffer
         * left as it was would be uninitialised memory to valgrind. */
        memset(b, 0, (size_t)n);
        return SQLITE_IOERR_READ;
    }
    int rc = real_of(f)->pMethods->xRead(real_of(f), b, n, o);
    if ((garble || fails(FAULT_IO_GARBLE)) && rc == SQLITE_OK)
        for (int i = 0; i < n; i++)
            ((unsigned char *)b)[i] ^= 0x5a;
    return rc;
}
static int k_write(sqlite3_file *f, const void *b, int n, sqlite3_int64 o)
{
    tick();
    if (fails(FAULT_IO_WRITE))
        return fault_kind == FAULT_IO_FULL ? SQLITE_FULL : SQLITE_IOERR_WRITE;
    return real_of(f)->pMethods->xWrite(real_of(f), b, n, o);
}
static int k_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    return real_of(f)->pMethods->xTruncate(real_of(f), size);
}
static int k_sync(sqlite3_file *f, int flags)
{
    tick();
    if (fails(FAULT_IO_SYNC))
        return SQLITE_IOERR_FSYNC;
    return real_of(f)->pMethods->xSync(real_of(f), flags);
}
static int k_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
    return real_of(f)->pMethods->xFileSize(real_of(f), size);
}
static int k_lock(sqlite3_file *f, int l) { return real_of(f)->pMethods->xLock(real_of(f), l); }
static int k_unlock(sqlite3_file *f, int l) { return real_of(f)->pMethods->xUnlock(real_of(f), l); }
static int k_check_reserved(sqlite3_file *f, int *out)
{
    return real_of(f)->pMethods->xCheckReservedLock(real_of(f), out);
}
static int k_file_control(sqlite3_file *f, int op, void *arg)
{
    return real_of(f)->pMethods->xFileControl(real_of(f), op, arg);
}
static int k_sector_size(sqlite3_file *f) { return real_of(f)->pMethods->xSectorSize(real_of(f)); }
static int k_device_characteristics(sqlite3_file *f)
{
    return real_of(f)->pMethods->xDeviceCharacteristics(real_of(f));
}
static int k_shm_map(sqlite3_file *f, int pg, int sz, int extend, void volatile **p)
{
    return real_of(f)->pMethods->xShmMap(real_of(f), pg, sz, extend, p);
}
static int k_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
    return real_of(f)->pMethods->xShmLock(real_of(f), offset, n, flags);
}
static void k_shm_barrier(sqlite3_file *f) { real_of(f)->pMethods->xShmBarrier(real_of(f)); }
static int k_shm_unmap(sqlite3_file *f, int del) { return real_of(f)->pMethods->xShmUnmap(real_of(f), del); }
static int k_fetch(sqlite3_file *f, sqlite3_int64 o, int n, void **p)
{
    return real_of(f)->pMethods->xFetch(real_of(f), o, n, p);
}
static int k_unfetch(sqlite3_file *f, sqlite3_int64 o, void *p)
{
    return real_of(f)->pMethods->xUnfetch(real_of(f), o, p);
}

static int k_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out_flags)
{
    (void)vfs;
    kill_file *k = (kill_file *)f;
    k->real = (sqlite3_file *)(k + 1);
    memset(k->real, 0, (size_t)real_vfs->szOsFile);
    int rc = real_vfs->xOpen(real_vfs, name, k->real, flags, out_flags);
    /* SQLite calls xClose only when pMethods is set */
    f->pMethods = k->real->pMethods ? &kill_methods : NULL;
    if (k->real->pMethods != NULL && kill_methods.iVersion == 0) {
        kill_methods.iVersion = k->real->pMethods->iVersion < 3 ? k->real->pMethods->iVersion : 3;
        f->pMethods = &kill_methods;
    }
    return rc;
}

static void install(void)
{
    if (real_vfs == NULL) {
        sqlite3_initialize();
        real_vfs = sqlite3_vfs_find(NULL);
        if (real_vfs == NULL)
            abort();
        kill_vfs = *real_vfs;
        kill_vfs.zName = "eid-test-kill";
        kill_vfs.szOsFile = (int)sizeof(kill_file) + real_vfs->szOsFile;
        kill_vfs.xOpen = k_open;
        kill_methods = (sqlite3_io_methods){0, k_close, k_read, k_write, k_truncate, k_sync, k_file_size,
                                            k_lock, k_unlock, k_check_reserved, k_file_control, k_sector_size,
                                            k_device_characteristics, k_shm_map, k_shm_lock, k_shm_barrier,
                                            k_shm_unmap, k_fetch, k_unfetch};
        if (sqlite3_vfs_register(&kill_vfs, 1) != SQLITE_OK)
            abort();
    }
}

void kill_vfs_arm(long k)
{
    install();
    done_ops = 0;
    kill_at = k;
}

long kill_vfs_count(void) { return done_ops; }

void fault_vfs_fail_at(fault_io kind, unsigned long n)
{
    install();
    fault_kind = kind;
    fault_at = n;
    fault_seen = 0;
    fault_hit = 0;
}

int fault_vfs_tripped(void) { return fault_hit; }

int fault_vfs_fsync(int fd)
{
    if (fails(FAULT_IO_SYNC)) {
        errno = EIO;
        return -1;
    }
    return fsync(fd);
}

void fault_vfs_garble_reads(int on)
{
    install();
    garble = on;
}
