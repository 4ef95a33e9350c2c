// Time synchronisation status from systemd-timesyncd's flag file or the kernel's NTP state.
#include "kiosk/core/time_sync.h"

#include <sys/timex.h>
#include <unistd.h>

namespace anjungan {
namespace {

bool kernel_says_synced() {
    timex status{};  // modes = 0: only reads
    const int state = adjtimex(&status);
    return state != -1 && state != TIME_ERROR && !(status.status & STA_UNSYNC);
}

}  // namespace

bool SystemTimeSync::synced_since_boot() const {
    if (seen_.load()) return true;
    const bool synced = access(flag_file_.c_str(), F_OK) == 0 || (ask_kernel_ && kernel_says_synced());
    if (synced) seen_ = true;
    return synced;
}

Result<std::unique_ptr<TimeSync>> make_time_sync(const std::string& spec) {
    if (spec == "system") return std::unique_ptr<TimeSync>(std::make_unique<SystemTimeSync>());
    if (spec == "sim:synced") return std::unique_ptr<TimeSync>(std::make_unique<SimulatedTimeSync>(true));
    if (spec == "sim:unsynced") return std::unique_ptr<TimeSync>(std::make_unique<SimulatedTimeSync>(false));
    return fail("devices.clock_sync: " + spec + " is not system, sim:synced or sim:unsynced");
}

}  // namespace anjungan
