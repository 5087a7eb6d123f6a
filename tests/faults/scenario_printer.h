#pragma once

#include <ostream>

#include "faults/scenario.h"

// gtest printers for the fault model, so a failed EXPECT_EQ shows readable values instead of
// byte dumps. Found by ADL; they live in the types' namespace.
namespace cometbench::faults {

void PrintTo(const Body& body, std::ostream* os);
void PrintTo(const Dribble& dribble, std::ostream* os);
void PrintTo(const RespondStep& step, std::ostream* os);
void PrintTo(const TimeoutStep& step, std::ostream* os);
void PrintTo(const DropStep& step, std::ostream* os);
void PrintTo(const ResetStep& step, std::ostream* os);
void PrintTo(const TruncateStep& step, std::ostream* os);
void PrintTo(const StreamEvent& event, std::ostream* os);
void PrintTo(const StreamStep& step, std::ostream* os);
void PrintTo(const Step& step, std::ostream* os);
void PrintTo(const RouteScript& route, std::ostream* os);
void PrintTo(const ClientSpec& client, std::ostream* os);
void PrintTo(const Scenario& scenario, std::ostream* os);

}  // namespace cometbench::faults
