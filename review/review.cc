#include "review/review.h"

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string_view>
#include <system_error>

#include "review/collector.h"
#include "review/journal_check.h"
#include "review/line_parser.h"
#include "review/otel_names.h"
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

void report_too_long(const Line& line, std::size_t limit, Collector& out) {
  const std::string size = line.complete ? "line of " + std::to_string(line.length) + " bytes"
                                         : "line of at least " + std::to_string(line.length) +
                                               " bytes (no newline before the input limit)";
  out.add(line.number, rules::kLineTooLong,
          size + " is longer than the limit of " + std::to_string(limit) +
              " bytes (--max-line-bytes); it was skipped unread");
}

class LogReview {
 public:
  LogReview(const std::string& file, const ReviewOptions& options)
      : options_(options), out_(file, options.max_findings), operations_(out_) {}

  void line(const Line& line) {
    out_.begin_line(line.number);
    check_line(line);
    out_.end_line();
  }

  ReviewReport finish(const LineReader& reader) {
    operations_.finish();
    if (options_.journal != nullptr) {
      check_against_journal(operations_.operations(), *options_.journal, out_);
    }
    ReviewReport report;
    report.records = records_;
    report.operations = operations_.operation_count();
    report.total_findings = out_.total();
    report.findings = out_.take();
    report.stopped_at_input_limit = reader.stopped_at_limit();
    report.bytes_read = reader.bytes_read();
    return report;
  }

 private:
  void check_line(const Line& line) {
    if (line.too_long) {
      report_too_long(line, options_.limits.max_line_bytes, out_);
      return;
    }
    // A line cut by the input limit is not judged: the stop itself is what gets reported.
    if (!line.complete) return;
    const auto parsed = parse_line(line.text, line.number, out_);
    if (!parsed) return;
    ++records_;
    // Scanned as written, so paths name the keys the log really has.
    scan_sensitive(parsed->object, line.number, out_);
    const nlohmann::json record =
        uses_otel_names(parsed->object) ? with_record_names(parsed->object) : parsed->object;
    switch (classify(record, line.number, out_)) {
      case Kind::kAttempt:
        operations_.add_attempt(line.number, check_attempt(record, line.number, out_));
        break;
      case Kind::kSummary:
        operations_.add_summary(line.number, check_summary(record, line.number, out_));
        break;
      case Kind::kUnknown:
        break;
    }
  }

  const ReviewOptions& options_;
  Collector out_;
  OperationChecks operations_;
  std::size_t records_ = 0;
};

}  // namespace

ReviewReport review_stream(std::istream& in, const std::string& file,
                           const ReviewOptions& options) {
  LogReview review(file, options);
  LineReader reader(in, options.limits);
  Line line;
  while (reader.next(line)) review.line(line);
  return review.finish(reader);
}

std::vector<Finding> review_log(std::istream& in, const std::string& file) {
  return review_stream(in, file).findings;
}

ReviewReport review_file(const std::string& path, const ReviewOptions& options) {
  std::error_code ec;
  // An ifstream opens a directory without complaint on Linux and then reads nothing.
  if (std::filesystem::is_directory(path, ec)) throw ReadError(path, "is a directory");
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw ReadError(path, errno != 0 ? std::generic_category().message(errno) : "cannot open");
  }
  auto report = review_stream(in, path, options);
  if (in.bad()) throw ReadError(path, "I/O error while reading");
  return report;
}

}  // namespace cometbench::review
