// The retry client from a build without CMake:
//   c++ -std=c++20 policy_app.cc $(pkg-config --cflags --libs cometbench-client)
// Reads a policy file (docs/policy.md) and prints the policy it describes.
#include <iostream>

#include "client/policy.h"

int main(int argc, char** argv) {
  cometbench::client::RetryPolicy policy;
  if (argc > 1) {
    try {
      policy = cometbench::client::parse_policy(nlohmann::json::parse(argv[1]), "argument", "");
    } catch (const std::exception& e) {
      std::cerr << e.what() << '\n';
      return 2;
    }
  }
  std::cout << cometbench::client::to_json(policy).dump() << '\n';
  return 0;
}
