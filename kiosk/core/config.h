// Configuration: one table of keys (type, default, validation, documentation) and an INI-style file format.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "kiosk/core/result.h"

namespace anjungan {

struct Config {
    // [kiosk]
    std::string kiosk_id;
    std::string location;
    std::string timezone;
    std::string data_dir;
    std::string number_prefix;
    // [office]
    std::string office_name;
    std::string office_address;
    std::string ppid_contact;  // printed on PPID tickets; empty: "the PPID desk of this office"
    std::string holidays;
    std::string hours;  // e.g. "mon-thu 07:30-16:00; fri 07:30-11:30"  // YYYY-MM-DD,... public holidays and collective leave days
    std::string lapor_handling_id;  // the LAPOR! handling times the office commits to, per language
    std::string lapor_handling_en;
    // [ui]
    std::string language;
    std::string font;
    std::string font_bold;
    bool fullscreen = true;
    int window_width = 0;
    int window_height = 0;
    int screen_dpi = 0;  // 0: the display's own
    int idle_timeout_s = 0;
    int idle_countdown_s = 0;
    int volume = 0;      // speech volume 0-100
    int brightness = 0;  // screen backlight, percent
    // [server]
    std::string server_url;
    bool allow_insecure = false;  // a plain http:// server_url is accepted (loopback test servers only)
    std::string api_key_file;
    std::string ca_file;
    std::string public_key_pin;
    // [devices]
    std::string printer;
    double paper_width_mm = 0;
    std::string printer_format;  // pdf (CUPS driver or IPP Everywhere queue) or escpos (raw thermal queue)
    std::string printer_uri;     // CUPS device URI; empty: the first USB printer CUPS finds
    std::string printer_ppd;     // PPD file for a driver queue; empty: raw (escpos) or IPP Everywhere (pdf)
    std::string scanner;
    std::string speech;
    std::string clock_sync;  // devices.clock_sync: system, sim:synced or sim:unsynced
    std::string rauc;       // "rauc" or "sim"
    std::string reboot;     // "systemctl" or "sim"
    std::string backlight;  // "auto" (the first /sys/class/backlight device, else none), "sim" or a sysfs dir
    // [numbering]
    std::string service_letters;
    // [ticket]
    std::string tracking_base;
    std::string catalogue;
    std::string logo;  // optional PNG printed at the top of the ticket
    // [technician]
    std::string card_public_key;  // base64 Ed25519 public key verifying technician cards
    std::string revoked_cards;    // technician ids refused although their card is valid, comma-separated
    std::string pin_file;         // the PIN's Argon2id hash; empty: <data_dir>/technician.pin
    int corner_hold_ms = 0;       // long press on the hidden corner that asks for the PIN
    int technician_idle_s = 0;    // technician mode leaves by itself after this long without a touch
    std::string update_dir;       // where a USB stick with update bundles is mounted
    // [retention]
    int personal_data_days = 0;

    // The LAPOR! handling text for the visitor's language.
    const std::string& lapor_handling(const std::string& language) const {
        return language == "en" ? lapor_handling_en : lapor_handling_id;
    }
    // True when requests go to the server over plain HTTP (only accepted with allow_insecure).
    bool plain_http() const { return server_url.rfind("http://", 0) == 0; }
    // The letter for a service code from `service_letters`, or "" when none is configured.
    std::string letter_for(const std::string& service_code) const;
};

enum class ConfigType { String, Integer, Decimal, Boolean };

struct ConfigKey {
    const char* name;         // "section.key"
    ConfigType type;
    const char* default_value;
    const char* description;  // one line, shown in the sample file and `kiosk --help-config`
};

// Every key the kiosk understands, in file order.
const std::vector<ConfigKey>& config_keys();

// The defaults for every key.
Config default_config();

// Sets one key from text, validating it. The error names the key and says what is expected.
Status set_config_value(Config& config, const std::string& key, const std::string& value);

// Parses a configuration file's text over `config`; errors read "<origin>:<line>: ...".
Status parse_config(Config& config, const std::string& text, const std::string& origin);

// Reads and parses a file over `config`.
Status load_config_file(Config& config, const std::string& path);

// Checks relations between keys that no single key can check (e.g. the letters cover every service).
Status validate_config(const Config& config);

// A complete, commented configuration file with every key at its default.
std::string sample_config_text();

}  // namespace anjungan
