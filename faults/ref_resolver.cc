#include "faults/ref_resolver.h"

#include <algorithm>
#include <system_error>
#include <utility>

#include "faults/beneath.h"

namespace cometbench::faults {

using json::Cursor;
using json::FileText;
using json::Json;
using json::kMaxJsonDepth;
using json::read_text_file;
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kRef = "$ref";

std::string in_quotes(std::string_view s) { return "\"" + std::string(s) + "\""; }

// A folder made absolute and free of symbolic links as far as it exists.
fs::path canonical_folder(const fs::path& dir) {
  std::error_code ec;
  fs::path absolute = fs::absolute(dir, ec);
  if (ec) return dir.lexically_normal();
  fs::path canonical = fs::weakly_canonical(absolute, ec);
  return ec ? absolute.lexically_normal() : canonical;
}

}  // namespace

RefResolver::RefResolver(fs::path fixture_dir, std::size_t fixture_bytes,
                         std::optional<fs::path> root)
    : bytes_(fixture_bytes) {
  if (root) {
    root_display_ = root->string();
    root_ = canonical_folder(*root);
    fixture_place_ = {canonical_folder(fixture_dir), std::move(fixture_dir)};
  } else {
    fixture_place_ = {fixture_dir, fixture_dir};
  }
}

Json RefResolver::resolve(const Cursor& at) {
  // A pointer has one token per container around the value: the depth where it starts.
  const auto depth =
      static_cast<std::size_t>(std::count(at.pointer().begin(), at.pointer().end(), '/'));
  Json value = at.json();
  expand(value, at, fixture_place_, depth);
  return value;
}

// In place, so that a referenced file's document becomes the result without a second copy.
// `at` views `value` itself: it names places in errors, and children are reached through it.
void RefResolver::expand(Json& value, const Cursor& at, const Place& place, std::size_t depth) {
  if (!value.is_structured()) return;
  if (depth >= kMaxJsonDepth) {
    std::string where;
    if (!open_files_.empty()) {
      where =
          "; this file's top level sits at level " + std::to_string(open_files_.back().depth + 1);
    }
    at.fail("nesting deeper than " + std::to_string(kMaxJsonDepth) +
            " levels once $refs are expanded (each {\"$ref\": ...} counts as a level" + where +
            ")");
  }
  if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      expand(value[i], at.element(i), place, depth + 1);
    }
    return;
  }
  auto& members = value.get_ref<Json::object_t&>();
  // Children are reached without a lookup by key: ordered_json objects search linearly.
  if (value.contains(kRef)) {
    for (const auto& [key, member] : members) {
      if (key != kRef) {
        at.child(key, member)
            .fail("unknown key " + in_quotes(key) +
                  " (a {\"$ref\": ...} object holds nothing else)");
      }
    }
    Json loaded = load(at.child(kRef), place, depth + 1);
    value = std::move(loaded);
    return;
  }
  for (auto& [key, member] : members) expand(member, at.child(key, member), place, depth + 1);
}

fs::path RefResolver::locate(const Cursor& ref, const std::string& relative, const Place& place,
                             fs::path& canonical) const {
  if (!root_) {
    const fs::path path = place.dir / relative;
    std::error_code ec;
    canonical = fs::canonical(path, ec);
    if (ec) canonical = path.lexically_normal();
    return path;
  }
  const BeneathResult found = resolve_beneath(*root_, place.dir, relative);
  switch (found.kind) {
    case BeneathResult::Kind::outside:
      ref.fail(in_quotes(relative) + ": outside the root " + root_display_);
    case BeneathResult::Kind::error:
      ref.fail(in_quotes(relative) +
               ": cannot read file: " + std::generic_category().message(found.error));
    case BeneathResult::Kind::inside:
      break;
  }
  canonical = found.path;
  return found.path;
}

Json RefResolver::load(const Cursor& ref, const Place& place, std::size_t depth) {
  const std::string relative = ref.as_string();
  if (relative.empty()) ref.fail("expected a relative file path, got an empty string");
  // Absolute paths would tie a fixture to one machine's layout.
  if (fs::path(relative).is_absolute()) {
    ref.fail("expected a path relative to the folder of this file, got an absolute path");
  }
  if (refs_ == kMaxRefs) {
    ref.fail(in_quotes(relative) + ": more than " + std::to_string(kMaxRefs) +
             " $refs to resolve in one fixture (each counts every time it is reached: files "
             "that each refer to the next one twice double the count with every file)");
  }
  ++refs_;
  fs::path canonical;
  const fs::path path = locate(ref, relative, place, canonical);
  FileText file = read_text_file(path, bytes_ < kMaxFixtureBytes ? kMaxFixtureBytes - bytes_ : 0);
  if (file.too_large) {
    ref.fail(
        in_quotes(relative) + ": the fixture and the files its $refs read add up to more than " +
        std::to_string(kMaxFixtureBytes) + " bytes (a file counts every time it is referenced)");
  }
  const fs::path display_path = place.display_dir / relative;
  const std::string display = display_path.lexically_normal().string();
  if (!file.text && root_) ref.fail(in_quotes(relative) + ": " + file.error);
  if (!file.text) {
    // A scenario folder copied without the files its `../` refs reach fails here: naming the
    // place looked in shows which folder the copy is missing. (Not under a root: fixtures from
    // the network learn nothing about the server's folders.)
    ref.fail(in_quotes(relative) + ": " + file.error + " (looked for " + display +
             ", relative to the folder of the file holding the $ref)");
  }
  bytes_ += file.text->size();

  const auto open = std::find_if(open_files_.begin(), open_files_.end(),
                                 [&](const OpenFile& f) { return f.canonical == canonical; });
  if (open != open_files_.end()) {
    std::string chain;
    for (auto it = open; it != open_files_.end(); ++it) chain += it->display + " -> ";
    ref.fail("$ref cycle: " + chain + display);
  }

  Json document = json::parse_text(*file.text, display);
  open_files_.push_back({std::move(canonical), display, depth});
  // Popped on the way out even when a nested file fails, so the chain never lies.
  struct PopOnExit {
    std::vector<OpenFile>& files;
    ~PopOnExit() { files.pop_back(); }
  } pop{open_files_};
  const Place next =
      root_ ? Place{open_files_.back().canonical.parent_path(), display_path.parent_path()}
            : Place{path.parent_path(), path.parent_path()};
  try {
    expand(document, Cursor(document, display), next, depth);
  } catch (const json::InputError& error) {
    // A bad `$ref` in this file: its line and column come from this file's text (which counts
    // towards kMaxFixtureBytes, so keeping it while the chain is resolved stays bounded).
    throw json::with_position(error, *file.text, display);
  }
  return document;
}

}  // namespace cometbench::faults
