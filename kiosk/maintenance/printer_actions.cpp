// Ticket printer actions: CUPS queue setup and state, test print and reprint waiting for the job's outcome.
#include "kiosk/maintenance/printer_actions.h"

#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <optional>

#include "hal/printer/cups_printer.h"
#include "kiosk/core/i18n.h"
#include "kiosk/core/ticket_content.h"

namespace anjungan::maintenance {
namespace {

hal::TicketQueueConfig ticket_queue_config(const Config& config) {
    return {config.printer, config.printer_format, config.printer_uri, config.printer_ppd};
}

std::string local_time_now() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &local);
    return text;
}

}  // namespace

TicketContent test_ticket_content(const Config& config) {
    TicketContent t;
    t.header_lines = {config.office_name};
    if (!config.office_address.empty()) t.header_lines.push_back(config.office_address);
    t.service_name = "CETAK UJI / TEST PRINT";
    t.number = "TEST";
    t.issued_at = local_time_now();
    t.reference = config.kiosk_id + "-TEST";
    char paper[32];
    std::snprintf(paper, sizeof paper, "Kertas / paper: %g mm", static_cast<double>(config.paper_width_mm));
    t.details = {"Printer: " + config.printer, "Format: " + config.printer_format, paper,
                 "Anjungan " ANJUNGAN_VERSION};
    t.next_steps = {"Periksa: teks terbaca, kode QR utuh, kertas terpotong.",
                    "Check: text readable, QR code whole, paper cut."};
    t.tracking_url = config.tracking_base;
    return t;
}

namespace {

// Collects one job's outcome from the printer's worker thread.
class JobWatch {
public:
    void on_event(const hal::PrinterEvent& event) {
        std::lock_guard lock(mutex_);
        if (event.kind == hal::PrinterEvent::Kind::State) last_state_detail_ = event.detail;
        if (event.kind != hal::PrinterEvent::Kind::Job || event.outcome == hal::JobOutcome::Accepted) return;
        outcome_ = event;
        changed_.notify_all();
    }
    std::optional<hal::PrinterEvent> wait(std::chrono::seconds timeout) {
        std::unique_lock lock(mutex_);
        changed_.wait_for(lock, timeout, [&] { return outcome_.has_value(); });
        return outcome_;
    }
    std::string last_state_detail() {
        std::lock_guard lock(mutex_);
        return last_state_detail_;
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::optional<hal::PrinterEvent> outcome_;
    std::string last_state_detail_;
};

// Prints one ticket on the configured printer and waits for it; `what` names it in messages ("test print").
Result<std::string> print_and_wait(const Config& config, const TicketContent& ticket, const std::string& what) {
    // cupsd closing the connection mid-request must end in a message, not a silent death by SIGPIPE.
    std::signal(SIGPIPE, SIG_IGN);
    render::TicketLayout layout;
    layout.paper_width_mm = config.paper_width_mm;
    layout.logo_png = config.logo;
    JobWatch watch;
    auto made = hal::make_printer(config.printer, layout, config.printer_format,
                                  [&watch](const hal::PrinterEvent& e) { watch.on_event(e); });
    if (!made) return fail(made.error(), what + " failed: ");
    auto& printer = *made;
    printer->submit(ticket);
    const auto outcome = watch.wait(kPrintTimeout);
    const std::string state = hal::to_string(printer->state());
    if (!outcome) {
        const std::string detail = watch.last_state_detail();
        return fail(what + " not finished after " + std::to_string(kPrintTimeout.count()) + " s (printer " + state +
                    (detail.empty() ? "" : ": " + detail) + ")");
    }
    if (outcome->outcome == hal::JobOutcome::Failed)
        return fail(what + " failed: " + outcome->detail + " (printer " + state + ")");
    return "printed on " + printer->describe() + " (printer " + state + ")";
}

}  // namespace

Result<std::string> set_up_printer(const Config& config) {
    std::signal(SIGPIPE, SIG_IGN);
    const auto report = hal::set_up_ticket_queue(ticket_queue_config(config));
    if (!report) return fail("printer setup failed: " + report.error().message);
    return hal::describe(*report);
}

Result<PrinterQueueReport> read_printer_queue(const Config& config) {
    PrinterQueueReport report;
    if (config.printer.rfind("cups:", 0) != 0) {
        report.simulated = true;
        report.seen = hal::PrinterState::Ready;
        return report;
    }
    std::signal(SIGPIPE, SIG_IGN);
    auto status = hal::read_queue_status(config.printer.substr(5));
    if (!status) return status.error();
    report.queue = std::move(*status);
    const auto seen = hal::map_cups_printer_state(report.queue.printer_state, report.queue.reasons,
                                                  report.queue.accepting_jobs, report.queue.state_message);
    report.seen = seen.state;
    report.seen_detail = seen.detail;
    return report;
}

Result<std::string> print_test_ticket(const Config& config) {
    auto done = print_and_wait(config, test_ticket_content(config), "test print");
    if (!done) return done.error();
    return "test ticket " + *done;
}

Result<std::string> reprint_ticket(const Config& config, Outbox& outbox, const std::string& reference,
                                   const std::string& asset_dir, const std::string& language) {
    auto translations = Translations::load(asset_dir + "/i18n", {"id", "en"});
    if (!translations) return translations.error();
    auto ticket = ticket_to_reprint(config, outbox, reference, *translations, language);
    if (!ticket) return ticket.error();
    auto done = print_and_wait(config, ticket->second, "reprint of " + reference);
    if (!done) return done.error();
    return "ticket " + ticket->first.number + " (" + reference + ") " + *done;
}

Result<std::pair<OutboxRow, TicketContent>> ticket_to_reprint(const Config& config, Outbox& outbox,
                                                              const std::string& reference,
                                                              const Translations& translations,
                                                              const std::string& language) {
    auto row = outbox.find(reference);
    if (!row) return row.error();
    if (!*row) return fail(ErrorCode::NotFound, "no ticket with reference " + reference);
    std::optional<int> issued_before;
    if ((*row)->service_code == "ANTRIAN")
        if (auto count = outbox.count_issued_before(**row, "desk_service")) issued_before = *count;
    auto ticket = build_ticket_content(**row, config, translations, language, issued_before);
    return std::make_pair(std::move(**row), std::move(ticket));
}

}  // namespace anjungan::maintenance
