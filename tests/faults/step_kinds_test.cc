#include "faults/step_kinds.h"

#include <gtest/gtest.h>

#include <string>

namespace cometbench::faults {
namespace {

TEST(StepKindsTest, OneEntryPerKindInTheVariantsOrder) {
  ASSERT_EQ(kStepKinds.size(), 6U);
  EXPECT_EQ(kStepKinds[0].name, "respond");
  EXPECT_EQ(kStepKinds[1].name, "timeout");
  EXPECT_EQ(kStepKinds[2].name, "drop");
  EXPECT_EQ(kStepKinds[3].name, "reset");
  EXPECT_EQ(kStepKinds[4].name, "truncate");
  EXPECT_EQ(kStepKinds[5].name, "stream");
}

TEST(StepKindsTest, WhatEachKindNeedsOfTheConnection) {
  EXPECT_EQ(step_kind_info(Step{RespondStep{}}).socket, SocketUse::kWhenItWaits);
  EXPECT_EQ(step_kind_info(Step{TimeoutStep{}}).socket, SocketUse::kRequired);
  EXPECT_EQ(step_kind_info(Step{DropStep{}}).socket, SocketUse::kRequired);
  EXPECT_EQ(step_kind_info(Step{ResetStep{}}).socket, SocketUse::kRequired);
  EXPECT_EQ(step_kind_info(Step{TruncateStep{}}).socket, SocketUse::kNone);
  EXPECT_EQ(step_kind_info(Step{StreamStep{}}).socket, SocketUse::kToNoticeHangUp);
}

TEST(StepKindsTest, StepKindNamesTheKindAndIsStepKindKnowsEveryName) {
  EXPECT_EQ(std::string(step_kind(Step{TruncateStep{}})), "truncate");
  EXPECT_EQ(std::string(step_kind(Step{ResetStep{}})), "reset");
  for (const StepKindInfo& kind : kStepKinds) EXPECT_TRUE(is_step_kind(kind.name)) << kind.name;
  EXPECT_FALSE(is_step_kind("weight"));
  EXPECT_FALSE(is_step_kind("Respond"));
  static_assert(is_step_kind("stream"));
}

}  // namespace
}  // namespace cometbench::faults
