// Strict loading of the service catalogue.
#include "kiosk/core/catalogue.h"

#include "kiosk/core/validation.h"

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

namespace anjungan {
namespace {

using nlohmann::json;

const std::vector<std::pair<std::string, Datatype>>& datatypes() {
    static const std::vector<std::pair<std::string, Datatype>> table = {
        {"string", Datatype::String},       {"number", Datatype::Number},
        {"datetime", Datatype::Datetime},   {"text", Datatype::Text},
        {"singlevaluelist", Datatype::SingleValueList}, {"multivaluelist", Datatype::MultiValueList}};
    return table;
}

std::string get_string(const json& j, const char* key, bool required, std::string& error) {
    if (!j.contains(key)) {
        if (required) error = std::string("missing '") + key + "'";
        return "";
    }
    if (!j[key].is_string()) {
        error = std::string("'") + key + "' must be a string";
        return "";
    }
    return j[key].get<std::string>();
}

Result<Attribute> parse_attribute(const json& j) {
    if (!j.is_object()) return fail("an attribute is not an object");
    Attribute a;
    std::string error;
    a.code = get_string(j, "code", true, error);
    if (!error.empty()) return fail(error);
    const std::string where = "attribute '" + a.code + "': ";
    if (!std::regex_match(a.code, std::regex("[a-z][a-z0-9_]{0,39}"))) return fail(where + "code must be lower_snake_case");
    const std::string type = get_string(j, "datatype", true, error);
    if (!error.empty()) return fail(where + error);
    const auto& table = datatypes();
    const auto it = std::find_if(table.begin(), table.end(), [&](const auto& p) { return p.first == type; });
    if (it == table.end()) return fail(where + "unknown datatype '" + type + "'");
    a.datatype = it->second;
    a.required = j.value("required", false);
    a.order = j.value("order", 0);
    a.description = get_string(j, "description", false, error);
    if (j.contains("values")) {
        if (!j["values"].is_array()) return fail(where + "'values' must be an array");
        for (const auto& v : j["values"]) {
            if (!v.is_object() || !v.contains("key") || !v["key"].is_string() || !v.contains("name") || !v["name"].is_string())
                return fail(where + "each value needs string 'key' and 'name'");
            a.values.push_back({v["key"].get<std::string>(), v["name"].get<std::string>()});
        }
    }
    const bool is_list = a.datatype == Datatype::SingleValueList || a.datatype == Datatype::MultiValueList;
    if (is_list && a.values.empty()) return fail(where + "a list needs values");
    if (j.contains("kiosk")) {
        const json& k = j["kiosk"];
        if (!k.is_object()) return fail(where + "'kiosk' must be an object");
        a.validator = get_string(k, "validator", false, error);
        a.keyboard = get_string(k, "keyboard", false, error);
        a.personal = get_string(k, "privacy", false, error) == "personal";
        a.max_length = k.value("max_length", 200);
        a.shown_when = get_string(k, "shown_when", false, error);
        if (!error.empty()) return fail(where + error);
        if (a.max_length < 1 || a.max_length > 10000) return fail(where + "max_length must be 1-10000");
        if (!a.validator.empty() && !is_known_validator(a.validator))
            return fail(where + "unknown validator '" + a.validator + "'");
    }
    return a;
}

Result<Service> parse_service(const json& j) {
    if (!j.is_object()) return fail("a service is not an object");
    Service s;
    std::string error;
    s.code = get_string(j, "service_code", true, error);
    s.name = get_string(j, "service_name", true, error);
    s.description = get_string(j, "description", false, error);
    s.group = get_string(j, "group", false, error);
    if (!error.empty()) return fail("service '" + s.code + "': " + error);
    if (!std::regex_match(s.code, std::regex("[A-Z][A-Z0-9_]{0,31}")))
        return fail("service '" + s.code + "': service_code must be UPPER_SNAKE_CASE");
    if (j.contains("attributes")) {
        if (!j["attributes"].is_array()) return fail("service '" + s.code + "': 'attributes' must be an array");
        std::set<std::string> codes;
        for (const auto& aj : j["attributes"]) {
            auto a = parse_attribute(aj);
            if (!a) return fail("service '" + s.code + "': " + a.error().message);
            if (!codes.insert(a->code).second) return fail("service '" + s.code + "': duplicate attribute " + a->code);
            s.attributes.push_back(std::move(*a));
        }
    }
    std::stable_sort(s.attributes.begin(), s.attributes.end(),
                     [](const Attribute& a, const Attribute& b) { return a.order < b.order; });
    return s;
}

}  // namespace

const Service* Catalogue::find(const std::string& code) const {
    for (const auto& s : services)
        if (s.code == code) return &s;
    return nullptr;
}

Result<Catalogue> parse_catalogue(const std::string& json_text) {
    const json j = json::parse(json_text, nullptr, false);
    if (j.is_discarded()) return fail("the catalogue is not valid JSON");
    if (!j.is_array() || j.empty()) return fail("the catalogue must be a non-empty array of services");
    Catalogue catalogue;
    std::set<std::string> codes;
    for (const auto& sj : j) {
        auto s = parse_service(sj);
        if (!s) return s.error();
        if (!codes.insert(s->code).second) return fail("duplicate service " + s->code);
        catalogue.services.push_back(std::move(*s));
    }
    return catalogue;
}

Result<Catalogue> load_catalogue(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) return fail(path + ": cannot open the catalogue");
    std::stringstream text;
    text << file.rdbuf();
    auto c = parse_catalogue(text.str());
    if (!c) return fail(path + ": " + c.error().message);
    return c;
}

const char* to_string(Datatype datatype) {
    for (const auto& [name, type] : datatypes())
        if (type == datatype) return name.c_str();
    return "string";
}

}  // namespace anjungan
