// Ticket rendering: lays out a TicketContent with cairo and produces PNG, PDF or a 1-bit raster.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kiosk/core/result.h"
#include "kiosk/core/ticket.h"

namespace anjungan::render {

struct TicketLayout {
    double paper_width_mm = 80.0;  // 80 mm or 58 mm thermal paper
    int dots_per_inch = 203;       // thermal printers print at 203 dpi
    std::string font_family = "DejaVu Sans";
    std::string logo_png;         // optional office logo (PNG), printed above the header
    double logo_width_mm = 24.0;
};

using Bytes = std::vector<std::uint8_t>;

// A PNG image of the ticket at the layout's width in dots, black on white.
Result<Bytes> render_png(const TicketContent& ticket, const TicketLayout& layout);

// A one-page PDF document of the ticket, as wide as the paper and as long as the content.
Result<Bytes> render_pdf(const TicketContent& ticket, const TicketLayout& layout);

// A 1-bit image of the ticket for raster printing (ESC/POS GS v 0): rows of `stride` bytes,
// most significant bit first, 1 = black. Text is drawn without antialiasing so that nothing
// is lost when grey edges would otherwise have to be thresholded.
struct Raster {
    int width = 0;   // dots, a multiple of 8
    int height = 0;  // dots
    int stride = 0;  // bytes per row: width / 8
    std::vector<std::uint8_t> bits;
};
Result<Raster> render_raster(const TicketContent& ticket, const TicketLayout& layout);

// The printable width in dots for a layout: 72 mm on 80 mm paper, 48 mm on 58 mm paper,
// otherwise 4 mm margins each side; rounded to whole bytes for raster printers.
int printable_width_dots(const TicketLayout& layout);

}  // namespace anjungan::render
