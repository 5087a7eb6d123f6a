#include "cli/serve_transport_options.h"

#include <stdlib.h>

#include <chrono>
#include <fstream>
#include <stdexcept>
#include <system_error>

namespace cometbench::cli {
void add_serve_transport_options(CLI::App& cmd, ServeTransportArgs& args) {
  auto& o = args.limits;
  const auto positive = CLI::Range(std::size_t{1}, std::size_t{1} << 40);
  cmd.add_option("--max-body-bytes", o.max_body_bytes,
                 "Largest request body; a larger one gets 413, decided from Content-Length")
      ->default_val(o.max_body_bytes)
      ->check(positive);
  cmd.add_option("--max-header-bytes", o.max_header_bytes,
                 "Largest request line plus headers; larger gets 431")
      ->default_val(o.max_header_bytes)
      ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 30));
  cmd.add_option("--max-header-count", o.max_header_count,
                 "Most header fields in a request; more gets 431")
      ->default_val(o.max_header_count)
      ->check(positive);
  cmd.add_option("--max-connections", o.max_connections,
                 "Open connections at most; past it the oldest idle one is closed")
      ->default_val(o.max_connections)
      ->check(positive);
  cmd.add_option_function<std::int64_t>(
         "--idle-timeout-ms",
         [&o](std::int64_t ms) { o.idle_timeout = std::chrono::milliseconds(ms); },
         "Close an idle keep-alive connection after this long")
      ->default_val(o.idle_timeout.count())
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{86'400'000}));
  cmd.add_option_function<std::int64_t>(
         "--request-timeout-ms",
         [&o](std::int64_t ms) { o.request_timeout = std::chrono::milliseconds(ms); },
         "A request must arrive whole within this long of its first byte, else 408")
      ->default_val(o.request_timeout.count())
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{86'400'000}));
  cmd.add_option("--max-requests-per-connection", o.max_requests_per_connection,
                 "Requests per connection before 'Connection: close'; 0: no cap")
      ->default_val(o.max_requests_per_connection);
  cmd.add_flag("--tls", args.tls,
               "Serve HTTPS; without --cert/--key, with a certificate generated at start");
  cmd.add_option("--cert", args.cert, "PEM certificate chain to serve (implies --tls)")
      ->check(CLI::ExistingFile);
  cmd.add_option("--key", args.key, "PEM private key of --cert")->check(CLI::ExistingFile);
  cmd.add_option("--tls-ca-out", args.ca_out,
                 "Where to write the generated CA certificate (default: a new temporary folder)");
}

bool apply_serve_transport_options(const ServeTransportArgs& args,
                                   mockserver::MockServerOptions& options, std::ostream& err) {
  if (args.cert.empty() != args.key.empty()) {
    err << "cometbench serve: --cert and --key go together\n";
    return false;
  }
  const auto& l = args.limits;
  options.max_body_bytes = l.max_body_bytes;
  options.max_header_bytes = l.max_header_bytes;
  options.max_header_count = l.max_header_count;
  options.max_connections = l.max_connections;
  options.idle_timeout = l.idle_timeout;
  options.request_timeout = l.request_timeout;
  options.max_requests_per_connection = l.max_requests_per_connection;
  options.tls.enabled = args.tls || !args.cert.empty();
  options.tls.certificate_file = args.cert;
  options.tls.key_file = args.key;
  return true;
}

CaFile::~CaFile() {
  if (temp_dir_.empty()) return;
  std::error_code ignored;
  std::filesystem::remove_all(temp_dir_, ignored);
}

std::filesystem::path CaFile::write(const std::string& pem, const std::string& requested) {
  std::filesystem::path path = requested;
  if (path.empty()) {
    std::string pattern = (std::filesystem::temp_directory_path() / "cometbench-serve-XXXXXX");
    if (mkdtemp(pattern.data()) == nullptr) {
      throw std::runtime_error("cannot make a temporary folder for the TLS CA certificate");
    }
    temp_dir_ = pattern;
    path = temp_dir_ / "ca.pem";
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!(out << pem) || !out.flush()) {
    throw std::runtime_error("cannot write the TLS CA certificate to " + path.string());
  }
  return path;
}

}  // namespace cometbench::cli
