/*++

Module Name:

    scanguard.h

Abstract:

    ScanGuard: a small on-access scanning minifilter.  Every create of an
    executable is sent to the user-mode scanner over a filter
    communication port; the scanner can veto the open.

--*/

#pragma once

#include <fltKernel.h>
#include <dontuse.h>
#include <suppress.h>

#define SG_TAG              'dGcS'
#define SG_PORT_NAME        L"\\ScanGuardPort"
#define SG_MAX_PATH_CHARS   520
#define SG_SCAN_TIMEOUT_MS  3000

#define SG_LOG(fmt, ...)    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "ScanGuard!%s: " fmt "\n", __FUNCTION__, __VA_ARGS__)
#define SG_ERR(fmt, ...)    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "ScanGuard!%s: " fmt "\n", __FUNCTION__, __VA_ARGS__)

//
// Shared with the user-mode scanner (sgscan.exe).
//

#include <pshpack8.h>

typedef struct _SG_SCAN_REQUEST {
    ULONG   ProcessId;
    USHORT  PathLength;                     // in bytes
    WCHAR   Path[SG_MAX_PATH_CHARS];
} SG_SCAN_REQUEST, *PSG_SCAN_REQUEST;

typedef struct _SG_SCAN_REPLY {
    BOOLEAN Block;
} SG_SCAN_REPLY, *PSG_SCAN_REPLY;

#include <poppack.h>

namespace sg {

struct Globals {
    PFLT_FILTER     Filter;
    PFLT_PORT       ServerPort;
    PFLT_PORT       ClientPort;
    PEPROCESS       ScannerProcess;
    volatile LONG   ScansSent;
    volatile LONG   ScansBlocked;
};

extern Globals g;

class Port {
public:
    static NTSTATUS Create(_In_ PFLT_FILTER Filter);
    static VOID     Close();
    static NTSTATUS Scan(_In_ PCUNICODE_STRING Path, _In_ ULONG ProcessId, _Out_ PBOOLEAN Block);

private:
    static NTSTATUS FLTAPI OnConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie,
                                     PVOID ConnectionContext, ULONG SizeOfContext,
                                     PVOID *ConnectionPortCookie);
    static VOID     FLTAPI OnDisconnect(PVOID ConnectionCookie);
    static NTSTATUS FLTAPI OnMessage(PVOID PortCookie, PVOID InputBuffer, ULONG InputBufferLength,
                                     PVOID OutputBuffer, ULONG OutputBufferLength,
                                     PULONG ReturnOutputBufferLength);
};

FLT_PREOP_CALLBACK_STATUS FLTAPI
PreCreate(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
          _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);

} // namespace sg
