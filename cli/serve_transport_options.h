#pragma once

#include <CLI/CLI.hpp>
#include <cstddef>
#include <filesystem>
#include <ostream>
#include <string>

#include "mockserver/mock_server.h"

namespace cometbench::cli {

/// `serve`'s connection limits and TLS options (docs/serve.md, "Limits" and "TLS").
struct ServeTransportArgs {
  mockserver::MockServerOptions limits;  // only the limit fields are read
  bool tls = false;
  std::string cert;
  std::string key;
  std::string ca_out;  // where the generated CA goes; empty: a new temporary folder
};

/// Registers the options on `serve`, each with its default in the help.
void add_serve_transport_options(CLI::App& cmd, ServeTransportArgs& args);

/// Copies the limits and TLS settings into `options`. False (with a message on `err`) when
/// the combination is unusable: `--cert` without `--key` or the other way round.
bool apply_serve_transport_options(const ServeTransportArgs& args,
                                   mockserver::MockServerOptions& options, std::ostream& err);

/// Where the generated CA certificate lives while `serve` runs; the temporary folder it made
/// (if any) goes when this does.
class CaFile {
 public:
  CaFile() = default;
  ~CaFile();
  CaFile(const CaFile&) = delete;
  CaFile& operator=(const CaFile&) = delete;

  /// Writes `pem` to `requested`, or to `ca.pem` in a new temporary folder when it is empty.
  /// Returns the path; throws std::runtime_error when it cannot be written.
  std::filesystem::path write(const std::string& pem, const std::string& requested);

 private:
  std::filesystem::path temp_dir_;
};

}  // namespace cometbench::cli
