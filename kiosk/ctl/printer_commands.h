// kioskctl's ticket printer commands: make the CUPS queue from the configuration, show it, print a test ticket.
#pragma once

#include <string>
#include <vector>

#include "kiosk/core/config.h"

namespace anjungan::ctl {

// Runs `printer setup|status|test` (cmd[0] is "printer"). Returns the process exit status: 0 done, 1 failed
// (reason on stderr), 2 wrong arguments (usage on stderr). Blocking; `test` waits at most a minute for the job.
int printer_command(const std::vector<std::string>& cmd, const Config& config, const char* usage);

}  // namespace anjungan::ctl
