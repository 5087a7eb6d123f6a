#include "runner/suite.h"

#include <array>
#include <fstream>
#include <sstream>

#include "json/enum_names.h"
#include "review/review.h"
#include "runner/discovery.h"
#include "runner/golden.h"
#include "runner/parallel.h"

namespace cometbench::runner {
namespace fs = std::filesystem;

namespace {

std::optional<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  return static_cast<bool>(out.flush());
}

void judge(ScenarioOutcome& outcome, const SuiteOptions& options) {
  const ScenarioRun& run = *outcome.run;
  const std::string golden_text = golden_text_for(run.lines);
  const std::optional<std::string> golden = read_file(outcome.golden);
  if (options.update) {
    if (golden && *golden == golden_text) {
      outcome.update = GoldenUpdate::unchanged;
    } else {
      if (golden) outcome.detail = compare_with_golden(run.lines, *golden).explanation;
      if (!write_file(outcome.golden, golden_text)) {
        outcome.verdict = Verdict::error;
        outcome.detail = outcome.golden.string() + ": cannot write the golden file";
        return;
      }
      outcome.update = golden ? GoldenUpdate::updated : GoldenUpdate::created;
    }
  } else if (!golden) {
    outcome.verdict = Verdict::no_golden;
    outcome.detail = "no golden file " + outcome.golden.string() +
                     "; check the run's records, then create it with: cometbench run --update " +
                     outcome.file.string();
    return;
  } else {
    const GoldenComparison comparison = compare_with_golden(run.lines, *golden);
    if (!comparison.equal) {
      outcome.verdict = Verdict::fail;
      outcome.detail = comparison.explanation;
      return;
    }
  }
  const std::string findings = review_findings(run, outcome.name);
  if (!findings.empty()) {
    outcome.verdict = Verdict::fail;
    outcome.detail = "the records break the review checklist:\n" + findings;
    return;
  }
  outcome.verdict = Verdict::pass;
}

// nullopt when the filter leaves the scenario out.
std::optional<ScenarioOutcome> run_one(const fs::path& file, const SuiteOptions& options) {
  ScenarioOutcome outcome;
  outcome.file = file;
  outcome.golden = golden_path_for(file);
  outcome.name = file.stem().string();
  // load_scenario() insists the name equals the file's, so the filter can look before parsing.
  if (!matches_filter(outcome.name, options.filter)) return std::nullopt;
  try {
    const LoadedScenario loaded = load_scenario(file);
    outcome.description = loaded.scenario.description;
    outcome.run = run_scenario(loaded);
  } catch (const std::exception& e) {
    // FixtureError and PolicyError already read `FILE: POINTER: MESSAGE`.
    outcome.verdict = Verdict::error;
    outcome.detail = e.what();
    return outcome;
  }
  judge(outcome, options);
  return outcome;
}

}  // namespace

std::string review_findings(const ScenarioRun& run, const std::string& name) {
  std::istringstream log(golden_text_for(run.lines));
  const std::vector<review::Finding> findings = review::review_log(log, name + " records");
  std::string out;
  for (const review::Finding& f : findings) {
    if (!out.empty()) out += '\n';
    out += review::format_text(f);
  }
  return out;
}

// How reports spell verdicts and golden updates. A scenario without a golden is reported as a
// failure, so two verdicts share "FAIL" and this table is read in one direction only.
constexpr std::array<json::EnumName<Verdict>, 4> kVerdictNames{{
    {"PASS", Verdict::pass},
    {"FAIL", Verdict::fail},
    {"FAIL", Verdict::no_golden},
    {"ERROR", Verdict::error},
}};
constexpr std::array<json::EnumName<GoldenUpdate>, 4> kGoldenUpdateNames{{
    {"", GoldenUpdate::none},
    {"created", GoldenUpdate::created},
    {"updated", GoldenUpdate::updated},
    {"unchanged", GoldenUpdate::unchanged},
}};
static_assert(json::one_to_one(kGoldenUpdateNames));

// Every token above is a string literal, so data() is NUL-terminated.
const char* to_string(Verdict v) { return json::name_of(kVerdictNames, v).data(); }
const char* to_string(GoldenUpdate u) { return json::name_of(kGoldenUpdateNames, u).data(); }

std::vector<ScenarioOutcome> run_suite(const std::vector<fs::path>& files,
                                       const SuiteOptions& options) {
  std::vector<std::optional<ScenarioOutcome>> slots(files.size());
  for_each_index(files.size(), options.jobs, [&](std::size_t i) {
    slots[i] = run_one(files[i], options);
    if (slots[i] && options.on_finished) options.on_finished(*slots[i]);
  });

  std::vector<ScenarioOutcome> outcomes;
  for (std::optional<ScenarioOutcome>& slot : slots) {
    if (slot) outcomes.push_back(std::move(*slot));
  }
  return outcomes;
}

int exit_code_for(const std::vector<ScenarioOutcome>& outcomes) {
  int code = 0;
  for (const ScenarioOutcome& o : outcomes) {
    if (o.verdict == Verdict::error) return 2;
    if (o.verdict != Verdict::pass) code = 1;
  }
  return code;
}

}  // namespace cometbench::runner
