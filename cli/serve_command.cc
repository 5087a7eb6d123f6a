#include <arpa/inet.h>
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/serve_transport_options.h"
#include "clock/system_clock.h"
#include "faults/parser.h"
#include "mockserver/mock_server.h"
#include "runner/discovery.h"

namespace cometbench::cli {
namespace {

namespace fs = std::filesystem;

struct ServeArgs {
  std::vector<std::string> fixtures;
  std::string host = "127.0.0.1";
  int port = 0;
  ServeTransportArgs transport;  // limits and TLS
  std::size_t max_sessions = mockserver::MockServerOptions{}.max_sessions;
  std::string ref_root;
};

// What `--fixture` named, loaded: the scenarios in argument order (a folder's by file name),
// the first the default, and the folder uploads resolve `$ref`s against.
struct Loaded {
  std::vector<faults::Scenario> scenarios;
  fs::path base_dir;
};

// Throws FixtureError or std::runtime_error (a missing path, a folder without scenarios, two
// scenarios of one name), each naming the file.
Loaded load_fixtures(const std::vector<std::string>& args) {
  Loaded loaded;
  std::map<std::string, std::string> files_by_name;
  std::vector<fs::path> seen;
  for (const std::string& arg : args) {
    for (const fs::path& file : runner::find_scenarios({arg})) {
      const fs::path absolute = fs::absolute(file).lexically_normal();
      if (std::find(seen.begin(), seen.end(), absolute) != seen.end()) continue;
      seen.push_back(absolute);
      faults::Scenario scenario = faults::load_scenario_file(file);
      const auto [it, fresh] = files_by_name.emplace(scenario.name, file.string());
      if (!fresh) {
        throw std::runtime_error(file.string() + ": scenario name '" + scenario.name +
                                 "' is already used by " + it->second);
      }
      loaded.scenarios.push_back(std::move(scenario));
    }
    if (loaded.base_dir.empty()) {
      fs::path first = fs::absolute(arg).lexically_normal();
      if (!first.has_filename()) first = first.parent_path();  // "folder/" names "folder"
      loaded.base_dir = fs::is_directory(first) ? first : first.parent_path();
    }
  }
  return loaded;
}

// Where uploaded scenarios may `$ref` files by default: the folder above the fixture's folder,
// so that the bundled layout (scenarios/x.json referring to ../responses/) works; the fixture's
// own folder when that would be the file system's root.
fs::path default_ref_root(const fs::path& base_dir) {
  const fs::path parent = base_dir.parent_path();
  return parent == base_dir.root_path() || parent.empty() ? base_dir : parent;
}

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
  Loaded loaded;
  try {
    loaded = load_fixtures(args.fixtures);
  } catch (const std::exception& e) {  // FixtureError, or the file system's own errors
    io.err << e.what() << '\n';
    return kExitBadInput;
  }
  std::error_code ec;
  const fs::path ref_root =
      args.ref_root.empty() ? default_ref_root(loaded.base_dir) : fs::absolute(args.ref_root);
  if (!fs::is_directory(ref_root, ec)) {
    io.err << "cometbench serve: --ref-root " << args.ref_root << ": not a folder\n";
    return kExitBadInput;
  }
  if (!is_loopback(args.host)) {
    io.err << "warning: --host " << args.host
           << " is not a loopback address: the mock and its unauthenticated admin API are "
              "reachable from the network\n";
  }
  const std::string name = loaded.scenarios.front().name;
  const std::size_t count = loaded.scenarios.size();
  const BlockedStopSignals signals;  // before the server starts any thread
  clock::SystemClock clock;
  mockserver::MockServerOptions options;
  options.host = args.host;
  options.port = args.port;
  options.admin_api = true;
  if (!apply_serve_transport_options(args.transport, options, io.err)) return kExitBadInput;
  options.max_sessions = args.max_sessions;
  options.upload_base_dir = loaded.base_dir;
  options.upload_ref_root = ref_root;
  mockserver::MockServer server(clock, std::move(loaded.scenarios), options);
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
  io.err << "cometbench serve: " << count << (count == 1 ? " scenario" : " scenarios")
         << ", default '" << name << "'; sessions at " << server.url()
         << "/sessions/ID/v1; admin API at " << server.url()
         << "/__admin/ (journal, reset, scenario, sessions); uploaded scenarios may $ref files "
            "under "
         << ref_root.string() << "; SIGINT or SIGTERM stops" << std::endl;
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
  cmd->add_option("--fixture", args->fixtures,
                  "Scenario fixture file, or a folder of them; repeat to load several (the first "
                  "is the default)")
      ->required();
  cmd->add_option("--host", args->host, "Address to listen on (default 127.0.0.1)");
  cmd->add_option("--port", args->port, "Port to listen on; 0 picks a free one (default 0)")
      ->check(CLI::Range(0, 65535));
  add_serve_transport_options(*cmd, args->transport);
  cmd->add_option("--max-sessions", args->max_sessions,
                  "Sessions (/sessions/ID/...) besides the default one; a request for one more "
                  "gets a 400 (default 10000)")
      ->check(CLI::Range(std::size_t{0}, std::size_t{1000000}));
  cmd->add_option("--ref-root", args->ref_root,
                  "Folder that $refs of scenarios uploaded with PUT /__admin/scenario must stay "
                  "in (default: the folder above the first fixture's folder)");
  cmd->footer(
      "Prints 'listening on http://HOST:PORT' as its first line. Sessions: "
      "http://HOST:PORT/sessions/ID/v1 is a base URL with its own copy of the script. Admin "
      "API under /__admin/ (docs/serve.md).\nExit codes: 0 stopped by SIGINT or SIGTERM, 2 a "
      "fixture does not load, two fixtures share a name, --ref-root is not a folder, the address "
      "cannot be bound, or a usage error.");
  cmd->callback([args, io, &exit_code] { exit_code = serve(*args, io); });
}

}  // namespace cometbench::cli
