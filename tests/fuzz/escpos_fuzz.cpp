// libFuzzer target: the strict ESC/POS decoder never crashes and everything it accepts re-encodes to the same bitmap.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "kiosk/render/escpos.h"

using namespace anjungan::render;

namespace {

void require(bool condition, const char* invariant) {
    if (condition) return;
    std::fprintf(stderr, "invariant broken: %s\n", invariant);
    std::abort();
}

void require_same(const Raster& a, const Raster& b, const char* invariant) {
    require(a.width == b.width && a.height == b.height && a.stride == b.stride && a.bits == b.bits, invariant);
}

// Arbitrary bytes as a printer stream: refused, or a consistent bitmap that survives a round trip.
void decode_arbitrary(const std::uint8_t* data, std::size_t size) {
    const auto decoded = decode_escpos_raster(data, size);
    if (!decoded) {
        require(!decoded.error().message.empty(), "a refusal says why");
        return;
    }
    const Raster& raster = decoded.value();
    require(raster.width > 0 && raster.height > 0, "an accepted image is not empty");
    require(raster.width == raster.stride * 8, "width is the band width in dots");
    require(raster.bits.size() == static_cast<std::size_t>(raster.stride) * raster.height, "bits fill the image");
    require(raster.bits.size() <= size, "the decoder never holds more than it was given");
    const auto encoded = encode_escpos(raster);
    require(encoded.ok(), "a decoded image can be encoded");
    const auto again = decode_escpos_raster(encoded.value());
    require(again.ok(), "the encoder's output decodes");
    require_same(again.value(), raster, "decode(encode(decode(x))) == decode(x)");
}

// Arbitrary bytes as an image and options (header: stride, band height, feed): the encoding decodes exactly.
void encode_arbitrary(const std::uint8_t* data, std::size_t size) {
    if (size < 4) return;
    const int stride = 1 + data[0] % 16;
    const EscposOptions options{1 + (data[1] | data[2] << 8) % 600, data[3]};
    const std::size_t rows = (size - 4) / static_cast<std::size_t>(stride);
    if (rows == 0) return;
    Raster raster{stride * 8, static_cast<int>(rows), stride, {}};
    raster.bits.assign(data + 4, data + 4 + rows * static_cast<std::size_t>(stride));
    const auto encoded = encode_escpos(raster, options);
    require(encoded.ok(), "a consistent raster with valid options encodes");
    const auto decoded = decode_escpos_raster(encoded.value());
    require(decoded.ok(), "the encoder's output decodes");
    require_same(decoded.value(), raster, "decode(encode(raster)) == raster");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    // Mostly the decoder, whose input a fuzzer explores best; an 'E' prefix (unlikely in a stream) encodes.
    if (data[0] == 'E') encode_arbitrary(data + 1, size - 1);
    else decode_arbitrary(data, size);
    return 0;
}
