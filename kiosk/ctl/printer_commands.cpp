// kioskctl's ticket printer commands: make the CUPS queue from the configuration, show it, print a test ticket.
#include "kiosk/ctl/printer_commands.h"

#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <optional>

#include "hal/printer/cups_printer.h"
#include "hal/printer/cups_queue.h"
#include "hal/printer/printer.h"

namespace anjungan::ctl {
namespace {

constexpr auto kTestPrintTimeout = std::chrono::seconds(60);

hal::TicketQueueConfig ticket_queue_config(const Config& config) {
    return {config.printer, config.printer_format, config.printer_uri, config.printer_ppd};
}

int printer_setup(const Config& config) {
    const auto report = hal::set_up_ticket_queue(ticket_queue_config(config));
    if (!report) {
        std::fprintf(stderr, "kioskctl: printer setup failed: %s\n", report.error().message.c_str());
        return 1;
    }
    std::printf("%s\n", hal::describe(*report).c_str());
    return 0;
}

std::string joined(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
    return text;
}

void print_queue_status(const hal::QueueStatus& status) {
    const auto seen = hal::map_cups_printer_state(status.printer_state, status.reasons, status.accepting_jobs,
                                                  status.state_message);
    std::printf("queue:       %s\n", status.queue.c_str());
    std::printf("state:       %s, %s\n", hal::printer_state_name(status.printer_state),
                status.accepting_jobs ? "accepting jobs" : "NOT accepting jobs");
    std::printf("reasons:     %s\n", status.reasons.empty() ? "none" : joined(status.reasons).c_str());
    std::printf("message:     %s\n", status.state_message.empty() ? "-" : status.state_message.c_str());
    std::printf("device:      %s\n", status.device_uri.empty() ? "-" : status.device_uri.c_str());
    std::printf("driver:      %s\n", status.make_and_model.empty() ? "-" : status.make_and_model.c_str());
    const std::string detail = seen.detail.empty() ? "" : " (" + seen.detail + ")";
    std::printf("kiosk sees:  %s%s\n", hal::to_string(seen.state), detail.c_str());
}

int printer_status(const Config& config) {
    if (config.printer.rfind("cups:", 0) != 0) {
        std::printf("printer:     %s (simulated: no CUPS queue)\n", config.printer.c_str());
        return 0;
    }
    const auto status = hal::read_queue_status(config.printer.substr(5));
    if (!status) {
        std::fprintf(stderr, "kioskctl: %s\n", status.error().message.c_str());
        return 1;
    }
    print_queue_status(*status);
    return 0;
}

std::string local_time_now() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &local);
    return text;
}

// A ticket that shows what the technician needs to check: header, QR code, paper width, cut.
TicketContent test_ticket(const Config& config) {
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

// Collects the test job's outcome from the printer's worker thread.
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

int printer_test(const Config& config) {
    render::TicketLayout layout;
    layout.paper_width_mm = config.paper_width_mm;
    layout.logo_png = config.logo;
    JobWatch watch;
    auto made = hal::make_printer(config.printer, layout, config.printer_format,
                                  [&watch](const hal::PrinterEvent& e) { watch.on_event(e); });
    if (!made) {
        std::fprintf(stderr, "kioskctl: printer test failed: %s\n", made.error().message.c_str());
        return 1;
    }
    auto& printer = *made;
    printer->submit(test_ticket(config));
    const auto outcome = watch.wait(kTestPrintTimeout);
    const std::string state = hal::to_string(printer->state());
    if (!outcome) {
        std::fprintf(stderr, "kioskctl: test print not finished after %lld s (printer %s%s)\n",
                     static_cast<long long>(kTestPrintTimeout.count()), state.c_str(),
                     watch.last_state_detail().empty() ? "" : (": " + watch.last_state_detail()).c_str());
        return 1;
    }
    if (outcome->outcome == hal::JobOutcome::Failed) {
        std::fprintf(stderr, "kioskctl: test print failed: %s (printer %s)\n", outcome->detail.c_str(), state.c_str());
        return 1;
    }
    std::printf("test ticket printed on %s (printer %s)\n", printer->describe().c_str(), state.c_str());
    return 0;
}

}  // namespace

int printer_command(const std::vector<std::string>& cmd, const Config& config, const char* usage) {
    // cupsd closing the connection mid-request must end in a message, not a silent death by SIGPIPE.
    std::signal(SIGPIPE, SIG_IGN);
    if (cmd.size() == 2 && cmd[1] == "setup") return printer_setup(config);
    if (cmd.size() == 2 && cmd[1] == "status") return printer_status(config);
    if (cmd.size() == 2 && cmd[1] == "test") return printer_test(config);
    std::fprintf(stderr, "kioskctl: wrong arguments for printer\n%s", usage);
    return 2;
}

}  // namespace anjungan::ctl
