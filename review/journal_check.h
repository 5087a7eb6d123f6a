#pragma once

#include <vector>

#include "review/collector.h"
#include "review/journal.h"
#include "review/sequence_checks.h"

namespace cometbench::review {

/// Compares the attempt records of one log with the requests the mock received
/// (`review --journal`, docs/review.md). Journal requests are grouped into operations by their
/// retry count: a request with count 0 (or none) starts an operation, a request with count n
/// continues the latest operation of the same session that has n requests so far. Log
/// operations and journal operations are then paired in order, skipping an operation on
/// either side where that explains the difference best, and within each pair the attempts
/// and requests are aligned by status. When no request carries a retry count, the journal
/// cannot tell operations apart: all attempts, in log order, are aligned with all requests.
/// Reports `journal_request_unrecorded`, `journal_record_without_request`,
/// `journal_status_mismatch` and `journal_operation_unrecorded` (on line 0: the whole log).
void check_against_journal(const std::vector<OperationChecks::OperationView>& operations,
                           const std::vector<JournalRequest>& journal, Collector& out);

}  // namespace cometbench::review
