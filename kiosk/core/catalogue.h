// The service catalogue: Open311 service definitions plus kiosk hints, loaded strictly.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kiosk/core/result.h"

namespace anjungan {

enum class Datatype { String, Number, Datetime, Text, SingleValueList, MultiValueList };

struct AttributeValue {
    std::string key;
    std::string name;
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
};

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

// Parses a catalogue (a JSON array of service definitions). Errors name the service and attribute.
Result<Catalogue> parse_catalogue(const std::string& json_text);
Result<Catalogue> load_catalogue(const std::string& path);

const char* to_string(Datatype datatype);

}  // namespace anjungan
