// Ticket status and catalogue fetching over Open311.
#include "kiosk/core/server_queries.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <map>

#include <nlohmann/json.hpp>

namespace anjungan {
namespace {

using nlohmann::json;

Result<json> get_json(HttpClient& http, const std::string& url) {
    auto r = http.get(url);
    if (!r) return r.error();
    if (r->status < 200 || r->status >= 300) return fail("HTTP " + std::to_string(r->status) + " from " + url);
    if (!json_depth_within(r->body, kDeepestJson)) return fail("the server's answer from " + url + " nests too deep");
    json j = json::parse(r->body, nullptr, false);
    if (j.is_discarded()) return fail("the server's answer from " + url + " is not JSON");
    return j;
}

// Server ids are opaque text from the network: only plain identifiers go into a URL path.
bool safe_path_segment(const std::string& s) {
    return !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
               c == '-';
    });
}

// Open311 says metadata is a boolean; some servers send "true"/"false" as text.
bool has_metadata(const json& entry) {
    if (!entry.contains("metadata")) return false;
    const json& m = entry["metadata"];
    return (m.is_boolean() && m.get<bool>()) || (m.is_string() && m.get_ref<const std::string&>() == "true");
}

std::string string_field(const json& object, const char* key) {
    return object.is_object() && object.contains(key) && object[key].is_string() ? object[key].get<std::string>() : "";
}

const json* find_by(const json& array, const char* key, const std::string& value) {
    if (!array.is_array()) return nullptr;
    for (const auto& item : array)
        if (item.is_object() && item.contains(key) && item[key] == value) return &item;
    return nullptr;
}

bool has_value(const json& attribute, const std::string& key) {
    if (!attribute.contains("values") || !attribute["values"].is_array()) return false;
    return find_by(attribute["values"], "key", key) != nullptr;
}

// Local hints were written for the local catalogue: keep only what fits the server's definition, so that a
// server with other choices or fewer fields still gives a valid catalogue.
void fit_hints(json& service) {
    std::map<std::string, int> groups;
    for (auto& a : service["attributes"]) {
        if (!a.is_object() || !a.contains("kiosk") || !a["kiosk"].is_object()) continue;
        json& k = a["kiosk"];
        if (k.contains("value_names") && k["value_names"].is_object())
            for (auto& [language, names] : k["value_names"].items())
                if (names.is_object())
                    for (auto it = names.begin(); it != names.end();)
                        it = has_value(a, it.key()) ? std::next(it) : names.erase(it);
        if (k.contains("required_when") && k["required_when"].is_string()) {
            const auto [code, key] = split_condition(k["required_when"].get<std::string>());
            const json* other = find_by(service["attributes"], "code", code);
            if (!other || (other->contains("values") && !has_value(*other, key))) k.erase("required_when");
        }
        if (k.contains("one_of") && k["one_of"].is_string()) ++groups[k["one_of"].get<std::string>()];
    }
    for (auto& a : service["attributes"])
        if (a.is_object() && a.contains("kiosk") && a["kiosk"].is_object() && a["kiosk"].contains("one_of") &&
            a["kiosk"]["one_of"].is_string() && groups[a["kiosk"]["one_of"].get<std::string>()] < 2)
            a["kiosk"].erase("one_of");
}

void merge_hints(json& service, const json& local_services) {
    const json* local = find_by(local_services, "service_code", string_field(service, "service_code"));
    if (!local || !local->contains("attributes") || !service.contains("attributes") || !service["attributes"].is_array())
        return;
    bool merged = false;
    for (auto& a : service["attributes"]) {
        if (!a.is_object() || a.contains("kiosk")) continue;
        const json* hints = find_by((*local)["attributes"], "code", string_field(a, "code"));
        if (hints && hints->contains("kiosk")) a["kiosk"] = (*hints)["kiosk"];
        merged = merged || (hints && hints->contains("kiosk"));
    }
    if (merged) fit_hints(service);
}

}  // namespace

Result<TicketStatus> lookup_ticket_status(Outbox& outbox, HttpClient* http, const std::string& server_url,
                                          const std::string& typed) {
    auto row = outbox.find(typed);
    if (!row) return row.error();
    if (!*row)
        if (const auto number = normalise_ticket_number(typed)) row = outbox.find_todays_number(*number);
    if (!row) return row.error();
    if (!*row) return fail(ErrorCode::NotFound, "no ticket " + typed + " on this kiosk");
    TicketStatus status{**row, std::nullopt, "", ""};
    if (!http || server_url.empty() || status.local.server_id.empty()) return status;
    if (!safe_path_segment(status.local.server_id)) {
        status.server_error = "the server id is not a plain identifier";
        return status;
    }
    auto answer = get_json(*http, server_url + "/requests/" + status.local.server_id + ".json");
    if (!answer) {
        status.server_error = answer.error().message;
        return status;
    }
    const json& j = *answer;
    const json* first = j.is_array() && !j.empty() ? &j[0] : (j.is_object() ? &j : nullptr);
    if (first && first->is_object() && first->contains("status") && (*first)["status"].is_string())
        status.server_status = (*first)["status"].get<std::string>();
    else
        status.server_error = "the server's answer has no status";
    if (first && first->is_object() && first->contains("status_notes") && (*first)["status_notes"].is_string())
        status.server_notes = (*first)["status_notes"].get<std::string>();
    return status;
}

Result<FetchedCatalogue> fetch_catalogue(HttpClient& http, const std::string& server_url, const std::string& local_json) {
    auto list = get_json(http, server_url + "/services.json");
    if (!list) return list.error();
    if (!list->is_array()) return fail("services.json is not a list of services");
    if (list->size() > kMostServices)
        return fail("services.json lists more than " + std::to_string(kMostServices) + " services");
    const json local = json::parse(local_json, nullptr, false);
    json combined = json::array();
    for (const auto& entry : *list) {
        if (!entry.is_object() || !entry.contains("service_code") || !entry["service_code"].is_string())
            return fail("services.json has an entry without a service_code");
        json service = entry;
        const std::string code = entry["service_code"].get<std::string>();
        if (has_metadata(entry)) {
            if (!safe_path_segment(code)) return fail("service code '" + code + "' is not a plain identifier");
            auto definition = get_json(http, server_url + "/services/" + code + ".json");
            if (!definition) return definition.error();
            const json* d = definition->is_array() && !definition->empty() ? &(*definition)[0] : &*definition;
            if (!d->is_object() || !d->contains("attributes")) return fail("definition of " + code + " has no attributes");
            service["attributes"] = (*d)["attributes"];
        }
        merge_hints(service, local);
        combined.push_back(service);
    }
    FetchedCatalogue out;
    out.json_text = combined.dump(1);
    auto catalogue = parse_catalogue(out.json_text);
    if (!catalogue) return fail("the server's catalogue is invalid: " + catalogue.error().message);
    out.catalogue = std::move(*catalogue);
    return out;
}

Status save_last_good_catalogue(const std::string& path, const std::string& json_text) {
    const std::string partial = path + ".part";
    const int fd = ::open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return fail("cannot write " + partial);
    const bool written = ::write(fd, json_text.data(), json_text.size()) == static_cast<ssize_t>(json_text.size()) &&
                         ::fsync(fd) == 0;
    ::close(fd);
    if (!written || std::rename(partial.c_str(), path.c_str()) != 0) {
        std::remove(partial.c_str());
        return fail("cannot save the catalogue to " + path);
    }
    return Ok{};
}

}  // namespace anjungan
