// The embedded mock of a bench run plays its script on a FakeClock; its network timeouts are
// real time. They must be far longer than any stall of a starved machine, so that a connection
// closes only when the script says so (a 5 s idle timeout once reset a reused connection of a
// scenario with no connection fault, under ASan at load 15).
#include <gtest/gtest.h>

#include <chrono>

#include "faults/scenario.h"
#include "mockserver/mock_server.h"
#include "runner/scenario_runner.h"

namespace cometbench::runner {
namespace {

using std::chrono::minutes;

TEST(BenchServerOptions, NetworkTimeoutsAreTenMinutesOfRealTime) {
  const mockserver::MockServerOptions options = bench_server_options(faults::Scenario{});
  EXPECT_EQ(options.idle_timeout, minutes(10));
  EXPECT_EQ(options.request_timeout, minutes(10));
  EXPECT_EQ(options.write_timeout, minutes(10));
  EXPECT_FALSE(options.tls.enabled);
  EXPECT_FALSE(options.admin_api);
}

TEST(BenchServerOptions, TlsFollowsTheScenario) {
  faults::Scenario scenario;
  scenario.client.tls = faults::TlsSpec{};
  scenario.client.tls->cut_handshake = true;
  const mockserver::MockServerOptions options = bench_server_options(scenario);
  EXPECT_TRUE(options.tls.enabled);
  EXPECT_TRUE(options.tls.cut_handshake);
  EXPECT_EQ(options.idle_timeout, minutes(10));
  EXPECT_EQ(options.request_timeout, minutes(10));
}

TEST(BenchServerOptions, ServeKeepsItsDocumentedDefaults) {
  const mockserver::MockServerOptions defaults;
  EXPECT_EQ(defaults.idle_timeout, std::chrono::milliseconds(5000));
  EXPECT_EQ(defaults.request_timeout, std::chrono::milliseconds(10000));
  EXPECT_EQ(defaults.write_timeout, std::chrono::milliseconds(5000));
}

}  // namespace
}  // namespace cometbench::runner
