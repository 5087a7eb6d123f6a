#include "faults/step_parser.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "faults/header_parser.h"
#include "faults/keys.h"
#include "faults/step_kinds.h"

namespace cometbench::faults {

using json::Cursor;
using json::describe_type;
using json::Json;
namespace {

std::string bytes_note(std::size_t size) {
  return size == 0 ? "the body is empty" : "the body is " + std::to_string(size) + " bytes";
}

int parse_status(const Cursor& at) { return static_cast<int>(at.as_int(100, 599)); }

// `timeout`, `drop` and `reset` take no options, but still an object, so that every step reads
// {"kind": {...}} and options can be added later without a format change.
void parse_no_options(const Cursor& at, std::string_view kind) {
  if (!at.json().is_object()) {
    at.fail("expected {} (" + std::string(kind) +
            " takes no options, and a step's options are always an object), got " +
            describe_type(at.json()));
  }
  for (const auto& [key, value] : at.json().items()) {
    at.child(key).fail("unknown key \"" + key + "\" (" + std::string(kind) +
                       " takes no options: write {})");
  }
}

Dribble parse_dribble(const Cursor& at, std::size_t body_size) {
  at.expect_keys(keys::kDribble);
  Dribble dribble;
  // More chunks than bytes would mean empty writes, which the mock cannot make visible.
  const auto max_chunks = static_cast<std::int64_t>(std::max<std::size_t>(1, body_size));
  dribble.chunks = static_cast<int>(at.required("chunks").as_int(
      1, std::min<std::int64_t>(max_chunks, 1'000'000), bytes_note(body_size)));
  if (const auto gap = at.find("gap_ms")) dribble.gap = parse_duration_ms(*gap);
  return dribble;
}

RespondStep parse_respond(const Cursor& at, RefResolver& refs) {
  at.expect_keys(keys::kRespond);
  RespondStep step;
  step.status = parse_status(at.required("status"));
  if (const auto headers = at.find("headers")) step.headers = parse_headers(*headers);
  // No body: nothing to send, so nothing to label as JSON.
  step.body = Body{"", false};
  if (const auto body = at.find("body")) step.body = parse_body(*body, refs);
  if (const auto delay = at.find("delay_ms")) step.delay = parse_duration_ms(*delay);
  if (const auto dribble = at.find("dribble")) {
    step.dribble = parse_dribble(*dribble, step.body.bytes.size());
  }
  return step;
}

TruncateStep parse_truncate(const Cursor& at, RefResolver& refs) {
  at.expect_keys(keys::kTruncate);
  TruncateStep step;
  step.status = parse_status(at.required("status"));
  if (const auto headers = at.find("headers")) step.headers = parse_headers(*headers);
  const Cursor body = at.required("body");
  step.body = parse_body(body, refs);
  const Cursor after = at.required("after_bytes");
  const std::size_t size = step.body.bytes.size();
  if (size == 0)
    body.fail("expected a non-empty body (truncate sends only part of it), got 0 bytes");
  step.after_bytes = static_cast<std::size_t>(
      after.as_int(0, static_cast<std::int64_t>(size) - 1, bytes_note(size)));
  return step;
}

// A stream event: a chunk object, a `$ref` to one, or `{"raw": "text"}` for a malformed event.
StreamEvent parse_event(const Cursor& at, RefResolver& refs) {
  if (!at.json().is_object()) {
    at.fail(R"(expected an object (a chunk, {"$ref": ...} or {"raw": ...}), got )" +
            describe_type(at.json()));
  }
  if (at.json().contains("raw")) {
    const Body raw = parse_body(at, refs);
    return StreamEvent{raw.bytes, false};
  }
  const Json chunk = refs.resolve(at);
  if (!chunk.is_object()) {
    const Cursor ref = at.child("$ref");
    ref.fail("expected \"" + ref.json().get<std::string>() +
             "\" to hold a JSON object (a chunk), got " + describe_type(chunk));
  }
  return StreamEvent{chunk.dump(), true};
}

StreamStep parse_stream(const Cursor& at, RefResolver& refs) {
  at.expect_keys(keys::kStream);
  StreamStep step;
  if (const auto status = at.find("status")) step.status = parse_status(*status);
  if (const auto headers = at.find("headers")) step.headers = parse_headers(*headers);
  const Cursor events = at.required("events");
  const std::size_t count = events.array_size();
  for (std::size_t i = 0; i < count; ++i)
    step.events.push_back(parse_event(events.element(i), refs));
  if (const auto usage = at.find("usage")) step.usage = parse_event(*usage, refs);
  if (const auto gap = at.find("gap_ms")) step.gap = parse_duration_ms(*gap);
  if (const auto drop_after = at.find("drop_after")) {
    const std::size_t total = count + (step.usage ? 1 : 0);
    std::string note = "the stream has " + std::to_string(count) +
                       (count == 1 ? " event" : " events") +
                       (step.usage ? " and a usage chunk" : "");
    step.drop_after =
        static_cast<std::size_t>(drop_after->as_int(0, static_cast<std::int64_t>(total), note));
  }
  if (const auto done = at.find("done")) step.done = done->as_bool();
  return step;
}

}  // namespace

std::chrono::milliseconds parse_duration_ms(const Cursor& at) {
  return std::chrono::milliseconds(at.as_int(0, kMaxDurationMs));
}

Body parse_body(const Cursor& at, RefResolver& refs) {
  if (at.json().is_object() && at.json().contains("raw")) {
    for (const auto& [key, value] : at.json().items()) {
      if (key != "raw") {
        at.child(key).fail("unknown key \"" + key +
                           "\" (a {\"raw\": ...} body holds nothing else)");
      }
    }
    return Body{at.child("raw").as_string(), false};
  }
  return Body{refs.resolve(at).dump(), true};
}

Step parse_step(const Cursor& at, RefResolver& refs) {
  at.expect_keys(keys::kStep);
  const Json& value = at.json();
  if (value.size() != 1) {
    std::string kinds;
    for (const auto& [key, member] : value.items()) kinds += (kinds.empty() ? "" : ", ") + key;
    std::string expected = "expected exactly one step kind (one of: ";
    for (std::size_t i = 0; i < kStepKinds.size(); ++i) {
      expected += (i == 0 ? "" : ", ") + std::string(kStepKinds[i].name);
    }
    at.fail(expected + "), got " +
            (value.empty() ? std::string("none") : std::to_string(value.size()) + ": " + kinds));
  }
  const std::string kind = value.begin().key();
  const Cursor options = at.child(kind);
  if (kind == "respond") return parse_respond(options, refs);
  if (kind == "truncate") return parse_truncate(options, refs);
  if (kind == "stream") return parse_stream(options, refs);
  parse_no_options(options, kind);
  if (kind == "timeout") return TimeoutStep{};
  if (kind == "drop") return DropStep{};
  return ResetStep{};
}

}  // namespace cometbench::faults
