# SPDX-License-Identifier: Apache-2.0
# Installs the libraries chosen with EID_BUILD_SHARED / EID_BUILD_STATIC
# (EID_LIBRARIES), the public headers, eid.pc and the CMake package
# (find_package(eid): eid::eid for libeid.so, eid::eid_static for libeid.a).
include(CMakePackageConfigHelpers)
install(TARGETS ${EID_LIBRARIES} EXPORT eidTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/eid DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT eidTargets NAMESPACE eid:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/eid)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/eidConfig.cmake.in
  ${PROJECT_BINARY_DIR}/eidConfig.cmake INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/eid)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/eidConfigVersion.cmake
  COMPATIBILITY ${EID_PACKAGE_COMPATIBILITY})
install(FILES ${PROJECT_BINARY_DIR}/eidConfig.cmake ${PROJECT_BINARY_DIR}/eidConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/eid)
configure_file(${PROJECT_SOURCE_DIR}/cmake/eid.pc.in ${PROJECT_BINARY_DIR}/eid.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/eid.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
