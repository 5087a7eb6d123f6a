# Install rules for the CMake package, the pkg-config file and the Debian packages (cpack -G DEB).
# Included from the top-level CMakeLists.txt when COMETBENCH_INSTALL is on; the libraries and
# the command add their own install rules (cmake/CometbenchLibrary.cmake, cli/CMakeLists.txt).
include(CMakePackageConfigHelpers)
include(GNUInstallDirs)

set(COMETBENCH_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/cometbench)

install(EXPORT cometbench-targets NAMESPACE cometbench:: DESTINATION ${COMETBENCH_CMAKE_DIR}
        FILE cometbench-targets.cmake COMPONENT dev)
if(TARGET cometbench_testing)
  install(EXPORT cometbench-testing-targets NAMESPACE cometbench::
          DESTINATION ${COMETBENCH_CMAKE_DIR} FILE cometbench-testing-targets.cmake COMPONENT dev)
endif()

configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/cometbench-config.cmake.in
                              ${PROJECT_BINARY_DIR}/cometbench-config.cmake
                              INSTALL_DESTINATION ${COMETBENCH_CMAKE_DIR})
# 0.x: only the same minor version is compatible.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/cometbench-config-version.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/cometbench-config.cmake
              ${PROJECT_BINARY_DIR}/cometbench-config-version.cmake
        DESTINATION ${COMETBENCH_CMAKE_DIR} COMPONENT dev)

# The cometbench archives a static library needs on the link line after itself, in link order:
# its cometbench dependencies, public and private, transitively (read from the targets, so a
# library that gains a dependency keeps a correct .pc file).
function(cometbench_link_closure target out)
  set(order)
  set(stack ${target})
  while(stack)
    list(POP_FRONT stack current)
    get_target_property(aliased ${current} ALIASED_TARGET)
    if(aliased)
      set(current ${aliased})
    endif()
    list(REMOVE_ITEM order ${current})
    list(APPEND order ${current})
    get_target_property(deps ${current} LINK_LIBRARIES)
    foreach(dep ${deps})
      if(dep MATCHES "^cometbench::")
        list(APPEND stack ${dep})
      endif()
    endforeach()
  endwhile()
  set(${out} ${order} PARENT_SCOPE)
endfunction()

cometbench_link_closure(cometbench_client client_archives)
set(COMETBENCH_CLIENT_LIBS)
foreach(archive ${client_archives})
  string(APPEND COMETBENCH_CLIENT_LIBS " -l${archive}")
endforeach()
# The .pc file finds its prefix from its own location, so the installed tree may be moved (the
# .deb installs what was configured for /usr/local into /usr).
file(RELATIVE_PATH COMETBENCH_PC_PREFIX_FROM_PCDIR
     /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
configure_file(${CMAKE_CURRENT_LIST_DIR}/cometbench-client.pc.in
               ${PROJECT_BINARY_DIR}/cometbench-client.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/cometbench-client.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT dev)

install(FILES ${PROJECT_SOURCE_DIR}/LICENSE ${PROJECT_SOURCE_DIR}/README.md
              ${PROJECT_SOURCE_DIR}/CHANGELOG.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT runtime)

# The JSON Schemas of scenarios, policies and fault profiles, for editors (docs/schemas.md).
install(DIRECTORY ${PROJECT_SOURCE_DIR}/schemas/
        DESTINATION ${CMAKE_INSTALL_DATADIR}/cometbench/schemas COMPONENT runtime
        FILES_MATCHING PATTERN "*.schema.json")

# Debian packages: `cometbench` (the command) and `libcometbench-dev` (archives, headers, CMake
# package, pkg-config file). Runtime dependencies come from dpkg-shlibdeps (the shared libraries
# the command actually links: libcurl4, libcpp-httplib0.11, libssl3, ...); the -dev package
# depends on the Debian -dev packages whose headers and libraries the installed package uses,
# and on pkg-config, through which the CMake package finds cpp-httplib (it ships no CMake config).
set(CPACK_PACKAGE_NAME cometbench)
set(CPACK_PACKAGE_VENDOR "cometbench")
set(CPACK_PACKAGE_CONTACT "cometbench maintainers <cometbench@example.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/packages)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_COMPONENTS_ALL runtime dev)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME cometbench)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_RUNTIME_DESCRIPTION
    "${PROJECT_DESCRIPTION}\n The cometbench command: run scripted fault scenarios against a retry client on a\n virtual clock, serve them to clients in any language, review attempt logs.")
set(CPACK_DEBIAN_DEV_PACKAGE_NAME libcometbench-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS
    "libcurl4-openssl-dev (>= 7.88), libcpp-httplib-dev (>= 0.11.4), nlohmann-json3-dev (>= 3.11), libssl-dev (>= 3), pkg-config")
# GoogleTest is needed only for cometbench::testing (find_package(... COMPONENTS testing)).
set(CPACK_DEBIAN_DEV_PACKAGE_RECOMMENDS "libgmock-dev (>= 1.12), libgtest-dev (>= 1.12), cmake (>= 3.25)")
set(CPACK_DEBIAN_DEV_DESCRIPTION
    "${PROJECT_DESCRIPTION} (development files)\n Static libraries, headers, the CMake package (find_package(cometbench CONFIG)) and\n the cometbench-client pkg-config file: the retry client, the embedded mock server and\n cometbench::testing, a GoogleTest helper for retry-client tests on a virtual clock.")
include(CPack)
