// Grey images of rendered and printed tickets (from rasters and PNGs) and reading the QR code in them.
#pragma once

#include <cairo.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/render/ticket_render.h"

namespace anjungan::test {

// 8-bit luminance, row-major without padding: what the ZXing reader takes.
struct GrayImage {
    int width = 0, height = 0;
    std::vector<std::uint8_t> pixels;
    bool dark(int x, int y) const { return pixels[static_cast<std::size_t>(y) * width + x] < 128; }
};

// A set bit (black dot) becomes 0, a clear one 255.
GrayImage gray_of(const render::Raster& raster);
// REQUIREs a readable RGB surface.
GrayImage gray_of(cairo_surface_t* surface);
// REQUIREs that the bytes are a readable PNG.
GrayImage decode_png(const render::Bytes& png);
// Nothing when the file is missing or not a PNG.
std::optional<GrayImage> read_png_file(const std::string& path);
bool write_png_file(const GrayImage& image, const std::string& path);

// A QR symbol read from an image: its text and the top-left corner of its top-left finder pattern.
struct QrCode {
    std::string text;
    int left = 0, top = 0;
};

std::optional<QrCode> read_qr(const GrayImage& image);
// The QR's text, or empty when none reads.
std::string qr_text(const GrayImage& image);

}  // namespace anjungan::test
