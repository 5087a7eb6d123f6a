#include "client/sse.h"

namespace cometbench::client {

bool SseParser::feed(std::string_view bytes) {
  for (char c : bytes) {
    if (stopped_) return false;
    if (c == '\n' && last_was_cr_) {  // the LF of a CRLF pair
      last_was_cr_ = false;
      continue;
    }
    last_was_cr_ = c == '\r';
    if (c == '\n' || c == '\r') {
      if (!process_line(line_)) stopped_ = true;
      line_.clear();
    } else {
      line_.push_back(c);
    }
  }
  return !stopped_;
}

bool SseParser::finish() {
  if (stopped_) return false;
  if (!line_.empty()) {
    if (!process_line(line_)) return false;
    line_.clear();
  }
  if (has_data_ && data_ == "[DONE]") return dispatch();
  return true;
}

bool SseParser::process_line(std::string_view line) {
  if (line.empty()) return dispatch();
  if (line.front() == ':') return true;
  const std::size_t colon = line.find(':');
  const std::string_view field = line.substr(0, colon);
  std::string_view value = colon == std::string_view::npos ? "" : line.substr(colon + 1);
  if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  if (field == "data") {
    if (has_data_) data_.push_back('\n');
    data_.append(value);
    has_data_ = true;
  }
  return true;
}

bool SseParser::dispatch() {
  if (!has_data_) return true;
  has_data_ = false;
  const bool keep_going = on_event_(data_);
  data_.clear();
  return keep_going;
}

}  // namespace cometbench::client
