// Grey images of rendered and printed tickets, and QR reading with ZXing.
#include "tests/support/image_fixture.h"

#include <catch2/catch.hpp>

#include <ZXing/DecodeHints.h>
#include <ZXing/ReadBarcode.h>

#include <algorithm>

namespace anjungan::test {
namespace {

std::uint8_t luminance(std::uint32_t rgb) {
    const unsigned r = (rgb >> 16) & 0xFF, g = (rgb >> 8) & 0xFF, b = rgb & 0xFF;
    return static_cast<std::uint8_t>((r * 299 + g * 587 + b * 114) / 1000);
}

struct PngReader {
    const render::Bytes* bytes;
    std::size_t offset = 0;
};

cairo_status_t read_png_bytes(void* closure, unsigned char* data, unsigned int length) {
    auto* reader = static_cast<PngReader*>(closure);
    if (reader->offset + length > reader->bytes->size()) return CAIRO_STATUS_READ_ERROR;
    std::copy_n(reader->bytes->data() + reader->offset, length, data);
    reader->offset += length;
    return CAIRO_STATUS_SUCCESS;
}

}  // namespace

GrayImage gray_of(const render::Raster& raster) {
    GrayImage gray{raster.width, raster.height, {}};
    for (int y = 0; y < raster.height; ++y)
        for (int x = 0; x < raster.width; ++x) {
            const std::uint8_t byte = raster.bits[static_cast<std::size_t>(y) * raster.stride + x / 8];
            gray.pixels.push_back((byte & (0x80 >> (x % 8))) ? 0 : 255);
        }
    return gray;
}

GrayImage gray_of(cairo_surface_t* surface) {
    REQUIRE(cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS);
    REQUIRE(cairo_image_surface_get_format(surface) != CAIRO_FORMAT_A8);
    cairo_surface_flush(surface);
    GrayImage gray{cairo_image_surface_get_width(surface), cairo_image_surface_get_height(surface), {}};
    const int stride = cairo_image_surface_get_stride(surface);
    const unsigned char* data = cairo_image_surface_get_data(surface);
    for (int y = 0; y < gray.height; ++y) {
        const auto* row = reinterpret_cast<const std::uint32_t*>(data + y * stride);
        for (int x = 0; x < gray.width; ++x) gray.pixels.push_back(luminance(row[x]));
    }
    return gray;
}

GrayImage decode_png(const render::Bytes& png) {
    PngReader reader{&png};
    cairo_surface_t* surface = cairo_image_surface_create_from_png_stream(read_png_bytes, &reader);
    // Destroyed even when a REQUIRE in gray_of throws.
    struct Release {
        cairo_surface_t* s;
        ~Release() { cairo_surface_destroy(s); }
    } release{surface};
    return gray_of(surface);
}

std::optional<GrayImage> read_png_file(const std::string& path) {
    cairo_surface_t* surface = cairo_image_surface_create_from_png(path.c_str());
    std::optional<GrayImage> gray;
    if (cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS) gray = gray_of(surface);
    cairo_surface_destroy(surface);
    return gray;
}

bool write_png_file(const GrayImage& image, const std::string& path) {
    cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, image.width, image.height);
    cairo_surface_flush(surface);
    unsigned char* data = cairo_image_surface_get_data(surface);
    const int stride = cairo_image_surface_get_stride(surface);
    for (int y = 0; y < image.height; ++y)
        for (int x = 0; x < image.width; ++x) {
            const std::uint32_t v = image.pixels[static_cast<std::size_t>(y) * image.width + x];
            reinterpret_cast<std::uint32_t*>(data + y * stride)[x] = v << 16 | v << 8 | v;
        }
    cairo_surface_mark_dirty(surface);
    const bool written = cairo_surface_write_to_png(surface, path.c_str()) == CAIRO_STATUS_SUCCESS;
    cairo_surface_destroy(surface);
    return written;
}

std::optional<QrCode> read_qr(const GrayImage& image) {
    ZXing::DecodeHints hints;
    hints.setFormats(ZXing::BarcodeFormat::QRCode);
    const ZXing::Result qr =
        ZXing::ReadBarcode({image.pixels.data(), image.width, image.height, ZXing::ImageFormat::Lum}, hints);
    if (!qr.isValid()) return std::nullopt;
    // Raw bytes: text() changes its type with ZX_USE_UTF8, and the tracking URLs read here are ASCII.
    const ZXing::PointI corner = qr.position().topLeft();
    return QrCode{std::string(qr.bytes().begin(), qr.bytes().end()), corner.x, corner.y};
}

std::string qr_text(const GrayImage& image) {
    const auto qr = read_qr(image);
    return qr ? qr->text : std::string();
}

}  // namespace anjungan::test
