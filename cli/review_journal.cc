#include "cli/review_journal.h"

#include <curl/curl.h>
#include <strings.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <memory>
#include <system_error>

namespace cometbench::cli {

namespace {

using review::JournalError;

// The mock keeps at most 10000 entries of a few hundred bytes; anything far larger is not a
// journal, and reading it whole must not exhaust memory.
constexpr std::size_t kMaxJournalBytes = std::size_t{64} << 20U;

std::string read_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw JournalError(path + ": cannot read: is a directory");
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw JournalError(path + ": cannot read: " +
                       (errno != 0 ? std::generic_category().message(errno) : "cannot open"));
  }
  std::string text;
  char buffer[65536];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxJournalBytes) {
      throw JournalError(path + ": larger than 64 MiB, not a journal");
    }
  }
  return text;
}

struct Fetch {
  std::string body;
  std::string dropped;  // the X-Journal-Dropped header, when sent
  bool too_large = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* fetch = static_cast<Fetch*>(user);
  const std::size_t n = size * count;
  if (fetch->body.size() + n > kMaxJournalBytes) {
    fetch->too_large = true;
    return 0;  // aborts the transfer
  }
  fetch->body.append(data, n);
  return n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  const std::size_t n = size * count;
  std::string line(data, n);
  constexpr std::string_view kName = "x-journal-dropped:";
  if (line.size() > kName.size() && strncasecmp(line.c_str(), kName.data(), kName.size()) == 0) {
    std::string value = line.substr(kName.size());
    const auto first = value.find_first_not_of(" \t");
    const auto last = value.find_last_not_of(" \t\r\n");
    static_cast<Fetch*>(user)->dropped =
        first == std::string::npos ? "" : value.substr(first, last - first + 1);
  }
  return n;
}

std::string fetch_url(const std::string& url) {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) throw JournalError(url + ": cannot fetch: libcurl failed to start");
  Fetch fetch;
  char error[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT_MS, 10000L);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, 60000L);
  curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &fetch);
  curl_easy_setopt(curl.get(), CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl.get(), CURLOPT_HEADERDATA, &fetch);
  const CURLcode rc = curl_easy_perform(curl.get());
  if (fetch.too_large) throw JournalError(url + ": larger than 64 MiB, not a journal");
  if (rc != CURLE_OK) {
    throw JournalError(url + ": cannot fetch: " +
                       (error[0] != '\0' ? std::string(error) : curl_easy_strerror(rc)));
  }
  long status = 0;
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
  if (status != 200) {
    throw JournalError(url + ": HTTP status " + std::to_string(status) +
                       " (expected 200 from GET /__admin/journal)");
  }
  if (!fetch.dropped.empty() && fetch.dropped != "0") {
    throw JournalError(url + ": the mock dropped " + fetch.dropped +
                       " journal entries (X-Journal-Dropped), so it no longer holds every "
                       "request; reset it (POST /__admin/reset) before the client's run");
  }
  return std::move(fetch.body);
}

}  // namespace

std::vector<review::JournalRequest> load_journal(const std::string& source) {
  const bool url = source.starts_with("http://") || source.starts_with("https://");
  return review::parse_journal(url ? fetch_url(source) : read_file(source), source);
}

}  // namespace cometbench::cli
