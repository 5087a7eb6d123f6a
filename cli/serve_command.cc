#include <arpa/inet.h>
#include <pthread.h>
#include <signal.h>

#include <cerrno>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/serve_transport_options.h"
#include "clock/system_clock.h"
#include "faults/parser.h"
#include "mockserver/mock_server.h"

namespace cometbench::cli {
namespace {

struct ServeArgs {
  std::string fixture;
  std::string host = "127.0.0.1";
  int port = 0;
  ServeTransportArgs transport;  // limits and TLS
};

bool is_loopback(const std::string& host) {
  if (host == "localhost" || host == "::1") return true;
  in_addr v4{};
  return inet_pton(AF_INET, host.c_str(), &v4) == 1 && (ntohl(v4.s_addr) >> 24) == 127;
}

// How `serve` waits for SIGINT/SIGTERM without a signal handler (nothing async-signal-unsafe
// can run in one): the signals are blocked on the calling thread *before* the server starts its
// threads, which inherit the mask, and the calling thread takes them with sigwait(). In the
// single-threaded `cometbench` process a process-directed signal then has nowhere to go but the
// pending set sigwait() reads. A program that embeds `cli::run(serve...)` next to threads of
// its own either blocks the two signals in those threads too, or sends them to the serving
// thread with pthread_kill() (what tests/cli/serve_command_test.cc does).
class BlockedStopSignals {
 public:
  BlockedStopSignals() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set_, &previous_);
  }
  // Restored only after the server has stopped: its threads are gone by then.
  ~BlockedStopSignals() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }
  BlockedStopSignals(const BlockedStopSignals&) = delete;
  BlockedStopSignals& operator=(const BlockedStopSignals&) = delete;

  /// Blocks until SIGINT or SIGTERM arrives; returns it.
  int wait() const {
    int sig = 0;
    while (sigwait(&set_, &sig) != 0) {
    }
    return sig;
  }

 private:
  sigset_t set_{};
  sigset_t previous_{};
};

int serve(const ServeArgs& args, Io io) {
  faults::Scenario scenario;
  try {
    scenario = faults::load_scenario_file(args.fixture);
  } catch (const std::exception& e) {  // FixtureError, or the file system's own errors
    io.err << e.what() << '\n';
    return kExitBadInput;
  }
  if (!is_loopback(args.host)) {
    io.err << "warning: --host " << args.host
           << " is not a loopback address: the mock and its unauthenticated admin API are "
              "reachable from the network\n";
  }
  const std::string name = scenario.name;
  const BlockedStopSignals signals;  // before the server starts any thread
  clock::SystemClock clock;
  mockserver::MockServerOptions options;
  options.host = args.host;
  options.port = args.port;
  options.admin_api = true;
  if (!apply_serve_transport_options(args.transport, options, io.err)) return kExitBadInput;
  mockserver::MockServer server(clock, std::move(scenario), options);
  try {
    server.start();
  } catch (const std::exception& e) {
    io.err << "cometbench serve: " << e.what() << '\n';
    return kExitBadInput;
  }
  CaFile ca_file;
  if (!server.tls_ca_pem().empty()) {
    try {
      const auto path = ca_file.write(server.tls_ca_pem(), args.transport.ca_out);
      io.err << "cometbench serve: TLS certificate authority in " << path.string()
             << " (curl --cacert " << path.string() << ")" << std::endl;
    } catch (const std::exception& e) {
      io.err << "cometbench serve: " << e.what() << '\n';
      return kExitBadInput;
    }
  }
  if (server.max_connections() < options.max_connections) {
    io.err << "warning: the open-file limit allows " << server.max_connections()
           << " connections, fewer than --max-connections " << options.max_connections << '\n';
  }
  // The first stdout line is a contract: scripts and tests read the URL from it.
  io.out << "listening on " << server.url() << std::endl;
  io.err << "cometbench serve: scenario '" << name << "'; admin API at " << server.url()
         << "/__admin/ (journal, reset, scenario); SIGINT or SIGTERM stops" << std::endl;
  const int sig = signals.wait();
  server.stop();
  io.err << "cometbench serve: " << (sig == SIGINT ? "SIGINT" : "SIGTERM") << ", stopped"
         << std::endl;
  return kExitOk;
}

}  // namespace

void add_serve_command(CLI::App& app, Io io, int& exit_code) {
  auto args = std::make_shared<ServeArgs>();
  auto* cmd = app.add_subcommand(
      "serve", "Serve a scenario's scripted responses on a real socket until SIGINT/SIGTERM");
  cmd->add_option("--fixture", args->fixture, "Scenario fixture file")->required();
  cmd->add_option("--host", args->host, "Address to listen on (default 127.0.0.1)");
  cmd->add_option("--port", args->port, "Port to listen on; 0 picks a free one (default 0)")
      ->check(CLI::Range(0, 65535));
  add_serve_transport_options(*cmd, args->transport);
  cmd->footer(
      "Prints 'listening on http://HOST:PORT' as its first line. Admin API: GET "
      "/__admin/journal, POST /__admin/reset, PUT /__admin/scenario (docs/serve.md).");
  cmd->callback([args, io, &exit_code] { exit_code = serve(*args, io); });
}

}  // namespace cometbench::cli
