#include "mockserver/playbook.h"

#include <stdexcept>

namespace cometbench::mockserver {

std::string request_id(const std::string& session, std::uint64_t seq) {
  return "mock-" + (session.empty() ? "" : session + "-") + std::to_string(seq);
}

Playbook::Playbook(std::vector<faults::Scenario> scenarios, std::size_t max_sessions,
                   Journal& journal, clock::Clock& clock, std::shared_ptr<StepStrategy> strategy)
    : journal_(journal),
      clock_(clock),
      strategy_(std::move(strategy)),
      table_(std::move(scenarios), max_sessions) {}

Claim Playbook::claim(const std::string& method, const std::string& authorization,
                      const SessionPath& where, bool body_problem, JournalEntry entry,
                      const std::function<std::optional<std::string>(const std::string&)>& header) {
  Claim c;
  std::lock_guard lock(mu_);
  const auto own = [&](OwnAnswer kind, const char* served, int status) {
    c.own = kind;
    entry.served = served;
    entry.status = status;
  };
  if (!where.valid) {
    own(OwnAnswer::kInvalidSession, "invalid_session", 400);
  } else if (!(c.state = table_.state_for(where.session))) {
    own(OwnAnswer::kSessionLimit, "session_limit", 400);
  } else {
    const faults::Scenario& scenario = c.state->scenario();
    c.script = c.state->find(method, where.route);
    // CometAPI checks the key before anything else; none of these consumes a step.
    if (scenario.api_key && authorization != "Bearer " + *scenario.api_key) {
      own(OwnAnswer::kAuthRejected, "auth_rejected", 401);
    } else if (c.script == nullptr) {
      own(OwnAnswer::kNotFound, "not_found", 404);
    } else if (body_problem) {
      own(OwnAnswer::kInvalidRequest, "invalid_request", 400);
    } else if (strategy_) {
      const StepRequest request{method, where.route, header};
      c.no_step_reason = "the step strategy chose no step";
      const std::optional<StepChoice> choice =
          strategy_->choose(*c.script, request, c.no_step_reason);
      if (!choice || choice->step_index >= c.script->steps.size()) {
        if (choice) c.no_step_reason = "the step strategy chose a step out of range";
        own(OwnAnswer::kNoStep, "no_step", 500);
      } else {
        c.step = &c.script->steps[choice->step_index];
        c.clock = choice->clock;
        entry.step_index = choice->step_index;
        entry.served = faults::step_kind(*c.step);
      }
    } else if (const auto index = c.state->claim(*c.script)) {
      c.step = &c.script->steps[*index];
      entry.step_index = *index;
      entry.served = faults::step_kind(*c.step);
    } else {
      own(OwnAnswer::kExhausted, "exhausted", 500);
    }
  }
  const std::string session = entry.session;
  c.handle = journal_.record(std::move(entry), (c.clock ? *c.clock : clock_).now());
  c.request_id = request_id(session, c.handle.seq);
  return c;
}

void Playbook::load(faults::Scenario scenario) {
  std::lock_guard lock(mu_);
  table_.load(std::move(scenario));
  journal_.reset(clock_.now());
}

void Playbook::use_scenario(const std::string& name) {
  std::lock_guard lock(mu_);
  table_.use_as_default(name);
  journal_.reset(clock_.now());
}

void Playbook::reset() {
  std::lock_guard lock(mu_);
  table_.reset_all();
  journal_.reset(clock_.now());
}

void Playbook::reset_session(const std::string& id) {
  std::lock_guard lock(mu_);
  table_.reset(id);
  journal_.erase_session(id);
}

void Playbook::select_scenario(const std::string& id, const std::string& name) {
  if (!is_valid_session_id(id)) {
    throw std::invalid_argument("invalid session ID: 1 to " + std::to_string(kMaxSessionIdLength) +
                                " letters, digits, '-' or '_'");
  }
  std::lock_guard lock(mu_);
  table_.select(id, name);
  journal_.erase_session(id);
}

bool Playbook::remove_session(const std::string& id) {
  std::lock_guard lock(mu_);
  const bool removed = table_.remove(id);
  journal_.erase_session(id);
  return removed;
}

std::vector<SessionInfo> Playbook::sessions() const {
  std::lock_guard lock(mu_);
  return table_.sessions();
}

std::vector<std::string> Playbook::scenario_names() const {
  std::lock_guard lock(mu_);
  return table_.scenario_names();
}

}  // namespace cometbench::mockserver
