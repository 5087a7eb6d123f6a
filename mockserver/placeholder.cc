// Placeholder translation unit until the mockserver library lands.
namespace cometbench::mockserver {
int placeholder() { return 0; }
}  // namespace cometbench::mockserver
