# SPDX-License-Identifier: Apache-2.0
# 32-bit ARM (Debian armhf, ARMv7 hard-float) Linux with Debian's cross gcc;
# tests run under qemu-user. The closest stand-in here for an armeabi-v7a
# phone: int, long, size_t and pointers are 32 bits, plain char is unsigned,
# and time_t stays 32 bits as in Android's bionic on 32-bit ABIs. Not part of
# scripts/test (the i386 preset is the 32-bit target there); opt in with
#   apt-get install crossbuild-essential-armhf
#   EID_CROSS_ROOTS="arm64 i386 armhf" scripts/setup cross
#   cmake --workflow --preset armhf
set(EID_CROSS_TRIPLET arm-linux-gnueabihf)
set(EID_CROSS_MULTIARCH arm-linux-gnueabihf)
set(EID_CROSS_ARCH armhf)
set(CMAKE_SYSTEM_PROCESSOR armv7l)
include(${CMAKE_CURRENT_LIST_DIR}/debian-cross.cmake)

# 64-bit file offsets and inode numbers (glibc's 32-bit defaults fail
# readdir() with EOVERFLOW on filesystems with 64-bit inodes; bionic has no
# such default). time_t is left at 32 bits on purpose.
set(CMAKE_C_FLAGS_INIT "-D_FILE_OFFSET_BITS=64")

find_program(EID_QEMU_ARM qemu-arm-static)
if(NOT EID_QEMU_ARM)
  message(FATAL_ERROR "qemu-arm-static not found: apt-get install qemu-user-static (or run scripts/setup cross)")
endif()
set(CMAKE_CROSSCOMPILING_EMULATOR "${EID_QEMU_ARM};-L;${EID_SYSROOT}")
# Tests see EID_TEST_EMULATED=1 and may shorten long loops (tests/CMakeLists.txt).
set(EID_TESTS_EMULATED ON)
