// libFuzzer target: technician card verification accepts exactly the genuinely signed, unexpired cards.
#include <sodium.h>

#include <cctype>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "kiosk/core/scan_payload.h"

using namespace anjungan;
using namespace anjungan::scan;

namespace {

constexpr std::int64_t kNow = 1'800'000'000;

void require(bool condition, const char* invariant) {
    if (condition) return;
    std::fprintf(stderr, "invariant broken: %s\n", invariant);
    std::abort();
}

// The technician authority of the fuzz run: a fixed keypair, so that it can sign what the fuzzer builds.
struct Authority {
    unsigned char public_key[crypto_sign_PUBLICKEYBYTES];
    unsigned char secret_key[crypto_sign_SECRETKEYBYTES];
    TechnicianKey key;

    Authority() : key(make()) {}

    TechnicianKey make() {
        unsigned char seed[crypto_sign_SEEDBYTES] = {42};
        require(sodium_init() >= 0, "libsodium initialises");
        crypto_sign_seed_keypair(public_key, secret_key, seed);
        char base64[sodium_base64_ENCODED_LEN(crypto_sign_PUBLICKEYBYTES, sodium_base64_VARIANT_ORIGINAL)];
        sodium_bin2base64(base64, sizeof base64, public_key, sizeof public_key, sodium_base64_VARIANT_ORIGINAL);
        return *TechnicianKey::from_base64(base64);
    }

    std::string sign(const std::string& text) const {
        unsigned char signature[crypto_sign_BYTES];
        crypto_sign_detached(signature, nullptr, reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                             secret_key);
        char base64[sodium_base64_ENCODED_LEN(crypto_sign_BYTES, sodium_base64_VARIANT_ORIGINAL)];
        sodium_bin2base64(base64, sizeof base64, signature, sizeof signature, sodium_base64_VARIANT_ORIGINAL);
        return base64;
    }
};

const Authority& authority() {
    static const Authority instance;
    return instance;
}

const std::string& genuine_card() {
    static const std::string card = "ANJ-TECH1:fuzz-tech:1900000000:" + authority().sign("fuzz-tech:1900000000");
    return card;
}

bool plain_id(const std::string& id) {
    if (id.empty() || id.size() > 64) return false;
    for (char c : id)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-')) return false;
    return true;
}

std::variant<TechnicianCard, Refused> verify(const std::string& card) {
    return verify_technician_card(card, &authority().key, from_unix_seconds(kNow));
}

// Mode 0: arbitrary bytes. Nothing the fuzzer invents can carry a valid signature.
void arbitrary(const std::string& bytes) {
    require(!std::holds_alternative<TechnicianCard>(verify(bytes)) || bytes == genuine_card(),
            "an arbitrary payload is never accepted");
}

// Mode 1: the genuine card with bytes edited ("pos, value" pairs). Only the unchanged card verifies.
void edited(const std::string& edits) {
    std::string card = genuine_card();
    for (std::size_t i = 0; i + 1 < edits.size(); i += 2)
        card[static_cast<unsigned char>(edits[i]) % card.size()] = edits[i + 1];
    require(!std::holds_alternative<TechnicianCard>(verify(card)) || card == genuine_card(),
            "an edited card is never accepted");
}

// Mode 2: id and expiry chosen by the fuzzer and genuinely signed: accepted exactly when well formed and unexpired.
void signed_fields(const std::string& fields) {
    const auto split = fields.find(':');
    if (split == std::string::npos) return;
    const std::string id = fields.substr(0, split), expiry = fields.substr(split + 1);
    if (expiry.find(':') != std::string::npos) return;
    const auto result = verify("ANJ-TECH1:" + id + ":" + expiry + ":" + authority().sign(id + ":" + expiry));
    bool digits_only = !expiry.empty() && expiry.size() <= 19;
    for (char c : expiry) digits_only = digits_only && c >= '0' && c <= '9';
    std::int64_t seconds = 0;
    const bool fits =
        digits_only && std::from_chars(expiry.data(), expiry.data() + expiry.size(), seconds).ec == std::errc{};
    const bool expected = plain_id(id) && fits && seconds > kNow;
    require(std::holds_alternative<TechnicianCard>(result) == expected, "a signed card is accepted iff valid");
    if (expected) require(std::get<TechnicianCard>(result).technician_id == id, "the accepted id is the signed id");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string rest(reinterpret_cast<const char*>(data) + 1, size - 1);
    switch (data[0] % 3) {
        case 0: arbitrary(rest); break;
        case 1: edited(rest); break;
        default: signed_fields(rest); break;
    }
    return 0;
}
