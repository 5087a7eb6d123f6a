#pragma once

// Hostile fixture trees, written at test time into a fresh temporary folder (too many files to
// keep in fixtures/malformed). Shared by the faults tests and the command-line tests.

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace cometbench::hostile {

namespace fs = std::filesystem;

/// A folder of its own (mkdtemp), removed with everything in it at the end of the test: parallel
/// and sanitizer runs never share one.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "cometbench-hostile-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const fs::path& path() const { return path_; }

  fs::path write(const std::string& name, const std::string& text) const {
    const fs::path file = path_ / name;
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }

 private:
  fs::path path_;
};

/// A scenario named `name` with one `respond` step whose body is `body` (JSON text).
inline std::string scenario_with_body(const std::string& name, const std::string& body) {
  return R"({"name": ")" + name + R"(", "description": "hostile",
  "script": {"POST /v1/chat/completions": {"steps": [{"respond": {"status": 200, "body": )" +
         body + "}}]}}}\n";
}

/// `depth` nested objects `{"a": ...}` around `inner`.
inline std::string nested(std::size_t depth, const std::string& inner) {
  std::string text;
  for (std::size_t i = 0; i < depth; ++i) text += R"({"a": )";
  text += inner;
  text.append(depth, '}');
  return text;
}

inline std::string ref_to(const std::string& file) { return R"({"$ref": ")" + file + R"("})"; }

inline std::string numbered(const char* prefix, std::size_t i) {
  const std::string n = std::to_string(i);
  return prefix + std::string(n.size() < 3 ? 3 - n.size() : 0, '0') + n + ".json";
}

/// deep.json, whose body refers to d000.json; each dNNN.json is `levels` levels deep (`levels`
/// - 1 objects around a `$ref` to the next file), the last one holds `1`. Each file alone is
/// within the 256-level limit; the chain is not.
inline fs::path write_deep_chain(const TempDir& dir, std::size_t files, std::size_t levels) {
  for (std::size_t i = 0; i < files; ++i) {
    const std::string inner = i + 1 < files ? ref_to(numbered("d", i + 1)) : "1";
    dir.write(numbered("d", i), nested(levels - 1, inner));
  }
  return dir.write("deep.json", scenario_with_body("deep", ref_to(numbered("d", 0))));
}

/// doubling.json, whose body refers to e000.json; each eNNN.json refers to the next file twice
/// (`[{"$ref": next}, {"$ref": next}]`), the last holds `"leaf"`: 2^files `$ref`s in all.
inline fs::path write_doubling_chain(const TempDir& dir, std::size_t files) {
  for (std::size_t i = 0; i < files; ++i) {
    const std::string next = numbered("e", i + 1);
    dir.write(numbered("e", i),
              i + 1 < files ? "[" + ref_to(next) + ", " + ref_to(next) + "]" : "\"leaf\"");
  }
  return dir.write("doubling.json", scenario_with_body("doubling", ref_to(numbered("e", 0))));
}

}  // namespace cometbench::hostile
