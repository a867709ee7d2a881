# SPDX-License-Identifier: Apache-2.0
cmake_minimum_required(VERSION 3.25)
# eid_ is the public API: every global function libeid defines under it is
# declared in include/eid. Internal functions take their module's prefix
# without eid_ (store_, vault_, cry_, ...; docs/API_RENAMES.md, section 7).
# protobuf-c's generated eid__v1__* code is not ours and is left out.
# Run with -DSOURCE_DIR=<libeid> -DNM=<nm> -DLIBRARY=<libeid.a>.
execute_process(COMMAND ${NM} -g --defined-only ${LIBRARY}
                OUTPUT_VARIABLE symbols RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${NM} ${LIBRARY}: ${err}")
endif()
string(REGEX MATCHALL "[ \t][TtWw] eid_[a-z0-9][a-z0-9_]*" defined "${symbols}")
if(NOT defined)
  message(FATAL_ERROR "no eid_ function found in ${LIBRARY}: is NM right?")
endif()
file(GLOB headers ${SOURCE_DIR}/include/eid/*.h)
set(declared "")
foreach(h ${headers})
  file(READ ${h} text)
  string(APPEND declared "${text}")
endforeach()
set(undeclared "")
foreach(entry ${defined})
  string(REGEX REPLACE ".* (eid_[a-z0-9_]+)$" "\\1" name "${entry}")
  if(NOT declared MATCHES "[^a-z0-9_]${name}\\(")
    list(APPEND undeclared ${name})
  endif()
endforeach()
if(undeclared)
  list(REMOVE_DUPLICATES undeclared)
  message(FATAL_ERROR "eid_ functions not declared in include/eid (give them their module's prefix): ${undeclared}")
endif()
