// Placeholder translation unit until the runner library lands.
namespace cometbench::runner {
int placeholder() { return 0; }
}  // namespace cometbench::runner
