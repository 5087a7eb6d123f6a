// Placeholder translation unit until the review library lands.
namespace cometbench::review {
int placeholder() { return 0; }
}  // namespace cometbench::review
