// ParseOptions::ref_root: `$ref`s of an uploaded fixture stay inside one folder, and the answer
// never tells whether a file outside it exists.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "faults/beneath.h"
#include "faults/parser.h"
#include "hostile_trees.h"

namespace cometbench::faults {
namespace {
namespace fs = std::filesystem;

constexpr const char* kBody = "/script/POST ~1v1~1chat~1completions/steps/0/respond/body";

// TMP/root/{scenarios, responses/ok.json, responses/evil.json}, TMP/outside/secret.json, and
// symbolic links in scenarios/ that lead in and out of the root.
class RefRootTest : public ::testing::Test {
 protected:
  RefRootTest() {
    tmp_.write("root/responses/ok.json", R"({"ok": true})");
    tmp_.write("root/responses/evil.json", R"({"$ref": "../../outside/secret.json"})");
    tmp_.write("outside/secret.json", R"({"secret": 1})");
    fs::create_directories(scenarios());
    fs::create_symlink("../../outside", scenarios() / "link_out");
    fs::create_symlink(tmp_.path() / "outside" / "secret.json", scenarios() / "abs_out.json");
    fs::create_symlink(root() / "responses" / "ok.json", scenarios() / "abs_in.json");
    fs::create_symlink("../responses/ok.json", scenarios() / "rel_in.json");
    fs::create_symlink("loop.json", scenarios() / "loop.json");
  }

  fs::path root() const { return tmp_.path() / "root"; }
  fs::path scenarios() const { return root() / "scenarios"; }

  // The body of an uploaded scenario whose body is {"$ref": ref}, parsed with the root.
  std::string body_of(const std::string& ref, std::optional<fs::path> base = std::nullopt) const {
    ParseOptions options;
    options.ref_root = root();
    const Scenario s = parse_scenario(hostile::scenario_with_body("up", hostile::ref_to(ref)),
                                      "<upload>", base.value_or(scenarios()), options);
    return std::get<RespondStep>(s.routes.at(0).steps.at(0)).body.bytes;
  }

  std::string error_of(const std::string& ref, std::optional<fs::path> base = std::nullopt) const {
    try {
      return "parsed: " + body_of(ref, base);
    } catch (const FixtureError& e) {
      return e.what();
    }
  }

  std::string outside(const std::string& ref) const {
    return std::string("<upload>:2:91: ") + kBody + "/$ref: \"" + ref + "\": outside the root " +
           root().string();
  }

  hostile::TempDir tmp_;
};

TEST_F(RefRootTest, RefsInsideTheRootResolve) {
  EXPECT_EQ(body_of("../responses/ok.json"), R"({"ok":true})");
  EXPECT_EQ(body_of("./../scenarios/../responses/ok.json"), R"({"ok":true})");
}

TEST_F(RefRootTest, SymbolicLinksThatStayInsideAreFollowed) {
  EXPECT_EQ(body_of("rel_in.json"), R"({"ok":true})");
  EXPECT_EQ(body_of("abs_in.json"), R"({"ok":true})");
}

TEST_F(RefRootTest, DotDotOutOfTheRootIsRefusedWhetherOrNotTheTargetExists) {
  EXPECT_EQ(error_of("../../outside/secret.json"), outside("../../outside/secret.json"));
  EXPECT_EQ(error_of("../../outside/missing.json"), outside("../../outside/missing.json"));
  EXPECT_EQ(error_of("../../no_such_dir/x.json"), outside("../../no_such_dir/x.json"));
}

TEST_F(RefRootTest, APathThatLeavesTheRootAndComesBackIsStillRefused) {
  EXPECT_EQ(error_of("../../root/responses/ok.json"), outside("../../root/responses/ok.json"));
  EXPECT_EQ(error_of("missing/../../../outside/secret.json"),
            outside("missing/../../../outside/secret.json"));
}

TEST_F(RefRootTest, SymbolicLinksThatLeadOutAreRefusedWhetherOrNotTheTargetExists) {
  EXPECT_EQ(error_of("link_out/secret.json"), outside("link_out/secret.json"));
  EXPECT_EQ(error_of("link_out/missing.json"), outside("link_out/missing.json"));
  EXPECT_EQ(error_of("abs_out.json"), outside("abs_out.json"));
}

TEST_F(RefRootTest, ARefInsideAReferencedFileIsHeldToTheSameRoot) {
  EXPECT_EQ(error_of("../responses/evil.json"),
            (scenarios() / "../responses/evil.json").lexically_normal().string() +
                ":1:2: /$ref: \"../../outside/secret.json\": outside the root " + root().string());
}

TEST_F(RefRootTest, MissingFilesAndLoopsInsideTheRootSayWhatIsWrong) {
  EXPECT_EQ(error_of("missing.json"), std::string("<upload>:2:91: ") + kBody +
                                          "/$ref: \"missing.json\": cannot read file: No such "
                                          "file or directory");
  EXPECT_EQ(error_of("loop.json"), std::string("<upload>:2:91: ") + kBody +
                                       "/$ref: \"loop.json\": cannot read file: Too many levels "
                                       "of symbolic links");
}

TEST_F(RefRootTest, AFixtureFolderOutsideTheRootReachesNothing) {
  EXPECT_EQ(error_of("secret.json", tmp_.path() / "outside"), outside("secret.json"));
}

TEST_F(RefRootTest, WithoutARootRefsGoWhereTheirPathsLead) {
  const Scenario s = parse_scenario(
      hostile::scenario_with_body("up", hostile::ref_to("../../outside/secret.json")), "<upload>",
      scenarios());
  EXPECT_EQ(std::get<RespondStep>(s.routes.at(0).steps.at(0)).body.bytes, R"({"secret":1})");
}

TEST(ResolveBeneath, WalksSymbolicLinksItselfAndNeverLeavesTheRoot) {
  const hostile::TempDir tmp;
  const fs::path root = fs::canonical(tmp.path());
  tmp.write("a/b/file.json", "1");
  fs::create_symlink("a/b", root / "ab");
  fs::create_symlink("ab/../../..", root / "up");
  const auto inside = resolve_beneath(root, root, "ab/file.json");
  EXPECT_EQ(inside.kind, BeneathResult::Kind::inside);
  EXPECT_EQ(inside.path, root / "a" / "b" / "file.json");
  // `..` after a link applies to where the link leads (a/b/.. is a), as the kernel does it.
  EXPECT_EQ(resolve_beneath(root, root, "ab/../b/file.json").path, root / "a" / "b" / "file.json");
  EXPECT_EQ(resolve_beneath(root, root, "up/x").kind, BeneathResult::Kind::outside);
  const auto not_dir = resolve_beneath(root, root, "a/b/file.json/x");
  EXPECT_EQ(not_dir.kind, BeneathResult::Kind::error);
  EXPECT_EQ(not_dir.error, ENOTDIR);
}

TEST(IsWithin, ComparesWholeComponents) {
  EXPECT_TRUE(is_within("/srv/fx/a.json", "/srv/fx"));
  EXPECT_TRUE(is_within("/srv/fx", "/srv/fx"));
  EXPECT_FALSE(is_within("/srv/fxx/a.json", "/srv/fx"));
  EXPECT_FALSE(is_within("/srv", "/srv/fx"));
}

}  // namespace
}  // namespace cometbench::faults
