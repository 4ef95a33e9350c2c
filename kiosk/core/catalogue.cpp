// Strict loading of the service catalogue.
#include "kiosk/core/catalogue.h"

#include "kiosk/core/validation.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

namespace anjungan {
namespace {

using nlohmann::json;

constexpr std::size_t kLongestCode = 40;
constexpr std::size_t kLongestName = 200;
constexpr std::size_t kLongestText = 2000;
constexpr int kLargestOrder = 1'000'000;
constexpr std::uint64_t kInt64Max = 0x7fff'ffff'ffff'ffff;

const std::vector<std::pair<std::string, Datatype>>& datatypes() {
    static const std::vector<std::pair<std::string, Datatype>> table = {
        {"string", Datatype::String},       {"number", Datatype::Number},
        {"datetime", Datatype::Datetime},   {"text", Datatype::Text},
        {"singlevaluelist", Datatype::SingleValueList}, {"multivaluelist", Datatype::MultiValueList}};
    return table;
}

bool is_code(const std::string& code, bool upper, std::size_t longest) {
    if (code.empty() || code.size() > longest) return false;
    const auto letter = [upper](char c) { return upper ? (c >= 'A' && c <= 'Z') : (c >= 'a' && c <= 'z'); };
    if (!letter(code[0])) return false;
    return std::all_of(code.begin(), code.end(), [&](char c) { return letter(c) || (c >= '0' && c <= '9') || c == '_'; });
}

// Reads the fields of one JSON object with their types checked; the first problem is kept in `error`, naming
// the field, and later reads leave it alone.
class Fields {
public:
    explicit Fields(const json& object) : j_(object) {}

    std::string text(const char* key, bool required, std::size_t longest = kLongestText) {
        if (!j_.contains(key)) {
            if (required) refuse(std::string("missing '") + key + "'", 0);
            return "";
        }
        const json& v = j_[key];
        if (!v.is_string()) return refuse(std::string("'") + key + "' must be a string", std::string());
        if (v.get_ref<const std::string&>().size() > longest)
            return refuse(std::string("'") + key + "' is longer than " + std::to_string(longest) + " bytes",
                          std::string());
        return v.get<std::string>();
    }
    bool boolean(const char* key, bool fallback) {
        if (!j_.contains(key)) return fallback;
        if (!j_[key].is_boolean()) return refuse(std::string("'") + key + "' must be true or false", fallback);
        return j_[key].get<bool>();
    }
    // Integers only (not 1.5, not "1"), within [least, most]; 2^32 and beyond are refused, never truncated.
    int integer(const char* key, int fallback, int least, int most) {
        if (!j_.contains(key)) return fallback;
        const json& v = j_[key];
        // Above int64's range only unsigned can hold a value, and no bound is that large.
        const bool fits = v.is_number_integer() && (!v.is_number_unsigned() || v.get<std::uint64_t>() <= kInt64Max);
        const bool in_range = fits && v.get<std::int64_t>() >= least && v.get<std::int64_t>() <= most;
        if (!in_range)
            return refuse(std::string("'") + key + "' must be a whole number from " + std::to_string(least) + " to " +
                              std::to_string(most),
                          fallback);
        return static_cast<int>(v.get<std::int64_t>());
    }
    const std::string& error() const { return error_; }

private:
    // Keeps the first problem and gives back what the caller returns instead of the field's value.
    template <class T>
    T refuse(const std::string& problem, T instead) {
        if (error_.empty()) error_ = problem;
        return instead;
    }
    const json& j_;
    std::string error_;
};

Result<AttributeValue> parse_value(const json& v) {
    if (!v.is_object()) return fail("each value needs string 'key' and 'name'");
    Fields f(v);
    AttributeValue value{f.text("key", true, kLongestName), f.text("name", true, kLongestName), {}};
    if (!f.error().empty()) return fail("a value: " + f.error());
    return value;
}

Status parse_values(const json& j, Attribute& a) {
    if (!j.contains("values")) return Ok{};
    if (!j["values"].is_array()) return fail("'values' must be an array");
    if (j["values"].size() > kMostValues) return fail("more than " + std::to_string(kMostValues) + " values");
    for (const auto& v : j["values"]) {
        auto value = parse_value(v);
        if (!value) return value.error();
        a.values.push_back(std::move(*value));
    }
    return Ok{};
}

bool is_language_code(const std::string& s) {
    return s.size() == 2 && std::islower(static_cast<unsigned char>(s[0])) &&
           std::islower(static_cast<unsigned char>(s[1]));
}

// An object of language → text, e.g. {"id": "...", "en": "..."}.
Result<LanguageTexts> parse_language_texts(const json& k, const char* key) {
    LanguageTexts out;
    if (!k.contains(key)) return out;
    const json& j = k[key];
    if (!j.is_object()) return fail(std::string("'") + key + "' must be an object of language: text");
    for (const auto& [language, text] : j.items()) {
        if (!is_language_code(language) || !text.is_string() || text.get_ref<const std::string&>().empty() ||
            text.get_ref<const std::string&>().size() > kLongestText)
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
        if (!is_language_code(language) || !names.is_object())
            return fail("'value_names' must be an object of language: {key: name}");
        for (const auto& [key, name] : names.items()) {
            const auto v = std::find_if(a.values.begin(), a.values.end(), [&](const auto& x) { return x.key == key; });
            if (v == a.values.end()) return fail("'value_names' names an unknown value '" + key + "'");
            if (!name.is_string() || name.get_ref<const std::string&>().empty() ||
                name.get_ref<const std::string&>().size() > kLongestName)
                return fail("'value_names' needs a text for '" + key + "'");
            v->names[language] = name.get<std::string>();
        }
    }
    return Ok{};
}

Status parse_hints(const json& j, Attribute& a) {
    if (!j.contains("kiosk")) return Ok{};
    const json& k = j["kiosk"];
    if (!k.is_object()) return fail("'kiosk' must be an object");
    Fields f(k);
    a.validator = f.text("validator", false, kLongestCode);
    a.keyboard = f.text("keyboard", false, kLongestCode);
    a.personal = f.text("privacy", false, kLongestCode) == "personal";
    a.max_length = f.integer("max_length", 200, 1, 10000);
    a.shown_when = f.text("shown_when", false, kLongestName);
    a.required_when = f.text("required_when", false, kLongestName);
    a.one_of = f.text("one_of", false, kLongestCode);
    if (!f.error().empty()) return fail(f.error());
    auto names = parse_language_texts(k, "names");
    if (!names) return names.error();
    auto hint = parse_language_texts(k, "hint");
    if (!hint) return hint.error();
    a.names = std::move(*names);
    a.hint = std::move(*hint);
    if (auto s = parse_value_names(k, a); !s) return s;
    if (!a.validator.empty() && !is_known_validator(a.validator)) return fail("unknown validator '" + a.validator + "'");
    return Ok{};
}

Result<Attribute> parse_attribute(const json& j, std::size_t index) {
    if (!j.is_object()) return fail("attribute #" + std::to_string(index + 1) + " is not an object");
    Attribute a;
    Fields f(j);
    a.code = f.text("code", true, kLongestCode);
    const std::string where = a.code.empty() ? "attribute #" + std::to_string(index + 1) + ": " : "attribute '" + a.code + "': ";
    if (!f.error().empty()) return fail(where + f.error());
    if (!is_code(a.code, false, kLongestCode)) return fail(where + "code must be lower_snake_case");
    const std::string type = f.text("datatype", true, kLongestCode);
    a.required = f.boolean("required", false);
    a.order = f.integer("order", 0, -kLargestOrder, kLargestOrder);
    a.description = f.text("description", false);
    if (!f.error().empty()) return fail(where + f.error());
    const auto& table = datatypes();
    const auto it = std::find_if(table.begin(), table.end(), [&](const auto& p) { return p.first == type; });
    if (it == table.end()) return fail(where + "unknown datatype '" + type + "'");
    a.datatype = it->second;
    if (auto s = parse_values(j, a); !s) return fail(where + s.error().message);
    const bool is_list = a.datatype == Datatype::SingleValueList || a.datatype == Datatype::MultiValueList;
    if (is_list && a.values.empty()) return fail(where + "a list needs values");
    if (auto s = parse_hints(j, a); !s) return fail(where + s.error().message);
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

Result<Service> parse_service(const json& j, std::size_t index) {
    const std::string number = "service #" + std::to_string(index + 1);
    if (!j.is_object()) return fail(number + " is not an object");
    Service s;
    Fields f(j);
    s.code = f.text("service_code", true, kLongestCode);
    s.name = f.text("service_name", true, kLongestName);
    s.description = f.text("description", false);
    s.group = f.text("group", false, kLongestName);
    const std::string where = s.code.empty() ? number : "service '" + s.code + "'";
    if (!f.error().empty()) return fail(where + ": " + f.error());
    if (!is_code(s.code, true, 32)) return fail(where + ": service_code must be UPPER_SNAKE_CASE");
    if (j.contains("attributes")) {
        const json& attributes = j["attributes"];
        if (!attributes.is_array()) return fail(where + ": 'attributes' must be an array");
        if (attributes.size() > kMostAttributes)
            return fail(where + ": more than " + std::to_string(kMostAttributes) + " attributes");
        std::set<std::string> codes;
        for (std::size_t i = 0; i < attributes.size(); ++i) {
            auto a = parse_attribute(attributes[i], i);
            if (!a) return fail(where + ": " + a.error().message);
            if (!codes.insert(a->code).second) return fail(where + ": duplicate attribute " + a->code);
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

bool json_depth_within(std::string_view text, int deepest) {
    int depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > deepest) return false;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return true;
}

Result<Catalogue> parse_catalogue(const std::string& json_text) {
    if (json_text.size() > kLargestCatalogueBytes)
        return fail("the catalogue is larger than " + std::to_string(kLargestCatalogueBytes) + " bytes");
    if (!json_depth_within(json_text, kDeepestJson)) return fail("the catalogue is nested deeper than any catalogue");
    const json j = json::parse(json_text, nullptr, false);
    if (j.is_discarded()) return fail("the catalogue is not valid JSON");
    if (!j.is_array() || j.empty()) return fail("the catalogue must be a non-empty array of services");
    if (j.size() > kMostServices) return fail("the catalogue has more than " + std::to_string(kMostServices) + " services");
    Catalogue catalogue;
    std::set<std::string> codes;
    for (std::size_t i = 0; i < j.size(); ++i) {
        auto s = parse_service(j[i], i);
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
