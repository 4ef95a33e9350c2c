// Translation catalogues and localised dates.
#include "kiosk/core/i18n.h"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace anjungan {

Result<Translations> Translations::load(const std::string& dir, const std::set<std::string>& languages) {
    Translations t;
    for (const auto& lang : languages) {
        const std::string path = dir + "/" + lang + ".json";
        std::ifstream file(path);
        if (!file) return fail(path + ": cannot open the translation catalogue");
        std::stringstream text;
        text << file.rdbuf();
        const auto j = nlohmann::json::parse(text.str(), nullptr, false);
        if (!j.is_object()) return fail(path + ": must be a JSON object of strings");
        for (const auto& [key, value] : j.items()) {
            if (!value.is_string()) return fail(path + ": value of '" + key + "' is not a string");
            t.text_[lang][key] = value.get<std::string>();
        }
    }
    return t;
}

const std::string& Translations::get(const std::string& language, const std::string& key) const {
    const auto lang = text_.find(language);
    if (lang != text_.end()) {
        const auto it = lang->second.find(key);
        if (it != lang->second.end()) return it->second;
    }
    auto [it, inserted] = missing_.emplace(key, "[" + key + "]");
    return it->second;
}

bool Translations::has(const std::string& language, const std::string& key) const {
    const auto lang = text_.find(language);
    return lang != text_.end() && lang->second.count(key) > 0;
}

std::set<std::string> Translations::keys(const std::string& language) const {
    std::set<std::string> out;
    const auto lang = text_.find(language);
    if (lang != text_.end())
        for (const auto& [k, v] : lang->second) out.insert(k);
    return out;
}

std::string Translations::format(std::string text, const std::map<std::string, std::string>& values) {
    for (const auto& [name, value] : values) {
        const std::string placeholder = "{" + name + "}";
        for (auto pos = text.find(placeholder); pos != std::string::npos; pos = text.find(placeholder, pos + value.size()))
            text.replace(pos, placeholder.size(), value);
    }
    return text;
}

std::string long_date(const LocalTime& t, const std::string& language) {
    static const char* days_id[] = {"Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"};
    static const char* days_en[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
    static const char* months_id[] = {"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
                                      "Agustus", "September", "Oktober", "November", "Desember"};
    static const char* months_en[] = {"January", "February", "March", "April", "May", "June", "July",
                                      "August", "September", "October", "November", "December"};
    const bool en = language == "en";
    const int wd = (t.weekday % 7 + 7) % 7;
    const int m = (t.month >= 1 && t.month <= 12) ? t.month - 1 : 0;
    return std::string(en ? days_en[wd] : days_id[wd]) + ", " + std::to_string(t.day) + " " +
           (en ? months_en[m] : months_id[m]) + " " + std::to_string(t.year);
}

}  // namespace anjungan
