//
// cryptowatch.h - ransomware behaviour sensor
//
// Counts writes and renames per handle and raises an event when a handle
// that rewrote a file also renamed it (the classic encrypt-then-rename
// pattern).  Events are pulled by the CryptoWatch agent over a port.
//
#pragma once

#include <fltKernel.h>

#define CW_TAG             'hWyC'
#define CW_PORT_NAME       L"\\CryptoWatchPort"
#define CW_MAX_QUEUED      256
#define CW_NAME_CCH        96

#define CW_TRACE(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "cw: " fmt "\n", __VA_ARGS__)
#define CW_ERROR(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "cw!: " fmt "\n", __VA_ARGS__)

#define CW_RETURN_IF_FAILED(_st, _what)                                     \
    if (!NT_SUCCESS(_st)) {                                                 \
        CW_ERROR("%s failed 0x%08X", _what, (_st));                         \
        return (_st);                                                       \
    }

namespace cw {

// wire format, shared with the agent
struct Event {
    ULONG  ProcessId;
    ULONG  Writes;
    USHORT NameBytes;
    WCHAR  Name[CW_NAME_CCH];
};

struct HandleState {
    volatile LONG Writes;
    BOOLEAN       Renamed;
};

extern PFLT_FILTER g_Filter;
extern const FLT_REGISTRATION g_Registration;

namespace events {
    void     Init();
    void     Push(_In_ const Event& e);
    bool     Pop(_Out_ Event* e);
    void     Drain();
}

namespace port {
    NTSTATUS Create(_In_ PFLT_FILTER Filter);
    void     Close();
}

} // namespace cw
