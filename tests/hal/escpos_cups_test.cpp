// Tickets printed through the printer factory into a real private cupsd raw queue, as ESC/POS and as PDF.
#include <catch2/catch.hpp>
#include <cups/ipp.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hal/printer/printer.h"
#include "kiosk/render/escpos.h"
#include "tests/support/cupsd_fixture.h"
#include "tests/support/image_fixture.h"
#include "tests/support/printer_events.h"
#include "tests/support/ticket_fixture.h"

using namespace std::chrono_literals;
using anjungan::TicketContent;
using anjungan::hal::JobOutcome;
using anjungan::hal::Printer;
using anjungan::hal::PrinterEvent;
using anjungan::hal::PrinterState;
using anjungan::render::Bytes;
using anjungan::render::Raster;
using anjungan::render::TicketLayout;
using anjungan::test::Cupsd;
using anjungan::test::GrayImage;
using anjungan::test::ppid_ticket;
using anjungan::test::qr_text;
using Catch::Matchers::Contains;

namespace {

// Printed tickets land here for a person (and the README) to look at.
const std::string kOutputDir = std::string(TEST_BINARY_DIR) + "/tests/hal";

using Events = anjungan::test::PrinterEvents;

std::unique_ptr<Printer> cups_printer(const std::string& format, Events& events) {
    auto printer = anjungan::hal::make_printer("cups:ticket", TicketLayout{}, format, events.sink());
    INFO((printer ? std::string() : printer.error().message));
    REQUIRE(printer);
    return std::move(*printer);
}

// What the factory should send for an ESC/POS queue, computed independently of the printer.
Bytes expected_escpos(const TicketContent& ticket) {
    auto raster = anjungan::render::render_raster(ticket, TicketLayout{});
    REQUIRE(raster.ok());
    auto escpos = anjungan::render::encode_escpos(*raster);
    REQUIRE(escpos.ok());
    return *escpos;
}

// Prints `ticket` as `format` on a fresh healthy queue; the job must complete. Returns what the queue received.
Bytes print_on_healthy_queue(const std::string& format, const TicketContent& ticket) {
    Cupsd cupsd;
    cupsd.add_queue("ticket");
    Events events;
    auto printer = cups_printer(format, events);
    const auto end = events.wait_for_job_end(printer->submit(ticket), 15s);
    INFO(events.summary() + cupsd.error_log_tail());
    REQUIRE(end);
    CHECK(end->outcome == JobOutcome::Completed);
    REQUIRE(cupsd.wait_for_output_files(1, 5s));
    return Cupsd::read_file(cupsd.output_files().front());
}

bool have_program(const std::string& name) {
    return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

std::string text_of(const std::vector<unsigned char>& bytes) { return std::string(bytes.begin(), bytes.end()); }

}  // namespace

TEST_CASE("A ticket printed as escpos reaches the raw queue as the exact ESC/POS bytes and its QR reads",
          "[hal][printer][escpos]") {
    const TicketContent ticket = ppid_ticket();
    const Bytes printed = print_on_healthy_queue("escpos", ticket);
    CHECK(printed == expected_escpos(ticket));
    const auto decoded = anjungan::render::decode_escpos_raster(printed);
    INFO((decoded.ok() ? std::string() : decoded.error().message));
    REQUIRE(decoded.ok());
    CHECK(decoded->width == 576);
    const GrayImage image = anjungan::test::gray_of(*decoded);
    CHECK(anjungan::test::write_png_file(image, kOutputDir + "/printed-ticket-escpos.png"));
    CHECK(qr_text(image) == ticket.tracking_url);
}

TEST_CASE("A ticket printed as pdf reaches the raw queue as a valid PDF and its QR reads once rasterised",
          "[hal][printer][escpos]") {
    const TicketContent ticket = ppid_ticket();
    const std::string text = text_of(print_on_healthy_queue("pdf", ticket));
    CHECK(text.rfind("%PDF-", 0) == 0);
    CHECK(text.find("%%EOF", text.size() - std::min<std::size_t>(text.size(), 32)) != std::string::npos);
    if (!have_program("pdftoppm")) {
        WARN("pdftoppm (poppler-utils) is not installed: the printed PDF is not rasterised");
        return;
    }
    const std::string pdf_path = kOutputDir + "/printed-ticket.pdf";
    std::ofstream(pdf_path, std::ios::binary).write(text.data(), static_cast<std::streamsize>(text.size()));
    const std::string base = kOutputDir + "/printed-ticket-pdf";
    REQUIRE(std::system(("pdftoppm -r 203 -png -singlefile '" + pdf_path + "' '" + base + "'").c_str()) == 0);
    const std::optional<GrayImage> page = anjungan::test::read_png_file(base + ".png");
    REQUIRE(page);
    CHECK(page->width == Approx(80.0 / 25.4 * 203).margin(2));
    CHECK(qr_text(*page) == ticket.tracking_url);
}

TEST_CASE("The factory refuses an unknown print format", "[hal][printer][escpos]") {
    const auto printer = anjungan::hal::make_printer("cups:ticket", TicketLayout{}, "zpl", [](const PrinterEvent&) {});
    REQUIRE_FALSE(printer);
    CHECK_THAT(printer.error().message, Contains("zpl") && Contains("pdf or escpos"));
}

TEST_CASE("Paper out during an ESC/POS job is reported as PaperOut and a reprint completes after the fault clears",
          "[hal][printer][escpos]") {
    Cupsd cupsd;
    cupsd.add_queue("ticket", "paper_out");
    Events events;
    auto printer = cups_printer("escpos", events);
    const TicketContent ticket = ppid_ticket();

    const auto first = printer->submit(ticket);
    const auto paper_out = events.wait_for_state(PrinterState::PaperOut, 15s);
    const auto first_end = events.wait_for_job_end(first, 15s);
    INFO(events.summary() + cupsd.error_log_tail());
    REQUIRE(paper_out);
    CHECK_THAT(paper_out->detail, Contains("media-empty"));
    REQUIRE(first_end);
    CHECK(first_end->outcome == JobOutcome::Failed);
    CHECK(printer->state() == PrinterState::PaperOut);
    // Cancelled, so the stale ticket cannot come out when the queue restarts.
    for (auto [cups_id, state] : cupsd.job_states("ticket")) CHECK(state == IPP_JSTATE_CANCELED);

    // The technician loads paper and restarts the queue; the visitor reprints.
    cupsd.set_backend_mode("ok");
    cupsd.enable_queue("ticket");
    const auto after_fix = events.mark();
    const auto reprint = printer->submit(ticket);
    const auto reprint_end = events.wait_for_job_end(reprint, 15s);
    const auto ready = events.wait_for_state(PrinterState::Ready, 10s, after_fix);
    INFO(events.summary() + cupsd.error_log_tail());
    REQUIRE(reprint_end);
    CHECK(reprint_end->outcome == JobOutcome::Completed);
    CHECK(ready);
    REQUIRE(cupsd.wait_for_output_files(1, 5s));
    CHECK(cupsd.output_files().size() == 1);
    CHECK(Cupsd::read_file(cupsd.output_files().front()) == expected_escpos(ticket));
}
