#include "mockserver/step_player.h"

#include <strings.h>

#include <algorithm>
#include <vector>

#include "mockserver/http_date.h"

namespace cometbench::mockserver {
namespace {

constexpr const char* kJson = "application/json";
constexpr const char* kEventStream = "text/event-stream";

bool same_name(const std::string& a, const char* b) { return strcasecmp(a.c_str(), b) == 0; }

// Sets the fixture's headers (templates expanded) except Content-Type, which httplib's content
// setters write themselves, and returns the content type to use. Content-Length and
// Transfer-Encoding are httplib's to write: a second Content-Length would reach the client.
std::string apply_headers(const faults::Headers& headers, const std::string& default_type,
                          clock::WallTime now, httplib::Response& res) {
  std::string content_type = default_type;
  for (const auto& [name, value] : headers) {
    const std::string expanded = expand_header_templates(value, now);
    if (same_name(name, "Content-Type")) {
      content_type = expanded;
    } else if (!same_name(name, "Content-Length") && !same_name(name, "Transfer-Encoding")) {
      res.set_header(name, expanded);
    }
  }
  return content_type;
}

// Ends the exchange without a response byte. httplib then writes its response into a closed
// socket, which fails quietly, and closes the connection.
void close_without_response(const PlayContext& context) {
  if (context.connection) context.connection->send_fin();
}

// Start offsets of `chunks` nearly equal, non-empty parts of `size` bytes (the first
// `size % chunks` parts one byte longer), plus `size` as the end.
std::vector<std::size_t> part_bounds(std::size_t size, int chunks) {
  const std::size_t n = std::clamp<std::size_t>(static_cast<std::size_t>(std::max(chunks, 1)), 1,
                                                std::max<std::size_t>(size, 1));
  std::vector<std::size_t> bounds{0};
  for (std::size_t i = 0; i < n; ++i) {
    bounds.push_back(bounds.back() + size / n + (i < size % n ? 1 : 0));
  }
  return bounds;
}

std::optional<int> play_respond(const faults::RespondStep& step, const PlayContext& context,
                                httplib::Response& res) {
  if (step.delay.count() > 0 && !context.clock.delay_for(step.delay, context.stop)) {
    close_without_response(context);
    return std::nullopt;
  }
  const std::string type = apply_headers(step.headers, kJson, context.clock.wall_now(), res);
  res.status = step.status;
  const std::string& body = step.body.bytes;
  if (!step.dribble || body.empty()) {
    // May be gzip/br-compressed if the client accepts it, as a real gateway would.
    res.set_content(body, type);
    return step.status;
  }
  // A length-announcing content provider is never compressed by httplib 0.11.4 (measured), so
  // the parts on the wire are exactly the fixture's bytes.
  auto bounds = std::make_shared<const std::vector<std::size_t>>(
      part_bounds(body.size(), step.dribble->chunks));
  const auto gap = step.dribble->gap;
  res.set_content_provider(
      body.size(), type,
      [&body, bounds, gap, context](std::size_t offset, std::size_t, httplib::DataSink& sink) {
        const auto it = std::find(bounds->begin(), bounds->end(), offset);
        if (it == bounds->end() || it + 1 == bounds->end()) return false;
        if (it != bounds->begin() && !context.clock.delay_for(gap, context.stop)) return false;
        return sink.write(body.data() + offset, *(it + 1) - offset);
      });
  return step.status;
}

std::optional<int> play_truncate(const faults::TruncateStep& step, const PlayContext& context,
                                 httplib::Response& res) {
  const std::string type = apply_headers(step.headers, kJson, context.clock.wall_now(), res);
  res.status = step.status;
  const std::string& body = step.body.bytes;
  if (body.empty()) {
    res.set_content(body, type);
    return step.status;
  }
  // The full Content-Length goes out with the headers; the provider then writes only
  // `after_bytes` and returns false, which makes httplib close the connection mid-body (curl:
  // 18). A length-less provider would make the cut invisible to the client.
  const std::size_t sent = std::min(step.after_bytes, body.size());
  res.set_content_provider(body.size(), type,
                           [&body, sent, owner = context.owner](std::size_t offset, std::size_t,
                                                                httplib::DataSink& sink) {
                             if (offset < sent && !sink.write(body.data() + offset, sent - offset))
                               return false;
                             return sent == body.size();
                           });
  return step.status;
}

std::optional<int> play_stream(const faults::StreamStep& step, const PlayContext& context,
                               httplib::Response& res) {
  const std::string type = apply_headers(step.headers, kEventStream, context.clock.wall_now(), res);
  res.status = step.status;
  auto sequence = std::make_shared<std::vector<std::string>>();
  for (const auto& event : step.events) sequence->push_back(sse_event(event.data));
  if (step.usage) sequence->push_back(sse_event(step.usage->data));
  const std::size_t limit = std::min(step.drop_after.value_or(sequence->size()), sequence->size());
  const bool cut = step.drop_after.has_value();
  const bool done = step.done && !cut;
  const auto gap = step.gap;
  auto next = std::make_shared<std::size_t>(0);  // the provider runs on one thread only
  // Chunked and `text/event-stream`: httplib writes each event as one chunk at once and never
  // compresses this type.
  res.set_chunked_content_provider(
      type, [sequence, limit, cut, done, gap, next, context](std::size_t, httplib::DataSink& sink) {
        if (*next < limit) {
          if (*next > 0 && !context.clock.delay_for(gap, context.stop)) return false;
          if (!sink.write((*sequence)[*next].data(), (*sequence)[*next].size())) return false;
          ++*next;
          return true;
        }
        // `drop_after`: close without the terminating chunk and without [DONE].
        if (cut) return false;
        // [DONE] follows the last chunk at once, as on the real API; `gap` is between chunks.
        if (done) {
          static const std::string kDone = "data: [DONE]\n\n";
          if (!sink.write(kDone.data(), kDone.size())) return false;
        }
        sink.done();
        return true;
      });
  return step.status;
}

template <class... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
// clang 14 lacks class template argument deduction for aggregates (P1816).
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

}  // namespace

std::string sse_event(const std::string& data) {
  std::string out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = data.find('\n', start);
    out += "data: ";
    out.append(data, start, end == std::string::npos ? std::string::npos : end - start);
    out += '\n';
    if (end == std::string::npos) break;
    start = end + 1;
  }
  out += '\n';
  return out;
}

std::optional<int> play_step(const faults::Step& step, const PlayContext& context,
                             httplib::Response& res) {
  return std::visit(
      Overloaded{
          [&](const faults::RespondStep& s) { return play_respond(s, context, res); },
          [&](const faults::TimeoutStep&) -> std::optional<int> {
            context.clock.hold(context.stop);
            close_without_response(context);
            return std::nullopt;
          },
          [&](const faults::DropStep&) -> std::optional<int> {
            close_without_response(context);
            return std::nullopt;
          },
          [&](const faults::ResetStep&) -> std::optional<int> {
            if (context.connection) context.connection->send_rst();
            return std::nullopt;
          },
          [&](const faults::TruncateStep& s) { return play_truncate(s, context, res); },
          [&](const faults::StreamStep& s) { return play_stream(s, context, res); },
      },
      step);
}

}  // namespace cometbench::mockserver
