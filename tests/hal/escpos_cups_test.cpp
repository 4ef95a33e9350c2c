// Tickets printed through the printer factory into a real private cupsd raw queue, as ESC/POS and as PDF.
#include <catch2/catch.hpp>
#include <cairo.h>
#include <cups/ipp.h>

#include <ZXing/DecodeHints.h>
#include <ZXing/ReadBarcode.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "hal/printer/printer.h"
#include "kiosk/render/escpos.h"
#include "tests/support/cupsd_fixture.h"

using namespace std::chrono_literals;
using anjungan::TicketContent;
using anjungan::hal::JobOutcome;
using anjungan::hal::Printer;
using anjungan::hal::PrinterEvent;
using anjungan::hal::PrinterEventSink;
using anjungan::hal::PrinterState;
using anjungan::render::Bytes;
using anjungan::render::Raster;
using anjungan::render::TicketLayout;
using anjungan::test::Cupsd;
using Catch::Matchers::Contains;

namespace {

// Printed tickets land here for a person (and the README) to look at.
const std::string kOutputDir = std::string(TEST_BINARY_DIR) + "/tests/hal";

TicketContent ppid_ticket() {
    TicketContent t;
    t.header_lines = {"DINAS KOMUNIKASI DAN INFORMATIKA", "Jl. Tjilik Riwut Km. 5, Palangka Raya"};
    t.service_name = "Permohonan Informasi (PPID)";
    t.number = "P-007";
    t.issued_at = "Senin, 15 April 2024 09:41";
    t.reference = "KSK01-20240415-P-007";
    t.deadline = "Batas jawaban: 29 April 2024 (10 hari kerja)";
    t.next_steps = {"1. Simpan tiket ini sebagai bukti permohonan.",
                    "2. Petugas akan menghubungi Anda melalui nomor telepon yang terdaftar.",
                    "3. Pindai kode QR untuk melihat status permohonan Anda."};
    t.footer_lines = {"lapor.go.id  |  SMS 1708", "NIK 6202********0001"};
    t.tracking_url = "https://anjungan.example.go.id/lacak/KSK01-20240415-P-007";
    return t;
}

// Records the printer's events for the test thread to wait on.
class Events {
public:
    PrinterEventSink sink() {
        return [this](const PrinterEvent& event) {
            {
                std::lock_guard lock(mutex_);
                events_.push_back(event);
            }
            changed_.notify_all();
        };
    }

    std::size_t mark() const {
        std::lock_guard lock(mutex_);
        return events_.size();
    }

    std::optional<PrinterEvent> wait_for(const std::function<bool(const PrinterEvent&)>& match,
                                         std::chrono::milliseconds timeout, std::size_t from = 0) {
        std::unique_lock lock(mutex_);
        std::optional<PrinterEvent> found;
        changed_.wait_for(lock, timeout, [&] {
            for (std::size_t i = from; i < events_.size() && !found; ++i)
                if (match(events_[i])) found = events_[i];
            return found.has_value();
        });
        return found;
    }

    std::optional<PrinterEvent> wait_for_state(PrinterState state, std::chrono::milliseconds timeout,
                                               std::size_t from = 0) {
        return wait_for([&](const PrinterEvent& e) { return e.kind == PrinterEvent::Kind::State && e.state == state; },
                        timeout, from);
    }

    // The job's final event: Completed or Failed.
    std::optional<PrinterEvent> job_end(std::uint64_t id, std::chrono::milliseconds timeout) {
        return wait_for(
            [&](const PrinterEvent& e) {
                return e.kind == PrinterEvent::Kind::Job && e.job_id == id && e.outcome != JobOutcome::Accepted;
            },
            timeout);
    }

    std::string summary() const {
        std::lock_guard lock(mutex_);
        std::string text = "printer events:\n";
        for (const auto& e : events_)
            text += e.kind == PrinterEvent::Kind::State
                        ? std::string("  state ") + anjungan::hal::to_string(e.state) + " [" + e.detail + "]\n"
                        : "  job " + std::to_string(e.job_id) + " " + outcome_name(e.outcome) + " [" + e.detail + "]\n";
        return text;
    }

private:
    static const char* outcome_name(JobOutcome outcome) {
        switch (outcome) {
            case JobOutcome::Accepted: return "accepted";
            case JobOutcome::Completed: return "completed";
            case JobOutcome::Failed: return "failed";
        }
        return "?";
    }

    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<PrinterEvent> events_;
};

std::unique_ptr<Printer> cups_printer(const std::string& format, Events& events) {
    std::string error;
    auto printer = anjungan::hal::make_printer("cups:ticket", TicketLayout{}, format, events.sink(), error);
    INFO(error);
    REQUIRE(printer);
    return printer;
}

// What the factory should send for an ESC/POS queue, computed independently of the printer.
Bytes expected_escpos(const TicketContent& ticket) {
    auto raster = anjungan::render::render_raster(ticket, TicketLayout{});
    REQUIRE(raster.ok());
    auto escpos = anjungan::render::encode_escpos(*raster);
    REQUIRE(escpos.ok());
    return *escpos;
}

// An 8-bit luminance image: what the ZXing reader takes.
struct Gray {
    int width = 0, height = 0;
    std::vector<std::uint8_t> pixels;
};

Gray gray_of(const Raster& raster) {
    Gray gray{raster.width, raster.height, {}};
    for (int y = 0; y < raster.height; ++y)
        for (int x = 0; x < raster.width; ++x) {
            const std::uint8_t byte = raster.bits[static_cast<std::size_t>(y) * raster.stride + x / 8];
            gray.pixels.push_back((byte & (0x80 >> (x % 8))) ? 0 : 255);
        }
    return gray;
}

std::optional<Gray> read_png_file(const std::string& path) {
    cairo_surface_t* surface = cairo_image_surface_create_from_png(path.c_str());
    if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(surface);
        return std::nullopt;
    }
    Gray gray{cairo_image_surface_get_width(surface), cairo_image_surface_get_height(surface), {}};
    const int stride = cairo_image_surface_get_stride(surface);
    const unsigned char* data = cairo_image_surface_get_data(surface);
    for (int y = 0; y < gray.height; ++y)
        for (int x = 0; x < gray.width; ++x) {
            const std::uint32_t p = reinterpret_cast<const std::uint32_t*>(data + y * stride)[x];
            gray.pixels.push_back(static_cast<std::uint8_t>(((p >> 16 & 0xFF) * 299 + (p >> 8 & 0xFF) * 587 +
                                                             (p & 0xFF) * 114) / 1000));
        }
    cairo_surface_destroy(surface);
    return gray;
}

bool write_png_file(const Gray& gray, const std::string& path) {
    cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, gray.width, gray.height);
    cairo_surface_flush(surface);
    unsigned char* data = cairo_image_surface_get_data(surface);
    const int stride = cairo_image_surface_get_stride(surface);
    for (int y = 0; y < gray.height; ++y)
        for (int x = 0; x < gray.width; ++x) {
            const std::uint32_t v = gray.pixels[static_cast<std::size_t>(y) * gray.width + x];
            reinterpret_cast<std::uint32_t*>(data + y * stride)[x] = v << 16 | v << 8 | v;
        }
    cairo_surface_mark_dirty(surface);
    const bool written = cairo_surface_write_to_png(surface, path.c_str()) == CAIRO_STATUS_SUCCESS;
    cairo_surface_destroy(surface);
    return written;
}

// The QR's text, or empty when none reads. Raw bytes: this target does not define ZX_USE_UTF8 for text(),
// and a tracking URL is ASCII.
std::string read_qr(const Gray& gray) {
    ZXing::DecodeHints hints;
    hints.setFormats(ZXing::BarcodeFormat::QRCode);
    const ZXing::Result qr =
        ZXing::ReadBarcode({gray.pixels.data(), gray.width, gray.height, ZXing::ImageFormat::Lum}, hints);
    if (!qr.isValid()) return {};
    return std::string(qr.bytes().begin(), qr.bytes().end());
}

bool have_program(const std::string& name) {
    return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

std::string text_of(const std::vector<unsigned char>& bytes) { return std::string(bytes.begin(), bytes.end()); }

}  // namespace

TEST_CASE("A ticket printed as escpos reaches the raw queue as the exact ESC/POS bytes and its QR reads",
          "[hal][printer][escpos]") {
    Cupsd cupsd;
    cupsd.add_queue("ticket");
    Events events;
    auto printer = cups_printer("escpos", events);
    const TicketContent ticket = ppid_ticket();

    const auto id = printer->submit(ticket);
    const auto end = events.job_end(id, 15s);
    INFO(events.summary() + cupsd.error_log_tail());
    REQUIRE(end);
    CHECK(end->outcome == JobOutcome::Completed);
    REQUIRE(cupsd.wait_for_output_files(1, 5s));

    const Bytes printed = Cupsd::read_file(cupsd.output_files().front());
    CHECK(printed == expected_escpos(ticket));
    const auto decoded = anjungan::render::decode_escpos_raster(printed);
    INFO((decoded.ok() ? std::string() : decoded.error().message));
    REQUIRE(decoded.ok());
    CHECK(decoded->width == 576);
    const Gray image = gray_of(*decoded);
    CHECK(write_png_file(image, kOutputDir + "/printed-ticket-escpos.png"));
    CHECK(read_qr(image) == ticket.tracking_url);
}

TEST_CASE("A ticket printed as pdf reaches the raw queue as a valid PDF and its QR reads once rasterised",
          "[hal][printer][escpos]") {
    Cupsd cupsd;
    cupsd.add_queue("ticket");
    Events events;
    auto printer = cups_printer("pdf", events);
    const TicketContent ticket = ppid_ticket();

    const auto id = printer->submit(ticket);
    const auto end = events.job_end(id, 15s);
    INFO(events.summary() + cupsd.error_log_tail());
    REQUIRE(end);
    CHECK(end->outcome == JobOutcome::Completed);
    REQUIRE(cupsd.wait_for_output_files(1, 5s));

    const std::vector<unsigned char> printed = Cupsd::read_file(cupsd.output_files().front());
    const std::string text = text_of(printed);
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
    const std::optional<Gray> page = read_png_file(base + ".png");
    REQUIRE(page);
    CHECK(page->width == Approx(80.0 / 25.4 * 203).margin(2));
    CHECK(read_qr(*page) == ticket.tracking_url);
}

TEST_CASE("The factory refuses an unknown print format", "[hal][printer][escpos]") {
    std::string error;
    CHECK_FALSE(anjungan::hal::make_printer("cups:ticket", TicketLayout{}, "zpl", [](const PrinterEvent&) {}, error));
    CHECK_THAT(error, Contains("zpl") && Contains("pdf or escpos"));
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
    const auto first_end = events.job_end(first, 15s);
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
    const auto reprint_end = events.job_end(reprint, 15s);
    const auto ready = events.wait_for_state(PrinterState::Ready, 10s, after_fix);
    INFO(events.summary() + cupsd.error_log_tail());
    REQUIRE(reprint_end);
    CHECK(reprint_end->outcome == JobOutcome::Completed);
    CHECK(ready);
    REQUIRE(cupsd.wait_for_output_files(1, 5s));
    CHECK(cupsd.output_files().size() == 1);
    CHECK(Cupsd::read_file(cupsd.output_files().front()) == expected_escpos(ticket));
}
