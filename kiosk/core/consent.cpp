// Consent text assembly and its SHA-256, so the office can prove which text a visitor agreed to.
#include "kiosk/core/consent.h"

#include <fstream>
#include <iterator>

#include <sodium.h>

namespace anjungan {

std::string fill_consent_paragraph(const std::string& text, const Config& config) {
    return Translations::format(text, {{"days", std::to_string(config.personal_data_days)},
                                       {"office", config.office_name}});
}

namespace {

// Title, paragraphs and tick, one a line; the paragraphs filled in from `config` when one is given.
std::string assemble(const Translations& tr, const std::string& language, const Config* config) {
    std::string text = tr.get(language, "consent.title") + "\n";
    for (const char* key : kConsentParagraphKeys)
        text += (config ? fill_consent_paragraph(tr.get(language, key), *config) : tr.get(language, key)) + "\n";
    return text + tr.get(language, "consent.tick") + "\n";
}

}  // namespace

std::string consent_template(const Translations& tr, const std::string& language) {
    return assemble(tr, language, nullptr);
}

std::string consent_text(const Translations& tr, const std::string& language, const Config& config) {
    return assemble(tr, language, &config);
}

std::string sha256_hex(std::string_view bytes) {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (const unsigned char b : digest) {
        out += hex[b >> 4];
        out += hex[b & 15];
    }
    return out;
}

Result<std::string> load_consent_version(const std::string& asset_dir) {
    const std::string path = asset_dir + "/consent/current";
    std::ifstream in(path);
    std::string version;
    if (!(in >> version)) return fail("cannot read the consent version from " + path);
    return version;
}

std::string consent_archive_path(const std::string& asset_dir, const std::string& version, const std::string& language) {
    return asset_dir + "/consent/" + version + "." + language + ".txt";
}

std::string consent_version_value(const std::string& version, const std::string& language, const std::string& text) {
    return version + "/" + language + " sha256:" + sha256_hex(text);
}

Result<std::map<std::string, std::string>> load_consent_versions(const std::string& asset_dir, const Translations& tr,
                                                                 const Config& config) {
    const auto version = load_consent_version(asset_dir);
    if (!version) return version.error();
    std::map<std::string, std::string> values;
    for (const std::string language : {"id", "en"}) {
        const std::string path = consent_archive_path(asset_dir, *version, language);
        std::ifstream in(path);
        const std::string archived((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (!in || archived != consent_template(tr, language))
            return fail("the consent text in " + language + " is not the one archived as " + path +
                        ": a changed text needs a new version in assets/consent/");
        values[language] = consent_version_value(*version, language, consent_text(tr, language, config));
    }
    return values;
}

}  // namespace anjungan
