#include "faults/profile_parser.h"

#include <algorithm>
#include <limits>

#include "faults/common_fields.h"
#include "faults/keys.h"
#include "faults/ref_resolver.h"
#include "faults/step_kinds.h"
#include "faults/step_parser.h"
#include "json/cursor.h"
#include "json/text.h"

namespace cometbench::faults {

using json::Cursor;
using json::FileText;
using json::Json;
using json::read_text_file;
namespace {

constexpr std::int64_t kMaxWeight = 1'000'000'000;

// The same bound as a scenario's: the profile and every file its $refs read.
std::string too_large_message() {
  return "larger than " + std::to_string(kMaxFixtureBytes) +
         " bytes, the most a profile may hold together with the files its $refs read";
}

// A mix entry or an outage holds its own keys next to one step kind (`{"weight": 5, "respond":
// {...}}`). The step is handed to the scenario step parser as an object of its own at the
// entry's pointer, so its errors point into this file exactly as a scenario's would.
Step parse_embedded_step(const Cursor& at, RefResolver& refs) {
  Json step_only = Json::object();
  for (const auto& [key, value] : at.json().items()) {
    if (is_step_kind(key)) step_only[key] = value;
  }
  return parse_step(Cursor(step_only, at.file(), at.pointer()), refs);
}

// The client hangs up at a stream event that is not a JSON object. If the server still has a
// gap to wait before a later event, whether that wait has moved the operation's clock by the
// time the client reads it would be up to thread timing, and runs would differ.
void check_stream_timing(const Cursor& at, const Step& step) {
  const auto* stream = std::get_if<StreamStep>(&step);
  if (stream == nullptr || stream->gap.count() == 0) return;
  const std::size_t total = stream->events.size() + (stream->usage ? 1 : 0);
  const std::size_t sent = std::min(stream->drop_after.value_or(total), total);
  for (std::size_t i = 0; i + 1 < sent; ++i) {
    const StreamEvent& event = i < stream->events.size() ? stream->events[i] : *stream->usage;
    if (event.is_json || nlohmann::json::parse(event.data, nullptr, false).is_object()) continue;
    const Cursor s = at.child("stream");
    const Cursor place =
        i < stream->events.size() ? s.child("events").element(i) : s.child("usage");
    place.fail(
        "expected a JSON object here, or no gap_ms: in a profile, an event that is not a JSON "
        "object may not be followed by a gap (the client hangs up at it, and the gap would race "
        "with its clock)");
  }
}

MixEntry parse_mix_entry(const Cursor& at, RefResolver& refs) {
  at.expect_keys(keys::kMixEntry);
  MixEntry entry;
  entry.weight = static_cast<std::uint64_t>(at.required("weight").as_int(
      1, kMaxWeight, "a weight of 0 would never be drawn: leave the entry out"));
  entry.step = parse_embedded_step(at, refs);
  check_stream_timing(at, entry.step);
  return entry;
}

std::chrono::milliseconds parse_time_ms(const Cursor& at) {
  return std::chrono::milliseconds(at.as_int(0, kMaxProfileTimeMs));
}

Outage parse_outage(const Cursor& at, RefResolver& refs, std::optional<std::int64_t> previous_to) {
  at.expect_keys(keys::kOutage);
  Outage outage;
  const Cursor from = at.required("from_ms");
  outage.from = parse_time_ms(from);
  if (previous_to && outage.from.count() < *previous_to) {
    from.fail("expected at least " + std::to_string(*previous_to) +
              " (the previous outage's to_ms: outages are listed in time order and do not "
              "overlap), got " +
              std::to_string(outage.from.count()));
  }
  const Cursor to = at.required("to_ms");
  outage.to = parse_time_ms(to);
  if (outage.to <= outage.from) {
    to.fail("expected more than from_ms (" + std::to_string(outage.from.count()) +
            "): a window [from_ms, to_ms) must not be empty, got " +
            std::to_string(outage.to.count()));
  }
  outage.step = parse_embedded_step(at, refs);
  check_stream_timing(at, outage.step);
  return outage;
}

void parse_profile_section(const Cursor& at, RefResolver& refs, FaultProfile& profile) {
  at.expect_keys(keys::kProfileSection);
  profile.operations = at.required("operations").as_int(1, kMaxProfileOperations);
  profile.arrival_interval = parse_duration_ms(at.required("arrival_interval_ms"));
  if (const auto seed = at.find("seed")) {
    profile.seed =
        static_cast<std::uint64_t>(seed->as_int(0, std::numeric_limits<std::int64_t>::max()));
  }
  const Cursor mix = at.required("mix");
  const std::size_t entries = mix.array_size();
  if (entries == 0) mix.fail("expected at least one entry, got an empty array");
  for (std::size_t i = 0; i < entries; ++i) {
    profile.mix.push_back(parse_mix_entry(mix.element(i), refs));
  }
  if (const auto outages = at.find("outages")) {
    const std::size_t count = outages->array_size();
    std::optional<std::int64_t> previous_to;
    for (std::size_t i = 0; i < count; ++i) {
      profile.outages.push_back(parse_outage(outages->element(i), refs, previous_to));
      previous_to = profile.outages.back().to.count();
    }
  }
}

ProfileClient parse_client(const Cursor& at) {
  at.expect_object();
  if (const auto policy = at.find("policy")) {
    policy->fail(
        "a profile's client has no policy: the policies to compare are given to cometbench tune "
        "with --policy");
  }
  if (const auto operations = at.find("operations")) {
    operations->fail("a profile's operation count is /profile/operations");
  }
  at.expect_keys(keys::kProfileClient);
  ProfileClient client;
  if (const auto request = at.find("request")) {
    request->expect_object();
    client.request = nlohmann::json(request->json());
  }
  if (const auto key = at.find("api_key")) client.api_key = parse_api_key(*key);
  if (const auto base_path = at.find("base_path")) client.base_path = parse_base_path(*base_path);
  return client;
}

FaultProfile read_profile(std::string_view text, const std::string& file,
                          const std::filesystem::path& base_dir) {
  if (text.size() > kMaxFixtureBytes) throw FixtureError(file, "", too_large_message());
  const Json document = json::parse_text(text, file);
  const Cursor root(document, file);
  root.expect_object();
  if (const auto script = root.find("script")) {
    script->fail(
        "a fault profile has a \"profile\" instead of a \"script\" (scenarios with a script run "
        "with cometbench run)");
  }
  root.expect_file_keys(keys::kProfile);

  FaultProfile profile;
  profile.source = file;
  profile.name = parse_name(root.required("name"));
  profile.description = parse_description(root.required("description"));
  if (const auto key = root.find("api_key")) profile.api_key = parse_api_key(*key);
  RefResolver refs(base_dir, text.size());
  parse_profile_section(root.required("profile"), refs, profile);
  if (const auto client = root.find("client")) profile.client = parse_client(*client);
  return profile;
}

}  // namespace

FaultProfile parse_profile(std::string_view text, const std::string& file,
                           const std::filesystem::path& base_dir) {
  try {
    return read_profile(text, file, base_dir);
  } catch (const FixtureError& error) {
    throw json::with_position(error, text, file);
  }
}

FaultProfile load_profile_file(const std::filesystem::path& path) {
  const std::string file = path.string();
  const FileText text = read_text_file(path, kMaxFixtureBytes);
  if (text.too_large) throw FixtureError(file, "", too_large_message());
  if (!text.text) throw FixtureError(file, "", text.error);
  return parse_profile(*text.text, file, path.parent_path());
}

}  // namespace cometbench::faults
