#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

// What `cometbench serve` saw: the JSON array `GET /__admin/journal` returns (docs/serve.md),
// read for `review --journal`.
namespace cometbench::review {

/// One request the mock received, as much of it as the comparison needs.
struct JournalRequest {
  std::uint64_t seq = 0;
  std::optional<std::int64_t> status;  // null when the client got no status
  std::uint64_t connection_id = 0;
  std::optional<std::int64_t> retry_count;  // from the retry headers, when one is an integer
  std::string session;                      // the optional `session` key; empty without one

  friend bool operator==(const JournalRequest&, const JournalRequest&) = default;
};

/// A journal that is not the array the admin API returns. `what()` reads
/// `NAME: POINTER: what was expected` (or `NAME: not JSON: ...`).
class JournalError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Parses the journal text; `name` (a file or URL) prefixes errors. Entries must be objects
/// with `seq` and `connection_id` (integers, 0 or more), `status` (an integer or null) and
/// `retry_headers` (an object of strings); other keys (`time_ms`, `served`, `session`, keys a
/// later version adds) are ignored, except that `session`, when a string, is kept. The retry
/// count is `x-stainless-retry-count`, else the first retry header whose value is an integer.
/// Returned in `seq` order. Throws JournalError.
std::vector<JournalRequest> parse_journal(std::string_view text, const std::string& name);

}  // namespace cometbench::review
