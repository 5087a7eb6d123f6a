#include "tune/profile_strategy.h"

#include <algorithm>
#include <charconv>

namespace cometbench::tune {
namespace {

std::vector<std::uint64_t> weights_of(const faults::FaultProfile& profile) {
  std::vector<std::uint64_t> weights;
  for (const faults::MixEntry& entry : profile.mix) weights.push_back(entry.weight);
  return weights;
}

// A whole decimal number and nothing else.
std::optional<std::uint64_t> parse_count(const std::optional<std::string>& text) {
  if (!text || text->empty()) return std::nullopt;
  std::uint64_t value = 0;
  const char* end = text->data() + text->size();
  const auto [ptr, ec] = std::from_chars(text->data(), end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

}  // namespace

faults::RouteScript profile_script(const faults::FaultProfile& profile) {
  faults::RouteScript script;
  script.method = "POST";
  script.path = profile.client.base_path + "/chat/completions";
  for (const faults::MixEntry& entry : profile.mix) script.steps.push_back(entry.step);
  for (const faults::Outage& outage : profile.outages) script.steps.push_back(outage.step);
  return script;
}

ProfileStrategy::ProfileStrategy(const faults::FaultProfile& profile, std::uint64_t seed,
                                 const OperationTable& operations, bool keep_served)
    : seed_(seed),
      mix_size_(profile.mix.size()),
      picker_(weights_of(profile)),
      outages_([&profile] {
        std::vector<Window> windows;
        for (const faults::Outage& o : profile.outages) {
          windows.push_back({o.from.count(), o.to.count()});
        }
        return windows;
      }()),
      operations_(operations),
      keep_served_(keep_served) {}

std::optional<mockserver::StepChoice> ProfileStrategy::choose(
    const faults::RouteScript&, const mockserver::StepRequest& request, std::string& reason) {
  const std::optional<std::uint64_t> operation = parse_count(request.header(kOperationHeader));
  const std::optional<std::uint64_t> retries = parse_count(request.header(kRetryCountHeader));
  if (!operation || !retries || *retries >= 1'000'000) {
    reason = std::string("a tune request needs the headers ") + kOperationHeader + " and " +
             kRetryCountHeader;
    return std::nullopt;
  }
  std::shared_ptr<OperationState> state = operations_.find(*operation);
  if (!state) {
    reason = "operation " + std::to_string(*operation) + " is not in flight";
    return std::nullopt;
  }
  const int attempt = static_cast<int>(*retries) + 1;
  const std::int64_t now_ms = clock::to_ms(state->clock.now() - clock::TimePoint{});
  // Windows are sorted and disjoint: the first one not over yet is the only candidate.
  const auto window = std::find_if(outages_.begin(), outages_.end(),
                                   [now_ms](const Window& w) { return now_ms < w.to_ms; });
  const bool in_outage = window != outages_.end() && now_ms >= window->from_ms;
  const std::size_t step =
      in_outage ? mix_size_ + static_cast<std::size_t>(window - outages_.begin())
                : picker_.pick(fault_draw(seed_, *operation, static_cast<std::uint64_t>(attempt)));
  if (keep_served_) {
    std::lock_guard lock(mu_);
    served_.push_back(ServedStep{static_cast<std::size_t>(*operation), attempt, step, in_outage});
  }
  return mockserver::StepChoice{step, std::make_shared<ServerSideClock>(std::move(state))};
}

std::vector<ServedStep> ProfileStrategy::served() const {
  std::lock_guard lock(mu_);
  return served_;
}

}  // namespace cometbench::tune
