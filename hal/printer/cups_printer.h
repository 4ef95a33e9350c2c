// CUPS printer: submits rendered tickets to a cupsd queue from a worker thread and follows jobs and printer state.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "hal/printer/printer.h"
#include "kiosk/core/result.h"

namespace anjungan::hal {

// A ticket rendered for one queue: ESC/POS bytes for a raw thermal queue, PDF or PNG for a driver queue.
struct Document {
    std::vector<std::uint8_t> bytes;
    std::string mime_type;  // "application/vnd.cups-raw", "application/pdf", "image/png"
};

// Turns a ticket into printable bytes. Called on the printer's worker thread, one ticket at a time.
using DocumentRenderer = std::function<Result<Document>(const TicketContent&)>;

struct CupsPrinterOptions {
    // A job not completed this long after submit() is cancelled (so it cannot print much later, to nobody)
    // and reported Failed.
    std::chrono::milliseconds job_timeout{60'000};
    // How often printer-state is asked while no job is in flight.
    std::chrono::milliseconds state_poll_interval{2'000};
    // How often a job in flight (and the printer with it) is asked about.
    std::chrono::milliseconds job_poll_interval{500};
    // How long to wait to connect to cupsd and for each of its answers. A request to a hung cupsd takes this
    // plus about 1 s (libcups waits that long for "100 Continue"): the bound on how long the destructor waits.
    std::chrono::milliseconds cupsd_timeout{1'500};
    // Shown in the CUPS job list and logs: never personal data.
    // No whitespace: Debian's cupsd 2.4.2-3+deb12u10 loops forever and crashes building a backend's options
    // when a job or document name has a space (every job failed with "cupsd unreachable").
    std::string job_title = "anjungan-ticket";
};

// The kiosk's view of a CUPS printer, with the printer-state-reason that decided it as detail.
struct CupsPrinterStatus {
    PrinterState state = PrinterState::Unknown;
    std::string detail;
    bool operator==(const CupsPrinterStatus&) const = default;
};

// Maps Get-Printer-Attributes values (printer-state as the IPP enum 3 idle / 4 processing / 5 stopped,
// printer-state-reasons, printer-is-accepting-jobs, printer-state-message) to a kiosk state. Pure.
CupsPrinterStatus map_cups_printer_state(int printer_state, const std::vector<std::string>& reasons,
                                         bool accepting_jobs, const std::string& state_message);

// Prints through libcups to the cupsd named by cupsServer() (so CUPS_SERVER and client.conf apply).
// Jobs that find the queue stopped (paper out, backend error) or that cupsd holds for a later retry
// (ErrorPolicy retry-job) are cancelled at once and reported Failed, rather than left to print long after
// the visitor has gone; the visitor reprints instead.
// Events for jobs still queued when the printer is destroyed are Failed; jobs already accepted by cupsd
// are left to cupsd and get no further event.
class CupsPrinter : public Printer {
public:
    // Starts the worker thread, which reports the first state as soon as it has asked cupsd.
    CupsPrinter(std::string queue, DocumentRenderer render, PrinterEventSink sink, CupsPrinterOptions opts = {});
    // Stops the worker within one request to cupsd (see cupsd_timeout), even when cupsd is down or hung.
    ~CupsPrinter() override;
    CupsPrinter(const CupsPrinter&) = delete;
    CupsPrinter& operator=(const CupsPrinter&) = delete;

    std::uint64_t submit(const TicketContent& ticket) override;
    PrinterState state() const override;
    std::string describe() const override;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace anjungan::hal
