#include "client/policy.h"

int main() { return cometbench::client::RetryPolicy{}.max_attempts > 0 ? 0 : 1; }
