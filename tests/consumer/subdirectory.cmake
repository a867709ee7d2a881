# SPDX-License-Identifier: Apache-2.0
# Configures, builds and runs tests/consumer/subdirectory: libeid's tree
# included with add_subdirectory() by another project.
file(REMOVE_RECURSE ${WORK_DIR})
macro(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}")
  endif()
endmacro()
run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/consumer/subdirectory -B ${WORK_DIR}
    -DEID_SOURCE_DIR=${SOURCE_DIR} -DCMAKE_C_COMPILER=${C_COMPILER})
run(${CMAKE_COMMAND} --build ${WORK_DIR})
foreach(kind shared static)
  run(${WORK_DIR}/consumer_${kind})
  message(STATUS "add_subdirectory consumer (${kind}): ${out}")
endforeach()
