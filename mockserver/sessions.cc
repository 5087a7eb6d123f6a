#include "mockserver/sessions.h"

#include <algorithm>
#include <stdexcept>

namespace cometbench::mockserver {
namespace {

bool is_id_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

}  // namespace

bool is_valid_session_id(std::string_view id) {
  return !id.empty() && id.size() <= kMaxSessionIdLength &&
         std::all_of(id.begin(), id.end(), is_id_char);
}

SessionPath split_session_path(const std::string& path) {
  if (!path.starts_with(kSessionPrefix)) return {"", path, true};
  const std::size_t id_start = kSessionPrefix.size();
  const std::size_t slash = path.find('/', id_start);
  if (slash == std::string::npos) return {"", path, false};
  std::string id = path.substr(id_start, slash - id_start);
  if (!is_valid_session_id(id)) return {"", path, false};
  return {std::move(id), path.substr(slash), true};
}

SessionTable::SessionTable(std::vector<faults::Scenario> scenarios, std::size_t max_sessions)
    : max_sessions_(max_sessions) {
  if (scenarios.empty()) throw std::invalid_argument("no scenario to serve");
  for (auto& scenario : scenarios) {
    if (find(scenario.name) != nullptr) {
      throw std::invalid_argument("two scenarios are named '" + scenario.name + "'");
    }
    loaded_.push_back(std::make_shared<const faults::Scenario>(std::move(scenario)));
  }
  default_ = loaded_.front();
  default_state_ = std::make_shared<ScriptState>(default_);
}

const SessionTable::SharedScenario* SessionTable::find(const std::string& name) const {
  const auto it = std::find_if(loaded_.begin(), loaded_.end(),
                               [&](const SharedScenario& s) { return s->name == name; });
  return it == loaded_.end() ? nullptr : &*it;
}

std::shared_ptr<ScriptState> SessionTable::state_for(const std::string& id) {
  if (id.empty()) return default_state_;
  if (const auto it = sessions_.find(id); it != sessions_.end()) return it->second;
  if (sessions_.size() >= max_sessions_) return nullptr;
  auto state = std::make_shared<ScriptState>(default_);
  sessions_.emplace(id, state);
  return state;
}

void SessionTable::reset(const std::string& id) {
  if (id.empty()) {
    default_state_ = std::make_shared<ScriptState>(default_state_->shared_scenario());
    return;
  }
  if (const auto it = sessions_.find(id); it != sessions_.end()) {
    it->second = std::make_shared<ScriptState>(it->second->shared_scenario());
  }
}

void SessionTable::reset_all() {
  sessions_.clear();
  default_state_ = std::make_shared<ScriptState>(default_);
}

const SessionTable::SharedScenario& SessionTable::loaded(const std::string& name) const {
  const SharedScenario* scenario = find(name);
  if (scenario == nullptr) {
    std::string names;
    for (const auto& s : loaded_) names += (names.empty() ? "" : ", ") + s->name;
    throw std::invalid_argument("no scenario named '" + name + "' is loaded (loaded: " + names +
                                ")");
  }
  return *scenario;
}

void SessionTable::select(const std::string& id, const std::string& name) {
  auto state = std::make_shared<ScriptState>(loaded(name));
  if (id.empty()) {
    default_state_ = std::move(state);
    return;
  }
  if (!sessions_.contains(id) && sessions_.size() >= max_sessions_) {
    throw std::invalid_argument("session limit reached (" + std::to_string(max_sessions_) +
                                " sessions): remove finished ones with DELETE "
                                "/__admin/sessions/ID, or start serve with a larger "
                                "--max-sessions");
  }
  sessions_[id] = std::move(state);
}

bool SessionTable::remove(const std::string& id) {
  if (id.empty()) {
    reset(id);
    return true;
  }
  return sessions_.erase(id) > 0;
}

void SessionTable::use_as_default(const std::string& name) {
  default_ = loaded(name);
  reset_all();
}

void SessionTable::load(faults::Scenario scenario) {
  auto shared = std::make_shared<const faults::Scenario>(std::move(scenario));
  const auto it = std::find_if(loaded_.begin(), loaded_.end(),
                               [&](const SharedScenario& s) { return s->name == shared->name; });
  if (it != loaded_.end()) {
    *it = shared;
  } else if (loaded_.size() >= kMaxLoadedScenarios) {
    throw std::invalid_argument("cannot load scenario '" + shared->name +
                                "': " + std::to_string(kMaxLoadedScenarios) +
                                " scenarios are loaded already (upload under a loaded name to "
                                "replace one)");
  } else {
    loaded_.push_back(shared);
  }
  default_ = std::move(shared);
  reset_all();
}

std::vector<SessionInfo> SessionTable::sessions() const {
  std::vector<SessionInfo> out;
  out.push_back({"", default_state_->scenario().name});
  for (const auto& [id, state] : sessions_) out.push_back({id, state->scenario().name});
  return out;
}

std::vector<std::string> SessionTable::scenario_names() const {
  std::vector<std::string> names{default_->name};
  for (const auto& s : loaded_) {
    if (s != default_) names.push_back(s->name);
  }
  return names;
}

}  // namespace cometbench::mockserver
