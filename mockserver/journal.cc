#include "mockserver/journal.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <ostream>
#include <stdexcept>

#include "json/ascii.h"

namespace cometbench::mockserver {
namespace {

// A long `serve` session sees many client ports; past this many the map starts afresh (ids keep
// increasing, so an id is never reused).
constexpr std::size_t kMaxTrackedConnections = 100000;

}  // namespace

void Journal::reset(clock::TimePoint epoch) {
  std::lock_guard lock(mu_);
  entries_.clear();
  dropped_ = 0;
  next_seq_ = 1;
  ++generation_;
  epoch_ = epoch;
  connection_ids_.clear();
  next_connection_id_ = 1;
  changed_.notify_all();
}

Journal::Handle Journal::record(JournalEntry entry, clock::TimePoint now) {
  std::lock_guard lock(mu_);
  entry.seq = next_seq_++;
  entry.time_ms = clock::to_ms(now - epoch_);
  const Handle handle{generation_, entry.seq};
  if (capacity_ == 0) {
    ++dropped_;
    return handle;
  }
  if (entries_.size() == capacity_) {
    entries_.pop_front();
    ++dropped_;
  }
  entries_.push_back(std::move(entry));
  changed_.notify_all();
  return handle;
}

void Journal::set_status(Handle handle, std::optional<int> status) {
  std::lock_guard lock(mu_);
  if (handle.generation != generation_) return;
  // Entries are in seq order, and the one sought is usually among the last.
  for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) {
    if (it->seq == handle.seq) {
      it->status = status;
      changed_.notify_all();
      return;
    }
    if (it->seq < handle.seq) return;
  }
}

std::uint64_t Journal::connection_id(const std::string& remote_addr, int remote_port) {
  std::lock_guard lock(mu_);
  if (connection_ids_.size() >= kMaxTrackedConnections) connection_ids_.clear();
  const std::string key = remote_addr + "|" + std::to_string(remote_port);
  auto [it, inserted] = connection_ids_.try_emplace(key, next_connection_id_);
  if (inserted) ++next_connection_id_;
  return it->second;
}

void Journal::erase_session(const std::string& session) {
  std::lock_guard lock(mu_);
  std::erase_if(entries_, [&](const JournalEntry& e) { return e.session == session; });
  changed_.notify_all();
}

bool Journal::wait_until(const std::function<bool(const std::deque<JournalEntry>&)>& done,
                         std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  return changed_.wait_for(lock, timeout, [&] { return done(entries_); });
}

std::vector<JournalEntry> Journal::entries(const std::optional<std::string>& session) const {
  std::lock_guard lock(mu_);
  std::vector<JournalEntry> out;
  for (const auto& entry : entries_) {
    if (!session || entry.session == *session) out.push_back(entry);
  }
  return out;
}

std::uint64_t Journal::dropped() const {
  std::lock_guard lock(mu_);
  return dropped_;
}

JournalRead Journal::begin_read(std::optional<std::string> session) const {
  std::lock_guard lock(mu_);
  JournalRead read;
  read.generation = generation_;
  read.last_seq = next_seq_ - 1;
  read.session = std::move(session);
  return read;
}

bool Journal::read_page(JournalRead& read, std::size_t max_entries, std::string& out) const {
  std::lock_guard lock(mu_);
  if (read.generation != generation_) return false;
  auto it = std::lower_bound(entries_.begin(), entries_.end(), read.next_seq,
                             [](const JournalEntry& e, std::uint64_t seq) { return e.seq < seq; });
  std::size_t appended = 0;
  for (; it != entries_.end() && it->seq <= read.last_seq && appended < max_entries; ++it) {
    read.next_seq = it->seq + 1;
    if (read.session && it->session != *read.session) continue;
    if (read.written++ > 0) out += ',';
    append_json(*it, out);
    ++appended;
  }
  if (it == entries_.end() || it->seq > read.last_seq) read.next_seq = read.last_seq + 1;
  return appended > 0;
}

bool is_retry_header(std::string_view name) {
  const std::string lower = json::ascii::to_lower(name);
  return lower == "x-stainless-retry-count" || lower.find("retry-count") != std::string::npos ||
         lower.find("retry-attempt") != std::string::npos;
}

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 failed (OpenSSL EVP_Digest)");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (unsigned int i = 0; i < size; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0x0f];
  }
  return out;
}

std::string clipped(std::string_view text, std::size_t max) {
  if (text.size() <= max) return std::string(text);
  std::size_t cut = max;
  // Back off to the start of a UTF-8 character: never leave half of one.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "\xE2\x80\xA6";  // U+2026
}

void note_retry_header(JournalEntry& entry, std::string_view name, std::string_view value) {
  if (!is_retry_header(name)) return;
  std::string key = clipped(json::ascii::to_lower(name), kMaxStoredHeaderBytes);
  if (!entry.retry_headers.contains(key) && entry.retry_headers.size() >= kMaxStoredRetryHeaders) {
    return;
  }
  entry.retry_headers[std::move(key)] = clipped(value, kMaxStoredHeaderBytes);
}

namespace {

void append_string(std::string_view s, std::string& out) {
  // nlohmann's serializer escapes and, with `replace`, turns bytes that are not UTF-8 into
  // U+FFFD instead of throwing (request paths and header values are arbitrary bytes).
  out += nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

template <class T>
void append_optional(const std::optional<T>& value, std::string& out) {
  out += value ? std::to_string(*value) : "null";
}

}  // namespace

void append_json(const JournalEntry& entry, std::string& out) {
  out += "{\"seq\":" + std::to_string(entry.seq);
  out += ",\"time_ms\":" + std::to_string(entry.time_ms);
  out += ",\"session\":";
  if (entry.session.empty()) {
    out += "null";
  } else {
    append_string(entry.session, out);
  }
  out += ",\"method\":";
  append_string(entry.method, out);
  out += ",\"route\":";
  append_string(entry.route, out);
  out += ",\"connection_id\":" + std::to_string(entry.connection_id);
  out += ",\"step_index\":";
  append_optional(entry.step_index, out);
  out += ",\"served\":";
  append_string(entry.served, out);
  out += ",\"status\":";
  append_optional(entry.status, out);
  out += ",\"retry_headers\":{";
  bool first = true;
  for (const auto& [name, value] : entry.retry_headers) {
    if (!first) out += ',';
    first = false;
    append_string(name, out);
    out += ':';
    append_string(value, out);
  }
  out += "},\"body_size\":" + std::to_string(entry.body_size);
  out += ",\"body_sha256\":";
  append_string(entry.body_sha256, out);
  out += '}';
}

nlohmann::json to_json(const JournalEntry& entry) {
  std::string text;
  append_json(entry, text);
  return nlohmann::json::parse(text);
}

std::ostream& operator<<(std::ostream& os, const JournalEntry& entry) {
  std::string text;
  append_json(entry, text);
  return os << text;
}

}  // namespace cometbench::mockserver
