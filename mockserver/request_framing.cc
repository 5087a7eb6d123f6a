#include "mockserver/request_framing.h"

#include <strings.h>

namespace cometbench::mockserver {

void normalize_body_framing(httplib::Request& req) {
  if (!req.has_header("Content-Length") && !req.has_header("Transfer-Encoding")) {
    req.set_header("Content-Length", "0");
  }
  // httplib tests the same prefix (Server::read_content), case-sensitively.
  constexpr const char* kForm = "application/x-www-form-urlencoded";
  const std::string type = req.get_header_value("Content-Type");
  if (strncasecmp(type.c_str(), kForm, std::char_traits<char>::length(kForm)) == 0) {
    req.headers.erase("Content-Type");
  }
}

}  // namespace cometbench::mockserver
