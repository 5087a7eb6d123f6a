#include "scenario_printer.h"

#include <nlohmann/json.hpp>
#include <variant>

namespace cometbench::faults {
namespace {

using Out = nlohmann::ordered_json;

template <class... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
// clang 14 lacks class template argument deduction for aggregates (P1816).
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

Out to_out(const Headers& headers) {
  Out out = Out::array();
  for (const auto& [name, value] : headers) out.push_back(Out::array({name, value}));
  return out;
}

Out to_out(const Body& body) { return {{"bytes", body.bytes}, {"is_json", body.is_json}}; }

Out to_out(const StreamEvent& event) { return {{"data", event.data}, {"is_json", event.is_json}}; }

Out to_out(const Step& step) {
  return std::visit(
      Overloaded{
          [](const RespondStep& s) {
            Out o = {{"respond",
                      {{"status", s.status},
                       {"headers", to_out(s.headers)},
                       {"body", to_out(s.body)},
                       {"delay_ms", s.delay.count()}}}};
            if (s.dribble) {
              o["respond"]["dribble"] = {{"chunks", s.dribble->chunks},
                                         {"gap_ms", s.dribble->gap.count()}};
            }
            return o;
          },
          [](const TimeoutStep&) {
            return Out{{"timeout", Out::object()}};
          },
          [](const DropStep&) {
            return Out{{"drop", Out::object()}};
          },
          [](const ResetStep&) {
            return Out{{"reset", Out::object()}};
          },
          [](const TruncateStep& s) {
            return Out{{"truncate",
                        {{"status", s.status},
                         {"headers", to_out(s.headers)},
                         {"body", to_out(s.body)},
                         {"after_bytes", s.after_bytes}}}};
          },
          [](const StreamStep& s) {
            Out events = Out::array();
            for (const auto& e : s.events) events.push_back(to_out(e));
            return Out{{"stream",
                        {{"status", s.status},
                         {"headers", to_out(s.headers)},
                         {"events", events},
                         {"usage", s.usage ? to_out(*s.usage) : Out(nullptr)},
                         {"gap_ms", s.gap.count()},
                         {"drop_after", s.drop_after ? Out(*s.drop_after) : Out(nullptr)},
                         {"done", s.done}}}};
          },
      },
      step);
}

Out to_out(const RouteScript& route) {
  Out steps = Out::array();
  for (const auto& s : route.steps) steps.push_back(to_out(s));
  return {{"method", route.method},
          {"path", route.path},
          {"steps", steps},
          {"when_exhausted", to_string(route.when_exhausted)}};
}

Out to_out(const ClientSpec& c) {
  return {{"policy", Out::parse(c.policy.dump())},
          {"request", Out::parse(c.request.dump())},
          {"api_key", c.api_key ? Out(*c.api_key) : Out(nullptr)},
          {"operations", c.operations},
          {"base_path", c.base_path},
          {"cancel_after_ms", c.cancel_after ? Out(c.cancel_after->count()) : Out(nullptr)}};
}

Out to_out(const Scenario& s) {
  Out routes = Out::array();
  for (const auto& r : s.routes) routes.push_back(to_out(r));
  return {{"name", s.name},
          {"description", s.description},
          {"api_key", s.api_key ? Out(*s.api_key) : Out(nullptr)},
          {"routes", routes},
          {"client", to_out(s.client)},
          {"source", s.source}};
}

template <class T>
void print(const T& value, std::ostream* os) {
  *os << to_out(value).dump(2);
}

}  // namespace

void PrintTo(const Body& body, std::ostream* os) { print(body, os); }
void PrintTo(const Dribble& d, std::ostream* os) {
  *os << "{chunks: " << d.chunks << ", gap_ms: " << d.gap.count() << "}";
}
void PrintTo(const RespondStep& step, std::ostream* os) { print(Step(step), os); }
void PrintTo(const TimeoutStep& step, std::ostream* os) { print(Step(step), os); }
void PrintTo(const DropStep& step, std::ostream* os) { print(Step(step), os); }
void PrintTo(const ResetStep& step, std::ostream* os) { print(Step(step), os); }
void PrintTo(const TruncateStep& step, std::ostream* os) { print(Step(step), os); }
void PrintTo(const StreamEvent& event, std::ostream* os) { print(event, os); }
void PrintTo(const StreamStep& step, std::ostream* os) { print(Step(step), os); }
void PrintTo(const Step& step, std::ostream* os) { print(step, os); }
void PrintTo(const RouteScript& route, std::ostream* os) { print(route, os); }
void PrintTo(const ClientSpec& client, std::ostream* os) { print(client, os); }
void PrintTo(const Scenario& scenario, std::ostream* os) { print(scenario, os); }

}  // namespace cometbench::faults
