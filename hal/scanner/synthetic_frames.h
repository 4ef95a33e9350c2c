// Synthetic camera frames of a printed ticket, for the scanner's tests and benchmark: the ticket held in
// front of a camera, and the ways real frames go wrong (angle, perspective, blur, contrast, glare, noise).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "hal/scanner/qr_frame_decoder.h"
#include "kiosk/core/ticket.h"

namespace anjungan::hal::synthetic {

// The ticket as the project prints it (the 1-bit raster at 203 dpi), black on white; nullopt if rendering fails.
std::optional<LumaFrame> ticket_image(const TicketContent& ticket);

struct Box {
    double left = 0, top = 0, right = 0, bottom = 0;
};

// Where the QR code is in a clean ticket image (found once with ZXing, to aim the virtual camera).
std::optional<Box> locate_qr(const LumaFrame& ticket);

// How the virtual camera sees the ticket.
struct View {
    int width = 640;
    int height = 480;
    double code_fraction = 0.4;  // side of the QR code as a fraction of the frame height
    double rotation_degrees = 0;
    double tilt_x = 0, tilt_y = 0;  // perspective terms per frame pixel; 0.001 is a strong slant
    bool aim_at_text = false;       // look at the ticket's header instead: a frame with no code in it
};

// Renders the ticket through `view` onto a dark desk, bilinearly sampled.
LumaFrame photograph(const LumaFrame& ticket, const Box& qr, const View& view);

void blur(LumaFrame& frame, double sigma);                            // Gaussian, like a camera out of focus
void squeeze_contrast(LumaFrame& frame, int darkest, int brightest);  // maps 0..255 into darkest..brightest
void add_glare(LumaFrame& frame, double centre_x, double centre_y, double radius, int strength);  // fractions
void add_noise(LumaFrame& frame, double sigma, unsigned seed);  // Gaussian sensor noise, reproducible

bool save_pgm(const LumaFrame& frame, const std::string& path);
std::optional<LumaFrame> load_pgm(const std::string& path);

struct NamedFrame {
    std::string name;
    LumaFrame frame;
    bool clean = false;  // taken head-on in good conditions: must always decode
};

// The standard set used by the test and the benchmark: clean frames at three distances, then rotated,
// perspective-warped, blurred, low-contrast, glare, noisy and combined variants.
std::vector<NamedFrame> degraded_set(const LumaFrame& ticket, const Box& qr, int width, int height);

}  // namespace anjungan::hal::synthetic
