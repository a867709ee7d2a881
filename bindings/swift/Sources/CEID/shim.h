/* SPDX-License-Identifier: Apache-2.0 */
/* The public headers of libeid, from the repository this package lives in. */
#include "../../../../include/eid/eid.h"
