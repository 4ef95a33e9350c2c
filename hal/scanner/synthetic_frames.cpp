// Synthetic ticket photographs: a projective camera model plus the usual ways camera frames degrade.
#include "hal/scanner/synthetic_frames.h"

#include <ZXing/ReadBarcode.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <numbers>
#include <random>

#include "kiosk/render/ticket_render.h"

namespace anjungan::hal::synthetic {

namespace {

using Matrix = std::array<double, 9>;  // row-major 3x3, acting on (x, y, 1)

Matrix multiply(const Matrix& a, const Matrix& b) {
    Matrix m{};
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 3; ++c)
            for (int k = 0; k < 3; ++k) m[r * 3 + c] += a[r * 3 + k] * b[k * 3 + c];
    return m;
}

Matrix invert(const Matrix& m) {
    const Matrix adjugate{m[4] * m[8] - m[5] * m[7], m[2] * m[7] - m[1] * m[8], m[1] * m[5] - m[2] * m[4],
                          m[5] * m[6] - m[3] * m[8], m[0] * m[8] - m[2] * m[6], m[2] * m[3] - m[0] * m[5],
                          m[3] * m[7] - m[4] * m[6], m[1] * m[6] - m[0] * m[7], m[0] * m[4] - m[1] * m[3]};
    const double determinant = m[0] * adjugate[0] + m[1] * adjugate[3] + m[2] * adjugate[6];
    Matrix inverse{};
    for (int i = 0; i < 9; ++i) inverse[i] = adjugate[i] / determinant;
    return inverse;
}

Matrix translation(double x, double y) { return {1, 0, x, 0, 1, y, 0, 0, 1}; }
Matrix scaling(double s) { return {s, 0, 0, 0, s, 0, 0, 0, 1}; }
Matrix rotation(double degrees) {
    const double r = degrees * std::numbers::pi / 180.0, c = std::cos(r), s = std::sin(r);
    return {c, -s, 0, s, c, 0, 0, 0, 1};
}
Matrix perspective(double tx, double ty) { return {1, 0, 0, 0, 1, 0, tx, ty, 1}; }

std::uint8_t clamp_byte(double value) { return static_cast<std::uint8_t>(std::clamp(std::lround(value), 0L, 255L)); }

// Bilinear sample of the ticket, or nullopt outside the paper.
std::optional<double> sample(const LumaFrame& image, double u, double v) {
    if (u < 0 || v < 0 || u > image.width - 1 || v > image.height - 1) return std::nullopt;
    const int x = std::min(static_cast<int>(u), image.width - 2), y = std::min(static_cast<int>(v), image.height - 2);
    const double fx = u - x, fy = v - y;
    const double top = image.at(x, y) * (1 - fx) + image.at(x + 1, y) * fx;
    const double bottom = image.at(x, y + 1) * (1 - fx) + image.at(x + 1, y + 1) * fx;
    return top * (1 - fy) + bottom * fy;
}

std::vector<double> gaussian_kernel(double sigma) {
    const int radius = std::max(1, static_cast<int>(std::ceil(3 * sigma)));
    std::vector<double> kernel(static_cast<std::size_t>(2 * radius + 1));
    double sum = 0;
    for (int i = -radius; i <= radius; ++i)
        sum += kernel[static_cast<std::size_t>(i + radius)] = std::exp(-i * i / (2 * sigma * sigma));
    for (double& k : kernel) k /= sum;
    return kernel;
}

// One pass of a separable blur along x (dx = 1) or y (dx = 0), clamping at the borders.
LumaFrame blur_pass(const LumaFrame& in, const std::vector<double>& kernel, bool along_x) {
    LumaFrame out = in;
    const int radius = static_cast<int>(kernel.size() / 2);
    for (int y = 0; y < in.height; ++y)
        for (int x = 0; x < in.width; ++x) {
            double sum = 0;
            for (int i = -radius; i <= radius; ++i) {
                const int sx = along_x ? std::clamp(x + i, 0, in.width - 1) : x;
                const int sy = along_x ? y : std::clamp(y + i, 0, in.height - 1);
                sum += kernel[static_cast<std::size_t>(i + radius)] * in.at(sx, sy);
            }
            out.at(x, y) = clamp_byte(sum);
        }
    return out;
}

NamedFrame shot(const std::string& name, const LumaFrame& ticket, const Box& qr, View view, bool clean = false) {
    return {name, photograph(ticket, qr, view), clean};
}

}  // namespace

std::optional<LumaFrame> ticket_image(const TicketContent& ticket) {
    const auto raster = render::render_raster(ticket, render::TicketLayout{});
    if (!raster) return std::nullopt;
    LumaFrame image;
    image.resize(raster->width, raster->height);
    for (int y = 0; y < raster->height; ++y)
        for (int x = 0; x < raster->width; ++x) {
            const auto byte = raster->bits[static_cast<std::size_t>(y * raster->stride + x / 8)];
            image.at(x, y) = (byte >> (7 - x % 8)) & 1 ? 0 : 255;
        }
    return image;
}

std::optional<Box> locate_qr(const LumaFrame& ticket) {
    const ZXing::ImageView view(ticket.pixels.data(), ticket.width, ticket.height, ZXing::ImageFormat::Lum);
    const auto result = ZXing::ReadBarcode(view, ZXing::DecodeHints().setFormats(ZXing::BarcodeFormat::QRCode));
    if (!result.isValid()) return std::nullopt;
    Box box{1e9, 1e9, -1e9, -1e9};
    for (const auto& corner : result.position()) {
        box.left = std::min<double>(box.left, corner.x);
        box.top = std::min<double>(box.top, corner.y);
        box.right = std::max<double>(box.right, corner.x);
        box.bottom = std::max<double>(box.bottom, corner.y);
    }
    return box;
}

LumaFrame photograph(const LumaFrame& ticket, const Box& qr, const View& view) {
    const double side = std::max(qr.right - qr.left, qr.bottom - qr.top);
    // Aim at the code, or at the header text well above it for a frame with no code in view.
    const double aim_x = (qr.left + qr.right) / 2;
    const double aim_y = view.aim_at_text ? std::min(side * 0.6, (qr.top + qr.bottom) / 2) : (qr.top + qr.bottom) / 2;
    const Matrix ticket_to_frame = multiply(
        translation(view.width / 2.0, view.height / 2.0),
        multiply(perspective(view.tilt_x, view.tilt_y),
                 multiply(rotation(view.rotation_degrees),
                          multiply(scaling(view.code_fraction * view.height / side), translation(-aim_x, -aim_y)))));
    const Matrix frame_to_ticket = invert(ticket_to_frame);
    LumaFrame frame;
    frame.resize(view.width, view.height);
    for (int y = 0; y < view.height; ++y)
        for (int x = 0; x < view.width; ++x) {
            const double* m = frame_to_ticket.data();
            const double w = m[6] * x + m[7] * y + m[8];
            const auto paper = sample(ticket, (m[0] * x + m[1] * y + m[2]) / w, (m[3] * x + m[4] * y + m[5]) / w);
            // The desk is dark with a gentle gradient, so the paper's edge is a real edge as in life.
            frame.at(x, y) = clamp_byte(paper ? 25 + *paper * 0.85 : 50 + 30.0 * x / view.width);
        }
    return frame;
}

void blur(LumaFrame& frame, double sigma) {
    const auto kernel = gaussian_kernel(sigma);
    frame = blur_pass(blur_pass(frame, kernel, true), kernel, false);
}

void squeeze_contrast(LumaFrame& frame, int darkest, int brightest) {
    for (auto& p : frame.pixels) p = clamp_byte(darkest + (brightest - darkest) * p / 255.0);
}

void add_glare(LumaFrame& frame, double centre_x, double centre_y, double radius, int strength) {
    const double cx = centre_x * frame.width, cy = centre_y * frame.height, r = radius * frame.height;
    for (int y = 0; y < frame.height; ++y)
        for (int x = 0; x < frame.width; ++x) {
            const double d2 = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (r * r);
            frame.at(x, y) = clamp_byte(frame.at(x, y) + strength * std::exp(-d2));
        }
}

void add_noise(LumaFrame& frame, double sigma, unsigned seed) {
    std::mt19937 random(seed);
    std::normal_distribution<double> noise(0.0, sigma);
    for (auto& p : frame.pixels) p = clamp_byte(p + noise(random));
}

bool save_pgm(const LumaFrame& frame, const std::string& path) {
    std::ofstream out(path, std::ios::binary);
    out << "P5\n" << frame.width << " " << frame.height << "\n255\n";
    out.write(reinterpret_cast<const char*>(frame.pixels.data()), static_cast<std::streamsize>(frame.pixels.size()));
    return static_cast<bool>(out);
}

std::optional<LumaFrame> load_pgm(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::string magic;
    int width = 0, height = 0, maximum = 0;
    in >> magic >> width >> height >> maximum;
    if (!in || magic != "P5" || maximum != 255 || width <= 0 || height <= 0 || width > 16384 || height > 16384)
        return std::nullopt;
    in.get();  // the single whitespace byte before the pixels
    LumaFrame frame;
    frame.resize(width, height);
    in.read(reinterpret_cast<char*>(frame.pixels.data()), static_cast<std::streamsize>(frame.pixels.size()));
    if (!in) return std::nullopt;
    return frame;
}

std::vector<NamedFrame> degraded_set(const LumaFrame& ticket, const Box& qr, int width, int height) {
    const View base{width, height};
    auto with = [&](auto change) {
        View v = base;
        change(v);
        return v;
    };
    std::vector<NamedFrame> set;
    set.push_back(shot("clean-near", ticket, qr, with([](View& v) { v.code_fraction = 0.6; }), true));
    set.push_back(shot("clean", ticket, qr, base, true));
    set.push_back(shot("clean-far", ticket, qr, with([](View& v) { v.code_fraction = 0.25; }), true));
    for (double degrees : {10.0, 30.0, 45.0, 90.0, 180.0, 250.0})
        set.push_back(shot("rotated-" + std::to_string(static_cast<int>(degrees)), ticket, qr,
                           with([&](View& v) { v.rotation_degrees = degrees; })));
    const double tilt = 1.0 / width;  // about a 30-degree slant at the frame's edge
    set.push_back(shot("perspective-x", ticket, qr, with([&](View& v) { v.tilt_x = 0.5 * tilt; })));
    set.push_back(shot("perspective-y", ticket, qr, with([&](View& v) { v.tilt_y = 0.5 * tilt; })));
    set.push_back(
        shot("perspective-strong", ticket, qr, with([&](View& v) { v.tilt_x = tilt, v.tilt_y = 0.6 * tilt; })));
    set.push_back(shot("perspective-rotated", ticket, qr,
                       with([&](View& v) { v.tilt_x = 0.7 * tilt, v.rotation_degrees = 20; })));
    for (double sigma : {1.0, 2.0, 3.0}) {
        auto frame = shot("blur-" + std::to_string(static_cast<int>(sigma)), ticket, qr, base);
        blur(frame.frame, sigma * height / 480.0);
        set.push_back(std::move(frame));
    }
    for (auto [low, high] : {std::pair{90, 170}, std::pair{110, 145}}) {
        auto frame = shot("contrast-" + std::to_string(high - low), ticket, qr, base);
        squeeze_contrast(frame.frame, low, high);
        set.push_back(std::move(frame));
    }
    for (auto [x, strength] : {std::pair{0.42, 120}, std::pair{0.5, 200}}) {
        auto frame = shot("glare-" + std::to_string(strength), ticket, qr, base);
        add_glare(frame.frame, x, 0.45, 0.15, strength);
        set.push_back(std::move(frame));
    }
    for (double sigma : {10.0, 25.0, 40.0}) {
        auto frame = shot("noise-" + std::to_string(static_cast<int>(sigma)), ticket, qr, base);
        add_noise(frame.frame, sigma, static_cast<unsigned>(sigma));
        set.push_back(std::move(frame));
    }
    auto combined = shot("rotated-blurred-noisy", ticket, qr, with([](View& v) { v.rotation_degrees = 25; }));
    blur(combined.frame, 1.2 * height / 480.0);
    add_noise(combined.frame, 12, 7);
    set.push_back(std::move(combined));
    auto dim = shot("slanted-low-contrast-far", ticket, qr,
                    with([&](View& v) { v.tilt_y = 0.5 * tilt, v.code_fraction = 0.3; }));
    squeeze_contrast(dim.frame, 80, 170);
    add_noise(dim.frame, 6, 11);
    set.push_back(std::move(dim));
    return set;
}

}  // namespace anjungan::hal::synthetic
