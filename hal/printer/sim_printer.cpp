// Simulated printer backend writing PNG files.
#include "hal/printer/sim_printer.h"

#include <filesystem>
#include <fstream>

namespace anjungan::hal {

SimPrinter::SimPrinter(std::string directory, render::TicketLayout layout, PrinterEventSink sink)
    : directory_(std::move(directory)), layout_(std::move(layout)), sink_(std::move(sink)) {}

std::uint64_t SimPrinter::submit(const TicketContent& ticket) {
    const std::uint64_t job = next_job_++;
    worker_.post([this, job, ticket] { print(job, ticket); });
    return job;
}

void SimPrinter::inject_state(PrinterState state, std::string detail) {
    {
        std::lock_guard lock(fault_mutex_);
        fault_detail_ = detail;
    }
    if (state_.exchange(state) != state && sink_) {
        PrinterEvent e;
        e.kind = PrinterEvent::Kind::State;
        e.state = state;
        e.detail = std::move(detail);
        sink_(e);
    }
}

void SimPrinter::emit_job(std::uint64_t job, JobOutcome outcome, std::string detail) {
    if (!sink_) return;
    PrinterEvent e;
    e.kind = PrinterEvent::Kind::Job;
    e.job_id = job;
    e.outcome = outcome;
    e.state = state_.load();
    e.detail = std::move(detail);
    sink_(e);
}

void SimPrinter::print(std::uint64_t job, const TicketContent& ticket) {
    const PrinterState state = state_.load();
    if (state != PrinterState::Ready) {
        std::lock_guard lock(fault_mutex_);
        emit_job(job, JobOutcome::Failed, fault_detail_.empty() ? to_string(state) : fault_detail_);
        return;
    }
    emit_job(job, JobOutcome::Accepted, "");
    const auto png = render::render_png(ticket, layout_);
    if (!png) {
        emit_job(job, JobOutcome::Failed, png.error().message);
        return;
    }
    std::error_code ec;
    std::filesystem::create_directories(directory_, ec);
    const std::string name = directory_ + "/" + ticket.reference + "-" + std::to_string(job) + ".png";
    const std::string partial = name + ".part";
    {
        std::ofstream out(partial, std::ios::binary);
        out.write(reinterpret_cast<const char*>(png->data()), static_cast<std::streamsize>(png->size()));
        if (!out) {
            emit_job(job, JobOutcome::Failed, "cannot write " + partial);
            return;
        }
    }
    std::filesystem::rename(partial, name, ec);  // a finished file appears whole, as paper does
    emit_job(job, ec ? JobOutcome::Failed : JobOutcome::Completed, ec ? ec.message() : "");
}

}  // namespace anjungan::hal
