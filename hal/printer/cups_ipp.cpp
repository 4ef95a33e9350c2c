// libcups helpers shared by the CUPS printer and the queue setup.
#include "hal/printer/cups_ipp.h"

#include <string_view>

namespace anjungan::hal::cupsipp {
namespace {

// httpSetTimeout callback: give up on a request once the timeout passes instead of waiting forever.
int give_up(http_t*, void*) { return 0; }

}  // namespace

HttpPtr connect_to_cupsd(std::chrono::milliseconds timeout, int* cancel) {
    const int timeout_ms = static_cast<int>(timeout.count());
    HttpPtr http(httpConnect2(cupsServer(), ippPort(), nullptr, AF_UNSPEC, cupsEncryption(), 1, timeout_ms, cancel));
    if (http) set_request_timeout(http.get(), timeout);
    return http;
}

void set_request_timeout(http_t* http, std::chrono::milliseconds timeout) {
    httpSetTimeout(http, static_cast<double>(timeout.count()) / 1000.0, give_up, nullptr);
}

std::string queue_uri(const std::string& queue) {
    char uri[HTTP_MAX_URI];
    httpAssembleURIf(HTTP_URI_CODING_ALL, uri, sizeof uri, "ipp", nullptr, "localhost", ippPort(), "/printers/%s",
                     queue.c_str());
    return uri;
}

ipp_t* new_request(ipp_op_t operation, const char* uri_name, const std::string& uri) {
    ipp_t* request = ippNewRequest(operation);
    ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, uri_name, nullptr, uri.c_str());
    ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nullptr, cupsUser());
    return request;
}

void request_attributes(ipp_t* request, std::initializer_list<const char*> names) {
    std::vector<const char*> list(names);
    ippAddStrings(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", static_cast<int>(list.size()),
                  nullptr, list.data());
}

bool ipp_ok(ipp_t* response) { return ippGetStatusCode(response) <= IPP_STATUS_OK_EVENTS_COMPLETE; }

std::vector<std::string> keywords(ipp_t* response, const char* name) {
    std::vector<std::string> values;
    ipp_attribute_t* attr = ippFindAttribute(response, name, IPP_TAG_KEYWORD);
    for (int i = 0; attr && i < ippGetCount(attr); ++i) {
        const char* value = ippGetString(attr, i, nullptr);
        if (value && std::string_view(value) != "none") values.emplace_back(value);
    }
    return values;
}

int enum_value(ipp_t* response, const char* name, int fallback) {
    ipp_attribute_t* attr = ippFindAttribute(response, name, IPP_TAG_ENUM);
    return attr ? ippGetInteger(attr, 0) : fallback;
}

std::string string_value(ipp_t* response, const char* name, ipp_tag_t tag) {
    ipp_attribute_t* attr = ippFindAttribute(response, name, tag);
    const char* value = attr ? ippGetString(attr, 0, nullptr) : nullptr;
    return value ? value : "";
}

bool boolean_value(ipp_t* response, const char* name, bool fallback) {
    ipp_attribute_t* attr = ippFindAttribute(response, name, IPP_TAG_BOOLEAN);
    return attr ? ippGetBoolean(attr, 0) != 0 : fallback;
}

bool cupsd_unreachable() {
    ipp_status_t status = cupsLastError();
    return status == IPP_STATUS_ERROR_SERVICE_UNAVAILABLE || status == IPP_STATUS_ERROR_INTERNAL;
}

std::string last_cups_error() {
    const char* text = cupsLastErrorString();
    return text && *text ? text : ippErrorString(cupsLastError());
}

}  // namespace anjungan::hal::cupsipp
