#include "runner/golden.h"

#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>

namespace cometbench::runner {
namespace {

using ordered = nlohmann::ordered_json;

// Above this many cells the alignment table would cost too much memory (a golden of another
// suite, a huge file): records are then paired by position.
constexpr std::size_t kMaxAlignmentCells = 1'000'000;

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

struct Line {
  std::string text;
  ordered json;  // discarded (not an object) when the line does not parse as one
  std::string key;
};

// "attempt op-x-0001 #2" or "summary op-x-0001": how a reader finds the record in the table,
// and what lines records up between the golden and the run.
std::string describe(const ordered& record) {
  std::string out = record.value("record", std::string("record"));
  if (record.contains("operation_id") && record["operation_id"].is_string()) {
    out += " " + record["operation_id"].get<std::string>();
  }
  if (record.contains("attempt_index")) out += " #" + record["attempt_index"].dump();
  return out;
}

std::vector<Line> parse_lines(const std::vector<std::string>& texts) {
  std::vector<Line> lines;
  lines.reserve(texts.size());
  for (const std::string& text : texts) {
    Line line{text, ordered::parse(text, nullptr, false), ""};
    // A line that is not an object never pairs with anything: its own text is its key.
    line.key = line.json.is_object() ? describe(line.json) : "\n" + text;
    lines.push_back(std::move(line));
  }
  return lines;
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
        out << "\n    " << key << ": golden " << golden[key].dump() << ", actual "
            << actual[key].dump();
      }
    } else if (in_golden) {
      out << "\n    " << key << ": golden " << golden[key].dump() << ", actual (missing)";
    } else {
      out << "\n    " << key << ": golden (missing), actual " << actual[key].dump();
    }
  };
  for (const auto& [key, value] : golden.items()) report(key);
  for (const auto& [key, value] : actual.items()) report(key);
  return out.str();
}

// One step of the alignment: a golden line and a run line paired, or one of them alone.
struct Step {
  std::optional<std::size_t> golden;
  std::optional<std::size_t> actual;
};

// Longest common subsequence of the record keys, so an inserted or dropped attempt shows as
// one record instead of shifting every record after it.
std::vector<Step> align(const std::vector<Line>& golden, const std::vector<Line>& actual) {
  const std::size_t g = golden.size();
  const std::size_t a = actual.size();
  std::vector<Step> steps;
  if ((g + 1) * (a + 1) > kMaxAlignmentCells) {
    for (std::size_t i = 0; i < std::max(g, a); ++i) {
      steps.push_back(
          {i < g ? std::optional(i) : std::nullopt, i < a ? std::optional(i) : std::nullopt});
    }
    return steps;
  }
  // lcs[i][j]: the common length of golden[i..] and actual[j..].
  std::vector<std::uint32_t> lcs((g + 1) * (a + 1), 0);
  auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& { return lcs[i * (a + 1) + j]; };
  for (std::size_t i = g; i-- > 0;) {
    for (std::size_t j = a; j-- > 0;) {
      at(i, j) = golden[i].key == actual[j].key ? at(i + 1, j + 1) + 1
                                                : std::max(at(i + 1, j), at(i, j + 1));
    }
  }
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < g || j < a) {
    if (i < g && j < a && golden[i].key == actual[j].key) {
      steps.push_back({i++, j++});
    } else if (i < g && (j == a || at(i + 1, j) >= at(i, j + 1))) {
      // On a tie the golden's record comes first, as `diff` shows removals before additions.
      steps.push_back({i++, std::nullopt});
    } else {
      steps.push_back({std::nullopt, j++});
    }
  }
  return steps;
}

std::string label(const Line& line) { return line.json.is_object() ? " (" + line.key + ")" : ""; }

// The block of one differing step, or "" when the two lines are the same bytes.
std::string explain_step(const Step& step, const std::vector<Line>& golden,
                         const std::vector<Line>& actual) {
  std::ostringstream out;
  if (step.golden && step.actual) {
    const Line& g = golden[*step.golden];
    const Line& a = actual[*step.actual];
    if (g.text == a.text) return "";
    out << "  record " << *step.actual + 1 << label(a) << ":";
    const std::string fields = field_differences(g.json, a.json);
    if (fields.empty()) {
      // Same values, different bytes: key order or spacing changed.
      out << " same fields and values, different bytes (key order or formatting)"
          << "\n    golden: " << g.text << "\n    actual: " << a.text;
    } else {
      out << fields;
    }
  } else if (step.golden) {
    const Line& g = golden[*step.golden];
    if (g.json.is_object()) {
      out << "  golden record " << *step.golden + 1 << label(g) << ": missing from the run";
    } else {
      out << "  golden line " << *step.golden + 1 << ": not a JSON object";
    }
    out << "\n    " << g.text;
  } else {
    const Line& a = actual[*step.actual];
    out << "  record " << *step.actual + 1 << label(a) << ": not in the golden\n    " << a.text;
  }
  return out.str();
}

std::string explain(const std::vector<std::string>& actual_lines, const std::string& golden_text) {
  const std::vector<Line> golden = parse_lines(split_lines(golden_text));
  const std::vector<Line> actual = parse_lines(actual_lines);
  std::vector<std::string> blocks;
  for (const Step& step : align(golden, actual)) {
    std::string block = explain_step(step, golden, actual);
    if (!block.empty()) blocks.push_back(std::move(block));
  }
  if (blocks.empty()) return "the golden file does not end with a newline";
  std::ostringstream out;
  out << blocks.size() << (blocks.size() == 1 ? " record differs" : " records differ")
      << " (the golden has " << golden.size() << ", the run " << actual.size() << "):";
  for (std::size_t i = 0; i < blocks.size() && i < kMaxListedRecords; ++i) out << '\n' << blocks[i];
  if (blocks.size() > kMaxListedRecords) {
    out << "\n  ... and " << blocks.size() - kMaxListedRecords << " more";
  }
  return out.str();
}

// The golden with every CRLF turned into LF, as a Windows checkout with autocrlf undoes.
std::string without_carriage_returns(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    out += text[i];
  }
  return out;
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
  const std::string expected = golden_text_for(actual_lines);
  if (expected == golden_text) return {true, ""};
  if (golden_text.find("\r\n") == std::string::npos) {
    return {false, explain(actual_lines, golden_text)};
  }
  const std::string lf = without_carriage_returns(golden_text);
  const std::string crlf_note =
      "the golden has CRLF line endings (\\r\\n) where the run writes LF (\\n), as a checkout "
      "that converts line endings leaves it; .gitattributes should keep goldens byte-exact "
      "(`*.golden.jsonl -text`)";
  if (lf == expected) return {false, crlf_note + "; the records are otherwise identical"};
  return {false, crlf_note + "; compared without them:\n" + explain(actual_lines, lf)};
}

}  // namespace cometbench::runner
