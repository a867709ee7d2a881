/* SPDX-License-Identifier: Apache-2.0 */
/* Shared helpers for the cmocka suites. */
#ifndef EID_TESTUTIL_H
#define EID_TESTUTIL_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "eid/eid.h"

#define assert_status(expected, expr) assert_int_equal((int)(expected), (int)(expr))

/* Reads a whole file into a malloc'd buffer; NULL on failure. */
uint8_t *tu_read_file(const char *path, size_t *len);
/* A fresh empty directory under the build tree's temp area (static storage per call site). */
char *tu_temp_dir(const char *tag);
/* Removes a directory tree. */
void tu_remove_tree(const char *path);

#endif
