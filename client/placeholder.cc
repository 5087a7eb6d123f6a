// Placeholder translation unit until the client library lands.
namespace cometbench::client {
int placeholder() { return 0; }
}  // namespace cometbench::client
