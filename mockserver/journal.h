#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clock/clock.h"
#include "mockserver/mock_server.h"

namespace cometbench::mockserver {

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

  /// A stable id per (remote address, remote port): one TCP connection from one client socket.
  std::uint64_t connection_id(const std::string& remote_addr, int remote_port);

  std::vector<JournalEntry> entries() const;
  std::uint64_t dropped() const;

 private:
  const std::size_t capacity_;
  mutable std::mutex mu_;
  // Everything below is guarded by mu_.
  std::deque<JournalEntry> entries_;
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
