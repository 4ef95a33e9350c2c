// Form field validation: cleaning typed text and checking NIK, phone, e-mail, URL and date fields (SPEC §2).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace anjungan {

// The outcome of checking one form field.
struct FieldVerdict {
    bool ok = true;
    std::string value;        // the cleaned / normalised value to store (when ok)
    std::string message_key;  // translation key of the plain-language problem (when !ok), e.g. "validation.nik.length"
};

// Cleans text as typed on the kiosk: strips control characters (except \n in multi-line text; tabs and, in
// single-line text, line breaks become spaces) and invisible zero-width / bidi-control characters
// (U+061C, U+200B..U+200F, U+202A..U+202E, U+2066..U+2069, U+FEFF), replaces invalid UTF-8 with U+FFFD,
// trims, and caps the length at max_chars Unicode code points (never splitting a code point).
std::string clean_text(std::string_view input, std::size_t max_chars, bool multi_line);

// Number of Unicode code points in valid UTF-8 text.
std::size_t count_code_points(std::string_view utf8);

// True for the catalogue's validator hints this module knows: "", nik, phone, email, url, date.
bool is_known_validator(std::string_view validator);

// Cleans and checks one field. `validator` is the catalogue's kiosk hint ("" for names and free text, which
// keep whatever people type). An empty required field gives "validation.required"; an empty optional field
// is ok with an empty value; text longer than max_chars gives "validation.too_long". An unknown validator is
// treated as free text (the catalogue loader should refuse it via is_known_validator).
// Normalised values validate again unchanged, so a stored value can be re-checked when the visitor goes back.
FieldVerdict validate_field(std::string_view validator, std::string_view input, std::size_t max_chars, bool required,
                            bool multi_line);

// A stored date (ISO YYYY-MM-DD, what the validator keeps and Open311 receives) as Indonesians write it,
// DD-MM-YYYY, which the date validator reads back; any other text is returned unchanged.
std::string date_for_display(std::string_view stored);

}  // namespace anjungan
