#include "mockserver/admin_api.h"

#include <filesystem>

#include "faults/parser.h"

namespace cometbench::mockserver {
namespace {

void journal(MockServer& server, httplib::Response& res) {
  nlohmann::json entries = nlohmann::json::array();
  for (const auto& entry : server.journal()) entries.push_back(to_json(entry));
  res.set_header("X-Journal-Dropped", std::to_string(server.journal_dropped()));
  res.set_content(entries.dump(), "application/json");
}

void load_scenario(MockServer& server, const httplib::Request& req, httplib::Response& res) {
  try {
    // `$ref`s in an uploaded scenario resolve against the server's working directory: the body
    // has no file of its own.
    server.load(faults::parse_scenario(req.body, "<PUT /__admin/scenario>",
                                       std::filesystem::current_path()));
    res.status = 204;
  } catch (const faults::FixtureError& e) {
    res.status = 400;
    res.set_content(std::string(e.what()) + "\n", "text/plain");
  }
}

}  // namespace

void serve_admin_request(MockServer& server, const httplib::Request& req, httplib::Response& res) {
  const std::string endpoint = req.path.substr(std::string(kAdminPrefix).size());
  const auto expect = [&](const char* method) {
    if (req.method == method) return true;
    res.status = 405;
    res.set_header("Allow", method);
    return false;
  };
  if (endpoint == "journal") {
    if (expect("GET")) journal(server, res);
  } else if (endpoint == "reset") {
    if (expect("POST")) {
      server.reset();
      res.status = 204;
    }
  } else if (endpoint == "scenario") {
    if (expect("PUT")) load_scenario(server, req, res);
  } else {
    res.status = 404;
    res.set_content("unknown admin endpoint; see docs/serve.md\n", "text/plain");
  }
}

}  // namespace cometbench::mockserver
