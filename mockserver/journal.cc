#include "mockserver/journal.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <ostream>
#include <stdexcept>

namespace cometbench::mockserver {
namespace {

// A long `serve` session sees many client ports; past this many the map starts afresh (ids keep
// increasing, so an id is never reused).
constexpr std::size_t kMaxTrackedConnections = 100000;

std::string to_lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

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
  return handle;
}

void Journal::set_status(Handle handle, std::optional<int> status) {
  std::lock_guard lock(mu_);
  if (handle.generation != generation_) return;
  // Entries are in seq order, and the one sought is usually among the last.
  for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) {
    if (it->seq == handle.seq) {
      it->status = status;
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

std::vector<JournalEntry> Journal::entries() const {
  std::lock_guard lock(mu_);
  return {entries_.begin(), entries_.end()};
}

std::uint64_t Journal::dropped() const {
  std::lock_guard lock(mu_);
  return dropped_;
}

bool is_retry_header(std::string_view name) {
  const std::string lower = to_lower(name);
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

nlohmann::json to_json(const JournalEntry& entry) {
  nlohmann::json j;
  j["seq"] = entry.seq;
  j["time_ms"] = entry.time_ms;
  j["method"] = entry.method;
  j["route"] = entry.route;
  j["connection_id"] = entry.connection_id;
  j["step_index"] = entry.step_index ? nlohmann::json(*entry.step_index) : nlohmann::json();
  j["served"] = entry.served;
  j["status"] = entry.status ? nlohmann::json(*entry.status) : nlohmann::json();
  j["retry_headers"] = entry.retry_headers;
  j["body_size"] = entry.body_size;
  j["body_sha256"] = entry.body_sha256;
  return j;
}

std::ostream& operator<<(std::ostream& os, const JournalEntry& entry) {
  return os << to_json(entry).dump();
}

}  // namespace cometbench::mockserver
