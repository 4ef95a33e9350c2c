// The status snapshot as labelled lines, the same for `kioskctl status` and the technician's status screen.
#pragma once

#include <string>
#include <vector>

#include "kiosk/maintenance/status.h"

namespace anjungan::maintenance {

struct StatusLine {
    std::string key;   // "software", "boot slot", ...: kioskctl's label, and the screen's after "tech.fact."
    std::string text;  // the fact, in plain English a technician can search for
};

// Every fact of the snapshot, in the order kioskctl prints them. `hint` explains a stored delivery error.
std::vector<StatusLine> status_lines(const StatusSnapshot& s, const std::string& hint = "");

}  // namespace anjungan::maintenance
