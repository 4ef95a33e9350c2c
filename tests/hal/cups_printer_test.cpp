// CupsPrinter against a real private cupsd whose test backend stores jobs or simulates printer faults.
#include <catch2/catch.hpp>
#include <cups/ipp.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "hal/printer/cups_printer.h"
#include "tests/support/cupsd_fixture.h"
#include "tests/support/printer_events.h"

using namespace std::chrono_literals;
using anjungan::Result;
using anjungan::TicketContent;
using anjungan::hal::CupsPrinter;
using anjungan::hal::CupsPrinterOptions;
using anjungan::hal::Document;
using anjungan::hal::DocumentRenderer;
using anjungan::hal::JobOutcome;
using anjungan::hal::PrinterEvent;
using anjungan::hal::PrinterState;
using anjungan::test::Cupsd;
using Catch::Matchers::Contains;

namespace {

using Clock = std::chrono::steady_clock;

// ESC/POS-like bytes with NUL and 0xFF in them: a raw queue must pass them through untouched.
const std::vector<std::uint8_t> kTicketBytes = {0x1b, '@', 'A', '-', '0', '0', '1', '\n', 0x00, 0xff, 0x1d, 'V', 0x00};

using EventRecorder = anjungan::test::PrinterEvents;

DocumentRenderer raw_renderer() {
    return [](const TicketContent&) -> Result<Document> { return Document{kTicketBytes, "application/vnd.cups-raw"}; };
}

// Short polls keep the whole suite fast; production uses the defaults.
CupsPrinterOptions fast_options(std::chrono::milliseconds job_timeout = 15s) {
    CupsPrinterOptions options;
    options.job_timeout = job_timeout;
    options.state_poll_interval = 100ms;
    options.job_poll_interval = 100ms;
    options.cupsd_timeout = 500ms;  // a healthy local cupsd answers within milliseconds
    return options;
}

TicketContent sample_ticket() {
    TicketContent ticket;
    ticket.service_name = "Nomor Antrean";
    ticket.number = "A-001";
    ticket.reference = "KIOSK1-20250101-A-001";
    return ticket;
}

std::string diagnostics(const EventRecorder& events, const Cupsd& cupsd) {
    return events.summary() + cupsd.error_log_tail();
}

}  // namespace

TEST_CASE("A job through a real private cupsd completes and the backend output equals the document bytes",
          "[hal][printer]") {
    Cupsd cupsd;
    cupsd.add_queue("ticket");
    EventRecorder events;
    CupsPrinter printer("ticket", raw_renderer(), events.sink(), fast_options());

    auto id = printer.submit(sample_ticket());
    auto accepted = events.wait_for_job(id, JobOutcome::Accepted, 5s);
    auto end = events.wait_for_job_end(id, 10s);
    INFO(diagnostics(events, cupsd));

    REQUIRE(id != 0);
    REQUIRE(accepted);
    REQUIRE(end);
    CHECK(end->outcome == JobOutcome::Completed);
    REQUIRE(cupsd.wait_for_output_files(1, 5s));
    CHECK(Cupsd::read_file(cupsd.output_files().front()) == kTicketBytes);
    CHECK(events.wait_for_state(PrinterState::Ready, 5s));
    CHECK(printer.describe() == "cups:ticket");
}

// Test names avoid ';' and ',': catch_discover_tests would split or escape them.
TEST_CASE("Paper out is reported as PaperOut and fails the job and a reprint completes once the fault clears",
          "[hal][printer]") {
    Cupsd cupsd;
    cupsd.add_queue("ticket", "paper_out");
    EventRecorder events;
    CupsPrinter printer("ticket", raw_renderer(), events.sink(), fast_options());

    auto first = printer.submit(sample_ticket());
    auto paper_out = events.wait_for_state(PrinterState::PaperOut, 10s);
    auto first_end = events.wait_for_job_end(first, 10s);
    INFO(diagnostics(events, cupsd));

    REQUIRE(paper_out);
    CHECK_THAT(paper_out->detail, Contains("media-empty"));
    REQUIRE(first_end);
    CHECK(first_end->outcome == JobOutcome::Failed);
    CHECK_THAT(first_end->detail, Contains("media-empty"));
    CHECK(printer.state() == PrinterState::PaperOut);
    // Cancelled, so the stale ticket cannot come out when the queue restarts.
    for (auto [cups_id, state] : cupsd.job_states("ticket")) CHECK(state == IPP_JSTATE_CANCELED);

    // The technician loads paper and restarts the queue; the visitor reprints.
    cupsd.set_backend_mode("ok");
    cupsd.enable_queue("ticket");
    auto after_fix = events.mark();
    auto reprint = printer.submit(sample_ticket());
    auto reprint_end = events.wait_for_job_end(reprint, 10s);
    auto ready = events.wait_for_state(PrinterState::Ready, 5s, after_fix);
    INFO(diagnostics(events, cupsd));

    REQUIRE(reprint_end);
    CHECK(reprint_end->outcome == JobOutcome::Completed);
    REQUIRE(cupsd.wait_for_output_files(1, 5s));
    CHECK(cupsd.output_files().size() == 1);
    CHECK(Cupsd::read_file(cupsd.output_files().front()) == kTicketBytes);
    CHECK(ready);
}

TEST_CASE("An offline printer is reported as Offline and a held job prints once it is back", "[hal][printer]") {
    Cupsd cupsd;
    cupsd.add_queue("ticket", "offline");
    EventRecorder events;
    CupsPrinter printer("ticket", raw_renderer(), events.sink(), fast_options());

    auto id = printer.submit(sample_ticket());
    auto offline = events.wait_for_state(PrinterState::Offline, 10s);
    INFO(diagnostics(events, cupsd));

    REQUIRE(offline);
    CHECK_THAT(offline->detail, Contains("offline"));
    CHECK(printer.state() == PrinterState::Offline);
    CHECK(!events.wait_for_job_end(id, 0ms));

    // The printer is switched back on while the job is still within its timeout.
    auto back_on = events.mark();
    cupsd.set_backend_mode("ok");
    auto end = events.wait_for_job_end(id, 10s);
    auto ready = events.wait_for_state(PrinterState::Ready, 5s, back_on);
    INFO(diagnostics(events, cupsd));

    REQUIRE(end);
    CHECK(end->outcome == JobOutcome::Completed);
    CHECK(ready);
    CHECK(cupsd.wait_for_output_files(1, 5s));
}

TEST_CASE("A job whose backend fails is cancelled and reported Failed at once instead of held for a retry",
          "[hal][printer]") {
    Cupsd cupsd;
    cupsd.add_queue("ticket", "fail");
    EventRecorder events;
    CupsPrinter printer("ticket", raw_renderer(), events.sink(), fast_options(15s));

    auto submitted = Clock::now();
    auto id = printer.submit(sample_ticket());
    auto end = events.wait_for_job_end(id, 10s);
    auto waited = Clock::now() - submitted;
    INFO(diagnostics(events, cupsd));

    REQUIRE(end);
    CHECK(end->outcome == JobOutcome::Failed);
    CHECK_THAT(end->detail, Contains("held"));
    CHECK_THAT(end->detail, Contains("Simulated printer failure"));
    CHECK(waited < 5s);
    auto jobs = cupsd.job_states("ticket");
    REQUIRE(jobs.size() == 1);
    CHECK(jobs.begin()->second == IPP_JSTATE_CANCELED);
    CHECK(cupsd.output_files().empty());
}

TEST_CASE("A job slower than the job timeout is cancelled and reported Failed", "[hal][printer]") {
    Cupsd cupsd;
    cupsd.add_queue("ticket", "slow 20");
    EventRecorder events;
    CupsPrinter printer("ticket", raw_renderer(), events.sink(), fast_options(1500ms));

    auto submitted = Clock::now();
    auto id = printer.submit(sample_ticket());
    auto accepted = events.wait_for_job(id, JobOutcome::Accepted, 5s);
    auto end = events.wait_for_job_end(id, 10s);
    auto waited = Clock::now() - submitted;
    INFO(diagnostics(events, cupsd));

    REQUIRE(accepted);
    REQUIRE(end);
    CHECK(end->outcome == JobOutcome::Failed);
    CHECK_THAT(end->detail, Contains("not printed within 1.5 s"));
    CHECK(waited >= 1500ms);
    CHECK(waited < 5s);
    auto jobs = cupsd.job_states("ticket");
    REQUIRE(jobs.size() == 1);
    CHECK(jobs.begin()->second == IPP_JSTATE_CANCELED);
    CHECK(cupsd.output_files().empty());
}

TEST_CASE("With cupsd stopped a job fails and the printer is Offline and after cupsd restarts a new job completes",
          "[hal][printer]") {
    Cupsd cupsd;
    cupsd.add_queue("ticket");
    EventRecorder events;
    CupsPrinter printer("ticket", raw_renderer(), events.sink(), fast_options());
    REQUIRE(events.wait_for_state(PrinterState::Ready, 5s));

    // Marked before the stop: the printer's state poll may notice cupsd gone before submit() is called.
    auto down = events.mark();
    cupsd.stop();
    auto lost = printer.submit(sample_ticket());
    auto lost_end = events.wait_for_job_end(lost, 10s);
    auto offline = events.wait_for_state(PrinterState::Offline, 5s, down);
    INFO(diagnostics(events, cupsd));

    REQUIRE(lost_end);
    CHECK(lost_end->outcome == JobOutcome::Failed);
    CHECK_THAT(lost_end->detail, Contains("unreachable"));
    CHECK(events.count_job_events(lost) == 1);  // never Accepted
    REQUIRE(offline);
    CHECK_THAT(offline->detail, Contains("unreachable"));
    CHECK(printer.state() == PrinterState::Offline);

    auto restart = events.mark();
    cupsd.start();
    auto ready = events.wait_for_state(PrinterState::Ready, 10s, restart);
    auto id = printer.submit(sample_ticket());
    auto end = events.wait_for_job_end(id, 10s);
    INFO(diagnostics(events, cupsd));

    REQUIRE(ready);
    REQUIRE(end);
    CHECK(end->outcome == JobOutcome::Completed);
    REQUIRE(cupsd.wait_for_output_files(1, 5s));
    CHECK(Cupsd::read_file(cupsd.output_files().front()) == kTicketBytes);
}

TEST_CASE("The printer shuts down promptly while cupsd is down and fails the jobs it never sent", "[hal][printer]") {
    Cupsd cupsd;
    cupsd.add_queue("ticket");
    cupsd.stop();
    EventRecorder events;
    std::uint64_t last = 0;
    auto started = Clock::now();
    {
        CupsPrinter printer("ticket", raw_renderer(), events.sink(), fast_options());
        for (int i = 0; i < 5; ++i) last = printer.submit(sample_ticket());
    }
    auto shutdown_took = Clock::now() - started;
    INFO(events.summary());

    CHECK(shutdown_took < 3s);
    for (std::uint64_t id = 1; id <= last; ++id) {
        auto end = events.wait_for_job_end(id, 0ms);
        REQUIRE(end);
        CHECK(end->outcome == JobOutcome::Failed);
    }
}

TEST_CASE("The printer shuts down promptly while cupsd hangs", "[hal][printer]") {
    Cupsd cupsd;
    cupsd.add_queue("ticket");
    EventRecorder events;
    auto printer = std::make_unique<CupsPrinter>("ticket", raw_renderer(), events.sink(), fast_options());
    REQUIRE(events.wait_for_state(PrinterState::Ready, 5s));

    cupsd.pause();
    auto id = printer->submit(sample_ticket());
    std::this_thread::sleep_for(200ms);  // the worker now waits for cupsd's answer
    auto started = Clock::now();
    printer.reset();
    auto shutdown_took = Clock::now() - started;
    cupsd.resume();
    INFO(events.summary());

    CHECK(shutdown_took < 2500ms);  // one request: cupsd_timeout (0.5 s) + libcups' 1 s wait for 100-continue
    auto end = events.wait_for_job_end(id, 0ms);
    REQUIRE(end);
    CHECK(end->outcome == JobOutcome::Failed);
}

TEST_CASE("A missing queue is reported as Error and its jobs fail", "[hal][printer]") {
    Cupsd cupsd;
    EventRecorder events;
    CupsPrinter printer("no-such-queue", raw_renderer(), events.sink(), fast_options());

    auto id = printer.submit(sample_ticket());
    auto error = events.wait_for_state(PrinterState::Error, 5s);
    auto end = events.wait_for_job_end(id, 5s);
    INFO(diagnostics(events, cupsd));

    REQUIRE(error);
    CHECK_THAT(error->detail, Contains("no-such-queue"));
    REQUIRE(end);
    CHECK(end->outcome == JobOutcome::Failed);
    CHECK_THAT(end->detail, Contains("not found"));
}

TEST_CASE("A ticket the renderer rejects fails without reaching cupsd", "[hal][printer]") {
    Cupsd cupsd;
    cupsd.add_queue("ticket");
    EventRecorder events;
    DocumentRenderer broken = [](const TicketContent&) -> Result<Document> { return anjungan::fail("no font"); };
    CupsPrinter printer("ticket", broken, events.sink(), fast_options());

    auto id = printer.submit(sample_ticket());
    auto end = events.wait_for_job_end(id, 5s);
    INFO(diagnostics(events, cupsd));

    REQUIRE(end);
    CHECK(end->outcome == JobOutcome::Failed);
    CHECK_THAT(end->detail, Contains("no font"));
    CHECK(cupsd.job_states("ticket").empty());
}

TEST_CASE("CUPS printer-state and printer-state-reasons map to the kiosk's printer states", "[hal][printer]") {
    using anjungan::hal::map_cups_printer_state;
    using R = std::vector<std::string>;
    constexpr int idle = IPP_PSTATE_IDLE, processing = IPP_PSTATE_PROCESSING, stopped = IPP_PSTATE_STOPPED;

    CHECK(map_cups_printer_state(idle, {}, true, "").state == PrinterState::Ready);
    CHECK(map_cups_printer_state(processing, {}, true, "").state == PrinterState::Printing);
    CHECK(map_cups_printer_state(processing, R{"media-low-report"}, true, "").state == PrinterState::PaperLow);
    CHECK(map_cups_printer_state(stopped, R{"paused", "media-empty-error"}, true, "") ==
          anjungan::hal::CupsPrinterStatus{PrinterState::PaperOut, "media-empty-error"});
    CHECK(map_cups_printer_state(idle, R{"media-needed-warning"}, true, "").state == PrinterState::PaperOut);
    CHECK(map_cups_printer_state(processing, R{"offline-report"}, true, "").state == PrinterState::Offline);
    CHECK(map_cups_printer_state(processing, R{"connecting-to-device"}, true, "").state == PrinterState::Offline);
    CHECK(map_cups_printer_state(idle, {}, false, "").state == PrinterState::Offline);
    CHECK(map_cups_printer_state(idle, R{"cover-open-error"}, true, "") ==
          anjungan::hal::CupsPrinterStatus{PrinterState::Error, "cover-open-error"});
    auto paused = map_cups_printer_state(stopped, R{"paused"}, true, "Printer stopped due to backend errors");
    CHECK(paused.state == PrinterState::Error);
    CHECK_THAT(paused.detail, Contains("backend errors"));
}
