// The device status a technician reads (screen and `kioskctl status`): one snapshot of facts, each from a small
// provider with a real backend (sysfs, /proc, statvfs, getifaddrs, adjtimex, RAUC, CUPS, the outbox, the
// server) or a simulated one tests set. Gathering blocks (HTTP, CUPS, rauc): run it off the UI thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "kiosk/core/clock.h"
#include "kiosk/core/config.h"
#include "kiosk/core/data_protection.h"

namespace anjungan::maintenance {

struct PrinterFact {
    std::string spec;   // devices.printer, e.g. "cups:ticket"
    std::string state;  // hal::to_string(PrinterState): "ready", "paper out", ...
    std::string detail; // CUPS' reasons or why the state could not be read
};

struct ScannerFact {
    std::string backend;                   // devices.scanner, e.g. "evdev:/dev/input/by-id/..."
    bool present = true;                   // its device node exists (always true for sim)
    std::optional<std::int64_t> last_read; // unix seconds of the last payload read; only the kiosk knows it
};

struct NetworkFact {
    std::string interface;  // the default route's interface, else the first one that is up; "" none
    std::string address;    // its first IPv4 (else IPv6) address; "" none
    bool link = false;      // operstate "up"
};

struct ServerFact {
    bool configured = false;
    bool reachable = false;  // a 2xx answer to GET services.json
    long http_status = 0;    // 0: no answer
    long latency_ms = -1;    // -1: no answer
    std::string detail;      // the transport error, when there was no answer
};

struct OutboxFact {
    std::string path;
    std::string error;  // non-empty: the outbox could not be read, the other fields are zero
    int queued = 0, sending = 0, delivered = 0, rejected = 0;
    std::int64_t oldest_waiting_created_at = 0;  // unix seconds; 0 when nothing waits
    std::string last_error;                      // the newest delivery error of a request not yet delivered
    int waiting() const { return queued + sending; }
};

struct DiskFact {
    std::string path;  // the data directory
    std::uint64_t free_bytes = 0, total_bytes = 0;
    std::string error;
    bool outbox_full = false;  // the running kiosk's last outbox write found the partition full (only it knows)
    // No request can be taken now: the kiosk said so, or not a byte is left.
    bool full() const { return error.empty() && (outbox_full || free_bytes == 0); }
};

struct SoftwareFact {
    std::string version;  // /etc/anjungan-release VERSION, else this program's version
    std::string commit;
    bool device_image = false;  // false: no /etc/anjungan-release (a development machine)
};

struct SlotFact {
    std::string booted;  // "A"/"B" from the kernel command line (rauc.slot); "" not an A/B boot
    std::string other_name, other_bootname, other_state, other_boot_status, other_version;  // from rauc status
    std::string error;   // rauc status failed (only asked on an A/B boot)
};

struct UptimeFact {
    std::int64_t seconds = -1;
};

struct ClockFact {
    bool synchronised = false;  // the kernel's time status (adjtimex): set by NTP / systemd-timesyncd
    std::string detail;
};

struct DataProtectionFact {
    DataProtection protection;
    std::string policy;  // kiosk.unencrypted_personal_data
};

struct StatusSnapshot {
    std::int64_t taken_at = 0;  // unix seconds
    PrinterFact printer;
    ScannerFact scanner;
    NetworkFact network;
    ServerFact server;
    OutboxFact outbox;
    DiskFact disk;
    SoftwareFact software;
    SlotFact slot;
    UptimeFact uptime;
    ClockFact clock;
    DataProtectionFact data;
};

// Where each fact comes from. real_status_sources() reads the device; tests replace any member with a
// lambda returning a fixed fact (the simulated backend); the kiosk replaces printer and scanner with its live
// devices' states.
struct StatusSources {
    std::function<PrinterFact()> printer;
    std::function<ScannerFact()> scanner;
    std::function<NetworkFact()> network;
    std::function<ServerFact()> server;
    std::function<OutboxFact()> outbox;
    std::function<DiskFact()> disk;
    std::function<SoftwareFact()> software;
    std::function<SlotFact()> slot;
    std::function<UptimeFact()> uptime;
    std::function<ClockFact()> clock;
    std::function<DataProtectionFact()> data;
};

// Files the real backends read; tests point them at fixtures.
struct SystemPaths {
    std::string proc_net_route = "/proc/net/route";
    std::string sys_class_net = "/sys/class/net";
    std::string proc_uptime = "/proc/uptime";
    std::string proc_cmdline = "/proc/cmdline";
    std::string release_file = "/etc/anjungan-release";
};

// Real backends, one per fact.
PrinterFact read_printer(const Config& config);  // CUPS queue state (sim: always ready)
ScannerFact read_scanner(const Config& config);
NetworkFact read_network(const SystemPaths& paths = {});
ServerFact read_server(const Config& config);
OutboxFact read_outbox(const std::string& outbox_path, const Clock& clock);
DiskFact read_disk(const std::string& path);
SoftwareFact read_software(const SystemPaths& paths = {});
SlotFact read_slot(const SystemPaths& paths = {});  // asks rauc (rauc_program()) only on an A/B boot
UptimeFact read_uptime(const SystemPaths& paths = {});
ClockFact read_clock(const std::string& clock_sync = "system");  // devices.clock_sync

// KEY=value from a file of space- or line-separated words (/etc/anjungan-release, /proc/cmdline); "" absent.
std::string value_in_file(const std::string& path, const std::string& key);

StatusSources real_status_sources(const Config& config, const Clock& clock);

// Asks every source once. A source left empty gives its fact's defaults.
StatusSnapshot gather_status(const StatusSources& sources, const Clock& clock);

// "42 s", "5 min", "3 h", "2 days"; a `since` after `now` says the clock is behind.
std::string describe_age(std::int64_t since, std::int64_t now);
// "1.2 GB"
std::string describe_bytes(std::uint64_t bytes);

// Gathers a snapshot on its own thread every `interval` (and at once on refresh()), keeping the latest for
// the UI thread and telling `on_update` (called on the poller's thread) that a new one is there.
class StatusPoller {
public:
    StatusPoller(StatusSources sources, const Clock& clock, std::chrono::milliseconds interval,
                 std::function<void()> on_update = {});
    ~StatusPoller();
    StatusPoller(const StatusPoller&) = delete;
    StatusPoller& operator=(const StatusPoller&) = delete;
    std::optional<StatusSnapshot> latest() const;
    void refresh();

private:
    void run();
    StatusSources sources_;
    const Clock& clock_;
    std::chrono::milliseconds interval_;
    std::function<void()> on_update_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::optional<StatusSnapshot> latest_;
    bool refresh_ = false, stopping_ = false;
    std::thread thread_;  // last: starts after the members it uses exist
};

}  // namespace anjungan::maintenance
