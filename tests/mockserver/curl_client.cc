#include "curl_client.h"

#include <algorithm>
#include <cctype>
#include <mutex>

namespace cometbench::mockserver::testing {
namespace {

struct Sink {
  HttpResult* result;
  const HttpRequest* request;
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  const std::string piece(data, size * count);
  sink->result->body += piece;
  if (sink->request->on_body) sink->request->on_body(piece);
  return size * count;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  std::string line(data, size * count);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
  if (line.rfind("HTTP/", 0) == 0) {
    sink->result->headers.clear();  // a new status line (e.g. after 100 Continue)
    return size * count;
  }
  const auto colon = line.find(':');
  if (colon == std::string::npos) return size * count;
  std::string name = line.substr(0, colon);
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::string value = line.substr(colon + 1);
  value.erase(0, value.find_first_not_of(' '));
  sink->result->headers.emplace_back(std::move(name), std::move(value));
  return size * count;
}

}  // namespace

std::optional<std::string> HttpResult::header(const std::string& lowercase_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lowercase_name) return value;
  }
  return std::nullopt;
}

std::size_t HttpResult::header_count(const std::string& lowercase_name) const {
  return static_cast<std::size_t>(std::count_if(
      headers.begin(), headers.end(), [&](const auto& h) { return h.first == lowercase_name; }));
}

CurlClient::CurlClient() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  multi_ = curl_multi_init();
  easy_ = curl_easy_init();
}

CurlClient::~CurlClient() {
  curl_easy_cleanup(easy_);
  curl_multi_cleanup(multi_);
}

HttpResult CurlClient::perform(const HttpRequest& request) {
  HttpResult result;
  Sink sink{&result, &request};
  curl_easy_reset(easy_);
  curl_easy_setopt(easy_, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(easy_, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  if (request.method == "POST" || request.method == "PUT") {
    curl_easy_setopt(easy_, CURLOPT_POSTFIELDS, request.body.c_str());
    curl_easy_setopt(easy_, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
  }
  curl_slist* headers = nullptr;
  for (const auto& h : request.headers) headers = curl_slist_append(headers, h.c_str());
  // No "Expect: 100-continue" round trip for larger bodies.
  headers = curl_slist_append(headers, "Expect:");
  curl_easy_setopt(easy_, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(easy_, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
  curl_easy_setopt(easy_, CURLOPT_NOSIGNAL, 1L);
  if (!request.ca_pem.empty()) {
    curl_blob ca{const_cast<char*>(request.ca_pem.data()), request.ca_pem.size(), CURL_BLOB_COPY};
    curl_easy_setopt(easy_, CURLOPT_CAINFO_BLOB, &ca);
  }
  curl_easy_setopt(easy_, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(easy_, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(easy_, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(easy_, CURLOPT_HEADERDATA, &sink);

  curl_multi_add_handle(multi_, easy_);
  bool finished = false;
  while (!finished) {
    int running = 0;
    curl_multi_perform(multi_, &running);
    int queued = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi_, &queued)) {
      if (msg->msg == CURLMSG_DONE && msg->easy_handle == easy_) {
        result.code = msg->data.result;
        finished = true;
      }
    }
    if (finished) break;
    if (request.abort_when && request.abort_when()) {
      result.code = CURLE_ABORTED_BY_CALLBACK;
      break;
    }
    curl_multi_poll(multi_, nullptr, 0, 2, nullptr);
  }
  curl_easy_getinfo(easy_, CURLINFO_RESPONSE_CODE, &result.status);
  curl_multi_remove_handle(multi_, easy_);  // mid-transfer this closes the connection
  curl_slist_free_all(headers);
  return result;
}

}  // namespace cometbench::mockserver::testing
