#include "mockserver/admin_api.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "faults/parser.h"
#include "mockserver/sessions.h"

namespace cometbench::mockserver {
namespace {

using Json = nlohmann::json;

// Not "application/json": httplib compresses that type when the client accepts it, and a
// brotli encoder at its default settings takes megabytes per answer in flight. The journal is
// read on loopback, where compression buys nothing.
constexpr const char* kJsonUtf8 = "application/json; charset=utf-8";

void text(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  res.set_content(message + "\n", "text/plain");
}

void json(httplib::Response& res, const Json& value) {
  res.status = 200;
  res.set_content(value.dump(), kJsonUtf8);
}

// GET journal: streamed page by page (see kJournalEntriesPerChunk), never as one tree or copy.
void journal(const Journal& journal, std::uint64_t dropped, const httplib::Request& req,
             httplib::Response& res) {
  std::optional<std::string> session;
  if (req.has_param("session")) session = req.get_param_value("session");
  auto read = std::make_shared<JournalRead>(journal.begin_read(std::move(session)));
  res.status = 200;
  res.set_header("X-Journal-Dropped", std::to_string(dropped));
  // `journal` outlives the provider: the server joins its workers before it is destroyed.
  res.set_chunked_content_provider(
      kJsonUtf8, [&journal, read, opened = false](std::size_t, httplib::DataSink& sink) mutable {
        std::string chunk;
        if (!opened) {
          chunk = "[";
          opened = true;
        }
        if (!journal.read_page(*read, kJournalEntriesPerChunk, chunk)) {
          chunk += "]";
          const bool ok = sink.write(chunk.data(), chunk.size());
          sink.done();
          return ok;
        }
        return sink.write(chunk.data(), chunk.size());
      });
}

// A body that is exactly {"name": "..."}: the name of a loaded scenario.
std::optional<std::string> name_only(const std::string& body) {
  const Json parsed = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_object() || parsed.size() != 1 || !parsed.contains("name") ||
      !parsed["name"].is_string()) {
    return std::nullopt;
  }
  return parsed["name"].get<std::string>();
}

faults::Scenario parse_upload(const std::string& body, const MockServerOptions& options) {
  const std::filesystem::path base =
      options.upload_base_dir.empty() ? std::filesystem::current_path() : options.upload_base_dir;
  // The body has no file of its own: its `$ref`s resolve against the loaded fixture's folder,
  // and, since it arrives over the network, may not leave the root (not even to learn whether
  // a file exists there: the resolver looks nothing up outside it).
  faults::ParseOptions parse;
  parse.ref_root = options.upload_ref_root.value_or(base);
  return faults::parse_scenario(body, "<PUT /__admin/scenario>", base, parse);
}

void put_scenario(MockServer& server, const MockServerOptions& options, const httplib::Request& req,
                  httplib::Response& res) {
  try {
    if (const auto name = name_only(req.body)) {
      server.use_scenario(*name);
    } else {
      server.load(parse_upload(req.body, options));
    }
    res.status = 204;
  } catch (const faults::FixtureError& e) {
    text(res, 400, e.what());
  } catch (const std::invalid_argument& e) {
    text(res, 400, e.what());
  }
}

Json sessions_json(const MockServer& server) {
  Json out = Json::array();
  for (const auto& s : server.sessions()) {
    out.push_back({{"session", s.id.empty() ? Json() : Json(s.id)}, {"scenario", s.scenario}});
  }
  return out;
}

// /__admin/sessions/ID/ACTION (ACTION may be empty).
void session_request(MockServer& server, const std::string& rest, const httplib::Request& req,
                     httplib::Response& res) {
  const std::size_t slash = rest.find('/');
  const std::string id = rest.substr(0, slash);
  const std::string action = slash == std::string::npos ? "" : rest.substr(slash + 1);
  if (!is_valid_session_id(id)) {
    return text(res, 400,
                "invalid session ID: 1 to " + std::to_string(kMaxSessionIdLength) +
                    " letters, digits, '-' or '_'");
  }
  const auto allow = [&](const char* method) {
    if (req.method == method) return true;
    res.status = 405;
    res.set_header("Allow", method);
    return false;
  };
  if (action.empty()) {
    if (!allow("DELETE")) return;
    if (server.remove_session(id)) {
      res.status = 204;
    } else {
      text(res, 404, "no session '" + id + "'");
    }
  } else if (action == "reset") {
    if (!allow("POST")) return;
    server.reset_session(id);
    res.status = 204;
  } else if (action == "scenario") {
    if (!allow("PUT")) return;
    const auto name = name_only(req.body);
    if (!name) return text(res, 400, "expected {\"name\": NAME} naming a loaded scenario");
    try {
      server.select_scenario(id, *name);
      res.status = 204;
    } catch (const std::invalid_argument& e) {
      text(res, 400, e.what());
    }
  } else {
    text(res, 404, "unknown admin endpoint; see docs/serve.md");
  }
}

}  // namespace

void serve_admin_request(MockServer& server, const Journal& journal_ref,
                         const MockServerOptions& options, const httplib::Request& req,
                         httplib::Response& res) {
  const std::string endpoint = req.path.substr(std::string(kAdminPrefix).size());
  const auto expect = [&](const char* method) {
    if (req.method == method) return true;
    res.status = 405;
    res.set_header("Allow", method);
    return false;
  };
  static const std::string kSessions = "sessions/";
  if (endpoint == "journal") {
    if (expect("GET")) journal(journal_ref, server.journal_dropped(), req, res);
  } else if (endpoint == "reset") {
    if (expect("POST")) {
      server.reset();
      res.status = 204;
    }
  } else if (endpoint == "scenario") {
    if (expect("PUT")) put_scenario(server, options, req, res);
  } else if (endpoint == "scenarios") {
    if (expect("GET")) {
      const auto names = server.scenario_names();
      json(res, {{"default", names.front()}, {"scenarios", names}});
    }
  } else if (endpoint == "sessions") {
    if (expect("GET")) json(res, sessions_json(server));
  } else if (endpoint.starts_with(kSessions)) {
    session_request(server, endpoint.substr(kSessions.size()), req, res);
  } else {
    text(res, 404, "unknown admin endpoint; see docs/serve.md");
  }
}

}  // namespace cometbench::mockserver
