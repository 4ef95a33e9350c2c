// Configuration table, validation and the INI-style parser.
#include "kiosk/core/config.h"

#include "kiosk/core/calendar.h"
#include "kiosk/core/opening_hours.h"
#include "kiosk/core/scan_payload.h"
#include "kiosk/core/services.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <string_view>
#include <set>
#include <sstream>

namespace anjungan {
namespace {

using Member = std::variant<std::string Config::*, int Config::*, double Config::*, bool Config::*>;
using Check = std::function<std::string(const std::string&)>;  // "" when valid, else what is expected

struct Entry {
    ConfigKey key;
    Member member;
    Check check;
    long min = 0, max = 0;  // Integer / Decimal bounds
};

// Every value is bounded before any check looks at it; paths and URLs fit well within.
constexpr std::size_t kLongestValue = 4096;
constexpr std::size_t kLongestUrl = 2048;

Check any() { return [](const std::string&) { return std::string(); }; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_letter(char c) { return is_upper(c) || (c >= 'a' && c <= 'z'); }
bool is_control(char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }
bool ends_with(std::string_view v, std::string_view end) { return v.size() >= end.size() && v.substr(v.size() - end.size()) == end; }
bool starts_with(std::string_view v, std::string_view start) { return v.substr(0, start.size()) == start; }

template <class Allowed>
bool all_chars(std::string_view v, Allowed allowed) {
    return std::all_of(v.begin(), v.end(), allowed);
}

// `least`-`most` characters, each one `allowed`.
template <class Allowed>
Check chars(std::size_t least, std::size_t most, Allowed allowed, const char* expectation) {
    return [=](const std::string& v) {
        return v.size() >= least && v.size() <= most && all_chars(v, allowed) ? std::string() : std::string(expectation);
    };
}

// Free text of `least`-`most` characters on one line (tabs allowed, other control characters not).
Check text(std::size_t least, std::size_t most, const char* expectation) {
    return chars(least, most, [](char c) { return c == '\t' || !is_control(c); }, expectation);
}

// A file path without control characters whose name ends in one of `extensions` (with a name before it);
// `optional`: or empty.
Check path_ending(std::vector<std::string> extensions, bool optional, const char* expectation) {
    return [=](const std::string& v) {
        if (optional && v.empty()) return std::string();
        const bool named = std::any_of(extensions.begin(), extensions.end(), [&](const std::string& e) {
            return v.size() > e.size() && ends_with(v, e);
        });
        return named && all_chars(v, [](char c) { return !is_control(c); }) ? std::string() : std::string(expectation);
    };
}

Check path_or_empty() { return chars(0, kLongestValue, [](char c) { return !is_control(c); }, "a file path, or empty"); }

Check one_of(std::vector<std::string> choices) {
    return [choices](const std::string& v) {
        if (std::find(choices.begin(), choices.end(), v) != choices.end()) return std::string();
        std::string list;
        for (const auto& c : choices) list += (list.empty() ? "" : ", ") + c;
        return "one of: " + list;
    };
}

// http(s)://HOST[:PORT][/PATH] with no spaces: the host of letters, digits and . - [ ] :
bool is_web_url(std::string_view v) {
    if (v.size() > kLongestUrl) return false;
    const std::string_view rest = starts_with(v, "https://") ? v.substr(8) : starts_with(v, "http://") ? v.substr(7) : "";
    const auto slash = rest.find('/');
    const std::string_view host = rest.substr(0, slash);
    const bool host_ok = !host.empty() && all_chars(host, [](char c) {
        return is_letter(c) || is_digit(c) || c == '.' || c == '-' || c == '[' || c == ']' || c == ':';
    });
    return host_ok && all_chars(rest, [](char c) { return !is_space(c); });
}

Check url_or_empty() {
    return [](const std::string& v) {
        return v.empty() || is_web_url(v) ? std::string() : std::string("an http:// or https:// URL, or empty");
    };
}

bool is_time_zone_name(std::string_view v) {
    if (v.empty() || v.size() > 64) return false;
    bool first = true;
    for (std::size_t start = 0; start <= v.size();) {
        const auto end = std::min(v.find('/', start), v.size());
        const std::string_view part = v.substr(start, end - start);
        const bool ok = !part.empty() && all_chars(part, [first](char c) {
            return is_letter(c) || c == '_' || (!first && (is_digit(c) || c == '+' || c == '-'));
        });
        if (!ok) return false;
        first = false;
        start = end + 1;
    }
    return true;
}

// sha256//<44 base64 characters>, several separated by ';'.
bool is_pin_list(std::string_view v) {
    for (std::size_t start = 0; start <= v.size();) {
        const auto end = std::min(v.find(';', start), v.size());
        const std::string_view pin = v.substr(start, end - start);
        const bool ok = pin.size() == 8 + 44 && starts_with(pin, "sha256//") && all_chars(pin.substr(8), [](char c) {
                            return is_letter(c) || is_digit(c) || c == '+' || c == '/' || c == '=';
                        });
        if (!ok) return false;
        start = end + 1;
    }
    return true;
}

Check device_spec(std::vector<std::string> kinds) {
    return [kinds](const std::string& v) {
        for (const auto& k : kinds) {
            if (v == k) return std::string();
            if (v.rfind(k + ":", 0) == 0 && v.size() > k.size() + 1) return std::string();
        }
        std::string list;
        for (const auto& k : kinds) list += (list.empty() ? "" : " | ") + k + (k == "sim" ? "[:ARG]" : ":ARG");
        return list;
    };
}

// What `kioskctl printer setup` hands cupsd as device-uri: a URI scheme names the CUPS backend, and a space or
// control character would be cut or rejected somewhere between the config file and the backend.
Check device_uri_or_empty() {
    return [](const std::string& v) {
        const auto colon = v.find(':');
        const std::string_view scheme = std::string_view(v).substr(0, colon);
        const bool uri = colon != std::string::npos && colon + 1 < v.size() && !scheme.empty() && is_letter(scheme[0]) &&
                         all_chars(scheme, [](char c) { return is_letter(c) || is_digit(c) || c == '+' || c == '.' || c == '-'; }) &&
                         all_chars(std::string_view(v).substr(colon + 1), [](char c) { return c >= 0x21 && c <= 0x7e; });
        if (v.empty() || (v.size() < 1024 && uri)) return std::string();
        return std::string("a CUPS device URI SCHEME:ADDRESS such as usb://EPSON/TM-T20III?serial=X, "
                           "socket://192.168.1.50:9100 or ipp://printer.local/ipp/print (printable ASCII, no spaces, "
                           "at most 1023 characters), or empty for the first USB printer");
    };
}

Check service_letters() {
    return [](const std::string& v) {
        std::stringstream in(v);
        std::string part;
        std::set<std::string> letters;
        while (std::getline(in, part, ',')) {
            const auto colon = part.find(':');
            const bool pair = colon != std::string::npos && colon > 0 && part.size() == colon + 2 &&
                              is_upper(part.back()) &&
                              all_chars(std::string_view(part).substr(0, colon), [](char c) { return is_upper(c) || c == '_'; });
            if (!pair) return std::string("CODE:LETTER pairs separated by commas");
            if (!letters.insert(part.substr(colon + 1)).second) return std::string("a different letter for each service");
        }
        return letters.empty() ? std::string("at least one CODE:LETTER pair") : std::string();
    };
}

const std::vector<Entry>& entries() {
    using T = ConfigType;
    static const std::vector<Entry> table = {
        {{"kiosk.id", T::String, "KTM-MPP-01", "Kiosk id: sent as device_id and used in references"},
         &Config::kiosk_id, chars(1, 32, [](char c) { return is_letter(c) || is_digit(c) || c == '-'; }, "1-32 letters, digits or dashes")},
        {{"kiosk.location", T::String, "MPP Habaring Hurung, Jl. Jend. Sudirman, Sampit",
          "Where the kiosk stands: sent as address_string"},
         &Config::location, text(1, 200, "1-200 characters")},
        {{"kiosk.timezone", T::String, "Asia/Jakarta", "Time zone for dates, numbering and opening hours"},
         &Config::timezone, [](const std::string& v) {
             return is_time_zone_name(v) ? std::string() : std::string("a zone name such as Asia/Jakarta");
         }},
        {{"kiosk.data_dir", T::String, "/var/lib/anjungan", "Directory for the outbox, logs and tickets"},
         &Config::data_dir, chars(1, kLongestValue, [](char c) { return !is_control(c); }, "a directory path")},
        {{"kiosk.number_prefix", T::String, "", "Prefix before ticket numbers at sites with several kiosks"},
         &Config::number_prefix, chars(0, 3, [](char c) { return is_upper(c) || is_digit(c); }, "0-3 capital letters or digits")},
        {{"office.name", T::String, "Diskominfo Kabupaten Kotawaringin Timur", "Office name on screen and ticket"},
         &Config::office_name, text(1, 120, "1-120 characters")},
        {{"office.address", T::String, "MPP Habaring Hurung, Sampit", "Second header line on the ticket"},
         &Config::office_address, text(0, 120, "at most 120 characters")},
        {{"office.ppid_contact", T::String, "",
          "The office's PPID contact printed on PPID tickets (phone, e-mail or web address); empty: its PPID desk"},
         &Config::ppid_contact, text(0, 120, "at most 120 characters")},
        {{"office.hours", T::String, "mon-thu 07:30-16:00; fri 07:30-11:30",
          "Desk hours: queue numbers are issued only then (days not named are closed)"},
         &Config::hours, [](const std::string& v) {
             auto parsed = parse_opening_hours(v);
             return parsed ? std::string() : "entries like \"mon-fri 07:30-15:30\" separated by ';' (" +
                                                 parsed.error().message + ")";
         }},
        // SP4N-LAPOR!'s own clocks (lapor.go.id FAQ): verified and forwarded within 3 working days, the agency's
        // follow-up within 5 more. An office that commits to shorter times says so here.
        {{"office.lapor_handling_id", T::String,
          "Laporan diverifikasi dan diteruskan ke instansi berwenang paling lambat 3 hari kerja, lalu instansi "
          "menindaklanjutinya paling lambat 5 hari kerja. Perkembangannya dapat dipantau di lapor.go.id.",
          "How LAPOR! reports are handled, as the office commits to it (intro screen, Bahasa Indonesia)"},
         &Config::lapor_handling_id, text(1, 400, "1-400 characters")},
        {{"office.lapor_handling_en", T::String,
          "The report is verified and forwarded to the agency concerned within 3 working days; the agency then "
          "follows it up within 5 working days. You can track it at lapor.go.id.",
          "How LAPOR! reports are handled, as the office commits to it (intro screen, English)"},
         &Config::lapor_handling_en, text(1, 400, "1-400 characters")},
        {{"office.holidays", T::String, "2026-12-24,2026-12-25,2027-01-01",
          "Holidays (YYYY-MM-DD, comma-separated) skipped when counting working-day deadlines"},
         &Config::holidays, [](const std::string& v) {
             auto parsed = parse_holidays(v);
             return parsed ? std::string() : "dates of the form YYYY-MM-DD separated by commas (" +
                                                 parsed.error().message + ")";
         }},
        {{"ui.language", T::String, "id", "Default language: id (Bahasa Indonesia) or en"},
         &Config::language, one_of({"id", "en"})},
        {{"ui.font", T::String, "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "TTF font for body text"},
         &Config::font, path_ending({".ttf", ".otf"}, false, "a .ttf or .otf file")},
        {{"ui.font_bold", T::String, "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", "TTF font for titles"},
         &Config::font_bold, path_ending({".ttf", ".otf"}, false, "a .ttf or .otf file")},
        {{"ui.fullscreen", T::Boolean, "true", "Fullscreen on the kiosk's display (false: a window)"},
         &Config::fullscreen, any()},
        {{"ui.window_width", T::Integer, "1280", "Window width when not fullscreen, in pixels"},
         &Config::window_width, any(), 320, 7680},
        {{"ui.window_height", T::Integer, "720", "Window height when not fullscreen, in pixels"},
         &Config::window_height, any(), 240, 4320},
        {{"ui.screen_dpi", T::Integer, "0",
          "Pixels per inch of the screen, so touch targets are at least 10 mm; 0: ask the display (96 if it cannot tell)"},
         &Config::screen_dpi, any(), 0, 1200},
        {{"ui.idle_timeout_s", T::Integer, "60", "Seconds without a touch before \"are you still there?\""},
         &Config::idle_timeout_s, any(), 10, 3600},
        {{"ui.idle_countdown_s", T::Integer, "15", "Seconds of countdown before the session is wiped"},
         &Config::idle_countdown_s, any(), 5, 300},
        {{"ui.volume", T::Integer, "70", "Speech volume, 0-100 (the accessibility mode's starting volume)"},
         &Config::volume, any(), 0, 100},
        {{"ui.brightness", T::Integer, "100", "Screen brightness in percent (where the screen has a backlight)"},
         &Config::brightness, any(), 5, 100},
        {{"server.url", T::String, "", "Open311 base URL; empty: requests stay queued on the kiosk"},
         &Config::server_url, url_or_empty()},
        {{"server.allow_insecure", T::Boolean, "false",
          "Allow a plain http:// server.url (personal data and the api_key in clear text): only for a loopback test server"},
         &Config::allow_insecure, any()},
        {{"server.api_key_file", T::String, "", "File holding the Open311 api_key (mode 0600 or 0400)"},
         &Config::api_key_file, path_or_empty()},
        {{"server.ca_file", T::String, "", "CA bundle for the server's certificate; empty: the system's"},
         &Config::ca_file, path_or_empty()},
        {{"server.public_key_pin", T::String, "", "Optional pin: sha256//BASE64 of the server's public key"},
         &Config::public_key_pin, [](const std::string& v) {
             return v.empty() || is_pin_list(v) ? std::string() : std::string("sha256//<base64 of 32 bytes>, or empty");
         }},
        {{"devices.printer", T::String, "cups:ticket", "Ticket printer: cups:QUEUE or sim:DIR"},
         &Config::printer, device_spec({"cups", "sim"})},
        {{"devices.paper_width_mm", T::Decimal, "80", "Paper width: 80 or 58"},
         &Config::paper_width_mm, any(), 58, 80},
        {{"devices.printer_format", T::String, "pdf",
          "What the CUPS queue takes: pdf (driver or IPP Everywhere queue) or escpos (raw thermal queue)"},
         &Config::printer_format, one_of({"pdf", "escpos"})},
        {{"devices.printer_uri", T::String, "",
          "Ticket printer's CUPS device URI, e.g. socket://192.168.1.50:9100; empty: the first USB printer CUPS finds"},
         &Config::printer_uri, device_uri_or_empty()},
        {{"devices.printer_ppd", T::String, "",
          "PPD file for a CUPS driver queue; empty: a raw queue for escpos, IPP Everywhere for pdf on ipp(s)://"},
         &Config::printer_ppd, path_ending({".ppd", ".ppd.gz"}, true, "the path of a .ppd or .ppd.gz file, or empty")},
        {{"devices.scanner", T::String, "sim", "QR scanner: sim, evdev:PATH, serial:PATH or camera:PATH"},
         &Config::scanner, device_spec({"sim", "evdev", "serial", "camera"})},
        {{"devices.speech", T::String, "espeak", "Speech output for the accessibility mode: espeak, sim or none"},
         &Config::speech, one_of({"espeak", "sim", "none"})},
        {{"devices.clock_sync", T::String, "system",
          "How the kiosk knows its clock was synchronised since boot: system (systemd-timesyncd, else the kernel's "
          "NTP status), sim:synced or sim:unsynced"},
         &Config::clock_sync, one_of({"system", "sim:synced", "sim:unsynced"})},
        {{"devices.rauc", T::String, "rauc",
          "Updater: rauc (the rauc program, the device's RAUC service) or sim (simulated: bundles are JSON descriptions)"},
         &Config::rauc, one_of({"rauc", "sim"})},
        {{"devices.reboot", T::String, "systemctl",
          "Restarting the kiosk from technician mode: systemctl (systemctl reboot) or sim (only logged, for the simulator)"},
         &Config::reboot, one_of({"systemctl", "sim"})},
        {{"devices.backlight", T::String, "auto",
          "Screen backlight: auto (the first /sys/class/backlight device, if any), sim, or a /sys/class/backlight/NAME path"},
         &Config::backlight, [](const std::string& v) {
             const bool ok = v == "auto" || v == "sim" ||
                             (starts_with(v, "/sys/") && v.size() < 256 && all_chars(v, [](char c) { return !is_control(c) && !is_space(c); }));
             return ok ? std::string() : std::string("auto, sim or a /sys/class/backlight/NAME path");
         }},
        {{"numbering.service_letters", T::String, services::default_letters().c_str(),
          "Ticket number letter per service code"},
         &Config::service_letters, service_letters()},
        {{"ticket.tracking_base", T::String, "https://lapor.kotimkab.go.id/tiket",
          "Base of the tracking URL in the ticket's QR code"},
         &Config::tracking_base, [](const std::string& v) {
             const std::string_view rest = starts_with(v, "https://") ? std::string_view(v).substr(8)
                                           : starts_with(v, "http://") ? std::string_view(v).substr(7) : "";
             const bool link = !rest.empty() && v.size() <= kLongestUrl && all_chars(rest, [](char c) { return !is_space(c); });
             return link ? std::string() : std::string("an http:// or https:// URL");
         }},
        {{"ticket.logo", T::String, "", "Optional office logo (PNG) printed above the ticket header"},
         &Config::logo, path_ending({".png"}, true, "a .png file, or empty")},
        {{"ticket.catalogue", T::String, "", "Service catalogue JSON; empty: the one in the assets"},
         &Config::catalogue, path_or_empty()},
        {{"technician.card_public_key", T::String, "",
          "Base64 Ed25519 public key that technician cards are verified with; empty: no card is accepted"},
         &Config::card_public_key, [](const std::string& v) {
             return v.empty() || scan::TechnicianKey::from_base64(v) ? std::string()
                                                                    : std::string("the base64 of a 32-byte Ed25519 key");
         }},
        {{"technician.revoked_cards", T::String, "",
          "Technician ids (comma-separated) whose cards are refused although validly signed, e.g. lost cards"},
         &Config::revoked_cards, [](const std::string& v) {
             std::stringstream in(v);
             std::string id;
             while (std::getline(in, id, ','))
                 if (id.empty() || id.size() > 64 || !all_chars(id, [](char c) {
                         return is_letter(c) || is_digit(c) || c == '-' || c == '_' || c == '.';
                     }))
                     return std::string("technician ids (letters, digits, - _ .) separated by commas, or empty");
             return v.empty() || v.back() != ',' ? std::string() : std::string("no comma at the end");
         }},
        {{"technician.pin_file", T::String, "",
          "File with the technician PIN's Argon2id hash (kioskctl technician set-pin; mode 0600); empty: DATA_DIR/technician.pin"},
         &Config::pin_file, path_or_empty()},
        {{"technician.corner_hold_ms", T::Integer, "3000",
          "How long the hidden corner is held before the technician PIN pad opens, in milliseconds"},
         &Config::corner_hold_ms, any(), 1000, 10000},
        {{"technician.idle_timeout_s", T::Integer, "120", "Technician mode leaves by itself after this long without a touch"},
         &Config::technician_idle_s, any(), 30, 3600},
        {{"technician.update_dir", T::String, "/run/usb",
          "Where a USB stick with update bundles (.raucb) is mounted (read-only)"},
         &Config::update_dir, chars(1, kLongestValue, [](char c) { return !is_control(c); }, "a directory path")},
        {{"retention.personal_data_days", T::Integer, "7",
          "Days after delivery before personal fields are erased from the kiosk"},
         &Config::personal_data_days, any(), 1, 365},
    };
    return table;
}

std::string trim(const std::string& s) {
    const auto first = s.find_first_not_of(" \t\r");
    if (first == std::string::npos) return "";
    return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

std::string unquote(const std::string& v) {
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') return v.substr(1, v.size() - 2);
    return v;
}

std::string assign(Config& config, const Entry& e, const std::string& value) {
    switch (e.key.type) {
        case ConfigType::String:
            config.*std::get<std::string Config::*>(e.member) = value;
            return "";
        case ConfigType::Boolean:
            if (value == "true" || value == "yes" || value == "1") config.*std::get<bool Config::*>(e.member) = true;
            else if (value == "false" || value == "no" || value == "0") config.*std::get<bool Config::*>(e.member) = false;
            else return "true or false";
            return "";
        case ConfigType::Integer: {
            char* end = nullptr;
            errno = 0;
            const long n = std::strtol(value.c_str(), &end, 10);
            if (value.empty() || *end != '\0' || errno != 0 || n < e.min || n > e.max)
                return "a whole number from " + std::to_string(e.min) + " to " + std::to_string(e.max);
            config.*std::get<int Config::*>(e.member) = static_cast<int>(n);
            return "";
        }
        case ConfigType::Decimal: {
            char* end = nullptr;
            const double d = std::strtod(value.c_str(), &end);
            if (value.empty() || *end != '\0' || !(d >= e.min && d <= e.max))
                return "a number from " + std::to_string(e.min) + " to " + std::to_string(e.max);
            config.*std::get<double Config::*>(e.member) = d;
            return "";
        }
    }
    return "a valid value";
}

}  // namespace

const std::vector<ConfigKey>& config_keys() {
    static const std::vector<ConfigKey> keys = [] {
        std::vector<ConfigKey> out;
        for (const auto& e : entries()) out.push_back(e.key);
        return out;
    }();
    return keys;
}

namespace {

// A value as an error message quotes it: long ones are cut, so a 50 KB mistake gives a readable line.
std::string quoted(const std::string& value) {
    constexpr std::size_t kShown = 80;
    return "'" + (value.size() <= kShown ? value : value.substr(0, kShown) + "...") + "'";
}

}  // namespace

Status set_config_value(Config& config, const std::string& key, const std::string& value) {
    const auto& table = entries();
    const auto it = std::find_if(table.begin(), table.end(), [&](const Entry& e) { return key == e.key.name; });
    if (it == table.end()) return fail(ErrorCode::InvalidConfig, "unknown key " + quoted(key));
    std::string expected = value.size() > kLongestValue ? "at most " + std::to_string(kLongestValue) + " characters"
                                                        : it->check(value);
    if (expected.empty()) expected = assign(config, *it, value);
    if (!expected.empty()) return fail(ErrorCode::InvalidConfig, "key '" + key + "': expected " + expected + ", got " + quoted(value));
    return Ok{};
}

Config default_config() {
    Config config;
    for (const auto& e : entries()) {
        const Status s = set_config_value(config, e.key.name, e.key.default_value);
        if (!s) throw std::logic_error("bad default: " + s.error().message);
    }
    return config;
}

Status parse_config(Config& config, const std::string& text, const std::string& origin) {
    std::istringstream in(text);
    std::string line, section;
    std::map<std::string, int> first_line;  // key → the line that set it
    for (int number = 1; std::getline(in, line); ++number) {
        const std::string where = origin + ":" + std::to_string(number) + ": ";
        line = trim(line);
        if (line.empty() || line[0] == '#' || line[0] == ';') continue;
        if (line.front() == '[') {
            if (line.back() != ']' || line.size() < 3) return fail(ErrorCode::InvalidConfig, where + "malformed section header '" + line + "'");
            section = trim(line.substr(1, line.size() - 2));
            continue;
        }
        const auto eq = line.find('=');
        if (eq == std::string::npos) return fail(ErrorCode::InvalidConfig, where + "expected 'key = value', got '" + line + "'");
        if (section.empty()) return fail(ErrorCode::InvalidConfig, where + "key outside a [section]");
        const std::string key = section + "." + trim(line.substr(0, eq));
        const Status s = set_config_value(config, key, unquote(trim(line.substr(eq + 1))));
        if (!s) return fail(ErrorCode::InvalidConfig, where + s.error().message);
        if (const auto [earlier, first] = first_line.emplace(key, number); !first)
            return fail(ErrorCode::InvalidConfig, where + "key '" + key + "' is given twice (first on line " + std::to_string(earlier->second) + ")");
    }
    return Ok{};
}

Status load_config_file(Config& config, const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) return fail(ErrorCode::InvalidConfig, path + ": cannot open the configuration file");
    std::stringstream text;
    text << file.rdbuf();
    if (text.str().find('\0') != std::string::npos) return fail(ErrorCode::InvalidConfig, path + ": not a text file");
    return parse_config(config, text.str(), path);
}

namespace {

// The zone exists in the tz database the C library reads (TZDIR, else /usr/share/zoneinfo): an unknown name
// would silently run the kiosk in UTC.
bool time_zone_exists(const std::string& zone) {
    const char* dir = std::getenv("TZDIR");
    std::ifstream file(std::string(dir && *dir ? dir : "/usr/share/zoneinfo") + "/" + zone, std::ios::binary);
    char magic[4] = {};
    return file.read(magic, sizeof magic) && std::string_view(magic, sizeof magic) == "TZif";
}

}  // namespace

Status validate_config(const Config& config) {
    if (!time_zone_exists(config.timezone))
        return fail(ErrorCode::InvalidConfig, "key 'kiosk.timezone': no time zone " + quoted(config.timezone) +
                    " in the tz database (e.g. Asia/Jakarta, Asia/Makassar, Asia/Jayapura)");
    if (config.plain_http() && !config.allow_insecure)
        return fail(ErrorCode::InvalidConfig, "key 'server.url': plain http:// would send personal data and the api_key in clear text; use "
                    "https://, or set server.allow_insecure = true for a loopback test server");
    for (const auto& service : services::all()) {
        const std::string code(service.code);
        if (config.letter_for(code).empty())
            return fail(ErrorCode::InvalidConfig, std::string("key 'numbering.service_letters': no letter for service ") + code);
    }
    return Ok{};
}

std::string Config::letter_for(const std::string& service_code) const {
    std::stringstream in(service_letters);
    std::string part;
    while (std::getline(in, part, ',')) {
        const auto colon = part.find(':');
        if (colon != std::string::npos && part.substr(0, colon) == service_code) return part.substr(colon + 1);
    }
    return "";
}

std::string sample_config_text() {
    std::ostringstream out;
    out << "# Anjungan kiosk configuration. Every key is optional; shown here at its default.\n"
           "# Format: [section] headers, then `key = value` lines; `#` starts a comment line.\n"
           "# Values may be wrapped in double quotes. Unknown keys are an error.\n";
    std::string section;
    for (const auto& k : config_keys()) {
        const std::string name = k.name;
        const std::string s = name.substr(0, name.find('.'));
        if (s != section) {
            out << "\n[" << s << "]\n";
            section = s;
        }
        const std::string value = *k.default_value ? k.default_value : "\"\"";
        out << "# " << k.description << "\n" << name.substr(name.find('.') + 1) << " = " << value << "\n";
    }
    return out.str();
}

}  // namespace anjungan
