// Strict loading of the service catalogue.
#include "kiosk/core/catalogue.h"

#include "kiosk/core/validation.h"

#include <algorithm>
#include <fstream>
#include <map>
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

// An object of language → text, e.g. {"id": "...", "en": "..."}.
Result<LanguageTexts> parse_language_texts(const json& k, const char* key) {
    LanguageTexts out;
    if (!k.contains(key)) return out;
    const json& j = k[key];
    if (!j.is_object()) return fail(std::string("'") + key + "' must be an object of language: text");
    for (const auto& [language, text] : j.items()) {
        if (!std::regex_match(language, std::regex("[a-z]{2}")) || !text.is_string() || text.get<std::string>().empty())
            return fail(std::string("'") + key + "' needs a two-letter language and a text for each entry");
        out[language] = text.get<std::string>();
    }
    return out;
}

// kiosk.value_names: {"en": {"<value key>": "name", ...}, ...}.
Status parse_value_names(const json& k, Attribute& a) {
    if (!k.contains("value_names")) return Ok{};
    const json& j = k["value_names"];
    if (!j.is_object()) return fail("'value_names' must be an object of language: {key: name}");
    for (const auto& [language, names] : j.items()) {
        if (!std::regex_match(language, std::regex("[a-z]{2}")) || !names.is_object())
            return fail("'value_names' must be an object of language: {key: name}");
        for (const auto& [key, name] : names.items()) {
            const auto v = std::find_if(a.values.begin(), a.values.end(), [&](const auto& x) { return x.key == key; });
            if (v == a.values.end()) return fail("'value_names' names an unknown value '" + key + "'");
            if (!name.is_string() || name.get<std::string>().empty())
                return fail("'value_names' needs a text for '" + key + "'");
            v->names[language] = name.get<std::string>();
        }
    }
    return Ok{};
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
            a.values.push_back({v["key"].get<std::string>(), v["name"].get<std::string>(), {}});
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
        a.required_when = get_string(k, "required_when", false, error);
        a.one_of = get_string(k, "one_of", false, error);
        if (!error.empty()) return fail(where + error);
        auto names = parse_language_texts(k, "names");
        auto hint = parse_language_texts(k, "hint");
        if (!names) return fail(where + names.error().message);
        if (!hint) return fail(where + hint.error().message);
        a.names = std::move(*names);
        a.hint = std::move(*hint);
        if (auto s = parse_value_names(k, a); !s) return fail(where + s.error().message);
        if (a.max_length < 1 || a.max_length > 10000) return fail(where + "max_length must be 1-10000");
        if (!a.validator.empty() && !is_known_validator(a.validator))
            return fail(where + "unknown validator '" + a.validator + "'");
    }
    return a;
}

// A required_when condition names an answer of the same service, and a one_of group has at least two fields.
// (shown_when stays as lenient as it always was: naming no answer, it just never shows its field.)
Status check_rules(const Service& s) {
    std::map<std::string, int> groups;
    for (const auto& a : s.attributes) {
        if (!a.required_when.empty()) {
            const auto [code, key] = split_condition(a.required_when);
            const auto other = std::find_if(s.attributes.begin(), s.attributes.end(),
                                            [&](const Attribute& x) { return x.code == code; });
            const bool known_key = other != s.attributes.end() &&
                                   (other->values.empty() ||
                                    std::any_of(other->values.begin(), other->values.end(),
                                                [&](const AttributeValue& v) { return v.key == key; }));
            if (code.empty() || key.empty() || code == a.code || !known_key)
                return fail("attribute '" + a.code + "': the condition '" + a.required_when +
                            "' names no answer of this service");
        }
        if (!a.one_of.empty()) ++groups[a.one_of];
    }
    for (const auto& [group, members] : groups)
        if (members < 2) return fail("the one_of group '" + group + "' needs at least two fields");
    return Ok{};
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
    if (auto rules = check_rules(s); !rules) return fail("service '" + s.code + "': " + rules.error().message);
    std::stable_sort(s.attributes.begin(), s.attributes.end(),
                     [](const Attribute& a, const Attribute& b) { return a.order < b.order; });
    return s;
}

}  // namespace

std::pair<std::string, std::string> split_condition(const std::string& condition) {
    const auto eq = condition.find('=');
    if (eq == std::string::npos) return {"", ""};
    return {condition.substr(0, eq), condition.substr(eq + 1)};
}

const std::string& Attribute::label(const std::string& language) const {
    const auto it = names.find(language);
    return it == names.end() ? description : it->second;
}

std::string Attribute::value_label(const std::string& key, const std::string& language) const {
    for (const auto& v : values) {
        if (v.key != key) continue;
        const auto it = v.names.find(language);
        return it == v.names.end() ? v.name : it->second;
    }
    return key;
}

std::string Attribute::hint_text(const std::string& language) const {
    const auto it = hint.find(language);
    if (it != hint.end()) return it->second;
    return hint.empty() ? "" : hint.begin()->second;  // a hint in another language beats none
}

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
