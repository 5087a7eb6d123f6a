#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>

namespace cometbench::client {

/// Incremental Server-Sent Events parser (WHATWG HTML "event stream interpretation"), reduced
/// to what chat completion streams use: `data:` lines form an event, a blank line dispatches
/// it, `:` lines are comments, other fields (`event`, `id`, `retry`) are ignored. Lines end in
/// LF, CRLF or CR. Bytes may arrive split anywhere.
class SseParser {
 public:
  /// Receives each event's data (lines joined with '\n'); returning false stops parsing.
  using EventCallback = std::function<bool(std::string_view data)>;

  explicit SseParser(EventCallback on_event) : on_event_(std::move(on_event)) {}

  /// Feeds bytes; returns false once the callback has returned false.
  bool feed(std::string_view bytes);

  /// End of stream. Per the spec an event without its terminating blank line is discarded;
  /// we make one exception so that a final `data: [DONE]` whose blank line was lost still counts.
  /// Returns false when the callback returned false.
  bool finish();

 private:
  bool process_line(std::string_view line);
  bool dispatch();

  EventCallback on_event_;
  std::string line_;
  std::string data_;
  bool has_data_ = false;
  bool last_was_cr_ = false;
  bool stopped_ = false;
};

}  // namespace cometbench::client
