# SPDX-License-Identifier: Apache-2.0
cmake_minimum_required(VERSION 3.25)
# The shared library's SONAME follows eid/common.h: libeid.so.MAJOR.MINOR while
# MAJOR is 0 (every 0.x minor may change the ABI), libeid.so.MAJOR from 1.0.
# Run with -DSONAME=<file name> -DVERSION=<MAJOR.MINOR.PATCH>.
string(REGEX MATCH "^([0-9]+)\\.([0-9]+)" _ "${VERSION}")
if(CMAKE_MATCH_1 EQUAL 0)
  set(want "libeid.so.${CMAKE_MATCH_1}.${CMAKE_MATCH_2}")
else()
  set(want "libeid.so.${CMAKE_MATCH_1}")
endif()
if(NOT SONAME STREQUAL want)
  message(FATAL_ERROR "SONAME ${SONAME}, expected ${want} for version ${VERSION}")
endif()
