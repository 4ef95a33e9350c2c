// Ticket rendering: a measured layout of the ticket, replayed onto cairo image or PDF surfaces.
#include "kiosk/render/ticket_render.h"

#include <cairo-pdf.h>
#include <cairo.h>

#include <ZXing/BarcodeFormat.h>
#include <ZXing/BitMatrix.h>
#include <ZXing/CharacterSet.h>
#include <ZXing/MultiFormatWriter.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <memory>
#include <optional>
#include <string_view>

namespace anjungan::render {
namespace {

constexpr double kMmPerInch = 25.4;
constexpr int kMaxImageDots = 32767;       // cairo image surfaces cannot be taller
constexpr std::size_t kMaxTextBytes = 32 * 1024;  // far beyond any real ticket; bounds layout time
constexpr int kMinQrModuleDots = 4;        // smaller modules smear on thermal paper
constexpr int kQrQuietZoneModules = 4;     // what the QR specification requires
constexpr double kQrTargetShare = 0.55;    // of the printable width: big enough for old phones

// Type sizes in millimetres so that 58 mm and 80 mm tickets read alike at any resolution.
constexpr double kHeaderMm = 3.2;
constexpr double kServiceMm = 4.0;
constexpr double kBodyMm = 3.0;
constexpr double kSmallMm = 2.6;
constexpr double kTextMarginMm = 3.0;  // text at the very edge of the printable width reads as cut off

// ---------------------------------------------------------------------------------------------
// cairo ownership

struct SurfaceDeleter {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct ContextDeleter {
    void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;
using ContextPtr = std::unique_ptr<cairo_t, ContextDeleter>;

Error cairo_failure(const char* what, cairo_status_t status) {
    return fail(std::string("ticket render: ") + what + ": " + cairo_status_to_string(status));
}

// ---------------------------------------------------------------------------------------------
// Text clean-up: a stray byte in a translation must not stop a ticket from printing, and cairo
// rejects a whole string that is not valid UTF-8.

// Length of the valid UTF-8 sequence starting at s[i], or 0 when it is malformed.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char lead = byte(i);
    if (lead < 0x80) return 1;
    std::size_t length = 0;
    unsigned char second_min = 0x80, second_max = 0xBF;  // narrowed to forbid overlongs/surrogates
    if (lead >= 0xC2 && lead <= 0xDF) length = 2;
    else if (lead >= 0xE0 && lead <= 0xEF) length = 3;
    else if (lead >= 0xF0 && lead <= 0xF4) length = 4;
    else return 0;
    if (lead == 0xE0) second_min = 0xA0;
    if (lead == 0xED) second_max = 0x9F;
    if (lead == 0xF0) second_min = 0x90;
    if (lead == 0xF4) second_max = 0x8F;
    if (i + length > s.size()) return 0;
    if (byte(i + 1) < second_min || byte(i + 1) > second_max) return 0;
    for (std::size_t k = i + 2; k < i + length; ++k)
        if (byte(k) < 0x80 || byte(k) > 0xBF) return 0;
    return length;
}

// Valid UTF-8 with control characters turned into spaces (newlines kept as paragraph breaks).
std::string printable_text(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t length = utf8_sequence_length(s, i);
        if (length == 0) {
            out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
            ++i;
            continue;
        }
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (length == 1 && c != '\n' && (c < 0x20 || c == 0x7F)) out += ' ';
        else out.append(s, i, length);
        i += length;
    }
    return out;
}

std::size_t next_code_point(std::string_view s, std::size_t i) {
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
    return i;
}

std::vector<std::string> split(std::string_view s, char separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t end; (end = s.find(separator, start)) != std::string_view::npos; start = end + 1)
        parts.emplace_back(s.substr(start, end - start));
    parts.emplace_back(s.substr(start));
    return parts;
}

// ---------------------------------------------------------------------------------------------
// The page model: what the measuring pass decides and every output replays unchanged, so that
// PNG, raster and PDF show the same line breaks.

struct Font {
    double size = 0;  // em size in dots
    bool bold = false;
};

struct TextRun {
    std::string text;
    Font font;
    double x = 0, baseline = 0;
};

// Rules and QR modules: filled on whole dots without antialiasing so they print crisp.
struct Box {
    int x = 0, y = 0, width = 0, height = 0;
};

struct Page {
    int width = 0;   // printable width, dots
    int height = 0;  // dots
    std::vector<TextRun> texts;
    std::vector<Box> boxes;
};

enum class Align { Left, Centre };

void select_font(cairo_t* cr, const std::string& family, const Font& font) {
    cairo_select_font_face(cr, family.c_str(), CAIRO_FONT_SLANT_NORMAL,
                           font.bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, font.size);
}

// Unhinted metrics: positions then scale linearly, so the PDF matches the measured layout.
void use_linear_metrics(cairo_t* cr, cairo_antialias_t text_antialias) {
    cairo_font_options_t* options = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(options, text_antialias);
    // Monochrome glyphs need full hinting to keep stems even; grey ones look best barely hinted.
    cairo_font_options_set_hint_style(options, text_antialias == CAIRO_ANTIALIAS_NONE
                                                   ? CAIRO_HINT_STYLE_FULL
                                                   : CAIRO_HINT_STYLE_SLIGHT);
    cairo_set_font_options(cr, options);
    cairo_font_options_destroy(options);
}

// Builds a Page top to bottom, measuring text with a scratch cairo context.
class PageBuilder {
public:
    PageBuilder(cairo_t* measure, std::string family, double dots_per_mm, int width)
        : cr_(measure), family_(std::move(family)), dots_per_mm_(dots_per_mm) {
        page_.width = width;
    }

    double dots(double mm) const { return mm * dots_per_mm_; }
    Font font(double mm, bool bold) const { return Font{dots(mm), bold}; }
    void gap(double mm) { y_ += dots(mm); }

    void paragraph(const std::string& text, Font font, Align align) {
        select_font(cr_, family_, font);
        cairo_font_extents_t extents;
        cairo_font_extents(cr_, &extents);
        const double margin = dots(kTextMarginMm);
        for (const std::string& line : wrap(printable_text(text), page_.width - 2 * margin)) {
            const double x = align == Align::Centre ? (page_.width - advance(line)) / 2 : margin;
            page_.texts.push_back({line, font, std::max(0.0, x), y_ + extents.ascent});
            y_ += extents.height;
        }
    }

    void rule() {
        const int thickness = std::max(2, static_cast<int>(std::lround(dots(0.35))));
        gap(1.5);
        page_.boxes.push_back({0, static_cast<int>(std::lround(y_)), page_.width, thickness});
        y_ += thickness;
        gap(1.5);
    }

    // The number fills a third of the width in height, or the whole width if it is long.
    void huge_number(const std::string& number) {
        const std::string text = printable_text(number);
        const Font probe{100, true};
        select_font(cr_, family_, probe);
        cairo_text_extents_t ink;
        cairo_text_extents(cr_, text.c_str(), &ink);
        if (ink.width <= 0 || ink.height <= 0) return;
        const double scale = std::min(page_.width / 3.0 / ink.height, (page_.width - 2 * dots(kTextMarginMm)) / ink.width);
        const Font font{probe.size * scale, true};
        const double x = (page_.width - ink.width * scale) / 2 - ink.x_bearing * scale;
        page_.texts.push_back({text, font, x, y_ - ink.y_bearing * scale});
        y_ += ink.height * scale;
    }

    Status qr_code(const std::string& url);
    Status logo(const std::string& png_path, double width_mm);

    Page finish(double bottom_mm) {
        gap(bottom_mm);
        page_.height = static_cast<int>(std::ceil(y_));
        return std::move(page_);
    }

private:
    double advance(const std::string& text) {
        cairo_text_extents_t extents;
        cairo_text_extents(cr_, text.c_str(), &extents);
        return extents.x_advance;
    }

    std::vector<std::string> wrap(const std::string& text, double max_width);
    void add_word(std::vector<std::string>& lines, std::string& line, const std::string& word,
                  double max_width);

    cairo_t* cr_;
    std::string family_;
    double dots_per_mm_;
    double y_ = 0;
    Page page_;
};

// Greedy word wrap; newlines start new lines and runs of spaces collapse.
std::vector<std::string> PageBuilder::wrap(const std::string& text, double max_width) {
    std::vector<std::string> lines;
    for (const std::string& paragraph : split(text, '\n')) {
        std::string line;
        for (const std::string& word : split(paragraph, ' '))
            if (!word.empty()) add_word(lines, line, word, max_width);
        if (!line.empty()) lines.push_back(line);
    }
    return lines;
}

// Adds a word to the current line, or starts new lines; a word wider than the paper is cut
// between code points (URLs and long identifiers have no spaces to break at).
void PageBuilder::add_word(std::vector<std::string>& lines, std::string& line,
                           const std::string& word, double max_width) {
    const std::string joined = line.empty() ? word : line + ' ' + word;
    if (advance(joined) <= max_width) {
        line = joined;
        return;
    }
    if (!line.empty()) lines.push_back(line);
    line.clear();
    std::size_t start = 0;
    while (start < word.size()) {
        std::size_t end = next_code_point(word, start);  // at least one code point per line
        while (end < word.size()) {
            const std::size_t longer = next_code_point(word, end);
            if (advance(word.substr(start, longer - start)) > max_width) break;
            end = longer;
        }
        line = word.substr(start, end - start);
        start = end;
        if (start < word.size()) lines.push_back(line);
    }
}

std::optional<ZXing::BitMatrix> encode_qr(const std::string& text, std::string& error) {
    try {
        const bool ascii = std::all_of(text.begin(), text.end(),
                                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
        ZXing::MultiFormatWriter writer(ZXing::BarcodeFormat::QRCode);
        writer.setMargin(0).setEccLevel(4);  // medium error correction survives scuffed paper
        if (!ascii) writer.setEncoding(ZXing::CharacterSet::UTF8);
        return writer.encode(text, 0, 0);
    } catch (const std::exception& e) {
        error = e.what();
        return std::nullopt;
    }
}

// Modules become boxes on whole dots, merged along rows so the PDF stays small and seamless.
Status PageBuilder::qr_code(const std::string& url) {
    std::string why;
    const std::optional<ZXing::BitMatrix> matrix = encode_qr(url, why);
    if (!matrix)
        return fail("ticket render: tracking URL (" + std::to_string(url.size()) +
                    " bytes) cannot be encoded as a QR code: " + why);
    const int modules = matrix->width() + 2 * kQrQuietZoneModules;
    const int module_dots = std::max(
        kMinQrModuleDots, static_cast<int>(page_.width * kQrTargetShare / modules));
    if (modules * module_dots > page_.width)
        return fail("ticket render: tracking URL (" + std::to_string(url.size()) +
                    " bytes) makes a QR code too wide for the paper");
    const int left = (page_.width - modules * module_dots) / 2 + kQrQuietZoneModules * module_dots;
    const int top = static_cast<int>(std::ceil(y_)) + kQrQuietZoneModules * module_dots;
    for (int row = 0; row < matrix->height(); ++row) {
        for (int col = 0; col < matrix->width();) {
            if (!matrix->get(col, row)) { ++col; continue; }
            const int run_start = col;
            while (col < matrix->width() && matrix->get(col, row)) ++col;
            page_.boxes.push_back({left + run_start * module_dots, top + row * module_dots,
                                   (col - run_start) * module_dots, module_dots});
        }
    }
    y_ = std::ceil(y_) + modules * module_dots;
    return Ok{};
}

// The office's logo, thresholded to black dots like everything a thermal printer prints, centred.
Status PageBuilder::logo(const std::string& png_path, double width_mm) {
    SurfacePtr image(cairo_image_surface_create_from_png(png_path.c_str()));
    if (cairo_surface_status(image.get()) != CAIRO_STATUS_SUCCESS)
        return fail("ticket render: cannot read the logo " + png_path + ": " +
                    cairo_status_to_string(cairo_surface_status(image.get())));
    cairo_surface_flush(image.get());
    const int source_w = cairo_image_surface_get_width(image.get());
    const int source_h = cairo_image_surface_get_height(image.get());
    const int stride = cairo_image_surface_get_stride(image.get());
    const unsigned char* data = cairo_image_surface_get_data(image.get());
    if (source_w <= 0 || source_h <= 0 || !data) return fail("ticket render: the logo " + png_path + " is empty");
    const int width = std::min(page_.width, static_cast<int>(std::lround(dots(width_mm))));
    const int height = std::max(1, static_cast<int>(std::lround(static_cast<double>(source_h) * width / source_w)));
    const int left = (page_.width - width) / 2;
    const int top = static_cast<int>(std::ceil(y_));
    // cairo loads PNGs as premultiplied ARGB32 (or RGB24); transparent areas count as paper.
    const bool has_alpha = cairo_image_surface_get_format(image.get()) == CAIRO_FORMAT_ARGB32;
    auto black = [&](int x, int y) {
        const auto pixel = *reinterpret_cast<const std::uint32_t*>(data + static_cast<size_t>(y) * stride + 4 * x);
        const int alpha = has_alpha ? static_cast<int>(pixel >> 24) : 255;
        const int r = (pixel >> 16) & 255, g = (pixel >> 8) & 255, b = pixel & 255;
        const int white_shown = 255 - alpha;  // premultiplied: what shows through is white paper
        return alpha > 0 && (r * 299 + g * 587 + b * 114) / 1000 + white_shown < 128;
    };
    for (int row = 0; row < height; ++row) {
        const int sy = std::min(source_h - 1, row * source_h / height);
        for (int col = 0; col < width;) {
            if (!black(std::min(source_w - 1, col * source_w / width), sy)) { ++col; continue; }
            const int run_start = col;
            while (col < width && black(std::min(source_w - 1, col * source_w / width), sy)) ++col;
            page_.boxes.push_back({left + run_start, top + row, col - run_start, 1});
        }
    }
    y_ = top + height;
    return Ok{};
}

// ---------------------------------------------------------------------------------------------
// Layout

double printable_width_mm(double paper_mm) {
    if (std::abs(paper_mm - 80.0) < 1.0) return 72.0;
    if (std::abs(paper_mm - 58.0) < 1.0) return 48.0;
    return paper_mm - 8.0;
}

Status check_layout(const TicketLayout& layout) {
    if (!std::isfinite(layout.paper_width_mm) || layout.paper_width_mm < 30 ||
        layout.paper_width_mm > 420)
        return fail("ticket render: paper width " + std::to_string(layout.paper_width_mm) +
                    " mm is outside 30..420 mm");
    if (layout.dots_per_inch < 72 || layout.dots_per_inch > 1200)
        return fail("ticket render: resolution " + std::to_string(layout.dots_per_inch) +
                    " dpi is outside 72..1200 dpi");
    return Ok{};
}

Status check_text_size(const TicketContent& t) {
    std::size_t total = t.service_name.size() + t.number.size() + t.issued_at.size() +
                        t.reference.size() + t.deadline.size();
    for (const auto* lines : {&t.header_lines, &t.details, &t.next_steps, &t.footer_lines})
        for (const std::string& line : *lines) total += line.size();
    if (total > kMaxTextBytes)
        return fail("ticket render: ticket text is " + std::to_string(total) +
                    " bytes, more than the " + std::to_string(kMaxTextBytes) + " a ticket may hold");
    return Ok{};
}

void add_lines(PageBuilder& page, const std::vector<std::string>& lines, Font font, Align align) {
    for (const std::string& line : lines)
        if (!line.empty()) page.paragraph(line, font, align);
}

void add_if_present(PageBuilder& page, const std::string& text, Font font) {
    if (!text.empty()) page.paragraph(text, font, Align::Centre);
}

bool has_text(const std::vector<std::string>& lines) {
    return std::any_of(lines.begin(), lines.end(), [](const std::string& l) { return !l.empty(); });
}

// The ticket from top to bottom; empty fields leave no gap behind.
Status lay_out_content(PageBuilder& page, const TicketContent& t, const TicketLayout& layout) {
    page.gap(2.0);
    if (!layout.logo_png.empty()) {
        if (Status logo = page.logo(layout.logo_png, layout.logo_width_mm); !logo) return logo;
        page.gap(1.5);
    }
    add_lines(page, t.header_lines, page.font(kHeaderMm, true), Align::Centre);
    if (has_text(t.header_lines)) page.rule();
    add_if_present(page, t.service_name, page.font(kServiceMm, false));
    if (!t.number.empty()) {
        page.gap(3.0);
        page.huge_number(t.number);
        page.gap(3.0);
    }
    add_if_present(page, t.issued_at, page.font(kBodyMm, false));
    if (!t.reference.empty())
        page.paragraph("Ref: " + t.reference, page.font(kSmallMm, false), Align::Centre);
    add_lines(page, t.details, page.font(kSmallMm, false), Align::Centre);
    if (!t.deadline.empty()) {
        page.gap(1.0);
        page.paragraph(t.deadline, page.font(kBodyMm, true), Align::Centre);
    }
    if (has_text(t.next_steps)) {
        page.rule();
        for (const std::string& step : t.next_steps) {
            if (step.empty()) continue;
            page.paragraph(step, page.font(kBodyMm, false), Align::Left);
            page.gap(0.8);  // separates steps that wrapped onto several lines
        }
    }
    if (!t.tracking_url.empty())
        if (Status qr = page.qr_code(t.tracking_url); !qr) return qr;
    add_lines(page, t.footer_lines, page.font(kSmallMm, false), Align::Centre);
    return Ok{};
}

double dots_per_mm(const TicketLayout& layout) { return layout.dots_per_inch / kMmPerInch; }

std::string font_family(const TicketLayout& layout) {
    return layout.font_family.empty() ? "sans-serif" : layout.font_family;
}

// The measuring pass: everything is positioned here, in dots of the printable width.
Result<Page> lay_out(const TicketContent& ticket, const TicketLayout& layout) {
    if (Status ok = check_layout(layout); !ok) return ok.error();
    if (Status ok = check_text_size(ticket); !ok) return ok.error();
    SurfacePtr scratch(cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1));
    ContextPtr cr(cairo_create(scratch.get()));
    use_linear_metrics(cr.get(), CAIRO_ANTIALIAS_GRAY);
    PageBuilder builder(cr.get(), font_family(layout), dots_per_mm(layout),
                        printable_width_dots(layout));
    if (Status ok = lay_out_content(builder, ticket, layout); !ok) return ok.error();
    if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS)
        return cairo_failure("measuring text", cairo_status(cr.get()));
    Page page = builder.finish(4.0);
    if (page.height > kMaxImageDots)
        return fail("ticket render: ticket is " + std::to_string(page.height) +
                    " dots long, more than the " + std::to_string(kMaxImageDots) + " supported");
    return page;
}

// ---------------------------------------------------------------------------------------------
// Drawing

void draw_page(cairo_t* cr, const Page& page, const std::string& family,
               cairo_antialias_t text_antialias) {
    use_linear_metrics(cr, text_antialias);
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (const TextRun& run : page.texts) {
        select_font(cr, family, run.font);
        cairo_move_to(cr, run.x, run.baseline);
        cairo_show_text(cr, run.text.c_str());
    }
    cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
    for (const Box& box : page.boxes) cairo_rectangle(cr, box.x, box.y, box.width, box.height);
    cairo_fill(cr);
}

// An image surface of the page, black on white.
Result<SurfacePtr> draw_image(const Page& page, const std::string& family,
                              cairo_antialias_t text_antialias) {
    SurfacePtr surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, page.width, page.height));
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
        return cairo_failure("creating image", cairo_surface_status(surface.get()));
    ContextPtr cr(cairo_create(surface.get()));
    cairo_set_source_rgb(cr.get(), 1, 1, 1);
    cairo_paint(cr.get());
    draw_page(cr.get(), page, family, text_antialias);
    if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS)
        return cairo_failure("drawing image", cairo_status(cr.get()));
    cairo_surface_flush(surface.get());
    return surface;
}

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
    auto* bytes = static_cast<Bytes*>(closure);
    try {
        bytes->insert(bytes->end(), data, data + length);
    } catch (const std::exception&) {
        return CAIRO_STATUS_NO_MEMORY;  // exceptions must not unwind through cairo's C frames
    }
    return CAIRO_STATUS_SUCCESS;
}

// Dark pixels become 1 bits, leftmost pixel in the most significant bit.
Raster pack_bits(cairo_surface_t* surface) {
    Raster raster;
    raster.width = cairo_image_surface_get_width(surface);
    raster.height = cairo_image_surface_get_height(surface);
    raster.stride = (raster.width + 7) / 8;
    raster.bits.assign(static_cast<std::size_t>(raster.stride) * raster.height, 0);
    const unsigned char* data = cairo_image_surface_get_data(surface);
    const int source_stride = cairo_image_surface_get_stride(surface);
    for (int y = 0; y < raster.height; ++y) {
        const auto* row = reinterpret_cast<const std::uint32_t*>(data + y * source_stride);
        for (int x = 0; x < raster.width; ++x) {
            const std::uint32_t green = (row[x] >> 8) & 0xFF;  // black/white: any channel will do
            if (green < 128)
                raster.bits[static_cast<std::size_t>(y) * raster.stride + x / 8] |=
                    static_cast<std::uint8_t>(0x80 >> (x % 8));
        }
    }
    return raster;
}

Result<Bytes> png_of(const TicketContent& ticket, const TicketLayout& layout) {
    Result<Page> page = lay_out(ticket, layout);
    if (!page) return page.error();
    Result<SurfacePtr> image = draw_image(*page, font_family(layout), CAIRO_ANTIALIAS_GRAY);
    if (!image) return image.error();
    Bytes png;
    const cairo_status_t status =
        cairo_surface_write_to_png_stream(image->get(), append_bytes, &png);
    if (status != CAIRO_STATUS_SUCCESS) return cairo_failure("writing PNG", status);
    return png;
}

Result<Bytes> pdf_of(const TicketContent& ticket, const TicketLayout& layout) {
    Result<Page> page = lay_out(ticket, layout);
    if (!page) return page.error();
    const double points_per_dot = 72.0 / layout.dots_per_inch;
    const double paper_points = layout.paper_width_mm * 72.0 / kMmPerInch;
    const double margin_dots = (paper_points / points_per_dot - page->width) / 2;
    Bytes pdf;
    SurfacePtr surface(cairo_pdf_surface_create_for_stream(append_bytes, &pdf, paper_points,
                                                           page->height * points_per_dot));
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
        return cairo_failure("creating PDF", cairo_surface_status(surface.get()));
    const std::string title = ticket.number.empty() ? "Ticket" : "Ticket " + ticket.number;
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
    {
        ContextPtr cr(cairo_create(surface.get()));
        cairo_scale(cr.get(), points_per_dot, points_per_dot);
        cairo_translate(cr.get(), margin_dots, 0);
        draw_page(cr.get(), *page, font_family(layout), CAIRO_ANTIALIAS_GRAY);
        if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS)
            return cairo_failure("drawing PDF", cairo_status(cr.get()));
    }
    cairo_surface_finish(surface.get());  // writes the document into `pdf`
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
        return cairo_failure("writing PDF", cairo_surface_status(surface.get()));
    return pdf;
}

Result<Raster> raster_of(const TicketContent& ticket, const TicketLayout& layout) {
    Result<Page> page = lay_out(ticket, layout);
    if (!page) return page.error();
    Result<SurfacePtr> image = draw_image(*page, font_family(layout), CAIRO_ANTIALIAS_NONE);
    if (!image) return image.error();
    return pack_bits(image->get());
}

// Rendering runs on the kiosk's UI path: an allocation failure becomes an Error, not a crash.
template <class T, class Render>
Result<T> guarded(Render render) {
    try {
        return render();
    } catch (const std::exception& e) {
        return fail(std::string("ticket render: ") + e.what());
    }
}

}  // namespace

int printable_width_dots(const TicketLayout& layout) {
    if (!check_layout(layout)) return 0;
    const double dots = printable_width_mm(layout.paper_width_mm) * dots_per_mm(layout);
    return static_cast<int>(std::lround(dots / 8)) * 8;
}

Result<Bytes> render_png(const TicketContent& ticket, const TicketLayout& layout) {
    return guarded<Bytes>([&] { return png_of(ticket, layout); });
}

Result<Bytes> render_pdf(const TicketContent& ticket, const TicketLayout& layout) {
    return guarded<Bytes>([&] { return pdf_of(ticket, layout); });
}

Result<Raster> render_raster(const TicketContent& ticket, const TicketLayout& layout) {
    return guarded<Raster>([&] { return raster_of(ticket, layout); });
}

}  // namespace anjungan::render
