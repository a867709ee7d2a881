#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""SQLCipher 4 cross-check of core/store's cipher settings profiles.

The host links Debian's SQLCipher 3.4; phones ship SQLCipher 4. This test uses
SQLCipher 4 as packaged on PyPI (sqlcipher3-binary) and store_fixture (core/store
built against 3.4) to check, with the exact statements store_open issues:

  1. a vault database written by core/store on the host opens in SQLCipher 4
     with profile 1, reads back the settings the vault header records, and
     does not open with SQLCipher 4's defaults;
  2. a database SQLCipher 4 writes with profile 1 opens in core/store (3.4);
  3. profile 2 (the SQLCipher 4 profile) applied in SQLCipher 4 reads back
     exactly the settings core/store records for it, survives reopening, and
     is refused by the 3.4 build (UNSUPPORTED_VERSION), never misread.

Usage: test_sqlcipher4.py STORE_FIXTURE WORKDIR
Exit 77 (skipped, said loudly) only when sqlcipher3-binary is missing and PyPI
cannot be reached to install it; missing while PyPI is reachable is a failure.
"""
import os
import shutil
import subprocess
import sys

KEY = "8F3A5C7E9B1D2F4061728394A5B6C7D8E9F00112233445566778899AABBCCDDE"
FAILURES = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        FAILURES.append(what)


def pypi_reachable():
    try:
        r = subprocess.run([sys.executable, "-m", "pip", "index", "versions", "sqlcipher3-binary"],
                           capture_output=True, text=True, timeout=60)
        return r.returncode == 0 and "sqlcipher3-binary" in r.stdout
    except (OSError, subprocess.TimeoutExpired):
        return False


try:
    import sqlcipher3
except ImportError:
    if pypi_reachable():
        print("FAIL sqlcipher3-binary is not installed but PyPI is reachable: run scripts/setup")
        sys.exit(1)
    print("*" * 72)
    print("SKIPPED: SQLCipher 4 cross-check NOT RUN: sqlcipher3-binary is not installed")
    print("and pip cannot reach PyPI to install it (scripts/setup tries).")
    print("*" * 72)
    sys.exit(77)

work, fixture = sys.argv[1], sys.argv[2:]  # fixture: [emulator...] store_fixture
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)


def run(*args):
    r = subprocess.run([*fixture, *args], capture_output=True, text=True)
    return r.returncode, r.stdout.strip().splitlines()


def pragmas(profile):
    rc, lines = run("profile", str(profile))
    assert rc == 0 and lines, "store_fixture profile failed"
    return lines


def expected_settings(profile):
    rc, lines = run("settings", str(profile))
    assert rc == 0
    page, kdf_iter, hmac, kdf, use_hmac, plaintext = lines[0].split()
    return {"cipher_page_size": page, "kdf_iter": kdf_iter, "cipher_hmac_algorithm": hmac,
            "cipher_kdf_algorithm": kdf, "cipher_use_hmac": use_hmac,
            "cipher_plaintext_header_size": plaintext}


def connect(path, profile=None):
    con = sqlcipher3.connect(path)
    # Raw key form, as store_open hands it to sqlite3_key_v2.
    con.execute("PRAGMA key = \"x'%s'\"" % KEY)
    for stmt in pragmas(profile) if profile else []:
        con.execute(stmt)
    return con


def settings_of(con):
    return {name: str(con.execute("PRAGMA " + name).fetchone()[0]) for name in
            ("cipher_page_size", "kdf_iter", "cipher_hmac_algorithm", "cipher_kdf_algorithm",
             "cipher_use_hmac", "cipher_plaintext_header_size")}


def readable(con):
    try:
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlcipher3.DatabaseError:
        return False


version = sqlcipher3.connect(":memory:").execute("PRAGMA cipher_version").fetchone()[0]
print("SQLCipher from sqlcipher3-binary:", version)
check(version.startswith("4."), "the Python side really is SQLCipher 4")

# 1. Host-written vault database, read by SQLCipher 4 with profile 1.
host_db = os.path.join(work, "host.db")
rc, out = run("write", host_db, KEY)
check(rc == 0, "core/store (SQLCipher 3.4) writes a database: %s" % out[-1:])
con = connect(host_db, 1)
rows = con.execute("SELECT id, value FROM records WHERE kind = 16 ORDER BY ord").fetchall()
check([(bytes(i).decode(), bytes(v).decode()) for i, v in rows] ==
      [("rec-%d" % n, "value-%d" % n) for n in range(3)], "SQLCipher 4 reads its records with profile 1")
check(con.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "integrity_check ok in SQLCipher 4")
check(settings_of(con) == expected_settings(1), "profile 1 reads back as recorded: %s" % settings_of(con))
con.close()
check(not readable(connect(host_db)), "SQLCipher 4 defaults do not open it (the profile is needed)")

# 2. SQLCipher 4 writes with profile 1; core/store (3.4) opens, migrates and reads it.
py1_db = os.path.join(work, "py-profile1.db")
con = connect(py1_db, 1)
con.execute("CREATE TABLE scratch(x)")
con.execute("INSERT INTO scratch VALUES ('written by SQLCipher 4')")
con.commit()
con.close()
rc, out = run("read", py1_db, KEY, "1")
check(rc == 0 and out[-1] == "EID_OK", "core/store (3.4) opens a SQLCipher 4 file written with profile 1: %s"
      % out[-1:])

# 3. Profile 2 in SQLCipher 4: settings as recorded; the 3.4 build refuses it.
py2_db = os.path.join(work, "py-profile2.db")
con = connect(py2_db, 2)
con.execute("CREATE TABLE scratch(x)")
con.execute("INSERT INTO scratch VALUES (42)")
con.commit()
check(settings_of(con) == expected_settings(2), "profile 2 reads back as recorded: %s" % settings_of(con))
con.close()
con = connect(py2_db, 2)
check(readable(con) and con.execute("SELECT x FROM scratch").fetchone()[0] == 42,
      "a profile 2 database reopens with profile 2")
check(con.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "profile 2 integrity_check ok")
con.close()
check(not readable(connect(py2_db, 1)), "profile 1 settings do not open a profile 2 database")
rc, out = run("read", py2_db, KEY, "2")
check(rc != 0 and out[-1] == "EID_ERR_UNSUPPORTED_VERSION",
      "core/store on SQLCipher 3.4 refuses profile 2 (%s)" % out[-1:])
rc, out = run("read", py2_db, KEY, "1")
check(rc != 0 and out[-1] == "EID_ERR_CORRUPT", "and never misreads it as profile 1 (%s)" % out[-1:])

print("sqlcipher4 cross-check: %d failure(s)" % len(FAILURES))
sys.exit(1 if FAILURES else 0)
