/* A program outside the tree that uses the installed libeid. */
#include <stdio.h>
#include <eid/eid.h>

int main(void)
{
    if (eid_init() != EID_OK)
        return 1;
    if (eid_version_number() != EID_VERSION_NUMBER)
        return 2;
    printf("libeid %s: %s\n", eid_version_string(), eid_status_str(EID_ERR_REVOKED));
    return eid_doc_type_from_name("driving_licence") == EID_DOC_DRIVING_LICENCE ? 0 : 3;
}
