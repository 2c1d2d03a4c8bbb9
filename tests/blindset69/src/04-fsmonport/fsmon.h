#pragma once
#include <fltKernel.h>

#define FSMON_PORT_NAME   L"\\FsMonPort"
#define FSMON_TAG         'noMF'
#define FSMON_MAX_PATH    260

#define DBG(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "fsmon!%s: " fmt "\n", __FUNCTION__, __VA_ARGS__)

// message sent to the user-mode collector
typedef struct _FSMON_RECORD {
    ULONG  ProcessId;
    UCHAR  MajorFunction;
    UCHAR  Reserved[3];
    USHORT NameLength;             // bytes
    WCHAR  Name[FSMON_MAX_PATH];
} FSMON_RECORD, *PFSMON_RECORD;

namespace fsmon {

struct Globals {
    PFLT_FILTER Filter;
    PFLT_PORT   ServerPort;
    PFLT_PORT   ClientPort;
    PEPROCESS   ClientProcess;
    volatile LONG Dropped;
};
extern Globals g;

class Port {
public:
    static NTSTATUS Create(PFLT_FILTER filter);
    static void Close();
    static void Send(const FSMON_RECORD& rec);
private:
    static NTSTATUS FLTAPI OnConnect(PFLT_PORT client, PVOID serverCookie, PVOID ctx,
                                     ULONG ctxSize, PVOID* connectionCookie);
    static VOID FLTAPI OnDisconnect(PVOID connectionCookie);
    static NTSTATUS FLTAPI OnMessage(PVOID portCookie, PVOID in, ULONG inLen,
                                     PVOID out, ULONG outLen, PULONG retLen);
};

// filter.cpp
extern const FLT_REGISTRATION Registration;
NTSTATUS FLTAPI FilterUnload(FLT_FILTER_UNLOAD_FLAGS Flags);

} // namespace fsmon
