#pragma once

#include <string>
#include <vector>

#include "review/journal.h"

namespace cometbench::cli {

/// The requests of `source` for `review --journal`: a saved copy of `GET /__admin/journal`
/// (a file path), or an `http://` or `https://` URL of a running `cometbench serve`
/// (`http://127.0.0.1:PORT/__admin/journal`), fetched with libcurl (10 s connect, 60 s in
/// all). Bodies over 64 MiB are refused, and so is a journal whose `X-Journal-Dropped` header
/// says the mock dropped entries: the comparison would be wrong. Throws review::JournalError
/// naming `source`.
std::vector<review::JournalRequest> load_journal(const std::string& source);

}  // namespace cometbench::cli
