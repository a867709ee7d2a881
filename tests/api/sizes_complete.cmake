# SPDX-License-Identifier: Apache-2.0
cmake_minimum_required(VERSION 3.25)
# Every value macro of include/eid (a size, count, limit or constant) is
# compared with its function in tests/unit/test_common.c
# (every_size_macro_has_an_equal_function): a macro missing there fails here.
# Run with -DSOURCE_DIR=<libeid>.
set(not_values EID_API EID_NODISCARD EID_VERSION_MAJOR EID_VERSION_MINOR EID_VERSION_PATCH)
file(READ ${SOURCE_DIR}/tests/unit/test_common.c test_text)
file(GLOB headers ${SOURCE_DIR}/include/eid/*.h)
set(missing "")
foreach(h ${headers})
  file(STRINGS ${h} lines REGEX "^#[ ]*define[ ]+EID_[A-Z0-9_]+[ ]+[^ ]")
  foreach(line ${lines})
    string(REGEX REPLACE "^#[ ]*define[ ]+(EID_[A-Z0-9_]+).*" "\\1" name "${line}")
    # The options versions have no function on purpose (eid/common.h, "Option structs").
    if(name IN_LIST not_values OR name MATCHES "_OPTIONS_VERSION$")
      continue()
    endif()
    string(FIND "${test_text}" "${name}" at)
    if(at EQUAL -1)
      list(APPEND missing ${name})
    endif()
  endforeach()
endforeach()
if(missing)
  message(FATAL_ERROR "macros without a function checked in test_common.c: ${missing}")
endif()
