# Tests of `cometbench serve` (included from tests/cli/CMakeLists.txt).
add_executable(serve_command_test ${CMAKE_CURRENT_LIST_DIR}/serve_command_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/serve_fixtures_test.cc)
target_link_libraries(serve_command_test PRIVATE
  cometbench::cli CURL::libcurl GTest::gmock_main Threads::Threads cometbench_warnings)
# The child-process tests run the real binary.
target_compile_definitions(serve_command_test PRIVATE COMETBENCH_BINARY="$<TARGET_FILE:cometbench>")
add_dependencies(serve_command_test cometbench)
gtest_discover_tests(serve_command_test DISCOVERY_MODE PRE_TEST PROPERTIES TIMEOUT 60)
