// Tests for the ESC/POS encoder: the stream decodes back to the raster bit for bit and its QR reads.
#include "kiosk/render/escpos.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/image_fixture.h"
#include "tests/support/ticket_fixture.h"

using anjungan::Result;
using anjungan::TicketContent;
using namespace anjungan::render;
using anjungan::test::layout_for;
using Catch::Matchers::Contains;

namespace {

const std::string kOutputDir = TEST_OUTPUT_DIR;  // decoded tickets for a person to look at

TicketContent sample_ticket() {
    TicketContent t;
    t.header_lines = {"DINAS KOMUNIKASI DAN INFORMATIKA", "Jl. Tjilik Riwut Km. 5, Palangka Raya"};
    t.service_name = "Pengaduan (LAPOR!)";
    t.number = "L-012";
    t.issued_at = "Selasa, 16 April 2024 10:05";
    t.reference = "KSK01-20240416-L-012";
    t.next_steps = {"1. Simpan tiket ini.", "2. Pindai kode QR untuk melihat status laporan Anda."};
    t.footer_lines = {"lapor.go.id  |  SMS 1708", "NIK 6202********0001"};
    t.tracking_url = "https://anjungan.example.go.id/lacak/KSK01-20240416-L-012";
    return t;
}

void save_png(const Raster& raster, const std::string& name) {
    CHECK(anjungan::test::write_png_file(anjungan::test::gray_of(raster), kOutputDir + "/" + name));
}

// A raster whose every row differs, so a band placed at the wrong offset cannot go unnoticed.
Raster patterned_raster(int width, int height) {
    Raster raster{width, height, width / 8, {}};
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < raster.stride; ++x) raster.bits.push_back(static_cast<std::uint8_t>(y * 31 + x * 7));
    return raster;
}

struct BandHeader {
    int row_bytes = 0;
    int rows = 0;
};

// Walks the GS v 0 headers of a stream the encoder wrote (known layout: ESC @, bands, feed, cut).
std::vector<BandHeader> band_headers(const Bytes& bytes) {
    std::vector<BandHeader> bands;
    std::size_t at = 2;
    while (at + 8 <= bytes.size() && bytes[at] == 0x1D && bytes[at + 1] == 'v') {
        const BandHeader band{bytes[at + 4] | bytes[at + 5] << 8, bytes[at + 6] | bytes[at + 7] << 8};
        bands.push_back(band);
        at += 8 + static_cast<std::size_t>(band.row_bytes) * band.rows;
    }
    return bands;
}

Bytes with(Bytes bytes, std::initializer_list<std::uint8_t> more) {
    bytes.insert(bytes.end(), more);
    return bytes;
}

// ESC @, one 2-byte-wide band of 2 rows, then whatever the case appends.
const Bytes kInitAndBand = {0x1B, '@', 0x1D, 'v', '0', 0, 2, 0, 2, 0, 0xF0, 0x0F, 0xAA, 0x55};
const std::initializer_list<std::uint8_t> kCut = {0x1D, 'V', 66, 0};

}  // namespace

TEST_CASE("The ESC/POS stream decodes back to the ticket raster bit for bit at 384 and 576 dots", "[render][escpos]") {
    const auto [paper_mm, dots] = GENERATE(std::pair{58.0, 384}, std::pair{80.0, 576});
    const Result<Raster> raster = render_raster(sample_ticket(), layout_for(paper_mm));
    REQUIRE(raster.ok());
    REQUIRE(raster->width == dots);

    const Result<Bytes> escpos = encode_escpos(*raster);
    REQUIRE(escpos.ok());
    const Result<Raster> decoded = decode_escpos_raster(*escpos);
    REQUIRE(decoded.ok());
    CHECK(decoded->width == raster->width);
    CHECK(decoded->height == raster->height);
    CHECK(decoded->stride == raster->stride);
    CHECK(decoded->bits == raster->bits);
}

TEST_CASE("The stream initialises the printer and bands the image then feeds and cuts partially", "[render][escpos]") {
    const Result<Raster> raster = render_raster(sample_ticket(), layout_for(80.0));
    REQUIRE(raster.ok());
    const Result<Bytes> escpos = encode_escpos(*raster);
    REQUIRE(escpos.ok());
    const Bytes& bytes = *escpos;

    CHECK(Bytes(bytes.begin(), bytes.begin() + 2) == Bytes{0x1B, '@'});
    CHECK(Bytes(bytes.end() - 7, bytes.end()) == Bytes{0x1B, 'd', 3, 0x1D, 'V', 66, 0});
    const std::vector<BandHeader> bands = band_headers(bytes);
    REQUIRE(!bands.empty());
    CHECK(bands.size() == static_cast<std::size_t>((raster->height + 255) / 256));
    int rows = 0;
    for (const BandHeader& band : bands) {
        CHECK(band.row_bytes == 72);
        CHECK(band.rows <= 256);
        rows += band.rows;
    }
    CHECK(rows == raster->height);
    CHECK(bytes.size() == 2 + bands.size() * 8 + raster->bits.size() + 7);
}

TEST_CASE("The QR code in the decoded ESC/POS bitmap reads as the tracking URL at 58 and 80 mm",
          "[render][escpos]") {
    const double paper_mm = GENERATE(58.0, 80.0);
    const TicketContent ticket = sample_ticket();
    const Result<Raster> raster = render_raster(ticket, layout_for(paper_mm));
    REQUIRE(raster.ok());
    const Result<Raster> decoded = decode_escpos_raster(*encode_escpos(*raster));
    REQUIRE(decoded.ok());
    save_png(*decoded, "ticket-" + std::to_string(static_cast<int>(paper_mm)) + "mm-escpos-decoded.png");

    const auto qr = anjungan::test::read_qr(anjungan::test::gray_of(*decoded));
    REQUIRE(qr);
    CHECK(qr->text == ticket.tracking_url);
}

TEST_CASE("Images of any height survive the split into bands", "[render][escpos]") {
    const int height = GENERATE(1, 255, 256, 257, 512, 1001);
    const int band_rows = GENERATE(1, 7, 256, 4095);
    const Raster raster = patterned_raster(384, height);
    const Result<Bytes> escpos = encode_escpos(raster, EscposOptions{band_rows, 0});
    REQUIRE(escpos.ok());

    const std::vector<BandHeader> bands = band_headers(*escpos);
    CHECK(bands.size() == static_cast<std::size_t>((height + band_rows - 1) / band_rows));
    const Result<Raster> decoded = decode_escpos_raster(*escpos);
    REQUIRE(decoded.ok());
    CHECK(decoded->height == height);
    CHECK(decoded->bits == raster.bits);
}

TEST_CASE("Inconsistent rasters and out-of-range options are refused by the encoder", "[render][escpos]") {
    Raster raster = patterned_raster(384, 10);
    CHECK(encode_escpos(raster).ok());

    Raster odd_width = raster;
    odd_width.width = 383;
    CHECK_THAT(encode_escpos(odd_width).error().message, Contains("whole number of bytes"));
    Raster short_bits = raster;
    short_bits.bits.pop_back();
    CHECK_THAT(encode_escpos(short_bits).error().message, Contains("instead of"));
    Raster bad_stride = raster;
    bad_stride.stride = 50;
    CHECK_THAT(encode_escpos(bad_stride).error().message, Contains("stride"));
    CHECK_THAT(encode_escpos(Raster{}).error().message, Contains("empty"));
    CHECK_THAT(encode_escpos(raster, EscposOptions{0, 3}).error().message, Contains("band height"));
    CHECK_THAT(encode_escpos(raster, EscposOptions{4096, 3}).error().message, Contains("band height"));
    CHECK_THAT(encode_escpos(raster, EscposOptions{256, 256}).error().message, Contains("feed"));
}

TEST_CASE("A minimal hand-written stream decodes to its bitmap", "[render][escpos]") {
    const Result<Raster> decoded = decode_escpos_raster(with(kInitAndBand, {0x0A, 0x1B, 'd', 2, 0x1D, 'V', 1}));
    REQUIRE(decoded.ok());
    CHECK(decoded->width == 16);
    CHECK(decoded->height == 2);
    CHECK(decoded->bits == Bytes{0xF0, 0x0F, 0xAA, 0x55});
}

TEST_CASE("Malformed ESC/POS streams are refused with an error saying what is wrong", "[render][escpos]") {
    const Bytes scaled = {0x1B, '@', 0x1D, 'v', '0', 3, 1, 0, 1, 0, 0xFF, 0x1D, 'V', 1};
    const Bytes zero_rows = {0x1B, '@', 0x1D, 'v', '0', 0, 1, 0, 0, 0, 0x1D, 'V', 1};
    const Bytes too_tall = {0x1B, '@', 0x1D, 'v', '0', 0, 1, 0, 0x00, 0x10};
    const Bytes wider_band = with(kInitAndBand, {0x1D, 'v', '0', 0, 3, 0, 1, 0, 1, 2, 3});
    const auto [stream, expected] = GENERATE_COPY(table<Bytes, std::string>({
        {Bytes{}, "empty"},
        {Bytes{0x1D, 'v', '0', 0, 1, 0, 1, 0, 0xFF}, "does not start with ESC @"},
        {with(kInitAndBand, {0x1B, '!', 0x08}), "unknown command ESC 0x21 at byte 14"},
        {with(kInitAndBand, {'L', '-', '0'}), "unexpected byte 0x4C"},
        {with(kInitAndBand, {0x1D, 'k', 4}), "unknown command GS 0x6B"},
        {Bytes(kInitAndBand.begin(), kInitAndBand.end() - 1), "truncated GS v 0 band: 4 bytes of image expected"},
        {Bytes(kInitAndBand.begin(), kInitAndBand.begin() + 6), "truncated GS v 0 header"},
        {scaled, "scaled GS v 0 raster (m = 3)"},
        {zero_rows, "no width or no rows"},
        {too_tall, "4096 rows"},
        {wider_band, "24 dots wide in an image 16 dots wide"},
        {with(kInitAndBand, {0x0A}), "ends without a cut"},
        {kInitAndBand, "ends without a cut"},
        {with(kInitAndBand, {0x1B, 'd', 3, 0x1D, 'v', '0', 0, 2, 0, 1, 0, 1, 2}), "raster band after the paper feed"},
        {with(kInitAndBand, {0x1B, 'd'}), "truncated ESC d"},
        {with(kInitAndBand, {0x1D, 'V', 66}), "truncated GS V"},
        {with(kInitAndBand, {0x1D, 'V', 98, 0}), "unsupported cut"},
        {with(with(kInitAndBand, kCut), {0x00}), "bytes after the cut at byte 18"},
        {with(kInitAndBand, {0x1B, '@'}), "ESC @ (initialise) in the middle"},
        {Bytes{0x1B, '@', 0x1D, 'V', 66, 0}, "cut before any raster image"},
        {Bytes{0x1B, '@', 0x0A}, "paper feed before any raster image"},
    }));
    const Result<Raster> decoded = decode_escpos_raster(stream);
    REQUIRE_FALSE(decoded.ok());
    CHECK_THAT(decoded.error().message, Contains(expected) && Contains("ESC/POS"));
}
