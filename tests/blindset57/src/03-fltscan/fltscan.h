#pragma once
//
// fltscan - asks a user-mode service whether an executable may be opened
//
#include <fltKernel.h>
#include <dontuse.h>
#include <suppress.h>

#define SCAN_TAG            'nScF'
#define SCAN_PORT_NAME      L"\\FltScanPort"
#define SCAN_PATH_CHARS     260
#define SCAN_REPLY_TIMEOUT  (-20 * 1000 * 1000)     // 2 s, relative, 100ns units

#define SCANLOG(fmt, ...)   DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "fltscan: " fmt "\n", __VA_ARGS__)
#define SCANERR(fmt, ...)   DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "fltscan: " fmt "\n", __VA_ARGS__)

namespace scan {

// ---- wire format shared with scansvc.exe --------------------------------
struct ScanRequest {
    ULONG  ProcessId;
    ULONG  PathBytes;
    WCHAR  Path[SCAN_PATH_CHARS];
};

struct ScanReply {
    BOOLEAN Allow;
};

struct ScanStats {
    LONG Scanned;
    LONG Blocked;
    LONG Timeouts;
};
// --------------------------------------------------------------------------

struct Globals {
    PDRIVER_OBJECT Driver;
    PFLT_FILTER    Filter;
    ScanStats      Stats;
};

inline Globals g{};

class CommPort {
public:
    static NTSTATUS Open(PFLT_FILTER Filter);
    static void     Close();

    static bool     Connected() { return s_Client != nullptr; }
    static NTSTATUS Ask(const ScanRequest& Request, ScanReply& Reply);

private:
    static NTSTATUS FLTAPI OnConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie,
                                     PVOID ConnectionContext, ULONG SizeOfContext,
                                     PVOID* ConnectionPortCookie);
    static VOID     FLTAPI OnDisconnect(PVOID ConnectionCookie);
    static NTSTATUS FLTAPI OnMessage(PVOID PortCookie, PVOID InputBuffer, ULONG InputBufferLength,
                                     PVOID OutputBuffer, ULONG OutputBufferLength,
                                     PULONG ReturnOutputBufferLength);

    static PFLT_PORT s_Server;
    static PFLT_PORT s_Client;
};

// ops.cpp
FLT_PREOP_CALLBACK_STATUS FLTAPI PreCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
                                           PVOID* CompletionContext);
NTSTATUS FLTAPI InstanceSetup(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_SETUP_FLAGS Flags,
                              DEVICE_TYPE VolumeDeviceType, FLT_FILESYSTEM_TYPE VolumeFilesystemType);
NTSTATUS FLTAPI QueryTeardown(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags);

// driver.cpp
NTSTATUS FLTAPI Unload(FLT_FILTER_UNLOAD_FLAGS Flags);

} // namespace scan
