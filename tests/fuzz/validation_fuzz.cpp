// libFuzzer target: clean_text and every form validator keep their promises on arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <string>
#include <string_view>

#include "kiosk/core/validation.h"

using namespace anjungan;

namespace {

// Aborts with a message, so libFuzzer records the input as a crash.
void require(bool condition, const char* invariant) {
    if (condition) return;
    std::fprintf(stderr, "invariant broken: %s\n", invariant);
    std::abort();
}

// A strict UTF-8 check written independently of the module's decoder, so a decoder bug cannot hide itself.
// Calls `visit` with each code point; returns false on any ill-formed sequence.
template <class Visit>
bool walk_utf8(std::string_view text, Visit visit) {
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const std::size_t length = lead < 0x80 ? 1 : lead >= 0xC2 && lead < 0xE0 ? 2 : lead >= 0xE0 && lead < 0xF0 ? 3
                                                  : lead >= 0xF0 && lead < 0xF5 ? 4 : 0;
        if (length == 0 || i + length > text.size()) return false;
        char32_t cp = length == 1 ? lead : lead & (0xFF >> (length + 1));
        for (std::size_t k = 1; k < length; ++k) {
            const auto byte = static_cast<unsigned char>(text[i + k]);
            if ((byte & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (byte & 0x3F);
        }
        const char32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < smallest[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        visit(cp);
        i += length;
    }
    return true;
}

bool is_forbidden(char32_t cp, bool multi_line) {
    const bool control = cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
    const bool invisible = cp == 0x061C || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
                           (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
    return (control && !(multi_line && cp == '\n')) || invisible;
}

// Valid UTF-8, at most max_chars code points, nothing the kiosk must not store.
void check_clean(std::string_view text, std::size_t max_chars, bool multi_line) {
    std::size_t code_points = 0;
    bool forbidden = false;
    const bool valid = walk_utf8(text, [&](char32_t cp) {
        ++code_points;
        forbidden = forbidden || is_forbidden(cp, multi_line);
    });
    require(valid, "output is valid UTF-8");
    require(code_points <= max_chars, "output is within max_chars code points");
    require(!forbidden, "output has no control, zero-width or bidi characters");
    require(text.empty() || (text.front() != ' ' && text.back() != ' '), "output is trimmed");
}

void check_validator(std::string_view validator, std::string_view input, std::size_t max_chars, bool multi_line) {
    const FieldVerdict verdict = validate_field(validator, input, max_chars, true, multi_line);
    if (!verdict.ok) {
        require(verdict.message_key.rfind("validation.", 0) == 0, "a refusal carries a validation.* key");
        require(verdict.value.empty(), "a refusal stores nothing");
        return;
    }
    require(verdict.message_key.empty(), "an accepted value has no message");
    require(!verdict.value.empty(), "a required field is never accepted empty");
    check_clean(verdict.value, max_chars, multi_line);
    const FieldVerdict again = validate_field(validator, verdict.value, max_chars, true, multi_line);
    require(again.ok && again.value == verdict.value, "a normalised value validates again to itself");
}

}  // namespace

// Input layout: byte 0 = flags (bit 0: multi-line), bytes 1–2 = max_chars (0–4095), the rest = typed text.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 3) return 0;
    const bool multi_line = (data[0] & 1) != 0;
    const std::size_t max_chars = ((std::size_t{data[1]} << 8) | data[2]) & 0x0FFF;
    const std::string_view input(reinterpret_cast<const char*>(data + 3), size - 3);

    const std::string cleaned = clean_text(input, max_chars, multi_line);
    check_clean(cleaned, max_chars, multi_line);
    require(clean_text(cleaned, max_chars, multi_line) == cleaned, "cleaning twice changes nothing");

    for (std::string_view validator : {"", "nik", "phone", "email", "url", "date"})
        check_validator(validator, input, max_chars, multi_line);
    return 0;
}
