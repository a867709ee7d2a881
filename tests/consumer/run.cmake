# SPDX-License-Identifier: Apache-2.0
# Installs the build into a scratch prefix, then builds and runs a consumer
# through find_package(eid) (a program for each of libeid.so and libeid.a the
# build installs) and through pkg-config. Each program checks that the
# package's version agrees with the header's and the library's.
set(prefix ${WORK_DIR}/prefix)
file(REMOVE_RECURSE ${WORK_DIR})
macro(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}")
  endif()
endmacro()
# Which libraries this build was configured to install.
load_cache(${BINARY_DIR} READ_WITH_PREFIX build_ EID_BUILD_SHARED EID_BUILD_STATIC)

run(${CMAKE_COMMAND} --install ${BINARY_DIR} --prefix ${prefix})
run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/consumer -B ${WORK_DIR}/cmake
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_C_COMPILER=${C_COMPILER})
run(${CMAKE_COMMAND} --build ${WORK_DIR}/cmake)
foreach(kind SHARED STATIC)
  string(TOLOWER ${kind} name)
  set(program ${WORK_DIR}/cmake/consumer_${name})
  if(build_EID_BUILD_${kind} AND NOT EXISTS ${program})
    message(FATAL_ERROR "EID_BUILD_${kind} is ON but find_package(eid) gave no target for it")
  elseif(NOT build_EID_BUILD_${kind} AND EXISTS ${program})
    message(FATAL_ERROR "EID_BUILD_${kind} is OFF but its library was installed")
  endif()
  if(EXISTS ${program})
    run(${CMAKE_COMMAND} -E env LD_LIBRARY_PATH=${prefix}/lib ${program})
    message(STATUS "find_package consumer (${name}): ${out}")
  endif()
endforeach()

file(GLOB pcdir ${prefix}/lib*/pkgconfig)
set(ENV{PKG_CONFIG_PATH} ${pcdir})
# A static-only install links through Requires.private and Libs.private.
set(pc_static)
if(NOT build_EID_BUILD_SHARED)
  set(pc_static --static)
endif()
execute_process(COMMAND pkg-config ${pc_static} --cflags --libs eid OUTPUT_VARIABLE flags RESULT_VARIABLE rc
                OUTPUT_STRIP_TRAILING_WHITESPACE)
execute_process(COMMAND pkg-config --modversion eid OUTPUT_VARIABLE pc_version
                OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT rc EQUAL 0 OR pc_version STREQUAL "")
  message(FATAL_ERROR "pkg-config does not know eid")
endif()
separate_arguments(flags UNIX_COMMAND "${flags}")
run(${C_COMPILER} ${SOURCE_DIR}/tests/consumer/main.c "-DEID_PACKAGE_VERSION=\"${pc_version}\""
    ${flags} -o ${WORK_DIR}/consumer_pc)
run(${CMAKE_COMMAND} -E env LD_LIBRARY_PATH=${prefix}/lib ${WORK_DIR}/consumer_pc)
message(STATUS "pkg-config consumer: ${out}")
