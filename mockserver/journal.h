#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clock/clock.h"
#include "mockserver/mock_server.h"

namespace cometbench::mockserver {

// What one journal entry may hold, so that a full journal stays small whatever clients send
// (measured before these bounds: 8 MB retry-count header values made a 284 MB journal).
/// Longest route stored; a longer one is clipped.
inline constexpr std::size_t kMaxStoredRouteBytes = 256;
/// Longest retry header name and value stored; longer ones are clipped.
inline constexpr std::size_t kMaxStoredHeaderBytes = 64;
/// Most retry headers stored per request; further ones are not recorded.
inline constexpr std::size_t kMaxStoredRetryHeaders = 8;

/// `text` cut to at most `max` bytes at a UTF-8 character boundary, followed by "…" (U+2026)
/// when anything was cut.
std::string clipped(std::string_view text, std::size_t max);

/// Records request header `name: value` in `entry.retry_headers` when `is_retry_header(name)`:
/// name lowercased, both clipped to kMaxStoredHeaderBytes, at most kMaxStoredRetryHeaders.
void note_retry_header(JournalEntry& entry, std::string_view name, std::string_view value);

/// Appends `entry` as one JSON object (the keys of `to_json`, in the documented order) to `out`,
/// without building a JSON tree. Bytes that are not UTF-8 become U+FFFD.
void append_json(const JournalEntry& entry, std::string& out);

/// Where a paged read of the journal has got to (see Journal::read_page).
struct JournalRead {
  std::uint64_t generation = 0;
  std::uint64_t next_seq = 1;  // the first seq not yet looked at
  std::uint64_t last_seq = 0;  // the newest seq when the read began: later entries are not read
  std::optional<std::string> session;  // only this session's entries ("" = default); all if unset
  std::size_t written = 0;             // entries appended so far
};

/// The bounded request journal. When full, the oldest entry goes and `dropped()` counts it, so a
/// long `serve` session keeps its most recent requests; `seq` keeps counting, so gaps show.
/// Thread-safe.
class Journal {
 public:
  /// Identifies one recorded entry for a later `set_status`; stale after `reset`.
  struct Handle {
    std::uint64_t generation = 0;
    std::uint64_t seq = 0;
  };

  explicit Journal(std::size_t capacity) : capacity_(capacity) {}

  /// Empties the journal, restarts `seq`, connection ids and time at `epoch`.
  void reset(clock::TimePoint epoch);

  /// Appends `entry` with the next `seq` and `time_ms` = `now` - epoch.
  Handle record(JournalEntry entry, clock::TimePoint now);

  /// Sets the status of an entry still present (the status is known only once a delay ended).
  void set_status(Handle handle, std::optional<int> status);

  /// Removes every entry of `session` ("" = the default session); `seq` keeps counting.
  void erase_session(const std::string& session);

  /// A stable id per (remote address, remote port): one TCP connection from one client socket.
  std::uint64_t connection_id(const std::string& remote_addr, int remote_port);

  /// A copy of the entries, oldest first; only `session`'s when set.
  std::vector<JournalEntry> entries(const std::optional<std::string>& session = {}) const;
  std::uint64_t dropped() const;
  /// Blocks until `done(entries)` holds, checked now and after every change to the journal,
  /// or until `timeout` of real time has passed; returns whether it held. Lets a caller wait
  /// for a request to arrive (or its status to be known) without polling. `done` runs under
  /// the journal's lock and must not call the journal.
  bool wait_until(const std::function<bool(const std::deque<JournalEntry>&)>& done,
                  std::chrono::milliseconds timeout) const;

  /// Starts a paged read of the entries present now (only `session`'s when set).
  JournalRead begin_read(std::optional<std::string> session) const;

  /// Appends the read's next entries, at most `max_entries`, to `out` as JSON objects separated
  /// by commas (a comma before each but the read's first), and advances `read`. Returns false,
  /// appending nothing, when the read is complete or the journal was reset since it began.
  /// Entries dropped from a full journal while a read is under way are skipped; entries recorded
  /// after it began are not read. Holds the journal's lock only while it writes one page.
  bool read_page(JournalRead& read, std::size_t max_entries, std::string& out) const;

 private:
  const std::size_t capacity_;
  mutable std::mutex mu_;
  mutable std::condition_variable changed_;  // notified after every change, for wait_until
  // Everything below is guarded by mu_.
  std::deque<JournalEntry> entries_;  // in seq order
  std::uint64_t dropped_ = 0;
  std::uint64_t next_seq_ = 1;
  std::uint64_t generation_ = 0;
  clock::TimePoint epoch_{};
  std::map<std::string, std::uint64_t> connection_ids_;
  std::uint64_t next_connection_id_ = 1;
};

/// True for headers a client uses to say which retry this is: x-stainless-retry-count (the
/// OpenAI SDKs) and any name containing "retry-count" or "retry-attempt". Case-insensitive.
bool is_retry_header(std::string_view name);

/// Lowercase hex SHA-256 of `bytes`.
std::string sha256_hex(std::string_view bytes);

}  // namespace cometbench::mockserver
