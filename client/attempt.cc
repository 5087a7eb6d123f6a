#include "client/attempt.h"

#include <exception>
#include <memory>
#include <string>

#include "client/sse.h"

namespace cometbench::client {
namespace {

bool is_event_stream(const Headers& headers) {
  const auto it = headers.find("content-type");
  if (it == headers.end()) return false;
  std::string value;
  for (char c : it->second) {
    value.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return value.rfind("text/event-stream", 0) == 0;
}

// Turns SSE events into chunks and remembers what the records need. Lives for one attempt.
class StreamReader {
 public:
  explicit StreamReader(const ChunkCallback& on_chunk)
      : on_chunk_(on_chunk), parser_([this](std::string_view data) { return on_event(data); }) {}

  bool feed(std::string_view bytes) { return parser_.feed(bytes); }
  void finish() { parser_.finish(); }
  const StreamObservation& observation() const { return observation_; }
  std::exception_ptr error() const { return error_; }

 private:
  bool on_event(std::string_view data) {
    if (observation_.done) return true;  // nothing after [DONE] counts
    if (data == "[DONE]") {
      observation_.done = true;
      return true;
    }
    nlohmann::json chunk = nlohmann::json::parse(data, nullptr, false);
    if (!chunk.is_object()) {
      observation_.invalid_chunk = true;
      return false;
    }
    // `data: {"error": {...}}`: the server reports a failure inside the stream. It is the
    // attempt's result, not a chunk for the caller.
    if (const auto error = chunk.find("error"); error != chunk.end() && error->is_object()) {
      observation_.error_event = true;
      return false;
    }
    note(chunk);
    ++observation_.chunks;
    if (on_chunk_) {
      try {
        on_chunk_(chunk);
      } catch (...) {
        error_ = std::current_exception();
        return false;
      }
    }
    return true;
  }

  // The first chunk names the object type; the last non-null finish_reason counts; usage in
  // any chunk counts.
  void note(const nlohmann::json& chunk) {
    const BodyFacts facts = observe_body(chunk);
    if (!observation_.object_type) {
      observation_.object_type = facts.object_type.value_or(ResponseObjectType::other);
    }
    if (facts.object_type != ResponseObjectType::chat_completion_chunk) {
      observation_.unexpected_chunk = true;
    }
    if (facts.finish_reason) observation_.finish_reason = facts.finish_reason;
    if (facts.usage_seen) observation_.usage_seen = true;
  }

  const ChunkCallback& on_chunk_;
  SseParser parser_;
  StreamObservation observation_;
  std::exception_ptr error_;
};

}  // namespace

AttemptResult run_attempt(Transport& transport, TransportRequest request,
                          const ChunkCallback& on_chunk) {
  std::unique_ptr<StreamReader> reader;
  bool decided = false;
  request.on_data = [&](int status, const Headers& headers, std::string_view bytes) {
    if (!decided) {
      decided = true;
      if (status >= 200 && status <= 299 && is_event_stream(headers)) {
        reader = std::make_unique<StreamReader>(on_chunk);
      }
    }
    return reader == nullptr || reader->feed(bytes);
  };

  AttemptResult out;
  out.transport = transport.perform(request);
  if (reader == nullptr && !decided && out.transport.status && *out.transport.status >= 200 &&
      *out.transport.status <= 299 && is_event_stream(out.transport.headers)) {
    // An empty stream body: no data callback ever ran.
    reader = std::make_unique<StreamReader>(on_chunk);
  }
  if (reader != nullptr) {
    if (reader->error()) std::rethrow_exception(reader->error());
    if (out.transport.error == TransportError::none) reader->finish();
    out.stream = reader->observation();
    // Our own abort on a malformed chunk or an error event is not a cancellation: the
    // observation explains it.
    if ((out.stream->invalid_chunk || out.stream->error_event) &&
        out.transport.error == TransportError::cancelled) {
      out.transport.error = TransportError::none;
    }
    out.body = nlohmann::json(nlohmann::json::value_t::discarded);
  } else {
    out.body = nlohmann::json::parse(out.transport.body, nullptr, false);
  }
  return out;
}

}  // namespace cometbench::client
