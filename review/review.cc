#include "review/review.h"

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string_view>
#include <system_error>

#include "review/collector.h"
#include "review/record_checks.h"
#include "review/sensitive.h"
#include "review/sequence_checks.h"
#include "review/text.h"

namespace cometbench::review {

namespace {

enum class Kind { kAttempt, kSummary, kUnknown };

// Records from other clients may omit "record"; their shape tells them apart.
Kind classify(const nlohmann::json& record, std::size_t line, Collector& out) {
  const auto it = record.find("record");
  if (it == record.end()) {
    if (record.contains("attempt_index")) return Kind::kAttempt;
    if (record.contains("attempts")) return Kind::kSummary;
    out.add(line, rules::kUnknownRecord,
            "object has no \"record\", \"attempt_index\" or \"attempts\" key, so it is neither "
            "an attempt nor a summary");
    return Kind::kUnknown;
  }
  if (!it->is_string()) {
    out.add(line, rules::kUnknownRecord, "\"record\" must be a string, got " + type_name(*it));
    return Kind::kUnknown;
  }
  const auto& name = it->get_ref<const std::string&>();
  if (name == "attempt") return Kind::kAttempt;
  if (name == "summary") return Kind::kSummary;
  out.add(line, rules::kUnknownRecord,
          "\"record\" is " + quote_safe(name) + " (expected \"attempt\" or \"summary\")");
  return Kind::kUnknown;
}

// Returns the parsed object, or null after reporting `not_json`. The message never quotes the
// line: a line that fails to parse may still hold a key or a prompt.
std::optional<nlohmann::json> parse_line(std::string_view text, std::size_t line, Collector& out) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    out.add(line, rules::kNotJson, "empty line (expected one JSON object per line)");
    return std::nullopt;
  }
  try {
    auto value = nlohmann::json::parse(text);
    if (value.is_object()) return value;
    out.add(line, rules::kNotJson,
            "a JSON " + type_name(value) + ", not an object (expected one JSON object per line)");
  } catch (const nlohmann::json::parse_error& e) {
    out.add(line, rules::kNotJson,
            "not JSON: syntax error at byte " + std::to_string(e.byte) +
                " (expected one JSON object per line)");
  }
  return std::nullopt;
}

}  // namespace

ReviewReport review_stream(std::istream& in, const std::string& file) {
  Collector out(file);
  OperationChecks operations(out);
  ReviewReport report;
  std::string text;
  std::size_t line = 0;
  // getline drops the final newline, so a log ending in '\n' has no empty last line.
  while (std::getline(in, text)) {
    ++line;
    const auto record = parse_line(text, line, out);
    if (!record) continue;
    ++report.records;
    scan_sensitive(*record, line, out);
    switch (classify(*record, line, out)) {
      case Kind::kAttempt:
        operations.add_attempt(line, check_attempt(*record, line, out));
        break;
      case Kind::kSummary:
        operations.add_summary(line, check_summary(*record, line, out));
        break;
      case Kind::kUnknown:
        break;
    }
  }
  operations.finish();
  report.operations = operations.operation_count();
  report.findings = out.take();
  return report;
}

std::vector<Finding> review_log(std::istream& in, const std::string& file) {
  return review_stream(in, file).findings;
}

ReviewReport review_file(const std::string& path) {
  std::error_code ec;
  // An ifstream opens a directory without complaint on Linux and then reads nothing.
  if (std::filesystem::is_directory(path, ec)) throw ReadError(path, "is a directory");
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw ReadError(path, errno != 0 ? std::generic_category().message(errno) : "cannot open");
  }
  auto report = review_stream(in, path);
  if (in.bad()) throw ReadError(path, "I/O error while reading");
  return report;
}

}  // namespace cometbench::review
