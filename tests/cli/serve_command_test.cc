// `cometbench serve`: the built binary as a child process (SIGTERM, SIGINT, a held request),
// and the same command in-process through cli::run.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>

#include <sstream>

#include "serve_test_support.h"

namespace cometbench::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using namespace serve_test;  // NOLINT: the helpers exist for this file only

class ServeProcessTest : public ::testing::TestWithParam<int> {};

TEST_P(ServeProcessTest, ServesUntilTheSignalThenExitsZero) {
  TempFixture fixture;
  ServeProcess serve(fixture.path);
  const std::string line = serve.first_line();
  ASSERT_THAT(line, StartsWith("listening on http://127.0.0.1:"));
  const std::string url = url_of(line);

  const Reply ok = post_chat(url);
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, R"({"ok":true})");

  // A request held by the next step must not delay the exit.
  Reply held;
  std::thread client([&] { held = post_chat(url); });
  // Another process: its journal, asked over HTTP, says when the request is held.
  const auto give_up = RealClock::now() + std::chrono::seconds(20);
  while (get(url + "/__admin/journal").find("\"timeout\"") == std::string::npos &&
         RealClock::now() < give_up) {
  }
  ASSERT_THAT(get(url + "/__admin/journal"), HasSubstr("\"served\":\"timeout\""));

  const auto signalled = RealClock::now();
  ASSERT_EQ(kill(serve.pid(), GetParam()), 0);
  // Only a bound: the held request never ends by itself, so exiting at all shows the signal
  // ended it. How long it took is printed as a figure.
  const std::optional<int> code = serve.wait_exit(std::chrono::seconds(20));
  const auto took = RealClock::now() - signalled;
  client.join();
  ASSERT_TRUE(code.has_value()) << "still running 20 s after the signal";
  EXPECT_EQ(*code, 0);
  EXPECT_EQ(held.code, CURLE_GOT_NOTHING);
  std::printf("[ measured ] cometbench serve exit after %s with a held request: %.1f ms\n",
              GetParam() == SIGINT ? "SIGINT" : "SIGTERM",
              std::chrono::duration<double, std::milli>(took).count());
}

INSTANTIATE_TEST_SUITE_P(Signals, ServeProcessTest, ::testing::Values(SIGTERM, SIGINT),
                         [](const auto& param_info) {
                           return param_info.param == SIGINT ? "SIGINT" : "SIGTERM";
                         });

// The gtest process has threads that do not block SIGTERM, so the signal goes to the serving
// thread itself (see the comment on BlockedStopSignals in cli/serve_command.cc).
TEST(ServeInProcessTest, RunsThroughCliRunAndStopsOnAThreadDirectedSignal) {
  TempFixture fixture;
  InProcessServe serve({"serve", "--fixture", fixture.path.string()});
  const std::string line = serve.first_line();
  ASSERT_THAT(line, StartsWith("listening on http://127.0.0.1:"));
  EXPECT_EQ(post_chat(url_of(line)).status, 200);
  ASSERT_EQ(pthread_kill(serve.thread.native_handle(), SIGTERM), 0);
  serve.thread.join();
  EXPECT_EQ(serve.exit_code, 0);
  EXPECT_THAT(serve.err_text.text(), HasSubstr("SIGTERM, stopped"));
}

TEST(ServeInProcessTest, WarnsWhenTheHostIsNotLoopback) {
  TempFixture fixture;
  InProcessServe serve({"serve", "--fixture", fixture.path.string(), "--host", "0.0.0.0"});
  EXPECT_THAT(serve.first_line(), StartsWith("listening on http://0.0.0.0:"));
  const std::string warning = "warning: --host 0.0.0.0 is not a loopback";
  EXPECT_THAT(serve.err_text.wait_for_text(warning, std::chrono::seconds(20)), HasSubstr(warning));
  ASSERT_EQ(pthread_kill(serve.thread.native_handle(), SIGINT), 0);
  serve.thread.join();
  EXPECT_EQ(serve.exit_code, 0);
}

TEST(ServeInProcessTest, ABadFixtureExitsTwoWithTheParsersMessage) {
  TempFixture fixture;
  std::ofstream(fixture.path) << R"({"name": "x"})";
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(run({"serve", "--fixture", fixture.path.string()}, out, err), 2);
  EXPECT_THAT(err.str(), HasSubstr(fixture.path.string()));
  EXPECT_EQ(out.str(), "");
}

TEST(ServeInProcessTest, AMissingFixtureExitsTwo) {
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(run({"serve", "--fixture", "/nonexistent/scenario.json"}, out, err), 2);
  EXPECT_THAT(err.str(), HasSubstr("/nonexistent/scenario.json"));
}

}  // namespace
}  // namespace cometbench::cli
