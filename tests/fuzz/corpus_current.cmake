# SPDX-License-Identifier: Apache-2.0
# Runs the seed generator and checks that tests/fuzz/corpus holds, for every
# target, seeds under the same names (the contents differ: fresh holder keys).
file(REMOVE_RECURSE ${OUT})
execute_process(COMMAND ${GENERATOR} ${OUT} ${SOURCE_DIR} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "fuzz_corpus failed: ${rc}")
endif()
foreach(t ${TARGETS})
  file(GLOB made RELATIVE ${OUT}/${t} ${OUT}/${t}/*)
  file(GLOB kept RELATIVE ${COMMITTED}/${t} ${COMMITTED}/${t}/*)
  list(SORT made)
  list(SORT kept)
  if(NOT made)
    message(FATAL_ERROR "${t}: the generator makes no seed")
  endif()
  if(NOT made STREQUAL kept)
    message(FATAL_ERROR "${t}: committed seeds (${kept}) differ from the generator's (${made}): "
                        "regenerate with fuzz_corpus tests/fuzz/corpus ${SOURCE_DIR}")
  endif()
endforeach()
