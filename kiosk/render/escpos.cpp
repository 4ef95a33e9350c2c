// ESC/POS raster encoding (GS v 0 bands, feed, partial cut) and the strict decoder the tests and fuzzer use.
#include "kiosk/render/escpos.h"

#include <algorithm>
#include <cstdio>
#include <string>

namespace anjungan::render {
namespace {

constexpr std::uint8_t ESC = 0x1B;
constexpr std::uint8_t GS = 0x1D;
constexpr std::uint8_t LF = 0x0A;

constexpr int kMaxBandRows = 4095;        // yL + yH * 256 of GS v 0
constexpr std::size_t kMaxRowBytes = 0xFFFF;  // xL + xH * 256 of GS v 0
constexpr std::uint8_t kPartialCutWithFeed = 66;

void put_u16(Bytes& out, std::size_t value) {
    out.push_back(static_cast<std::uint8_t>(value & 0xFF));
    out.push_back(static_cast<std::uint8_t>(value >> 8));
}

Status check_raster(const Raster& raster) {
    if (raster.width <= 0 || raster.height <= 0) return fail("ESC/POS: the raster is empty");
    if (raster.width % 8 != 0) return fail("ESC/POS: raster width " + std::to_string(raster.width) +
                                           " is not a whole number of bytes");
    if (raster.stride != raster.width / 8)
        return fail("ESC/POS: raster stride " + std::to_string(raster.stride) + " does not match its width");
    if (static_cast<std::size_t>(raster.stride) > kMaxRowBytes) return fail("ESC/POS: raster too wide");
    const auto expected = static_cast<std::size_t>(raster.stride) * static_cast<std::size_t>(raster.height);
    if (raster.bits.size() != expected)
        return fail("ESC/POS: raster holds " + std::to_string(raster.bits.size()) + " bytes instead of " +
                    std::to_string(expected));
    return Ok{};
}

Status check_options(const EscposOptions& options) {
    if (options.band_rows < 1 || options.band_rows > kMaxBandRows)
        return fail("ESC/POS: band height " + std::to_string(options.band_rows) + " is outside 1..4095");
    if (options.feed_lines < 0 || options.feed_lines > 255)
        return fail("ESC/POS: feed of " + std::to_string(options.feed_lines) + " lines is outside 0..255");
    return Ok{};
}

void put_band(Bytes& out, const Raster& raster, int first_row, int rows) {
    const std::uint8_t header[] = {GS, 'v', '0', 0};
    out.insert(out.end(), std::begin(header), std::end(header));
    put_u16(out, static_cast<std::size_t>(raster.stride));
    put_u16(out, static_cast<std::size_t>(rows));
    const auto begin = raster.bits.begin() + static_cast<std::ptrdiff_t>(first_row) * raster.stride;
    out.insert(out.end(), begin, begin + static_cast<std::ptrdiff_t>(rows) * raster.stride);
}

std::string hex(std::uint8_t byte) {
    char text[8];
    std::snprintf(text, sizeof text, "0x%02X", byte);
    return text;
}

// A one-pass reader of the stream; each command either advances the phase or is refused.
class Decoder {
public:
    Decoder(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

    Result<Raster> run() {
        if (size_ == 0) return fail("ESC/POS: the stream is empty");
        if (auto init = read_init(); !init) return init.error();
        while (at_ < size_) {
            if (phase_ == Phase::Cut) return refuse("bytes after the cut");
            if (auto step = read_command(); !step) return step.error();
        }
        if (phase_ != Phase::Cut) return fail("ESC/POS: the stream ends without a cut (truncated?)");
        return std::move(raster_);
    }

private:
    // Image: bands may follow. Feeding: the image is finished, only feeds and the cut may follow.
    enum class Phase { Initialised, Image, Feeding, Cut };

    Error refuse(const std::string& why, std::size_t offset) const {
        return fail("ESC/POS: " + why + " at byte " + std::to_string(offset));
    }
    Error refuse(const std::string& why) const { return refuse(why, at_); }

    std::size_t left() const { return size_ - at_; }

    Status read_init() {
        if (size_ < 2 || data_[0] != ESC || data_[1] != '@')
            return fail("ESC/POS: the stream does not start with ESC @ (initialise)");
        at_ = 2;
        return Ok{};
    }

    Status read_command() {
        const std::uint8_t first = data_[at_];
        if (first == LF) return feed(1);
        if (first == ESC) return read_esc();
        if (first == GS) return read_gs();
        return refuse("unexpected byte " + hex(first) + " (text or an unknown command)");
    }

    Status read_esc() {
        if (left() < 2) return refuse("truncated ESC command");
        const std::uint8_t command = data_[at_ + 1];
        if (command == 'd') {
            if (left() < 3) return refuse("truncated ESC d (feed lines)");
            return feed(3);
        }
        if (command == '@') return refuse("ESC @ (initialise) in the middle of the stream");
        return refuse("unknown command ESC " + hex(command));
    }

    Status read_gs() {
        if (left() < 2) return refuse("truncated GS command");
        const std::uint8_t command = data_[at_ + 1];
        if (command == 'v') return read_band();
        if (command == 'V') return read_cut();
        return refuse("unknown command GS " + hex(command));
    }

    Status feed(std::size_t length) {
        if (phase_ == Phase::Initialised) return refuse("paper feed before any raster image");
        phase_ = Phase::Feeding;
        at_ += length;
        return Ok{};
    }

    Status read_band() {
        const std::size_t start = at_;
        if (left() < 8) return refuse("truncated GS v 0 header");
        if (data_[at_ + 2] != '0') return refuse("unknown command GS v " + hex(data_[at_ + 2]));
        if (phase_ == Phase::Feeding) return refuse("raster band after the paper feed");
        if (auto mode = check_mode(data_[at_ + 3]); !mode) return mode.error();
        const std::size_t row_bytes = data_[at_ + 4] | static_cast<std::size_t>(data_[at_ + 5]) << 8;
        const std::size_t rows = data_[at_ + 6] | static_cast<std::size_t>(data_[at_ + 7]) << 8;
        if (row_bytes == 0 || rows == 0) return refuse("GS v 0 band with no width or no rows");
        if (rows > kMaxBandRows) return refuse("GS v 0 band of " + std::to_string(rows) + " rows (limit 4095)");
        if (raster_.stride != 0 && row_bytes != static_cast<std::size_t>(raster_.stride))
            return refuse("GS v 0 band " + std::to_string(row_bytes * 8) + " dots wide in an image " +
                          std::to_string(raster_.width) + " dots wide");
        at_ += 8;
        const std::size_t length = row_bytes * rows;
        if (left() < length)
            return refuse("truncated GS v 0 band: " + std::to_string(length) + " bytes of image expected, " +
                              std::to_string(left()) + " left",
                          start);
        append_band(row_bytes, rows, length);
        return Ok{};
    }

    Status check_mode(std::uint8_t mode) const {
        if (mode == 0 || mode == '0') return Ok{};
        if (mode <= 3 || (mode >= '1' && mode <= '3'))
            return refuse("scaled GS v 0 raster (m = " + std::to_string(mode) + ") is not supported");
        return refuse("invalid GS v 0 mode " + hex(mode));
    }

    void append_band(std::size_t row_bytes, std::size_t rows, std::size_t length) {
        raster_.stride = static_cast<int>(row_bytes);
        raster_.width = static_cast<int>(row_bytes * 8);
        raster_.height += static_cast<int>(rows);
        raster_.bits.insert(raster_.bits.end(), data_ + at_, data_ + at_ + length);
        at_ += length;
        phase_ = Phase::Image;
    }

    Status read_cut() {
        if (left() < 3) return refuse("truncated GS V (cut)");
        const std::uint8_t mode = data_[at_ + 2];
        std::size_t length = 0;
        if (mode == 0 || mode == 1 || mode == '0' || mode == '1') length = 3;
        else if (mode == 65 || mode == kPartialCutWithFeed) length = 4;
        else return refuse("unsupported cut GS V " + hex(mode));
        if (left() < length) return refuse("truncated GS V (cut)");
        if (phase_ == Phase::Initialised) return refuse("cut before any raster image");
        at_ += length;
        phase_ = Phase::Cut;
        return Ok{};
    }

    const std::uint8_t* data_;
    std::size_t size_;
    std::size_t at_ = 0;
    Phase phase_ = Phase::Initialised;
    Raster raster_;
};

}  // namespace

Result<Bytes> encode_escpos(const Raster& raster, const EscposOptions& options) {
    if (auto valid = check_raster(raster); !valid) return valid.error();
    if (auto valid = check_options(options); !valid) return valid.error();
    const int bands = (raster.height + options.band_rows - 1) / options.band_rows;
    Bytes out;
    out.reserve(raster.bits.size() + static_cast<std::size_t>(bands) * 8 + 16);
    out.insert(out.end(), {ESC, '@'});
    for (int row = 0; row < raster.height; row += options.band_rows)
        put_band(out, raster, row, std::min(options.band_rows, raster.height - row));
    out.insert(out.end(), {ESC, 'd', static_cast<std::uint8_t>(options.feed_lines)});
    out.insert(out.end(), {GS, 'V', kPartialCutWithFeed, 0});
    return out;
}

Result<Raster> decode_escpos_raster(const std::uint8_t* data, std::size_t size) {
    if (data == nullptr && size != 0) return fail("ESC/POS: no data");
    return Decoder(data, size).run();
}

Result<Raster> decode_escpos_raster(const Bytes& bytes) { return decode_escpos_raster(bytes.data(), bytes.size()); }

}  // namespace anjungan::render
