#pragma once

#include "os.hpp"

namespace scan {

constexpr ULONG kMaxPath        = 260;
constexpr ULONG kReplyTimeoutMs = 3000;

enum : ULONG { VerdictClean = 0, VerdictInfected = 1, VerdictError = 2 };

#include <pshpack1.h>
struct ScanRequest {
    ULONG  ProcessId;
    USHORT PathBytes;
    WCHAR  Path[kMaxPath];
};
struct ScanReply {
    ULONG  Verdict;
};
#include <poppack.h>

class Port {
public:
    static NTSTATUS Create(PFLT_FILTER filter);
    static void     Close();
    static NTSTATUS Ask(ScanRequest& req, ScanReply& reply);
    static bool     Connected() { return Client != nullptr; }

private:
    static NTSTATUS FLTAPI OnConnect(PFLT_PORT ClientPort, PVOID ServerCookie, PVOID Ctx,
                                     ULONG CtxBytes, PVOID* ConnectionCookie);
    static VOID     FLTAPI OnDisconnect(PVOID ConnectionCookie);
    static NTSTATUS FLTAPI OnMessage(PVOID PortCookie, PVOID In, ULONG InBytes,
                                     PVOID Out, ULONG OutBytes, PULONG Returned);

    static PFLT_FILTER Filter;
    static PFLT_PORT   Server;
    static PFLT_PORT   Client;
    static os::Mutex   Lock;
};

struct Driver {
    static PFLT_FILTER   Filter;
    static volatile LONG InFlight;
};

} // namespace scan
