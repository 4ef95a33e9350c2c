// Form texts: translations first, then the catalogue's names per language, then its own text.
#include "kiosk/core/form_text.h"

namespace anjungan {
namespace {

const Attribute* find_attribute(const Service& service, const std::string& code) {
    for (const auto& a : service.attributes)
        if (a.code == code) return &a;
    return nullptr;
}

}  // namespace

std::string field_label(const Translations& tr, const std::string& language, const Attribute& a) {
    const std::string key = "field." + a.code;
    return tr.has(language, key) ? tr.get(language, key) : a.label(language);
}

std::string value_label(const Translations& tr, const std::string& language, const Attribute& a,
                        const std::string& key) {
    const std::string tr_key = "value." + a.code + "." + key;
    return tr.has(language, tr_key) ? tr.get(language, tr_key) : a.value_label(key, language);
}

std::string error_text(const Translations& tr, const std::string& language, const Service& service,
                       const FieldError& error) {
    std::string fields;
    for (size_t i = 0; i < error.fields.size(); ++i) {
        const Attribute* a = find_attribute(service, error.fields[i]);
        if (i) fields += i + 1 == error.fields.size() ? tr.get(language, "form.or") : ", ";
        fields += "“" + (a ? field_label(tr, language, *a) : error.fields[i]) + "”";
    }
    const auto [code, key] = split_condition(error.because);
    const Attribute* cause = find_attribute(service, code);
    return Translations::format(tr.get(language, error.message_key),
                                {{"fields", fields},
                                 {"field", cause ? field_label(tr, language, *cause) : code},
                                 {"choice", cause ? value_label(tr, language, *cause, key) : key}});
}

}  // namespace anjungan
