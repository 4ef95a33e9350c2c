// The kiosk's CUPS ticket queue: made from the configuration (device URI, driver) and read back for technicians.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "kiosk/core/result.h"

namespace anjungan::hal {

// The [devices] keys that describe the ticket queue.
struct TicketQueueConfig {
    std::string printer;     // devices.printer: "cups:QUEUE", or "sim:DIR" (no queue to make)
    std::string format;      // devices.printer_format: "pdf" or "escpos"
    std::string device_uri;  // devices.printer_uri: empty means the first USB printer cupsd finds
    std::string ppd_file;    // devices.printer_ppd: empty means raw (escpos) or IPP Everywhere (pdf on ipp/ipps)
};

// How cupsd turns the kiosk's documents into what the printer takes.
enum class QueueDriver { Raw, Everywhere, PpdFile };

// The driver the queue gets, from the format, device URI and PPD file. Pure. An empty device URI stands for the
// USB printer setup will look for. Error (saying a PPD is needed) for pdf on a device that is not ipp/ipps and
// no PPD: a raw queue would send the PDF to the printer as it is, which a thermal printer cannot print.
Result<QueueDriver> choose_queue_driver(const std::string& format, const std::string& device_uri,
                                        const std::string& ppd_file);

struct CupsQueueOptions {
    // Bound on connecting to cupsd and on each of its answers (a hung cupsd costs this plus about 1 s per request).
    std::chrono::milliseconds cupsd_timeout{5'000};
    // Bound on connecting to an IPP Everywhere printer and on its answer when reading what it can do.
    std::chrono::milliseconds printer_timeout{10'000};
    // How long cupsd's backend may look for a printer when no device URI is configured.
    std::chrono::seconds discovery_timeout{10};
    // The backend that finds the printer when no device URI is configured; tests use their own.
    std::string discovery_scheme = "usb";
};

enum class QueueChange {
    Created,    // the queue did not exist
    Updated,    // it existed; device URI or driver changed, or it was re-enabled
    Unchanged,  // it already was as configured, enabled and accepting jobs
    NotCups,    // the printer is simulated: there is no queue to make (not an error)
};

struct QueueSetupReport {
    QueueChange change = QueueChange::Unchanged;
    std::string printer;  // devices.printer as configured
    std::string queue;
    std::string device_uri;
    std::string driver;  // "raw", "IPP Everywhere" or "PPD <path>"
    std::string format;
    std::vector<std::string> updates;  // for Updated: "device URI", "driver", "enabled", "accepting jobs"
};

// One line for the technician, e.g. `ticket queue "ticket": created, usb://EPSON/TM-T20III (raw, escpos)`.
std::string describe(const QueueSetupReport& report);

// Makes the configured queue exist in the cupsd named by cupsServer() (CUPS_SERVER, client.conf), as
// `lpadmin -p QUEUE -E -v URI -m raw|everywhere` or `-P FILE` does: device URI and driver set, not shared, enabled
// and accepting jobs. With no device URI configured it takes the first printer cupsd's `discovery_scheme` backend
// lists (CUPS-Get-Devices). Blocking: at most cupsd_timeout (+1 s) per request to cupsd, plus discovery_timeout
// when discovering and printer_timeout for asking an IPP Everywhere printer what it can do. Idempotent: a queue already as configured is
// left alone (Unchanged); a differing one is modified in place, keeping its jobs (Updated). Needs cupsd's admin
// rights (root on the kiosk). SIGPIPE must be ignored or blocked by the caller, as for all libcups calls.
// Errors, in plain words: no printer found, cupsd unreachable, a PPD needed or unreadable, an IPP Everywhere
// printer unreachable, or what cupsd said when it refused. All of these leave the queue as it was. A sim: printer reports NotCups and touches nothing.
Result<QueueSetupReport> set_up_ticket_queue(const TicketQueueConfig& config, const CupsQueueOptions& options = {});

// What cupsd says about a queue.
struct QueueStatus {
    std::string queue;
    int printer_state = 0;  // IPP printer-state: 3 idle, 4 processing, 5 stopped
    std::vector<std::string> reasons;  // printer-state-reasons without "none"
    bool accepting_jobs = false;
    std::string state_message;
    std::string device_uri;
    std::string make_and_model;  // "Local Raw Printer" for a raw queue, else the driver's name
    std::string info;            // printer-info: setup records the driver it made the queue with here
};

// Reads the queue's state. Blocking (at most cupsd_timeout + 1 s), read-only, safe while the kiosk prints.
// Errors: the queue does not exist, cupsd unreachable, or what cupsd said.
Result<QueueStatus> read_queue_status(const std::string& queue, const CupsQueueOptions& options = {});

// "idle", "processing", "stopped" for an IPP printer-state value.
const char* printer_state_name(int printer_state);

}  // namespace anjungan::hal
