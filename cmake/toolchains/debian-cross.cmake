# SPDX-License-Identifier: Apache-2.0
# Shared part of the Debian cross toolchain files (included by them, not used
# alone). The caller sets:
#   EID_CROSS_TRIPLET    GNU triplet of Debian's cross gcc (aarch64-linux-gnu)
#   EID_CROSS_MULTIARCH  Debian multiarch directory (aarch64-linux-gnu, i386-linux-gnu)
#   EID_CROSS_ARCH       Debian architecture (arm64, i386)
#   CMAKE_SYSTEM_PROCESSOR
#
# The target root is build/sysroots/<arch>, built by `scripts/setup cross` from
# the target architecture's own Debian packages (libc6-dev and every -dev
# library libeid links, SQLCipher's headers and .pc included). It serves as
# CMAKE_SYSROOT for compiling and linking and as the library root when tests run.
# Another root can be given with -DEID_SYSROOT=/path.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_C_COMPILER ${EID_CROSS_TRIPLET}-gcc)
set(CMAKE_LIBRARY_ARCHITECTURE ${EID_CROSS_MULTIARCH})

if(NOT EID_SYSROOT)
  get_filename_component(EID_SYSROOT
    "${CMAKE_CURRENT_LIST_DIR}/../../build/sysroots/${EID_CROSS_ARCH}" ABSOLUTE)
endif()
set(EID_SYSROOT "${EID_SYSROOT}" CACHE PATH "Target root for the ${EID_CROSS_ARCH} build")
# try_compile projects re-read this file; hand them the same root.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES EID_SYSROOT)
if(NOT EXISTS "${EID_SYSROOT}/usr/lib/${EID_CROSS_MULTIARCH}/libc.so")
  message(FATAL_ERROR "No ${EID_CROSS_ARCH} target root at ${EID_SYSROOT}: run `scripts/setup cross` "
                      "(as root) or pass -DEID_SYSROOT=<target root for ${EID_CROSS_ARCH} holding the -dev packages>")
endif()
set(CMAKE_SYSROOT "${EID_SYSROOT}")

# Libraries, headers and packages come from the target root only; programs
# (protoc-c) are build tools and come from the host.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# pkg-config reads the target's .pc files, and prefixes their paths with the root.
set(ENV{PKG_CONFIG_SYSROOT_DIR} "${EID_SYSROOT}")
set(ENV{PKG_CONFIG_LIBDIR}
    "${EID_SYSROOT}/usr/lib/${EID_CROSS_MULTIARCH}/pkgconfig:${EID_SYSROOT}/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")
