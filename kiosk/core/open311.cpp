// Open311 GeoReport v2 request bodies and strict response parsing.
#include "kiosk/core/open311.h"

#include <cctype>

#include <nlohmann/json.hpp>

#include "kiosk/core/request_facts.h"
#include "kiosk/core/services.h"

namespace anjungan {
namespace {

void add(std::string& body, const std::string& key, const std::string& value) {
    if (!body.empty()) body += '&';
    body += form_encode(key) + '=' + form_encode(value);
}

// The text of an Open311 error array ([{"code":400,"description":"..."}]), or "" when it is not one.
std::string open311_errors(const std::string& body) {
    const auto json = nlohmann::json::parse(body, nullptr, false);
    if (!json.is_array()) return "";
    std::string text;
    for (const auto& e : json) {
        if (!e.is_object() || !e.contains("description") || !e["description"].is_string()) continue;
        if (!text.empty()) text += "; ";
        if (e.contains("code") && e["code"].is_number_integer()) text += std::to_string(e["code"].get<int>()) + " ";
        text += e["description"].get<std::string>();
    }
    return text.substr(0, 500);
}

std::string json_string(const nlohmann::json& object, const char* key) {
    if (!object.contains(key)) return "";
    const auto& v = object[key];
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number_integer()) return std::to_string(v.get<long long>());
    return "";
}

PostOutcome parse_success(const std::string& body) {
    PostOutcome out;
    const auto json = nlohmann::json::parse(body, nullptr, false);
    const nlohmann::json* first = nullptr;
    if (json.is_array() && !json.empty() && json[0].is_object()) first = &json[0];
    if (json.is_object()) first = &json;
    if (first) {
        out.service_request_id = json_string(*first, "service_request_id");
        out.token = json_string(*first, "token");
    }
    if (out.service_request_id.empty() && out.token.empty()) {
        out.kind = PostOutcome::Kind::Retry;  // the request may exist; the same Idempotency-Key makes retrying safe
        out.pauses_queue = false;
        out.error = "server answered without service_request_id or token";
        return out;
    }
    out.kind = PostOutcome::Kind::Delivered;
    return out;
}

// Only unreserved characters stay literal, so a token can never add a path segment or a query.
std::string escape_path_segment(const std::string& text) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (const unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

// Whether a failed answer ends the request's delivery, and if not, whether it pauses the whole queue.
void classify_failure(PostOutcome& out, long status, bool open311_error) {
    if ((status == 400 || status == 422) && open311_error) {
        out.kind = PostOutcome::Kind::Rejected;
        return;
    }
    out.kind = PostOutcome::Kind::Retry;
    const bool about_the_kiosk_or_server = status == 401 || status == 403 || status == 404 || status == 405 ||
                                           status == 407 || status == 429 || (status >= 502 && status <= 504);
    const bool about_this_request = status == 500 || status == 408 || (open311_error && !about_the_kiosk_or_server);
    out.pauses_queue = !about_this_request;
}

}  // namespace

std::pair<std::string, std::string> split_full_name(const std::string& full_name) {
    const auto first = full_name.find_first_not_of(' ');
    if (first == std::string::npos) return {"", ""};
    const std::string name = full_name.substr(first, full_name.find_last_not_of(' ') - first + 1);
    const auto last_space = name.rfind(' ');
    if (last_space == std::string::npos) return {"", name};
    const auto first_end = name.find_last_not_of(' ', last_space);
    return {name.substr(0, first_end + 1), name.substr(last_space + 1)};
}

std::string open311_description(const OutboxRow& row) {
    const auto* service = services::find(row.service_code);
    if (!service) return "";
    if (!service->main_text_field.empty()) return field_value(row, std::string(service->main_text_field));
    if (service->code == services::kAntrian)
        return "Antrean " + row.number + " untuk layanan " + field_value(row, "desk_service");
    if (service->code == services::kBantuan)
        return "Pengunjung di anjungan membutuhkan bantuan petugas (" + row.number + ")";
    return "";
}

std::string open311_post_body(const OutboxRow& row, const Open311Settings& settings) {
    std::string body;
    if (!settings.api_key.empty()) add(body, "api_key", settings.api_key);
    add(body, "service_code", row.service_code);
    add(body, "address_string", settings.address_string);
    add(body, "device_id", settings.device_id);
    add(body, "description", open311_description(row));
    if (const auto name = field_value(row, "full_name"); !name.empty()) {
        const auto [first, last] = split_full_name(name);
        add(body, "first_name", first);
        add(body, "last_name", last);
    }
    for (const char* contact : {"phone", "email"})
        if (const auto v = field_value(row, contact); !v.empty()) add(body, contact, v);
    for (const auto& [code, value] : row.fields) add(body, "attribute[" + code + "]", value);
    add(body, "attribute[kiosk_reference]", row.reference);
    return body;
}

PostOutcome classify_post_response(const Result<HttpResponse>& response) {
    PostOutcome out;
    if (!response) {
        out.error = response.error().message;
        return out;
    }
    const long status = response->status;
    out.retry_after_s = response->retry_after_s;
    if (status >= 200 && status < 300) return parse_success(response->body);
    const std::string detail = open311_errors(response->body);
    out.error = "HTTP " + std::to_string(status) + (detail.empty() ? "" : ": " + detail);
    classify_failure(out, status, !detail.empty());
    return out;
}

std::string delivery_error_hint(const std::string& error) {
    if (error.rfind("HTTP 401", 0) == 0 || error.rfind("HTTP 403", 0) == 0)
        return "the server refuses this kiosk: check server.api_key_file and the server's access rules";
    if (error.rfind("HTTP 404", 0) == 0 || error.rfind("HTTP 405", 0) == 0)
        return "no Open311 endpoint at this address: check server.url (the base path ends before /requests.json)";
    if (error.rfind("transport:", 0) == 0) return "the server cannot be reached: check the network and server.url";
    return "";
}

std::string open311_token_url(const std::string& server_url, const std::string& token) {
    return server_url + "/tokens/" + escape_path_segment(token) + ".json";
}

TokenOutcome classify_token_response(const Result<HttpResponse>& response) {
    TokenOutcome out;
    if (!response) {
        out.error = response.error().message;
        return out;
    }
    const long status = response->status;
    if (status < 200 || status >= 300) {
        const std::string detail = open311_errors(response->body);
        out.error = "token lookup: HTTP " + std::to_string(status) + (detail.empty() ? "" : ": " + detail);
        return out;
    }
    const PostOutcome parsed = parse_success(response->body);
    out.service_request_id = parsed.service_request_id;
    if (out.service_request_id.empty()) out.error = "token lookup: the server has not assigned an id yet";
    return out;
}

}  // namespace anjungan
