#include "review/journal.h"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

#include "json/pointer.h"
#include "review/line_parser.h"
#include "review/text.h"

namespace cometbench::review {

namespace {

constexpr std::string_view kRetryCountHeader = "x-stainless-retry-count";

std::optional<std::int64_t> count_of_text(const std::string& s) {
  std::int64_t n = 0;
  const auto* end = s.data() + s.size();
  const auto [ptr, ec] = std::from_chars(s.data(), end, n);
  if (s.empty() || ec != std::errc() || ptr != end || n < 0) return std::nullopt;
  return n;
}

class Reader {
 public:
  explicit Reader(const std::string& name) : name_(name) {}

  [[noreturn]] void fail(const std::string& pointer, const std::string& expected,
                         const nlohmann::json& got) const {
    throw JournalError(name_ + ": " + pointer + ": expected " + expected + ", got " +
                       type_name(got));
  }

  std::uint64_t unsigned_field(const nlohmann::json& entry, const std::string& at,
                               const char* key) const {
    const auto it = entry.find(key);
    if (it == entry.end()) throw JournalError(name_ + ": " + at + ": missing \"" + key + "\"");
    if (!it->is_number_unsigned()) fail(at + "/" + key, "an integer, 0 or more", *it);
    return it->get<std::uint64_t>();
  }

  JournalRequest entry(const nlohmann::json& entry, const std::string& at) const {
    if (!entry.is_object()) fail(at, "a journal entry (an object)", entry);
    JournalRequest r;
    r.seq = unsigned_field(entry, at, "seq");
    r.connection_id = unsigned_field(entry, at, "connection_id");
    const auto status = entry.find("status");
    if (status == entry.end()) throw JournalError(name_ + ": " + at + ": missing \"status\"");
    if (!status->is_null()) {
      const auto code = as_int64(*status);
      if (!code) fail(at + "/status", "an integer or null", *status);
      r.status = code;
    }
    const auto headers = entry.find("retry_headers");
    if (headers == entry.end()) {
      throw JournalError(name_ + ": " + at + ": missing \"retry_headers\"");
    }
    if (!headers->is_object()) fail(at + "/retry_headers", "an object", *headers);
    for (const auto& [header, value] : headers->items()) {
      if (!value.is_string()) {
        fail(at + "/retry_headers/" + json::pointer_token(header), "a string", value);
      }
      const auto count = count_of_text(value.get<std::string>());
      if (count && (header == kRetryCountHeader || !r.retry_count)) r.retry_count = count;
      if (count && header == kRetryCountHeader) break;
    }
    const auto session = entry.find("session");
    if (session != entry.end() && session->is_string()) r.session = session->get<std::string>();
    return r;
  }

 private:
  const std::string& name_;
};

}  // namespace

std::vector<JournalRequest> parse_journal(std::string_view text, const std::string& name) {
  if (const auto at = find_too_deep(text, kMaxNestingDepth)) {
    throw JournalError(name + ": nesting deeper than " + std::to_string(kMaxNestingDepth) +
                       " levels at byte " + std::to_string(*at + 1) +
                       " (expected the array GET /__admin/journal returns)");
  }
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw JournalError(name + ": not JSON: syntax error at byte " + std::to_string(e.byte) +
                       " (expected the array GET /__admin/journal returns)");
  } catch (const nlohmann::json::exception&) {
    throw JournalError(name + ": not JSON: a number beyond the range of a 64-bit float");
  }
  const Reader reader(name);
  if (!doc.is_array()) reader.fail("(root)", "the array GET /__admin/journal returns", doc);
  std::vector<JournalRequest> out;
  out.reserve(doc.size());
  for (std::size_t i = 0; i < doc.size(); ++i) {
    out.push_back(reader.entry(doc[i], "/" + std::to_string(i)));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const JournalRequest& a, const JournalRequest& b) { return a.seq < b.seq; });
  return out;
}

}  // namespace cometbench::review
