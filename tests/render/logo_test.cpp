// The optional office logo: printed as black dots above the header, and a missing file is a clear error.
#include <catch2/catch.hpp>

#include <cairo.h>

#include "kiosk/render/ticket_render.h"
#include "tests/support/process.h"
#include "tests/support/ticket_fixture.h"

using Catch::Matchers::Contains;

using namespace anjungan;
using namespace anjungan::render;

namespace {

// A 200x100 logo: a black bar on transparent background.
std::string write_logo(const std::string& dir) {
    const std::string path = dir + "/logo.png";
    cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 200, 100);
    cairo_t* cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_rectangle(cr, 20, 30, 160, 40);
    cairo_fill(cr);
    cairo_destroy(cr);
    cairo_surface_write_to_png(surface, path.c_str());
    cairo_surface_destroy(surface);
    return path;
}

int black_dots(const Raster& r, int first_row, int last_row) {
    int n = 0;
    for (int y = first_row; y < last_row && y < r.height; ++y)
        for (int x = 0; x < r.width; ++x) n += (r.bits[static_cast<size_t>(y) * r.stride + x / 8] >> (7 - x % 8)) & 1;
    return n;
}

}  // namespace

TEST_CASE("A configured logo is printed above the header as black dots", "[render][logo]") {
    test::TempDir dir;
    TicketLayout plain;
    TicketLayout with_logo;
    with_logo.logo_png = write_logo(dir.path());
    with_logo.logo_width_mm = 24;
    const auto without = render_raster(test::ppid_ticket(), plain);
    const auto with = render_raster(test::ppid_ticket(), with_logo);
    REQUIRE(without);
    REQUIRE(with);
    // 24 mm at 203 dpi is 192 dots wide, so the 2:1 logo adds about 96 rows.
    CHECK(with->height - without->height > 90);
    // The bar covers 80 % of the logo's width and 40 % of its height: about 154 x 38 dots.
    const int top = static_cast<int>(2.0 * 203 / 25.4);
    const int logo_dots = black_dots(*with, top, top + 96);
    CHECK(logo_dots > 154 * 34);
    CHECK(logo_dots < 154 * 42);
}

TEST_CASE("A missing logo file is a clear error, not a crash", "[render][logo]") {
    TicketLayout layout;
    layout.logo_png = "/nonexistent/logo.png";
    const auto png = render_png(test::ppid_ticket(), layout);
    REQUIRE_FALSE(png);
    CHECK_THAT(png.error().message, Contains("/nonexistent/logo.png"));
}
