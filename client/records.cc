#include "client/records.h"

#include <stdexcept>
#include <utility>

#include "client/record_writers.h"

namespace cometbench::client {
namespace {

bool is_id_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == ':' || c == '-';
}

}  // namespace

OperationId::OperationId(std::string value) : value_(std::move(value)) {
  if (!is_valid(value_)) {
    throw std::invalid_argument("operation_id must match [A-Za-z0-9._:-]{1,128}");
  }
}

bool OperationId::is_valid(std::string_view value) {
  if (value.empty() || value.size() > 128) return false;
  for (char c : value) {
    if (!is_id_char(c)) return false;
  }
  return true;
}

RequestRoute::RequestRoute(std::string value) : value_(std::move(value)) {
  if (!is_valid(value_)) {
    throw std::invalid_argument("request_route must match /[A-Za-z0-9/._~:-]{0,255}");
  }
}

bool RequestRoute::is_valid(std::string_view value) {
  if (value.empty() || value.size() > 256 || value.front() != '/') return false;
  for (char c : value) {
    if (!is_id_char(c) && c != '/' && c != '~') return false;
  }
  return true;
}

void PrintTo(const AttemptRecord& record, std::ostream* out) { *out << to_jsonl(record); }
void PrintTo(const SummaryRecord& record, std::ostream* out) { *out << to_jsonl(record); }
void PrintTo(const OperationId& id, std::ostream* out) { *out << id.str(); }
void PrintTo(const RequestRoute& route, std::ostream* out) { *out << route.str(); }
std::ostream& operator<<(std::ostream& out, const AttemptRecord& record) {
  return out << to_jsonl(record);
}
std::ostream& operator<<(std::ostream& out, const SummaryRecord& record) {
  return out << to_jsonl(record);
}

}  // namespace cometbench::client
