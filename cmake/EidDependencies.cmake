# SPDX-License-Identifier: Apache-2.0
# Every dependency comes through pkg-config; a missing one stops configuration
# with the Debian package that provides it.
find_package(PkgConfig QUIET)
if(NOT PKG_CONFIG_FOUND)
  message(FATAL_ERROR "pkg-config not found: apt-get install pkg-config (or run scripts/setup)")
endif()

function(eid_require var module debian_package)
  pkg_check_modules(${var} QUIET IMPORTED_TARGET GLOBAL ${module})
  if(NOT ${var}_FOUND AND CMAKE_CROSSCOMPILING)
    message(FATAL_ERROR "${module} not found in the target root ${CMAKE_SYSROOT}: list ${debian_package} "
                        "in scripts/setup and run scripts/setup cross (docs/PORTING.md)")
  endif()
  if(NOT ${var}_FOUND)
    message(FATAL_ERROR "${module} not found: apt-get install ${debian_package} (or run scripts/setup)")
  endif()
endfunction()

eid_require(SODIUM    libsodium    libsodium-dev)
eid_require(SQLCIPHER sqlcipher    libsqlcipher-dev)
eid_require(PROTOBUFC libprotobuf-c libprotobuf-c-dev)
eid_require(QRENCODE  libqrencode  libqrencode-dev)
eid_require(UTF8PROC  libutf8proc  libutf8proc-dev)
eid_require(PNG       libpng       libpng-dev)
# libqrencode is LGPL-2.1: an app that ships it linked statically owes its users
# the means to relink (docs/THIRD_PARTY.md). With EID_QRENCODE_SHARED the build
# refuses a static libqrencode, so libeid (.so or .a) always leaves it a shared
# library of its own that the app ships beside libeid.
if(EID_QRENCODE_SHARED)
  get_target_property(qrencode_libs PkgConfig::QRENCODE INTERFACE_LINK_LIBRARIES)
  foreach(lib ${qrencode_libs})
    if(lib MATCHES "qrencode" AND NOT lib MATCHES "\\.(so|dylib|tbd)(\\.[0-9.]+)?$")
      message(FATAL_ERROR "EID_QRENCODE_SHARED: libqrencode is the static ${lib}; build libqrencode as "
                          "a shared library (its CMake: -DBUILD_SHARED_LIBS=ON) and give its prefix "
                          "first (docs/THIRD_PARTY.md)")
    endif()
  endforeach()
  message(STATUS "libqrencode linked as a shared library: ${qrencode_libs}")
endif()
set(EID_DEPS PkgConfig::SODIUM PkgConfig::SQLCIPHER PkgConfig::PROTOBUFC
             PkgConfig::QRENCODE PkgConfig::UTF8PROC PkgConfig::PNG)
set(EID_PC_REQUIRES "libsodium sqlcipher libprotobuf-c libqrencode libutf8proc libpng")

# The Redis fleet replay store (core/fleet, eid/fleet.h, docs/FLEET.md) needs
# hiredis: on by default where pkg-config finds it, never in a phone build
# (the cross presets turn it off too). Without it, eid_fleet_store_new() says
# EID_ERR_UNSUPPORTED.
pkg_check_modules(HIREDIS QUIET IMPORTED_TARGET GLOBAL hiredis)
if(HIREDIS_FOUND AND NOT CMAKE_SYSTEM_NAME MATCHES "^(Android|iOS)$")
  set(eid_fleet_default ON)
else()
  set(eid_fleet_default OFF)
endif()
option(EID_BUILD_FLEET "Build the Redis fleet replay store (needs hiredis)" ${eid_fleet_default})
if(EID_BUILD_FLEET)
  if(NOT HIREDIS_FOUND)
    message(FATAL_ERROR "EID_BUILD_FLEET: hiredis not found: apt-get install libhiredis-dev (or run scripts/setup), "
                        "or configure with -DEID_BUILD_FLEET=OFF")
  endif()
  list(APPEND EID_DEPS PkgConfig::HIREDIS)
  string(APPEND EID_PC_REQUIRES " hiredis")
endif()

find_program(PROTOC_C protoc-c)
if(NOT PROTOC_C)
  message(FATAL_ERROR "protoc-c not found: apt-get install protobuf-c-compiler (or run scripts/setup)")
endif()

find_package(Threads REQUIRED)
list(APPEND EID_DEPS Threads::Threads)
