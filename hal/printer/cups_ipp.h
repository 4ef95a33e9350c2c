// libcups helpers shared by the CUPS printer and the queue setup: RAII owners, bounded connections, IPP accessors.
#pragma once

#include <cups/cups.h>

#include <chrono>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

namespace anjungan::hal::cupsipp {

struct HttpClose {
    void operator()(http_t* http) const noexcept { httpClose(http); }
};
using HttpPtr = std::unique_ptr<http_t, HttpClose>;

struct IppDelete {
    void operator()(ipp_t* ipp) const noexcept { ippDelete(ipp); }
};
using IppPtr = std::unique_ptr<ipp_t, IppDelete>;

// Connects to the cupsd named by cupsServer() (so CUPS_SERVER and client.conf apply), giving up after
// `timeout`; every request on the connection then gives up after `timeout` too, instead of libcups' default of
// waiting for ever. `cancel`, when not null, is polled while connecting (non-zero aborts). nullptr on failure.
HttpPtr connect_to_cupsd(std::chrono::milliseconds timeout, int* cancel = nullptr);

// Makes each request on `http` give up once the server has been silent for `timeout`.
void set_request_timeout(http_t* http, std::chrono::milliseconds timeout);

// ipp://localhost:PORT/printers/QUEUE, the URI cupsd knows the queue by.
std::string queue_uri(const std::string& queue);

// A request with its target URI (attribute `uri_name`) and requesting-user-name. The caller owns it until it
// hands it to cupsDoRequest, which frees it.
ipp_t* new_request(ipp_op_t operation, const char* uri_name, const std::string& uri);
void request_attributes(ipp_t* request, std::initializer_list<const char*> names);

bool ipp_ok(ipp_t* response);

// Attribute values from a response, with a fallback when the attribute is missing. keywords() leaves out "none".
std::vector<std::string> keywords(ipp_t* response, const char* name);
int enum_value(ipp_t* response, const char* name, int fallback);
std::string string_value(ipp_t* response, const char* name, ipp_tag_t tag);
bool boolean_value(ipp_t* response, const char* name, bool fallback);

// After a failed call, whether libcups failed to reach cupsd at all (as opposed to cupsd saying no).
bool cupsd_unreachable();
// The message of the last libcups failure (cupsd's status-message when it answered).
std::string last_cups_error();

}  // namespace anjungan::hal::cupsipp
