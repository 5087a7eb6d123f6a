#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "json/enum_names.h"

namespace cometbench::faults {

/// Header fields in the order the fixture lists them. Values may contain the template
/// `{{http_date:+Ns}}`, expanded by the mock server against its clock's calendar time.
using Headers = std::vector<std::pair<std::string, std::string>>;

/// A response body: the bytes to send. A JSON body from the fixture is serialized compactly
/// (nlohmann `dump()`); a `{"raw": "..."}` body is sent as written.
struct Body {
  std::string bytes;
  bool is_json = true;
  friend bool operator==(const Body&, const Body&) = default;
};

/// `dribble`: the body split into `chunks` nearly equal parts with `gap` before each part after
/// the first.
struct Dribble {
  int chunks = 1;
  std::chrono::milliseconds gap{0};
  friend bool operator==(const Dribble&, const Dribble&) = default;
};

/// `respond`: answer with a status, headers and body, after `delay`.
struct RespondStep {
  int status = 200;
  Headers headers;
  Body body;
  std::chrono::milliseconds delay{0};
  std::optional<Dribble> dribble;
  friend bool operator==(const RespondStep&, const RespondStep&) = default;
};

/// `timeout`: never answer; the client's deadline decides.
struct TimeoutStep {
  friend bool operator==(const TimeoutStep&, const TimeoutStep&) = default;
};

/// `drop`: read the request, then close with FIN before any response byte.
struct DropStep {
  friend bool operator==(const DropStep&, const DropStep&) = default;
};

/// `reset`: read the request, then abort with RST before any response byte.
struct ResetStep {
  friend bool operator==(const ResetStep&, const ResetStep&) = default;
};

/// `truncate`: announce the full Content-Length, send `after_bytes` body bytes, close.
struct TruncateStep {
  int status = 200;
  Headers headers;
  Body body;
  std::size_t after_bytes = 0;
  friend bool operator==(const TruncateStep&, const TruncateStep&) = default;
};

/// One server-sent event's payload: serialized JSON (a chunk object) or raw text.
struct StreamEvent {
  std::string data;
  bool is_json = true;
  friend bool operator==(const StreamEvent&, const StreamEvent&) = default;
};

/// `stream`: an SSE response (`text/event-stream`). The sequence sent is `events`, then the
/// `usage` chunk if any, then `data: [DONE]` if `done`. `drop_after` N closes the connection
/// after the first N events of that sequence (no `[DONE]`). `gap` passes before every event
/// after the first.
struct StreamStep {
  int status = 200;
  Headers headers;
  std::vector<StreamEvent> events;
  std::optional<StreamEvent> usage;
  std::chrono::milliseconds gap{0};
  std::optional<std::size_t> drop_after;
  bool done = true;
  friend bool operator==(const StreamStep&, const StreamStep&) = default;
};

using Step = std::variant<RespondStep, TimeoutStep, DropStep, ResetStep, TruncateStep, StreamStep>;

/// The step kind as the fixture spells it: "respond", "timeout", ...
const char* step_kind(const Step& step);

enum class WhenExhausted { kRepeatLast, kCycle, kFail };
/// How `when_exhausted` spells each value in a fixture.
inline constexpr std::array<json::EnumName<WhenExhausted>, 3> kWhenExhaustedNames{{
    {"repeat_last", WhenExhausted::kRepeatLast},
    {"cycle", WhenExhausted::kCycle},
    {"fail", WhenExhausted::kFail},
}};

const char* to_string(WhenExhausted w);

/// The steps played for one `METHOD /path` key, one step per request in order.
struct RouteScript {
  std::string method;  // "POST"
  std::string path;    // "/v1/chat/completions"
  std::vector<Step> steps;
  WhenExhausted when_exhausted = WhenExhausted::kRepeatLast;
  friend bool operator==(const RouteScript&, const RouteScript&) = default;
};

/// `client.tls`: the bench runs the scenario over HTTPS (docs/fixtures.md, "TLS").
struct TlsSpec {
  /// false: the client trusts a CA that did not sign the mock's certificate.
  bool trusted = true;
  /// true: the mock reads each ClientHello, then closes (`"handshake": "cut"`).
  bool cut_handshake = false;
  friend bool operator==(const TlsSpec&, const TlsSpec&) = default;
};

/// The `client` section: how the bench drives the client. The policy stays JSON here because
/// the fault model does not know the client; the runner parses it with the client's own strict
/// policy parser (its errors are located under `/client/policy`).
struct ClientSpec {
  nlohmann::json policy = nlohmann::json::object();
  nlohmann::json request = nlohmann::json::object();
  std::optional<std::string> api_key;
  int operations = 1;
  std::string base_path = "/v1";  // the client requests base_path + "/chat/completions"
  std::optional<std::chrono::milliseconds> cancel_after;  // per operation, from its start
  std::optional<TlsSpec> tls;                             // none: plain HTTP
  friend bool operator==(const ClientSpec&, const ClientSpec&) = default;
};

/// A parsed scenario fixture (format v1, see docs/fixtures.md).
struct Scenario {
  std::string name;
  std::string description;
  std::optional<std::string> api_key;  // the key the mock accepts; none: any Bearer token
  std::vector<RouteScript> routes;     // in fixture order
  ClientSpec client;
  std::string source;  // the file it came from ("" when parsed from text without one)
  friend bool operator==(const Scenario&, const Scenario&) = default;
};

}  // namespace cometbench::faults
