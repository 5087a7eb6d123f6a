#include "faults/ref_resolver.h"

#include <algorithm>
#include <system_error>
#include <utility>

namespace cometbench::faults {
namespace {

constexpr std::string_view kRef = "$ref";

std::string in_quotes(std::string_view s) { return "\"" + std::string(s) + "\""; }

}  // namespace

Json RefResolver::resolve(const Cursor& at) { return resolve_in(at, fixture_dir_); }

Json RefResolver::resolve_in(const Cursor& at, const std::filesystem::path& dir) {
  const Json& value = at.json();
  if (value.is_object()) {
    if (value.contains(kRef)) {
      for (const auto& [key, member] : value.items()) {
        if (key != kRef) {
          at.child(key).fail("unknown key " + in_quotes(key) +
                             " (a {\"$ref\": ...} object holds nothing else)");
        }
      }
      return load(at.child(kRef), dir);
    }
    Json out = Json::object();
    for (const auto& [key, member] : value.items()) out[key] = resolve_in(at.child(key), dir);
    return out;
  }
  if (value.is_array()) {
    Json out = Json::array();
    for (std::size_t i = 0; i < value.size(); ++i) out.push_back(resolve_in(at.element(i), dir));
    return out;
  }
  return value;
}

Json RefResolver::load(const Cursor& ref, const std::filesystem::path& dir) {
  const std::string relative = ref.as_string();
  if (relative.empty()) ref.fail("expected a relative file path, got an empty string");
  // Absolute paths would tie a fixture to one machine's layout.
  if (std::filesystem::path(relative).is_absolute()) {
    ref.fail("expected a path relative to the folder of this file, got an absolute path");
  }
  const std::filesystem::path path = dir / relative;
  const FileText file = read_text_file(path);
  if (!file.text) ref.fail(in_quotes(relative) + ": " + file.error);

  std::error_code ec;
  std::filesystem::path canonical = std::filesystem::canonical(path, ec);
  if (ec) canonical = path.lexically_normal();
  const std::string display = path.lexically_normal().string();
  const auto open = std::find_if(open_files_.begin(), open_files_.end(),
                                 [&](const OpenFile& f) { return f.canonical == canonical; });
  if (open != open_files_.end()) {
    std::string chain;
    for (auto it = open; it != open_files_.end(); ++it) chain += it->display + " -> ";
    ref.fail("$ref cycle: " + chain + display);
  }

  const Json document = parse_json_text(*file.text, display);
  open_files_.push_back({std::move(canonical), display});
  // Popped on the way out even when a nested file fails, so the chain never lies.
  struct PopOnExit {
    std::vector<OpenFile>& files;
    ~PopOnExit() { files.pop_back(); }
  } pop{open_files_};
  return resolve_in(Cursor(document, display), path.parent_path());
}

}  // namespace cometbench::faults
