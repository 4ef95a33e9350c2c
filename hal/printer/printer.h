// Printer device: submits rendered tickets without blocking and reports job and device state as events.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "kiosk/core/result.h"
#include "kiosk/core/ticket.h"
#include "kiosk/render/ticket_render.h"

namespace anjungan::hal {

enum class PrinterState { Unknown, Ready, Printing, PaperLow, PaperOut, Offline, Error };
const char* to_string(PrinterState state);

enum class JobOutcome { Accepted, Completed, Failed };

struct PrinterEvent {
    enum class Kind { Job, State } kind = Kind::State;
    std::uint64_t job_id = 0;        // Kind::Job: the id returned by submit()
    JobOutcome outcome = JobOutcome::Accepted;
    PrinterState state = PrinterState::Unknown;  // Kind::State: the device's new state
    std::string detail;              // reason for a failure or a state, for the technician; no personal data
};

// Called from the printer's worker thread. Must not block; typically pushes onto the app's event queue.
using PrinterEventSink = std::function<void(const PrinterEvent&)>;

class Printer {
public:
    virtual ~Printer() = default;

    // Queues the ticket for printing and returns at once with a job id (never 0). Not idempotent: each
    // call prints one more copy. Progress arrives through the sink: Accepted when the device or spooler
    // has taken the job, then Completed or Failed. Thread-safe.
    virtual std::uint64_t submit(const TicketContent& ticket) = 0;

    // The last known device state. Non-blocking, thread-safe. Changes are also reported through the sink.
    virtual PrinterState state() const = 0;

    // A short human-readable description of the backend, e.g. "cups:ticket" or "sim:/tmp/tickets".
    virtual std::string describe() const = 0;
};

// Creates a printer from a spec "sim:DIR" or "cups:QUEUE" printing tickets in `layout`. `format` is what a
// cups queue receives: "pdf" (application/pdf, for driver and IPP Everywhere queues) or "escpos" (the 1-bit
// raster as ESC/POS with feed and cut, sent as application/vnd.cups-raw, for raw thermal queues); a sim
// printer writes its own files whatever the format. Fails when the spec or the format is malformed. The sink receives every event of the printer's lifetime.
Result<std::unique_ptr<Printer>> make_printer(const std::string& spec, const render::TicketLayout& layout,
                                              const std::string& format, PrinterEventSink sink);

}  // namespace anjungan::hal
