// The ticket queue made from the configuration in a real private cupsd: created, left alone, updated or refused.
#include <catch2/catch.hpp>
#include <cups/cups.h>
#include <cups/ipp.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "hal/printer/cups_printer.h"
#include "hal/printer/cups_queue.h"
#include "tests/support/cupsd_fixture.h"
#include "tests/support/printer_events.h"
#include "tests/support/process.h"

using namespace std::chrono_literals;
using anjungan::Result;
using anjungan::TicketContent;
using anjungan::hal::CupsPrinter;
using anjungan::hal::CupsPrinterOptions;
using anjungan::hal::CupsQueueOptions;
using anjungan::hal::Document;
using anjungan::hal::JobOutcome;
using anjungan::hal::QueueChange;
using anjungan::hal::QueueDriver;
using anjungan::hal::QueueSetupReport;
using anjungan::hal::QueueStatus;
using anjungan::hal::TicketQueueConfig;
using anjungan::test::Cupsd;
using anjungan::test::TempDir;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

using Clock = std::chrono::steady_clock;

const std::vector<std::uint8_t> kTicketBytes = {0x1b, '@', 'A', '-', '0', '0', '7', '\n', 0x00, 0xff, 0x1d, 'V', 0x00};

TicketQueueConfig escpos_queue(const std::string& device_uri) { return {"cups:ticket", "escpos", device_uri, ""}; }

// A healthy local cupsd answers within milliseconds; these keep the failure cases short.
CupsQueueOptions fast_options() {
    CupsQueueOptions options;
    options.cupsd_timeout = 1'000ms;
    options.printer_timeout = 2'000ms;
    options.discovery_timeout = 5s;
    return options;
}

QueueSetupReport set_up(const Cupsd& cupsd, const TicketQueueConfig& config,
                        const CupsQueueOptions& options = fast_options()) {
    auto report = anjungan::hal::set_up_ticket_queue(config, options);
    INFO((report ? anjungan::hal::describe(*report) : report.error().message) + "\n" + cupsd.error_log_tail());
    REQUIRE(report);
    return *report;
}

std::string setup_error(const TicketQueueConfig& config, const CupsQueueOptions& options = fast_options()) {
    auto report = anjungan::hal::set_up_ticket_queue(config, options);
    INFO((report ? anjungan::hal::describe(*report) : ""));
    REQUIRE_FALSE(report);
    return report.error().message;
}

QueueStatus status_of(const std::string& queue) {
    auto status = anjungan::hal::read_queue_status(queue, fast_options());
    INFO((status ? "" : status.error().message));
    REQUIRE(status);
    return *status;
}

// Waits until cupsd reports the queue in `printer_state`.
bool wait_for_queue_state(const std::string& queue, int printer_state, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
        auto status = anjungan::hal::read_queue_status(queue, fast_options());
        if (status && status->printer_state == printer_state) return true;
        std::this_thread::sleep_for(50ms);
    }
    return false;
}

// Prints the fixed ticket bytes on the queue through the kiosk's own CUPS printer and returns the job's outcome.
JobOutcome print_ticket(const std::string& queue) {
    anjungan::test::PrinterEvents events;
    CupsPrinterOptions options;
    options.job_timeout = 15s;
    options.state_poll_interval = 100ms;
    options.job_poll_interval = 100ms;
    options.cupsd_timeout = 1'000ms;
    auto render = [](const TicketContent&) -> Result<Document> {
        return Document{kTicketBytes, "application/vnd.cups-raw"};
    };
    CupsPrinter printer(queue, render, events.sink(), options);
    const auto end = events.wait_for_job_end(printer.submit(TicketContent{}), 20s);
    INFO(events.summary());
    REQUIRE(end);
    return end->outcome;
}

void write_text(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    REQUIRE(out.flush());
}

// The smallest PPD cupsd accepts for a queue; the nickname tells one version from another.
std::string test_ppd(const std::string& nickname) {
    return "*PPD-Adobe: \"4.3\"\n*FormatVersion: \"4.3\"\n*FileVersion: \"1.0\"\n*LanguageVersion: English\n"
           "*LanguageEncoding: ISOLatin1\n*PCFileName: \"ANJTEST.PPD\"\n*Manufacturer: \"Anjungan\"\n"
           "*Product: \"(Test Printer)\"\n*ModelName: \"Anjungan Test Printer\"\n*NickName: \"" +
           nickname +
           "\"\n*ShortNickName: \"Anjungan Test\"\n*PSVersion: \"(3010.000) 0\"\n*LanguageLevel: \"3\"\n"
           "*ColorDevice: False\n*DefaultColorSpace: Gray\n*FileSystem: False\n*Throughput: \"1\"\n"
           "*OpenUI *PageSize/Media Size: PickOne\n*OrderDependency: 10 AnySetup *PageSize\n"
           "*DefaultPageSize: X80MMY200MM\n*PageSize X80MMY200MM/80 x 200 mm: \"<</PageSize[227 567]>>setpagedevice\"\n"
           "*CloseUI: *PageSize\n*DefaultImageableArea: X80MMY200MM\n"
           "*ImageableArea X80MMY200MM/80 x 200 mm: \"0 0 227 567\"\n*DefaultPaperDimension: X80MMY200MM\n"
           "*PaperDimension X80MMY200MM/80 x 200 mm: \"227 567\"\n";
}

}  // namespace

TEST_CASE("The configured queue is created with its device URI and a ticket printed on it arrives", "[hal][printer]") {
    Cupsd cupsd;
    const auto report = set_up(cupsd, escpos_queue("anjtest:/ticket"));
    CHECK(report.change == QueueChange::Created);
    CHECK(anjungan::hal::describe(report) == "ticket queue \"ticket\": created, anjtest:/ticket (raw, escpos)");

    const auto status = status_of("ticket");
    CHECK(status.device_uri == "anjtest:/ticket");
    CHECK(status.printer_state == IPP_PSTATE_IDLE);
    CHECK(status.accepting_jobs);
    CHECK(status.make_and_model == "Local Raw Printer");

    CHECK(print_ticket("ticket") == JobOutcome::Completed);
    REQUIRE(cupsd.wait_for_output_files(1, 5s));
    CHECK(Cupsd::read_file(cupsd.output_files().front()) ==
          std::vector<unsigned char>(kTicketBytes.begin(), kTicketBytes.end()));
}

TEST_CASE("Setting up the same queue again reports it unchanged", "[hal][printer]") {
    Cupsd cupsd;
    REQUIRE(set_up(cupsd, escpos_queue("anjtest:/ticket")).change == QueueChange::Created);
    const auto again = set_up(cupsd, escpos_queue("anjtest:/ticket"));
    CHECK(again.change == QueueChange::Unchanged);
    CHECK(again.updates.empty());
    CHECK(anjungan::hal::describe(again) == "ticket queue \"ticket\": unchanged, anjtest:/ticket (raw, escpos)");
    CHECK(status_of("ticket").accepting_jobs);
}

TEST_CASE("A changed device URI updates the queue in place and it still prints", "[hal][printer]") {
    Cupsd cupsd;
    REQUIRE(set_up(cupsd, escpos_queue("anjtest:/ticket")).change == QueueChange::Created);
    const auto moved = set_up(cupsd, escpos_queue("anjtest:/moved"));
    CHECK(moved.change == QueueChange::Updated);
    CHECK(moved.updates == std::vector<std::string>{"device URI"});
    CHECK(anjungan::hal::describe(moved) ==
          "ticket queue \"ticket\": updated (device URI), anjtest:/moved (raw, escpos)");
    CHECK(status_of("ticket").device_uri == "anjtest:/moved");
    CHECK(print_ticket("ticket") == JobOutcome::Completed);
}

TEST_CASE("A queue a printer fault stopped is enabled again by setup", "[hal][printer]") {
    Cupsd cupsd;
    REQUIRE(set_up(cupsd, escpos_queue("anjtest:/ticket")).change == QueueChange::Created);
    cupsd.set_backend_mode("paper_out");
    CHECK(print_ticket("ticket") == JobOutcome::Failed);
    REQUIRE(wait_for_queue_state("ticket", IPP_PSTATE_STOPPED, 10s));
    cupsd.set_backend_mode("ok");

    const auto report = set_up(cupsd, escpos_queue("anjtest:/ticket"));
    CHECK(report.change == QueueChange::Updated);
    CHECK(report.updates == std::vector<std::string>{"enabled"});
    CHECK(status_of("ticket").printer_state != IPP_PSTATE_STOPPED);
    CHECK(print_ticket("ticket") == JobOutcome::Completed);
}

TEST_CASE("With no device URI the first printer the backend finds is used", "[hal][printer]") {
    Cupsd cupsd;
    auto options = fast_options();
    options.discovery_scheme = "anjtest";  // the test backend lists anjtest:/found as a found printer
    const auto report = set_up(cupsd, escpos_queue(""), options);
    CHECK(report.change == QueueChange::Created);
    CHECK(report.device_uri == "anjtest:/found");
    CHECK(status_of("ticket").device_uri == "anjtest:/found");
    CHECK(set_up(cupsd, escpos_queue(""), options).change == QueueChange::Unchanged);
}

TEST_CASE("With no device URI and no USB printer setup says no printer was found", "[hal][printer]") {
    Cupsd cupsd;  // its only backend is anjtest: cupsd's usb discovery finds nothing
    const auto error = setup_error(escpos_queue(""));
    CHECK_THAT(error, StartsWith("no printer found"));
    CHECK_THAT(error, Contains("usb"));
    CHECK_THAT(error, Contains("devices.printer_uri"));
    CHECK_FALSE(anjungan::hal::read_queue_status("ticket", fast_options()));
}

TEST_CASE("A PPD file makes a driver queue that is updated when the file changes", "[hal][printer]") {
    Cupsd cupsd;
    TempDir dir;
    const std::string ppd = dir.path() + "/ticket.ppd";
    write_text(ppd, test_ppd("Anjungan Test Printer v1"));
    const TicketQueueConfig config{"cups:ticket", "pdf", "anjtest:/ticket", ppd};

    const auto created = set_up(cupsd, config);
    CHECK(created.change == QueueChange::Created);
    CHECK(anjungan::hal::describe(created) ==
          "ticket queue \"ticket\": created, anjtest:/ticket (PPD " + ppd + ", pdf)");
    CHECK(status_of("ticket").make_and_model == "Anjungan Test Printer v1");
    CHECK(set_up(cupsd, config).change == QueueChange::Unchanged);

    write_text(ppd, test_ppd("Anjungan Test Printer v2"));
    const auto updated = set_up(cupsd, config);
    CHECK(updated.change == QueueChange::Updated);
    CHECK(updated.updates == std::vector<std::string>{"driver"});
    CHECK(status_of("ticket").make_and_model == "Anjungan Test Printer v2");

    const auto raw_again = set_up(cupsd, escpos_queue("anjtest:/ticket"));
    CHECK(raw_again.updates == std::vector<std::string>{"driver"});
    CHECK(status_of("ticket").make_and_model == "Local Raw Printer");
}

TEST_CASE("A missing PPD file is a clear error and no queue is made", "[hal][printer]") {
    Cupsd cupsd;
    const auto error = setup_error({"cups:ticket", "pdf", "anjtest:/ticket", "/nonexistent/ticket.ppd"});
    CHECK_THAT(error, Contains("cannot read the PPD file /nonexistent/ticket.ppd"));
    CHECK_FALSE(anjungan::hal::read_queue_status("ticket", fast_options()));
}

TEST_CASE("The driver follows the format and the device and pdf without IPP needs a PPD", "[hal][printer]") {
    using anjungan::hal::choose_queue_driver;
    CHECK(*choose_queue_driver("escpos", "", "") == QueueDriver::Raw);
    CHECK(*choose_queue_driver("escpos", "ipp://printer.local/ipp/print", "") == QueueDriver::Raw);
    CHECK(*choose_queue_driver("pdf", "ipp://printer.local/ipp/print", "") == QueueDriver::Everywhere);
    CHECK(*choose_queue_driver("pdf", "IPPS://printer.local/ipp/print", "") == QueueDriver::Everywhere);
    CHECK(*choose_queue_driver("pdf", "usb://EPSON/TM-T20III", "/x.ppd") == QueueDriver::PpdFile);
    CHECK(*choose_queue_driver("escpos", "usb://EPSON/TM-T20III", "/x.ppd") == QueueDriver::PpdFile);
    for (const char* uri : {"", "usb://EPSON/TM-T20III", "socket://192.168.1.50:9100"}) {
        INFO(uri);
        const auto driver = choose_queue_driver("pdf", uri, "");
        REQUIRE_FALSE(driver);
        CHECK_THAT(driver.error().message, Contains("needs the printer's PPD file in devices.printer_ppd"));
    }
    CHECK_FALSE(choose_queue_driver("postscript", "usb://x", ""));
}

TEST_CASE("A pdf queue on a socket printer without a PPD is refused before cupsd is asked", "[hal][printer]") {
    Cupsd cupsd;
    cupsd.stop();  // the configuration alone decides
    const auto error = setup_error({"cups:ticket", "pdf", "socket://192.168.1.50:9100", ""});
    CHECK_THAT(error, Contains("a pdf queue on socket://192.168.1.50:9100 needs the printer's PPD file"));
}

TEST_CASE("A simulated printer needs no queue and that is not an error", "[hal][printer]") {
    auto report = anjungan::hal::set_up_ticket_queue({"sim:/tmp/tickets", "pdf", "", ""}, fast_options());
    REQUIRE(report);
    CHECK(report->change == QueueChange::NotCups);
    CHECK(anjungan::hal::describe(*report) == "ticket printer sim:/tmp/tickets is simulated: no CUPS queue to set up");
}

TEST_CASE("A stopped cupsd is a clear error within the timeout", "[hal][printer]") {
    Cupsd cupsd;
    cupsd.stop();
    const auto started = Clock::now();
    const auto error = setup_error(escpos_queue("anjtest:/ticket"));
    CHECK(Clock::now() - started < 5s);
    CHECK_THAT(error, Contains("print server (cupsd)"));
    CHECK_THAT(error, Contains("unreachable"));
    const auto status = anjungan::hal::read_queue_status("ticket", fast_options());
    REQUIRE_FALSE(status);
    CHECK_THAT(status.error().message, Contains("unreachable"));
}

TEST_CASE("A hung cupsd is a clear error within the timeout", "[hal][printer]") {
    Cupsd cupsd;
    cupsd.pause();
    const auto started = Clock::now();
    const auto error = setup_error(escpos_queue("anjtest:/ticket"));
    const auto waited = Clock::now() - started;
    cupsd.resume();
    CHECK(waited < 6s);
    CHECK_THAT(error, Contains("print server (cupsd)"));
    CHECK_THAT(error, Contains("not answering"));
}

TEST_CASE("An IPP Everywhere printer that cannot be reached is a clear error", "[hal][printer]") {
    Cupsd cupsd;
    cupsd.install_system_backend("ipp");
    const auto started = Clock::now();
    const auto error = setup_error({"cups:ticket", "pdf", "ipp://127.0.0.1:9/ipp/print", ""});
    CHECK(Clock::now() - started < 5s);
    CHECK_THAT(error, Contains("IPP Everywhere capabilities of the printer at ipp://127.0.0.1:9/ipp/print"));
    CHECK_THAT(error, Contains("cannot connect to it"));
    CHECK_FALSE(anjungan::hal::read_queue_status("ticket", fast_options()));
}

TEST_CASE("An IPP Everywhere queue is made from the printer's own description", "[hal][printer]") {
    Cupsd cupsd;
    cupsd.install_system_backend("ipp");
    // A queue of the private cupsd stands in for a network printer: it answers IPP on the fixture's socket, and
    // its driver makes it offer PWG raster as an IPP Everywhere printer does.
    TempDir dir;
    const std::string ppd = dir.path() + "/network.ppd";
    write_text(ppd, test_ppd("Anjungan Network Printer") +
                        "*cupsFilter2: \"image/pwg-raster image/pwg-raster 0 -\"\n");
    REQUIRE(set_up(cupsd, {"cups:network", "pdf", "anjtest:/network", ppd}).change == QueueChange::Created);
    char uri[HTTP_MAX_URI];
    httpAssembleURI(HTTP_URI_CODING_ALL, uri, sizeof uri, "ipp", nullptr, cupsd.socket_path().c_str(), 0,
                    "/printers/network");

    const auto report = set_up(cupsd, {"cups:ticket", "pdf", uri, ""});
    CHECK(report.change == QueueChange::Created);
    CHECK(report.driver == "IPP Everywhere");
    const auto status = status_of("ticket");
    CHECK(status.device_uri == uri);
    CHECK_THAT(status.make_and_model, Contains("IPP Everywhere"));
    CHECK(set_up(cupsd, {"cups:ticket", "pdf", uri, ""}).change == QueueChange::Unchanged);
}
