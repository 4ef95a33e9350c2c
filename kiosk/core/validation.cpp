// Form field validation: cleaning typed text and checking NIK, phone, e-mail, URL and date fields (SPEC §2).
#include "kiosk/core/validation.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <limits>
#include <vector>

namespace anjungan {
namespace {

constexpr char32_t kReplacementCharacter = 0xFFFD;
constexpr std::size_t kNoLimit = std::numeric_limits<std::size_t>::max();

// ---------------------------------------------------------------------------------------------------------------
// UTF-8

struct DecodedCodePoint {
    char32_t code_point;
    std::size_t length;  // bytes consumed
};

// Decodes the code point starting at `pos`. An invalid sequence yields U+FFFD and consumes its longest valid
// prefix (the "maximal subpart" rule of Unicode §3.9), so one broken character becomes one replacement.
DecodedCodePoint decode_at(std::string_view text, std::size_t pos) {
    const auto lead = static_cast<unsigned char>(text[pos]);
    if (lead < 0x80) return {lead, 1};
    std::size_t continuation_bytes = 0;
    char32_t code_point = 0;
    // The first continuation byte has a narrower range for some leads: that excludes overlong forms,
    // UTF-16 surrogates and values above U+10FFFF.
    unsigned char low = 0x80, high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        continuation_bytes = 1, code_point = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        continuation_bytes = 2, code_point = lead & 0x0F;
        if (lead == 0xE0) low = 0xA0;
        if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        continuation_bytes = 3, code_point = lead & 0x07;
        if (lead == 0xF0) low = 0x90;
        if (lead == 0xF4) high = 0x8F;
    } else {
        return {kReplacementCharacter, 1};
    }
    std::size_t length = 1;
    for (std::size_t i = 0; i < continuation_bytes; ++i, ++length) {
        if (pos + length >= text.size()) return {kReplacementCharacter, length};
        const auto byte = static_cast<unsigned char>(text[pos + length]);
        if (byte < low || byte > high) return {kReplacementCharacter, length};
        code_point = (code_point << 6) | (byte & 0x3F);
        low = 0x80, high = 0xBF;
    }
    return {code_point, length};
}

std::u32string decode_utf8(std::string_view text) {
    std::u32string code_points;
    code_points.reserve(text.size());
    for (std::size_t pos = 0; pos < text.size();) {
        const auto decoded = decode_at(text, pos);
        code_points.push_back(decoded.code_point);
        pos += decoded.length;
    }
    return code_points;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

std::string encode_utf8(std::u32string_view code_points) {
    std::string out;
    out.reserve(code_points.size());
    for (char32_t cp : code_points) append_utf8(out, cp);
    return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Character classes used when cleaning

bool is_control(char32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

bool is_line_break(char32_t cp) { return cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029; }

// Invisible characters that can disguise text (reversed file names, look-alike words) and that nobody types
// on the kiosk keyboard on purpose.
bool is_invisible_format(char32_t cp) {
    return cp == 0x061C || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
}

bool is_space(char32_t cp) {
    return cp == ' ' || cp == '\n' || cp == 0x00A0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
           cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

// Maps each code point to what the field keeps. Line breaks are unified to \n (a CR LF pair counts once) and
// flattened to a space in single-line fields, so words typed on two lines do not run together.
std::u32string drop_unwanted_characters(std::u32string_view code_points, bool multi_line) {
    std::u32string kept;
    kept.reserve(code_points.size());
    for (std::size_t i = 0; i < code_points.size(); ++i) {
        const char32_t cp = code_points[i];
        if (cp == '\r' && i + 1 < code_points.size() && code_points[i + 1] == '\n') continue;
        if (is_line_break(cp)) {
            kept.push_back(multi_line ? U'\n' : U' ');
        } else if (cp == '\t') {
            kept.push_back(U' ');
        } else if (!is_control(cp) && !is_invisible_format(cp)) {
            kept.push_back(cp);
        }
    }
    return kept;
}

std::u32string_view trim(std::u32string_view text) {
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    return text;
}

bool contains_space(std::string_view utf8) {
    const auto code_points = decode_utf8(utf8);
    return std::any_of(code_points.begin(), code_points.end(), is_space);
}

// ---------------------------------------------------------------------------------------------------------------
// Small helpers for the validators

FieldVerdict accept(std::string value) { return FieldVerdict{true, std::move(value), {}}; }

FieldVerdict reject(std::string message_key) { return FieldVerdict{false, {}, std::move(message_key)}; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_alnum(char c) { return is_digit(c) || is_ascii_letter(c); }

bool all_digits(std::string_view text) { return !text.empty() && std::all_of(text.begin(), text.end(), is_digit); }

std::string lower_ascii(std::string_view text) {
    std::string lowered(text);
    for (char& c : lowered)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return lowered;
}

// Callers check the digits first; the values are small enough that no overflow is possible.
int to_number(std::string_view digits) {
    int number = 0;
    for (char c : digits) number = number * 10 + (c - '0');
    return number;
}

std::string remove_char(std::string_view text, char unwanted) {
    std::string kept;
    for (char c : text)
        if (c != unwanted) kept += c;
    return kept;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    for (std::size_t start = 0;;) {
        const auto end = text.find(separator, start);
        parts.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos) return parts;
        start = end + 1;
    }
}

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int month, bool leap_year) {
    static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    return month == 2 && leap_year ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

// ---------------------------------------------------------------------------------------------------------------
// NIK (Nomor Induk Kependudukan): PP RR DD DDMMYY SSSS

bool is_province_code(int code) {
    return (code >= 11 && code <= 19) || code == 21 || (code >= 31 && code <= 36) || (code >= 51 && code <= 53) ||
           (code >= 61 && code <= 65) || (code >= 71 && code <= 76) || code == 81 || code == 82 ||
           (code >= 91 && code <= 96);  // 93–96: the Papua provinces created in 2022
}

bool plausible_nik_region(std::string_view nik) {
    return is_province_code(to_number(nik.substr(0, 2))) && nik.substr(2, 2) != "00" && nik.substr(4, 2) != "00";
}

// Women's NIKs carry the birth day plus 40. The century is not in the number, so 29 February is always
// possible.
bool plausible_nik_birth_date(std::string_view nik) {
    int day = to_number(nik.substr(6, 2));
    const int month = to_number(nik.substr(8, 2));
    if (day > 40) day -= 40;
    return day >= 1 && day <= days_in_month(month, true);
}

FieldVerdict check_nik(std::string_view text) {
    std::string nik = remove_char(text, ' ');  // people type it in groups, as printed on some documents
    if (nik.size() != 16 || !all_digits(nik)) return reject("validation.nik.length");
    if (!plausible_nik_region(nik)) return reject("validation.nik.region");
    if (!plausible_nik_birth_date(nik)) return reject("validation.nik.birth_date");
    if (nik.substr(12) == "0000") return reject("validation.nik.serial");
    return accept(std::move(nik));
}

// ---------------------------------------------------------------------------------------------------------------
// Indonesian phone numbers

bool is_phone_separator(char c) { return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')'; }

// Collects the digits; fails (empty result) on any other character. A '+' is only allowed before the digits.
std::string phone_digits(std::string_view text, bool& international) {
    std::string digits;
    international = false;
    for (char c : text) {
        if (is_digit(c)) {
            digits += c;
        } else if (c == '+' && digits.empty() && !international) {
            international = true;
        } else if (!is_phone_separator(c)) {
            return {};
        }
    }
    return digits;
}

// The national significant number: what follows the country code 62, without the trunk prefix 0.
std::string national_number(const std::string& digits, bool international) {
    const bool has_country_code = digits.rfind("62", 0) == 0;
    if (international && !has_country_code) return {};
    if (has_country_code) {
        std::string rest = digits.substr(2);
        // Written as "+62 (0)812…" on many business cards: the bracketed trunk 0 is not dialled.
        if (!rest.empty() && rest[0] == '0') rest.erase(0, 1);
        return rest;
    }
    if (!digits.empty() && digits[0] == '0') return digits.substr(1);
    return {};
}

FieldVerdict check_phone(std::string_view text) {
    bool international = false;
    const std::string digits = phone_digits(text, international);
    const std::string national = national_number(digits, international);
    // Mobiles start with 8, landlines with a 2–3 digit area code starting 2–9; 0 and 1 are never first.
    const bool plausible = national.size() >= 8 && national.size() <= 12 && national[0] >= '2';
    if (!plausible) return reject("validation.phone.format");
    return accept("+62" + national);
}

// ---------------------------------------------------------------------------------------------------------------
// Host names (e-mail domains and URL hosts)

bool plausible_label(std::string_view label) {
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    return std::all_of(label.begin(), label.end(), [](char c) { return is_ascii_alnum(c) || c == '-'; });
}

bool plausible_host_name(std::string_view host) {
    if (host.size() > 253) return false;
    const auto labels = split(host, '.');
    if (labels.size() < 2 || !std::all_of(labels.begin(), labels.end(), plausible_label)) return false;
    const auto top_level = labels.back();
    return top_level.size() >= 2 && std::all_of(top_level.begin(), top_level.end(), is_ascii_letter);
}

// ---------------------------------------------------------------------------------------------------------------
// E-mail

bool is_local_part_char(char c) {
    static constexpr std::string_view kSymbols = "!#$%&'*+-/=?^_`{|}~.";
    return is_ascii_alnum(c) || kSymbols.find(c) != std::string_view::npos;
}

// The unquoted form only: quoted local parts are legal but nobody has one, while a comma or a space is a typo.
bool plausible_local_part(std::string_view local) {
    if (local.empty() || local.size() > 64 || local.front() == '.' || local.back() == '.') return false;
    if (local.find("..") != std::string_view::npos) return false;
    return std::all_of(local.begin(), local.end(), is_local_part_char);
}

FieldVerdict check_email(std::string_view text) {
    const auto at = text.find('@');
    if (at == std::string_view::npos || text.find('@', at + 1) != std::string_view::npos)
        return reject("validation.email.format");
    const auto local = text.substr(0, at);
    const std::string domain = lower_ascii(text.substr(at + 1));
    if (!plausible_local_part(local) || !plausible_host_name(domain)) return reject("validation.email.format");
    return accept(std::string(local) + "@" + domain);
}

// ---------------------------------------------------------------------------------------------------------------
// URL

// The scheme as typed ("" when there is none). A word before ':' that contains a dot is a host with a port
// ("example.com:8080"), not a scheme.
std::string url_scheme(std::string_view url) {
    const auto colon = url.find(':');
    if (colon == std::string_view::npos || colon == 0) return {};
    const auto word = url.substr(0, colon);
    if (!is_ascii_letter(word[0])) return {};
    const bool scheme_like = std::all_of(word.begin(), word.end(), [](char c) {
        return is_ascii_alnum(c) || c == '+' || c == '-';
    });
    return scheme_like ? lower_ascii(word) : std::string{};
}

bool plausible_ipv4(std::string_view host) {
    const auto parts = split(host, '.');
    return parts.size() == 4 && std::all_of(parts.begin(), parts.end(), [](std::string_view part) {
               return all_digits(part) && part.size() <= 3 && to_number(part) <= 255;
           });
}

bool plausible_ipv6_literal(std::string_view host) {
    if (host.size() < 4 || host.front() != '[' || host.back() != ']') return false;
    const auto inside = host.substr(1, host.size() - 2);
    const bool allowed = std::all_of(inside.begin(), inside.end(), [](char c) {
        return is_digit(c) || (c >= 'a' && c <= 'f') || c == ':' || c == '.';
    });
    return allowed && std::count(inside.begin(), inside.end(), ':') >= 2;
}

bool plausible_port(std::string_view port) {
    return all_digits(port) && port.size() <= 5 && to_number(port) >= 1 && to_number(port) <= 65535;
}

// Checks "[userinfo@]host[:port]" and returns it with the host lower-cased, or "" when implausible.
// User info is kept: phishing links such as "http://bank.example@evil.example/" are exactly what people report.
std::string normalise_authority(std::string_view authority) {
    const auto at = authority.rfind('@');
    const auto user_info = at == std::string_view::npos ? std::string_view{} : authority.substr(0, at + 1);
    const auto host_and_port = at == std::string_view::npos ? authority : authority.substr(at + 1);
    const auto bracket = host_and_port.rfind(']');
    auto colon = host_and_port.rfind(':');
    if (bracket != std::string_view::npos && colon != std::string_view::npos && colon < bracket)
        colon = std::string_view::npos;  // the colons belong to an IPv6 address
    const std::string host = lower_ascii(host_and_port.substr(0, colon));
    if (colon != std::string_view::npos && !plausible_port(host_and_port.substr(colon + 1))) return {};
    if (!plausible_host_name(host) && !plausible_ipv4(host) && !plausible_ipv6_literal(host)) return {};
    const auto port = colon == std::string_view::npos ? std::string_view{} : host_and_port.substr(colon);
    return std::string(user_info) + host + std::string(port);
}

FieldVerdict check_url(std::string_view text) {
    if (contains_space(text)) return reject("validation.url.format");
    std::string scheme = url_scheme(text);
    std::string_view rest = text;
    if (scheme.empty()) {
        scheme = "https";  // people type "example.com/path"; today's sites all answer on https
    } else if (scheme != "http" && scheme != "https") {
        return reject("validation.url.scheme");  // javascript:, file:, data:, ftp: …
    } else if (text.substr(scheme.size(), 3) != "://") {
        return reject("validation.url.format");
    } else {
        rest.remove_prefix(scheme.size() + 3);
    }
    const auto path_start = std::min(rest.find_first_of("/?#"), rest.size());
    const std::string authority = normalise_authority(rest.substr(0, path_start));
    if (authority.empty()) return reject("validation.url.format");
    return accept(scheme + "://" + authority + std::string(rest.substr(path_start)));
}

// ---------------------------------------------------------------------------------------------------------------
// Dates

struct CalendarDate {
    int year = 0, month = 0, day = 0;
};

// Reads DD/MM/YYYY, DD-MM-YYYY or DD.MM.YYYY (one or two digits for day and month), and the ISO form
// YYYY-MM-DD that this module stores, so a stored value validates again.
bool parse_date(std::string_view text, CalendarDate& date) {
    const auto separator_at = text.find_first_of("/-.");
    if (separator_at == std::string_view::npos) return false;
    const auto parts = split(text, text[separator_at]);
    if (parts.size() != 3 || !std::all_of(parts.begin(), parts.end(), all_digits)) return false;
    if (parts[0].size() == 4 && text[separator_at] == '-' && parts[1].size() == 2 && parts[2].size() == 2) {
        date = {to_number(parts[0]), to_number(parts[1]), to_number(parts[2])};
        return true;
    }
    if (parts[0].size() > 2 || parts[1].size() > 2 || parts[2].size() != 4) return false;
    date = {to_number(parts[2]), to_number(parts[1]), to_number(parts[0])};
    return true;
}

bool is_real_date(const CalendarDate& date) {
    return date.year >= 1900 && date.year <= 2100 && date.day >= 1 &&
           date.day <= days_in_month(date.month, is_leap_year(date.year));
}

FieldVerdict check_date(std::string_view text) {
    CalendarDate date;
    if (!parse_date(remove_char(text, ' '), date)) return reject("validation.date.format");
    if (!is_real_date(date)) return reject("validation.date.invalid");
    char iso[48];  // room for any int, so the compiler can prove nothing is truncated
    std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", date.year, date.month, date.day);
    return accept(iso);
}

FieldVerdict check_with(std::string_view validator, std::string text) {
    if (validator == "nik") return check_nik(text);
    if (validator == "phone") return check_phone(text);
    if (validator == "email") return check_email(text);
    if (validator == "url") return check_url(text);
    if (validator == "date") return check_date(text);
    return accept(std::move(text));
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------------
// Public interface

std::string clean_text(std::string_view input, std::size_t max_chars, bool multi_line) {
    const std::u32string kept = drop_unwanted_characters(decode_utf8(input), multi_line);
    std::u32string_view text = trim(kept);
    if (text.size() > max_chars) text = trim(text.substr(0, max_chars));  // may have cut just after a space
    return encode_utf8(text);
}

std::size_t count_code_points(std::string_view utf8) {
    // Every code point has exactly one byte that is not a continuation byte (10xxxxxx).
    return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

bool is_known_validator(std::string_view validator) {
    return validator.empty() || validator == "nik" || validator == "phone" || validator == "email" ||
           validator == "url" || validator == "date";
}

std::string date_for_display(std::string_view stored) {
    const bool iso = stored.size() == 10 && stored[4] == '-' && stored[7] == '-' &&
                     all_digits(stored.substr(0, 4)) && all_digits(stored.substr(5, 2)) &&
                     all_digits(stored.substr(8, 2));
    if (!iso) return std::string(stored);
    return std::string(stored.substr(8, 2)) + "-" + std::string(stored.substr(5, 2)) + "-" +
           std::string(stored.substr(0, 4));
}

FieldVerdict validate_field(std::string_view validator, std::string_view input, std::size_t max_chars, bool required,
                            bool multi_line) {
    // Cleaned without the cap: text beyond the limit is reported, never silently dropped.
    std::string text = clean_text(input, kNoLimit, multi_line);
    if (text.empty()) return required ? reject("validation.required") : accept({});
    if (count_code_points(text) > max_chars) return reject("validation.too_long");
    FieldVerdict verdict = check_with(validator, std::move(text));
    // Normalising can lengthen a value ("https://", "+62"); what is stored must still fit the field.
    if (verdict.ok && count_code_points(verdict.value) > max_chars) return reject("validation.too_long");
    return verdict;
}

}  // namespace anjungan
