# SPDX-License-Identifier: Apache-2.0
# Warnings for libeid's own code (not the generated protobuf code). -Werror
# comes with EID_WERROR, which every preset turns on: a packager building with
# another compiler gets the warnings without failing on a new one.
set(EID_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes
    -Wmissing-prototypes -Wformat=2 -Wvla -fstack-protector-strong)
if(EID_WERROR)
  list(APPEND EID_WARNINGS -Werror)
endif()
if(CMAKE_BUILD_TYPE MATCHES "Rel")
  list(APPEND EID_WARNINGS -D_FORTIFY_SOURCE=2)
endif()
if(EID_UNSIGNED_CHAR)
  add_compile_options(-funsigned-char)
endif()
if(EID_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
if(EID_TSAN)
  if(EID_SANITIZE OR EID_FUZZ)
    message(FATAL_ERROR "EID_TSAN does not combine with EID_SANITIZE or EID_FUZZ (AddressSanitizer)")
  endif()
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
endif()
if(EID_FUZZ)
  if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "EID_FUZZ needs clang (libFuzzer): cmake -DCMAKE_C_COMPILER=clang")
  endif()
  # Coverage for the whole library; the fuzz targets add libFuzzer's main.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
