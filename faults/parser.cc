#include "faults/parser.h"

#include <algorithm>

#include "faults/common_fields.h"
#include "faults/keys.h"
#include "faults/ref_resolver.h"
#include "faults/step_parser.h"
#include "json/cursor.h"
#include "json/printable.h"
#include "json/text.h"

namespace cometbench::faults {

using json::Cursor;
using json::describe_type;
using json::FileText;
using json::Json;
using json::printable;
using json::read_text_file;
namespace {

bool is_path_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u > 0x20 && u != 0x7f && c != '?' && c != '#';
}

std::string too_large_message() {
  return "larger than " + std::to_string(kMaxFixtureBytes) +
         " bytes, the most a fixture may hold together with the files its $refs read";
}

// "POST /v1/chat/completions": an uppercase method token, one space, a path without a query.
bool split_route_key(const std::string& key, RouteScript& route) {
  const std::size_t space = key.find(' ');
  if (space == std::string::npos || space == 0) return false;
  const std::string method = key.substr(0, space);
  const std::string path = key.substr(space + 1);
  const bool method_ok =
      std::all_of(method.begin(), method.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  const bool path_ok = path.starts_with('/') && std::all_of(path.begin(), path.end(), is_path_char);
  if (!method_ok || !path_ok) return false;
  route.method = method;
  route.path = path;
  return true;
}

WhenExhausted parse_when_exhausted(const Cursor& at) { return at.as_enum(kWhenExhaustedNames); }

RouteScript parse_route(const Cursor& at, const std::string& key, RefResolver& refs) {
  RouteScript route;
  if (!split_route_key(key, route)) {
    at.fail("expected a route key \"METHOD /path\" (e.g. \"POST /v1/chat/completions\"), got \"" +
            key + "\"");
  }
  at.expect_keys(keys::kRoute);
  const Cursor steps = at.required("steps");
  const std::size_t count = steps.array_size();
  if (count == 0) steps.fail("expected at least one step, got an empty array");
  for (std::size_t i = 0; i < count; ++i) route.steps.push_back(parse_step(steps.element(i), refs));
  if (const auto w = at.find("when_exhausted")) route.when_exhausted = parse_when_exhausted(*w);
  return route;
}

std::vector<RouteScript> parse_script(const Cursor& at, RefResolver& refs) {
  at.expect_object();
  if (at.json().empty()) at.fail("expected at least one route, got an empty object");
  std::vector<RouteScript> routes;
  for (const auto& [key, value] : at.json().items()) {
    routes.push_back(parse_route(at.child(key, value), key, refs));
  }
  return routes;
}

// The policy and request stay JSON: their owners (the client, the runner) validate them.
nlohmann::json parse_json_object(const Cursor& at) {
  at.expect_object();
  return nlohmann::json(at.json());
}

// `true`, `false` or {"trusted": bool, "handshake": "complete" | "cut"}.
std::optional<TlsSpec> parse_tls(const Cursor& at) {
  if (at.json().is_boolean())
    return at.as_bool() ? std::optional<TlsSpec>(TlsSpec{}) : std::nullopt;
  if (!at.json().is_object())
    at.fail("expected true, false or an object, got " + describe_type(at.json()));
  at.expect_keys(keys::kTls);
  TlsSpec tls;
  if (const auto trusted = at.find("trusted")) tls.trusted = trusted->as_bool();
  if (const auto handshake = at.find("handshake")) {
    const std::string value = handshake->as_string();
    if (value != "complete" && value != "cut") {
      handshake->fail("expected \"complete\" or \"cut\", got \"" + value + "\"");
    }
    tls.cut_handshake = value == "cut";
  }
  return tls;
}

ClientSpec parse_client(const Cursor& at) {
  at.expect_keys(keys::kClient);
  ClientSpec client;
  if (const auto policy = at.find("policy")) client.policy = parse_json_object(*policy);
  if (const auto request = at.find("request")) client.request = parse_json_object(*request);
  if (const auto key = at.find("api_key")) client.api_key = parse_api_key(*key);
  if (const auto operations = at.find("operations")) {
    client.operations = static_cast<int>(operations->as_int(1, 10'000));
  }
  if (const auto base_path = at.find("base_path")) client.base_path = parse_base_path(*base_path);
  if (const auto cancel = at.find("cancel_after_ms"))
    client.cancel_after = parse_duration_ms(*cancel);
  if (const auto tls = at.find("tls")) client.tls = parse_tls(*tls);
  return client;
}

Scenario parse_scenario_text(std::string_view text, const std::string& file,
                             const std::filesystem::path& base_dir, const ParseOptions& options) {
  if (text.size() > kMaxFixtureBytes) throw FixtureError(file, "", too_large_message());
  const Json document = json::parse_text(text, file);
  const Cursor root(document, file);
  root.expect_file_keys(keys::kScenario);

  Scenario scenario;
  scenario.source = file;
  if (const auto name = root.find("name"); name || !options.default_name) {
    scenario.name = parse_name(root.required("name"));
  } else if (is_name(*options.default_name)) {
    scenario.name = *options.default_name;
  } else {
    root.fail("missing key \"name\", and the file's name \"" + printable(*options.default_name) +
              "\" is not a name (letters, digits, '.', '_' and '-'), so the scenario must name "
              "itself");
  }
  scenario.description = parse_description(root.required("description"));
  if (const auto key = root.find("api_key")) scenario.api_key = parse_api_key(*key);
  RefResolver refs(base_dir, text.size(), options.ref_root);
  scenario.routes = parse_script(root.required("script"), refs);
  if (const auto client = root.find("client")) scenario.client = parse_client(*client);
  return scenario;
}

}  // namespace

Scenario parse_scenario(std::string_view text, const std::string& file,
                        const std::filesystem::path& base_dir, const ParseOptions& options) {
  try {
    return parse_scenario_text(text, file, base_dir, options);
  } catch (const FixtureError& error) {
    throw json::with_position(error, text, file);
  }
}

Scenario load_scenario_file(const std::filesystem::path& path, const ParseOptions& options) {
  const std::string file = path.string();
  const FileText text = read_text_file(path, kMaxFixtureBytes);
  if (text.too_large) throw FixtureError(file, "", too_large_message());
  if (!text.text) throw FixtureError(file, "", text.error);
  ParseOptions with_name = options;
  if (!with_name.default_name) with_name.default_name = path.stem().string();
  return parse_scenario(*text.text, file, path.parent_path(), with_name);
}

}  // namespace cometbench::faults
