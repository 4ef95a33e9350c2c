// Simulated printer: writes each ticket as a PNG file into a folder; tests inject faults.
#pragma once

#include <atomic>
#include <mutex>

#include "hal/printer/printer.h"
#include "kiosk/core/worker.h"
#include "kiosk/render/ticket_render.h"

namespace anjungan::hal {

class SimPrinter final : public Printer {
public:
    SimPrinter(std::string directory, render::TicketLayout layout, PrinterEventSink sink);

    std::uint64_t submit(const TicketContent& ticket) override;
    PrinterState state() const override { return state_.load(); }
    std::string describe() const override { return "sim:" + directory_; }

    // Injection API: the device enters `state`; while it is not Ready, jobs fail with that reason.
    void inject_state(PrinterState state, std::string detail = "");

private:
    void print(std::uint64_t job, const TicketContent& ticket);
    void emit_job(std::uint64_t job, JobOutcome outcome, std::string detail);

    std::string directory_;
    render::TicketLayout layout_;
    PrinterEventSink sink_;
    std::atomic<PrinterState> state_{PrinterState::Ready};
    std::atomic<std::uint64_t> next_job_{1};
    std::mutex fault_mutex_;
    std::string fault_detail_;
    SerialWorker worker_;  // last: destroyed first, so queued jobs finish while the members above exist
};

}  // namespace anjungan::hal
