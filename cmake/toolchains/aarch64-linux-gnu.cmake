# SPDX-License-Identifier: Apache-2.0
# arm64 (aarch64) Linux with Debian's cross gcc; tests run under qemu-user.
#   scripts/setup cross && cmake --workflow --preset arm64
# Plain char is unsigned here, as on every ARM phone; long, size_t and
# time_t are 64 bits.
set(EID_CROSS_TRIPLET aarch64-linux-gnu)
set(EID_CROSS_MULTIARCH aarch64-linux-gnu)
set(EID_CROSS_ARCH arm64)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
include(${CMAKE_CURRENT_LIST_DIR}/debian-cross.cmake)

# binfmt_misc is not relied on: ctest runs each test program through
# qemu-aarch64-static, whose -L makes the target root the program's `/`
# for the dynamic loader and the libraries.
find_program(EID_QEMU_AARCH64 qemu-aarch64-static)
if(NOT EID_QEMU_AARCH64)
  message(FATAL_ERROR "qemu-aarch64-static not found: apt-get install qemu-user-static (or run scripts/setup cross)")
endif()
set(CMAKE_CROSSCOMPILING_EMULATOR "${EID_QEMU_AARCH64};-L;${EID_SYSROOT}")
# Tests see EID_TEST_EMULATED=1 and may shorten long loops (tests/CMakeLists.txt).
set(EID_TESTS_EMULATED ON)
