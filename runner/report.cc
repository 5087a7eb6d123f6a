#include "runner/report.h"

#include <array>
#include <cstdio>
#include <sstream>

#include "json/enum_names.h"
#include "json/printable.h"

namespace cometbench::runner {
namespace {

std::string pad_left(std::string_view text, std::size_t width) {
  std::string out(width > text.size() ? width - text.size() : 0, ' ');
  out += text;
  return out;
}

std::string pad_right(std::string_view text, std::size_t width) {
  std::string out(text);
  if (out.size() < width) out.append(width - out.size(), ' ');
  return out;
}

std::string status_text(const std::optional<int>& status) {
  return status ? std::to_string(*status) : "-";
}

// Indents every line after the first so multi-line details stay inside their scenario.
std::string indent(const std::string& text, const std::string& prefix) {
  std::string out = prefix;
  for (char c : text) {
    out += c;
    if (c == '\n') out += prefix;
  }
  return out;
}

void write_attempt_row(const client::AttemptRecord& r, std::ostream& out) {
  out << "    " << pad_left(std::to_string(r.attempt_index), 3) << "  "
      << pad_left(status_text(r.http_response_status_code), 6) << "  "
      << pad_right(r.error_type ? r.error_type->str() : "-", 16) << "  "
      << pad_right(client::to_string(r.retry_decision), 13) << "  "
      << pad_right(client::to_string(r.retry_reason), 24) << "  "
      << pad_left(std::to_string(r.backoff.count()), 8) << "  "
      << pad_left(std::to_string(r.attempt_start.count()), 8) << "  "
      << pad_left(std::to_string(r.attempt_duration.count()), 8) << '\n';
}

void write_summary_row(const client::SummaryRecord& s, std::ostream& out) {
  out << "    = " << client::to_string(s.final_outcome) << " after " << s.attempts
      << (s.attempts == 1 ? " attempt" : " attempts") << ", status "
      << status_text(s.final_http_response_status_code) << ", backoff " << s.total_backoff.count()
      << " ms, elapsed " << s.elapsed.count() << " ms\n";
}

std::string seconds_text(std::chrono::milliseconds ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", static_cast<double>(ms.count()) / 1000.0);
  return buf;
}

// XML 1.0 cannot hold most control characters even as character references, and a path or a
// golden line can hold anything: printable_lines() turns them into visible escapes first, so the
// report is always well-formed UTF-8 XML. Line breaks stay (they are legal in element content).
std::string xml_escape(std::string_view raw) {
  return json::escape_markup(json::printable_lines(raw), /*apostrophe=*/false);
}

// What a CI dashboard shows for a scenario that did not pass: the report stands alone, so a
// missing golden carries the records a reviewer would otherwise look for in the console.
std::string junit_body(const ScenarioOutcome& o) {
  if (o.verdict != Verdict::no_golden || !o.run) return o.detail;
  std::string body = o.detail + "\nthe run's records:";
  for (const std::string& line : o.run->lines) body += "\n" + line;
  return body;
}

}  // namespace

std::optional<ReportFormat> report_format_from_string(std::string_view name) {
  static constexpr std::array<json::EnumName<ReportFormat>, 6> kNames{{
      {"table", ReportFormat::table},
      {"jsonl", ReportFormat::jsonl},
      {"logfmt", ReportFormat::logfmt},
      {"otel", ReportFormat::otel},
      {"junit", ReportFormat::junit},
      {"html", ReportFormat::html},
  }};
  static_assert(json::one_to_one(kNames));
  return json::value_of(kNames, name);
}

// Everything a fixture, a file name or a golden file brings in goes through json::printable():
// an ESC, CR or LF there could otherwise erase or forge the lines around it (a fake PASS).
void write_verdict(const ScenarioOutcome& outcome, std::ostream& out) {
  out << to_string(outcome.verdict) << ' ' << json::printable(outcome.name);
  if (outcome.run) {
    // Real time stays out: the same suite must print the same bytes on every run.
    out << " (" << outcome.run->records.size() << " records, "
        << seconds_text(outcome.run->virtual_elapsed) << " virtual)";
  }
  if (outcome.update != GoldenUpdate::none) out << " golden " << to_string(outcome.update);
  out << '\n';
  if (!outcome.detail.empty()) {
    out << indent(json::printable_lines(outcome.detail), "    ") << '\n';
  }
}

void write_record_table(const std::vector<Record>& records, std::ostream& out) {
  std::string current_operation;
  for (const Record& record : records) {
    if (const auto* a = std::get_if<client::AttemptRecord>(&record)) {
      if (a->operation_id.str() != current_operation) {
        current_operation = a->operation_id.str();
        out << "  " << json::printable(current_operation) << '\n'
            << "      #  status  error             decision       reason                     "
               "backoff     start  duration\n";
      }
      write_attempt_row(*a, out);
    } else {
      write_summary_row(std::get<client::SummaryRecord>(record), out);
    }
  }
}

void write_table(const ScenarioOutcome& outcome, std::ostream& out) {
  out << "== " << json::printable(outcome.name);
  if (!outcome.description.empty()) out << ": " << json::printable(outcome.description);
  out << '\n';
  if (outcome.run) write_record_table(outcome.run->records, out);
  write_verdict(outcome, out);
}

void write_records(const ScenarioOutcome& outcome, client::RecordFormat format, std::ostream& out) {
  if (!outcome.run) return;
  for (const Record& record : outcome.run->records) {
    out << std::visit([format](const auto& r) { return client::format_record(r, format); }, record)
        << '\n';
  }
}

void write_total(const std::vector<ScenarioOutcome>& outcomes, std::ostream& out) {
  std::size_t passed = 0;
  std::size_t failed = 0;
  std::size_t errors = 0;
  for (const ScenarioOutcome& o : outcomes) {
    if (o.verdict == Verdict::pass) {
      ++passed;
    } else if (o.verdict == Verdict::error) {
      ++errors;
    } else {
      ++failed;
    }
  }
  out << passed << " passed, " << failed + errors << " failed";
  if (errors != 0) out << " (" << errors << (errors == 1 ? " error" : " errors") << ")";
  out << '\n';
}

void write_junit(const std::vector<ScenarioOutcome>& outcomes, std::ostream& out) {
  std::size_t failures = 0;
  std::size_t errors = 0;
  double total_seconds = 0;
  for (const ScenarioOutcome& o : outcomes) {
    if (o.verdict == Verdict::error) ++errors;
    if (o.verdict == Verdict::fail || o.verdict == Verdict::no_golden) ++failures;
    if (o.run) total_seconds += std::chrono::duration<double>(o.run->real_elapsed).count();
  }
  char time_buf[32];
  std::snprintf(time_buf, sizeof time_buf, "%.3f", total_seconds);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<testsuites>\n"
      << "  <testsuite name=\"cometbench\" tests=\"" << outcomes.size() << "\" failures=\""
      << failures << "\" errors=\"" << errors << "\" time=\"" << time_buf << "\">\n";
  for (const ScenarioOutcome& o : outcomes) {
    const double seconds = o.run ? std::chrono::duration<double>(o.run->real_elapsed).count() : 0;
    std::snprintf(time_buf, sizeof time_buf, "%.3f", seconds);
    out << "    <testcase classname=\"cometbench.scenarios\" name=\"" << xml_escape(o.name)
        << "\" file=\"" << xml_escape(o.file.string()) << "\" time=\"" << time_buf << "\"";
    if (o.verdict == Verdict::pass) {
      out << "/>\n";
      continue;
    }
    const char* tag = o.verdict == Verdict::error ? "error" : "failure";
    // An attribute value keeps no line break: a parser would turn it into a space.
    const std::string first_line = o.detail.substr(0, o.detail.find('\n'));
    out << ">\n      <" << tag << " message=\"" << xml_escape(first_line) << "\">"
        << xml_escape(junit_body(o)) << "</" << tag << ">\n    </testcase>\n";
  }
  out << "  </testsuite>\n</testsuites>\n";
}

}  // namespace cometbench::runner
