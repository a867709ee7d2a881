# SPDX-License-Identifier: Apache-2.0
# A fresh, empty directory per fuzz target for what a smoke run discovers.
foreach(t ${TARGETS})
  file(REMOVE_RECURSE ${WORK}/${t})
  file(MAKE_DIRECTORY ${WORK}/${t})
endforeach()
