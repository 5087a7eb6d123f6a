# cometbench_add_library(<folder>
#   SOURCES <file.cc>...
#   [PUBLIC_DEPS <target>...]       libraries whose headers this library's own headers include
#   [PRIVATE_DEPS <target>...]      libraries only this library's .cc files (and internal headers) use
#   [INTERNAL_HEADERS <file.h>...]  headers that are not installed (they include a private
#                                   dependency's headers, e.g. httplib.h or curl/curl.h)
#   [EXPORT <set>]                  the export set (default cometbench-targets)
#   [NO_INSTALL])                   a library that is part of the command only
#
# Defines one static library per source folder: target cometbench_<folder>, alias
# cometbench::<folder>, export name <folder>, the project's warnings, and an include path that
# exposes this folder's headers and nothing else. A dependency's headers arrive only through
# target_link_libraries, so a folder sees exactly its declared dependencies (PUBLIC ones
# transitively, PRIVATE ones not at all for its users), and an #include of anything else fails
# to compile. That is how the build enforces the dependency direction of docs/architecture.md.
#
# How: <build>/cometbench-include/<folder>/ holds a single symbolic link, <folder> -> the source
# folder, and is the library's build-tree include directory. Sources keep the
# `#include "client/chat_client.h"` spelling; editors and the compiler read the real files
# through the link, so nothing is copied and nothing goes stale. Installed, the headers live in
# <prefix>/include/cometbench/<folder>/ and the include directory is <prefix>/include/cometbench,
# so the same spelling resolves there too (docs/architecture.md, "Build and install").
include_guard(GLOBAL)
include(GNUInstallDirs)

function(cometbench_add_library folder)
  cmake_parse_arguments(PARSE_ARGV 1 arg "NO_INSTALL" "EXPORT"
                        "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS;INTERNAL_HEADERS")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "cometbench_add_library(${folder}): unknown arguments ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT arg_SOURCES)
    message(FATAL_ERROR "cometbench_add_library(${folder}): SOURCES is empty")
  endif()

  set(target cometbench_${folder})
  add_library(${target} STATIC ${arg_SOURCES})
  add_library(cometbench::${folder} ALIAS ${target})
  # PIC so that a user may link the installed archives into a shared library of their own.
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${folder} POSITION_INDEPENDENT_CODE ON)

  set(include_root ${PROJECT_BINARY_DIR}/cometbench-include/${folder})
  file(MAKE_DIRECTORY ${include_root})
  file(CREATE_LINK ${CMAKE_CURRENT_SOURCE_DIR} ${include_root}/${folder} SYMBOLIC)
  target_include_directories(${target} PUBLIC
    $<BUILD_INTERFACE:${include_root}>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}/cometbench>)
  # The warnings target is ours alone: $<BUILD_INTERFACE> keeps it out of the installed package.
  target_link_libraries(${target}
    PUBLIC ${arg_PUBLIC_DEPS}
    PRIVATE ${arg_PRIVATE_DEPS} $<BUILD_INTERFACE:cometbench_warnings>)

  if(arg_NO_INSTALL OR NOT COMETBENCH_INSTALL)
    return()
  endif()
  # Every header of the folder is installed except the internal ones; a header added later is
  # picked up at the next configure.
  file(GLOB headers CONFIGURE_DEPENDS RELATIVE ${CMAKE_CURRENT_SOURCE_DIR}
       ${CMAKE_CURRENT_SOURCE_DIR}/*.h)
  foreach(internal ${arg_INTERNAL_HEADERS})
    if(NOT internal IN_LIST headers)
      message(FATAL_ERROR "cometbench_add_library(${folder}): INTERNAL_HEADERS names ${internal}, "
                          "which is not a header of ${CMAKE_CURRENT_SOURCE_DIR}")
    endif()
  endforeach()
  if(arg_INTERNAL_HEADERS)
    list(REMOVE_ITEM headers ${arg_INTERNAL_HEADERS})
  endif()
  if(NOT arg_EXPORT)
    set(arg_EXPORT cometbench-targets)
  endif()
  install(TARGETS ${target} EXPORT ${arg_EXPORT}
          ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev)
  install(FILES ${headers} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/cometbench/${folder}
          COMPONENT dev)
endfunction()
