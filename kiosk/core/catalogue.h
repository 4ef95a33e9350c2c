// The service catalogue: Open311 service definitions plus kiosk hints, loaded strictly.
#pragma once

#include <map>
#include <cstddef>
#include <optional>
#include <string_view>
#include <string>
#include <utility>
#include <vector>

#include "kiosk/core/result.h"

namespace anjungan {

enum class Datatype { String, Number, Datetime, Text, SingleValueList, MultiValueList };

// Texts per language ("en" → "Complaint"), from the kiosk hints; the Open311 text is the default language's.
using LanguageTexts = std::map<std::string, std::string>;

struct AttributeValue {
    std::string key;
    std::string name;
    LanguageTexts names;  // kiosk.value_names.<language>.<key>
};

struct Attribute {
    std::string code;
    Datatype datatype = Datatype::String;
    bool required = false;
    int order = 0;
    std::string description;
    std::vector<AttributeValue> values;
    // Kiosk hints.
    std::string validator;  // "", nik, phone, email, url, date
    std::string keyboard;   // alpha, email, url, numeric, date, reference (screens/keyboard.h)
    bool personal = false;  // privacy class personal: erased after delivery, masked on paper
    int max_length = 200;
    std::string shown_when;  // "" or "<code>=<key>": only asked when that answer was given
    // Rules beyond Open311's "required", checked by the session across pages:
    std::string required_when;  // "" or "<code>=<key>": required when that answer was given
    std::string one_of;         // "" or a group name: at least one field of the group must be filled
    LanguageTexts names;        // the label in other languages (kiosk.names)
    LanguageTexts hint;         // a one-line plain explanation shown under the label (kiosk.hint)

    // The label, value name and hint in `language`, falling back to the catalogue's own text.
    const std::string& label(const std::string& language) const;
    std::string value_label(const std::string& key, const std::string& language) const;
    std::string hint_text(const std::string& language) const;
};

// Splits a "<code>=<key>" condition; {"", ""} when there is none.
std::pair<std::string, std::string> split_condition(const std::string& condition);

struct Service {
    std::string code;
    std::string name;
    std::string description;
    std::string group;
    std::vector<Attribute> attributes;  // sorted by order
};

struct Catalogue {
    std::vector<Service> services;
    const Service* find(const std::string& code) const;
};

// What a catalogue may hold: beyond these it is refused (a kiosk screen shows a few services and fields).
inline constexpr std::size_t kMostServices = 64;
inline constexpr std::size_t kMostAttributes = 64;      // per service
inline constexpr std::size_t kMostValues = 200;         // per list attribute
inline constexpr std::size_t kLargestCatalogueBytes = 1 << 20;
inline constexpr int kDeepestJson = 16;                 // a catalogue nests 5 deep

// Parses a catalogue (a JSON array of service definitions). Every field's type and size is checked; errors
// name the service and attribute (by position when the code itself is wrong).
Result<Catalogue> parse_catalogue(const std::string& json_text);
// False when JSON text nests arrays and objects deeper than `deepest`: checked before parsing untrusted JSON.
bool json_depth_within(std::string_view text, int deepest);
Result<Catalogue> load_catalogue(const std::string& path);

const char* to_string(Datatype datatype);

}  // namespace anjungan
