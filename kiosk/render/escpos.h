// ESC/POS for raw thermal queues: a 1-bit ticket raster as GS v 0 bands with feed and cut, and a strict decoder.
#pragma once

#include <cstddef>
#include <cstdint>

#include "kiosk/core/result.h"
#include "kiosk/render/ticket_render.h"

namespace anjungan::render {

struct EscposOptions {
    // Rows per GS v 0 band. Many printers buffer one band at a time and refuse or garble taller ones;
    // 1..4095 (the command's limit, reached by few printers).
    int band_rows = 256;
    // Lines fed after the image so the last printed line clears the tear bar before the cut; 0..255.
    int feed_lines = 3;
};

// The bytes a raw queue sends to the printer: ESC @ (initialise), the raster as GS v 0 (m = 0, normal size)
// bands, ESC d n (print and feed n lines), GS V 66 0 (feed to the cutter and cut partially, leaving a hinge
// so the ticket does not fall). Errors when the raster is inconsistent (width not a whole number of bytes,
// stride or bit count not matching) or an option is out of range. Pure.
Result<Bytes> encode_escpos(const Raster& raster, const EscposOptions& options = {});

// Reassembles the bitmap from a stream as encode_escpos() writes it, for tests and fuzzing. Strict: the
// stream must start with ESC @, hold one or more GS v 0 bands with m = 0 and one width, then only line
// feeds (LF, ESC d n) and end with exactly one cut (GS V 0/1/48/49, or 65/66 n). Anything else (an unknown
// command, a truncated band, bytes after the cut) is an error naming the byte offset. Pure; it never
// allocates more than the input's size.
Result<Raster> decode_escpos_raster(const std::uint8_t* data, std::size_t size);
Result<Raster> decode_escpos_raster(const Bytes& bytes);

}  // namespace anjungan::render
