#include "runner/golden.h"

#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace cometbench::runner {
namespace {

using ordered = nlohmann::ordered_json;

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    if (end == std::string::npos) {
      lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// "attempt op-x-0001 #2" or "summary op-x-0001": how a reader finds the record in the table.
std::string describe(const ordered& record) {
  std::string out = record.value("record", std::string("record"));
  if (record.contains("operation_id") && record["operation_id"].is_string()) {
    out += " " + record["operation_id"].get<std::string>();
  }
  if (record.contains("attempt_index")) out += " #" + record["attempt_index"].dump();
  return out;
}

std::string field_differences(const ordered& golden, const ordered& actual) {
  std::ostringstream out;
  std::set<std::string> seen;
  auto report = [&](const std::string& key) {
    if (!seen.insert(key).second) return;
    const bool in_golden = golden.contains(key);
    const bool in_actual = actual.contains(key);
    if (in_golden && in_actual) {
      if (golden[key] != actual[key]) {
        out << "\n  " << key << ": golden " << golden[key].dump() << ", actual "
            << actual[key].dump();
      }
    } else if (in_golden) {
      out << "\n  " << key << ": golden " << golden[key].dump() << ", actual (missing)";
    } else {
      out << "\n  " << key << ": golden (missing), actual " << actual[key].dump();
    }
  };
  for (const auto& [key, value] : golden.items()) report(key);
  for (const auto& [key, value] : actual.items()) report(key);
  return out.str();
}

std::string explain_line(std::size_t index, const std::string& golden_line,
                         const std::string& actual_line) {
  std::ostringstream out;
  const ordered golden = ordered::parse(golden_line, nullptr, false);
  const ordered actual = ordered::parse(actual_line, nullptr, false);
  if (!golden.is_object()) {
    out << "golden line " << index + 1 << " is not a JSON object: " << golden_line;
    return out.str();
  }
  out << "record " << index + 1 << " (" << describe(golden) << ") differs:";
  const std::string fields = field_differences(golden, actual);
  if (fields.empty()) {
    // Same values, different bytes: key order or spacing changed.
    out << "\n  same fields and values, different bytes (key order or formatting)"
        << "\n  golden: " << golden_line << "\n  actual: " << actual_line;
  } else {
    out << fields;
  }
  return out.str();
}

}  // namespace

std::string golden_text_for(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) {
    text += line;
    text += '\n';
  }
  return text;
}

GoldenComparison compare_with_golden(const std::vector<std::string>& actual_lines,
                                     const std::string& golden_text) {
  if (golden_text_for(actual_lines) == golden_text) return {true, ""};
  const std::vector<std::string> golden_lines = split_lines(golden_text);
  const std::size_t common = std::min(golden_lines.size(), actual_lines.size());
  for (std::size_t i = 0; i < common; ++i) {
    if (golden_lines[i] != actual_lines[i]) {
      return {false, explain_line(i, golden_lines[i], actual_lines[i])};
    }
  }
  std::ostringstream out;
  if (golden_lines.size() > actual_lines.size()) {
    out << "the run produced " << actual_lines.size() << " records, the golden has "
        << golden_lines.size() << "; first missing record " << common + 1 << ": "
        << golden_lines[common];
  } else if (actual_lines.size() > golden_lines.size()) {
    out << "the run produced " << actual_lines.size() << " records, the golden has "
        << golden_lines.size() << "; first extra record " << common + 1 << ": "
        << actual_lines[common];
  } else {
    out << "the golden file does not end with a newline";
  }
  return {false, out.str()};
}

}  // namespace cometbench::runner
