#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "runner/scenario_runner.h"

namespace cometbench::runner {

enum class Verdict {
  pass,       // the records equal the golden, byte for byte
  fail,       // they differ, or the records break the review checklist
  no_golden,  // there is no golden file yet
  error,      // the fixture or its policy is bad, or the run could not happen
};

/// What `--update` did to a golden file.
enum class GoldenUpdate { none, created, updated, unchanged };

const char* to_string(Verdict v);
const char* to_string(GoldenUpdate u);

struct ScenarioOutcome {
  std::filesystem::path file;
  std::filesystem::path golden;
  std::string name;         // the scenario's name (the file stem when it did not parse)
  std::string description;  // empty when it did not parse
  Verdict verdict = Verdict::error;
  /// Why it did not pass: the golden diff, review findings, or the input error (which names
  /// the file and the JSON pointer).
  std::string detail;
  GoldenUpdate update = GoldenUpdate::none;
  std::optional<ScenarioRun> run;
};

struct SuiteOptions {
  bool update = false;  // write goldens that are missing or differ
  std::string filter;   // matches_filter() on the scenario name
  unsigned jobs = 0;    // parallel scenarios; 0: one per core
  /// Called as each scenario the filter kept finishes, on the thread that ran it (so several
  /// calls may overlap); may be empty.
  std::function<void(const ScenarioOutcome&)> on_finished;
};

/// Runs every scenario file (in the order given) whose name passes the filter, compares each
/// with its golden, and checks its records with the review checklist (our own client must
/// never write a log that `cometbench review` would flag). Never throws for a bad fixture:
/// that scenario gets Verdict::error. Results come back in input order.
std::vector<ScenarioOutcome> run_suite(const std::vector<std::filesystem::path>& files,
                                       const SuiteOptions& options);

/// The review checklist's findings on a run's records (`name records:LINE: ...`, one a line);
/// empty when the records pass. Our own client must never write a log that review flags.
std::string review_findings(const ScenarioRun& run, const std::string& name);

/// The process exit code for a suite: 2 when any scenario had an input error, else 1 when any
/// did not pass, else 0.
int exit_code_for(const std::vector<ScenarioOutcome>& outcomes);

}  // namespace cometbench::runner
