include(CMakePackageConfigHelpers)
install(TARGETS eid eid_static EXPORT eidTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/eid DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT eidTargets NAMESPACE eid:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/eid)
configure_package_config_file(cmake/eidConfig.cmake.in
  ${PROJECT_BINARY_DIR}/eidConfig.cmake INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/eid)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/eidConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/eidConfig.cmake ${PROJECT_BINARY_DIR}/eidConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/eid)
configure_file(cmake/eid.pc.in ${PROJECT_BINARY_DIR}/eid.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/eid.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
