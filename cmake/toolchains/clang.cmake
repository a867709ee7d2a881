# SPDX-License-Identifier: Apache-2.0
# The host's clang, for the clang and fuzz presets (not a cross toolchain).
#
# libeid is tested with Debian 12's clang 14 (package clang), whose libFuzzer
# and sanitizer runtimes come from libclang-rt-14-dev (scripts/setup fuzz).
# Other clangs may sit earlier on PATH (a Swift toolchain brings its own
# `clang`, with another version and its own runtimes), so the versioned name
# Debian installs, clang-14, is looked for first, anywhere on PATH; without it,
# the first `clang` on PATH. Another clang:
#   cmake --preset clang -DEID_CLANG=clang-16      (a name on PATH, or a path)
# Why not plain `clang`: with a Swift toolchain's bin before /usr/bin on PATH it
# would be Swift's clang, a different compiler from the one the presets'
# -Werror and the fuzz runtimes were set up with. See docs/PORTING.md.
find_program(EID_CLANG NAMES clang-14 clang
  DOC "C compiler of the clang and fuzz presets (a name on PATH or a path)")
if(NOT EID_CLANG)
  message(FATAL_ERROR "clang not found: apt-get install clang (or run scripts/setup), "
                      "or give one with -DEID_CLANG=/path/to/clang")
endif()
set(CMAKE_C_COMPILER "${EID_CLANG}")
