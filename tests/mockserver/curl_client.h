#pragma once

#include <curl/curl.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cometbench::mockserver::testing {

/// One request as the observing client sends it.
struct HttpRequest {
  std::string method = "POST";
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string body;
  /// Real-time limit (CURLOPT_TIMEOUT_MS): its expiry is curl code 28.
  std::chrono::milliseconds timeout{10000};
  /// Polled every few milliseconds while the transfer runs; true aborts it (curl code 42), as
  /// the bench client does when its virtual deadline arrives.
  std::function<bool()> abort_when;
  /// For https: the PEM of the CA to trust (MockServer::tls_ca_pem()); empty: the system's.
  std::string ca_pem;
  /// Called with each piece of body as it arrives.
  std::function<void(const std::string&)> on_body;
};

/// What the client saw. `headers` keep the server's order; names are lowercased.
struct HttpResult {
  CURLcode code = CURLE_OK;
  long status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  std::optional<std::string> header(const std::string& lowercase_name) const;
  std::size_t header_count(const std::string& lowercase_name) const;
};

/// A libcurl client driven through the multi interface in short polls. Connections are kept
/// alive between `perform` calls on one instance. Not thread-safe; use one per thread.
class CurlClient {
 public:
  CurlClient();
  ~CurlClient();
  CurlClient(const CurlClient&) = delete;
  CurlClient& operator=(const CurlClient&) = delete;

  HttpResult perform(const HttpRequest& request);

 private:
  CURLM* multi_;
  CURL* easy_;
};

/// A minimal valid chat completions body.
inline constexpr const char* kChatBody =
    R"({"model":"gpt-4o-mini","messages":[{"role":"user","content":"ping"}]})";

}  // namespace cometbench::mockserver::testing
