// A few megabytes kept free in the data folder so that the kiosk can always start on a full data partition.
//
// On a full partition the outbox cannot even be opened (SQLite makes its -wal and -shm files), and a kiosk that
// cannot start is restarted until the device reboots and falls back to the other slot. So the kiosk keeps a
// reserve file while there is room, and gives it up only when the outbox would not open otherwise: then it starts,
// says that it cannot take requests, and goes on by itself once space returns.
#pragma once

#include <cstdint>
#include <string>

#include "kiosk/core/result.h"

namespace anjungan {

// The reserve for a partition of `total_bytes`: 4 MiB, or a sixteenth of a smaller partition.
std::uint64_t space_reserve_size(std::uint64_t total_bytes);

// Makes <dir>/space-reserve with real blocks when more than twice its size is free and it is not there yet; a
// partition with less room stays as it is (Ok). Fails only when the file cannot be written.
Status keep_space_reserve(const std::string& dir);

// Removes <dir>/space-reserve; true when there was one to give up.
bool release_space_reserve(const std::string& dir);

// Before a new request is stored: without the reserve (given up, or never room for it) the last reserve's worth of
// space stays the kiosk's own, so that it can start again: ErrorCode::StorageFull below that. Makes the reserve
// again once there is room for it.
Status keep_room_to_start(const std::string& dir);

}  // namespace anjungan
