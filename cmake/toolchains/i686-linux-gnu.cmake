# SPDX-License-Identifier: Apache-2.0
# 32-bit x86 (Debian i386) Linux with Debian's cross gcc. The stand-in for a
# 32-bit phone userland (armeabi-v7a): int, long, size_t and pointers are 32
# bits. Tests run natively (the x86_64 kernel runs i386 programs), loaded by
# the target root's own dynamic loader, so no i386 package is installed on
# the host.
#   scripts/setup cross && cmake --workflow --preset i386
set(EID_CROSS_TRIPLET i686-linux-gnu)
set(EID_CROSS_MULTIARCH i386-linux-gnu)
set(EID_CROSS_ARCH i386)
set(CMAKE_SYSTEM_PROCESSOR i686)
include(${CMAKE_CURRENT_LIST_DIR}/debian-cross.cmake)

# glibc >= 2.34 gives a 64-bit time_t on i386 with _TIME_BITS=64 (which needs
# _FILE_OFFSET_BITS=64), so the system clock stays right past 2038. libeid's
# own time is int64_t seconds and int32_t days whatever time_t is.
set(CMAKE_C_FLAGS_INIT "-D_TIME_BITS=64 -D_FILE_OFFSET_BITS=64")

set(CMAKE_CROSSCOMPILING_EMULATOR
    "${EID_SYSROOT}/lib/${EID_CROSS_MULTIARCH}/ld-linux.so.2;--library-path;${EID_SYSROOT}/lib/${EID_CROSS_MULTIARCH}:${EID_SYSROOT}/usr/lib/${EID_CROSS_MULTIARCH}")
