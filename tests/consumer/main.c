/* SPDX-License-Identifier: Apache-2.0 */
/* A program outside the tree that uses libeid: installed (find_package(eid),
 * pkg-config) or included with add_subdirectory(). EID_PACKAGE_VERSION is the
 * version the build system reported for the package it found; the header, the
 * loaded library and that package must all agree. */
#include <stdio.h>
#include <string.h>
#include <eid/eid.h>

int main(void)
{
    unsigned major, minor, patch;
    char extra;

    if (eid_init() != EID_OK)
        return 1;
    if (eid_version_number() != EID_VERSION_NUMBER || strcmp(eid_version_string(), EID_VERSION_STRING) != 0)
        return 2;
    if (sscanf(eid_version_string(), "%u.%u.%u%c", &major, &minor, &patch, &extra) != 3 ||
        major * 10000 + minor * 100 + patch != eid_version_number())
        return 4;
#ifdef EID_PACKAGE_VERSION
    if (strcmp(EID_PACKAGE_VERSION, eid_version_string()) != 0) {
        fprintf(stderr, "package version %s, library %s\n", EID_PACKAGE_VERSION, eid_version_string());
        return 5;
    }
#else
#  error "build with -DEID_PACKAGE_VERSION=\"<the version the build system found>\""
#endif
    printf("libeid %s: %s\n", eid_version_string(), eid_status_str(EID_ERR_REVOKED));
    return eid_doc_type_from_name("driving_licence") == EID_DOC_DRIVING_LICENCE ? 0 : 3;
}
