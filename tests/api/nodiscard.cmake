# SPDX-License-Identifier: Apache-2.0
cmake_minimum_required(VERSION 3.25)
# Every call whose ignored status is a security bug carries EID_NODISCARD: for
# each call of nodiscard.c, dropping its status must fail to compile under
# -Werror=unused-result (compiled, not only parsed: gcc warns after parsing),
# and the file with every status used must compile.
# Run with -DSOURCE_DIR=<libeid> -DC_COMPILER=<cc>.
file(STRINGS ${SOURCE_DIR}/tests/api/nodiscard.c n_line REGEX "^#define N_CALLS [0-9]+")
string(REGEX REPLACE "^#define N_CALLS " "" n_calls "${n_line}")
set(flags -std=c11 -c -o ${CMAKE_CURRENT_BINARY_DIR}/nodiscard.o -Werror=unused-result -I${SOURCE_DIR}/include ${SOURCE_DIR}/tests/api/nodiscard.c)

execute_process(COMMAND ${C_COMPILER} -DIGNORE=0 ${flags} RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "nodiscard.c with every status used does not compile:\n${err}")
endif()
foreach(k RANGE 1 ${n_calls})
  execute_process(COMMAND ${C_COMPILER} -DIGNORE=${k} ${flags} RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(rc EQUAL 0 OR NOT err MATCHES "unused-result|unused result|warn_unused_result")
    message(FATAL_ERROR "call ${k} of tests/api/nodiscard.c drops its status without an error:\n${err}")
  endif()
endforeach()
message(STATUS "${n_calls} calls refuse to drop their status")
