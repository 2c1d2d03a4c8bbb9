//
// auditport.h
//
// AuditPort minifilter: reports attempted deletes and renames to a
// user-mode collector over a filter communication port.
//

#pragma once

#include <fltKernel.h>

#define AP_TAG              'tPuA'
#define AP_PORT_NAME        L"\\AuditPort"
#define AP_MAX_NAME_CHARS   260

#define AP_TRACE(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "AuditPort: " fmt "\n", __VA_ARGS__)
#define AP_ERROR(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "AuditPort: " fmt "\n", __VA_ARGS__)

// user <-> kernel protocol
enum AP_COMMAND : ULONG {
    ApCmdEnable  = 1,
    ApCmdDisable = 2,
};

enum AP_OPERATION : ULONG {
    ApOpDelete = 1,
    ApOpRename = 2,
};

struct AP_NOTIFICATION {
    AP_OPERATION    Operation;
    ULONG           ProcessId;
    USHORT          NameLength;         // bytes
    WCHAR           Name[AP_MAX_NAME_CHARS];
};

namespace audit {

struct State {
    PFLT_FILTER             Filter;
    PFLT_PORT               ServerPort;
    PFLT_PORT               ClientPort;
    NPAGED_LOOKASIDE_LIST   MessagePool;
    BOOLEAN                 MessagePoolReady;
    volatile LONG           Enabled;
};

extern State g;

// comm.cpp
NTSTATUS OpenServerPort();
VOID     CloseServerPort();
VOID     Notify(_In_ AP_OPERATION Operation, _In_ PCUNICODE_STRING Name);

// ops.cpp
FLT_PREOP_CALLBACK_STATUS FLTAPI
PreSetInformation(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
                  _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);

} // namespace audit
