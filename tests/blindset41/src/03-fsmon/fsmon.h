#pragma once
#include <fltKernel.h>

#define FSMON_TAG           'nMsF'
#define FSMON_PORT_NAME     L"\\FsMonPort"
#define FSMON_MAX_PATH      260

#define FsmPrint(lvl, fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, lvl, "fsmon!%s: " fmt "\n", __FUNCTION__, __VA_ARGS__)
#define FsmInfo(fmt, ...)   FsmPrint(DPFLTR_INFO_LEVEL, fmt, __VA_ARGS__)
#define FsmError(fmt, ...)  FsmPrint(DPFLTR_ERROR_LEVEL, fmt, __VA_ARGS__)

#define RETURN_IF_NT_FAILED(expr)                                   \
    do {                                                            \
        NTSTATUS __status = (expr);                                 \
        if (!NT_SUCCESS(__status)) {                                \
            FsmError("%s: 0x%08X", #expr, __status);                \
            return __status;                                        \
        }                                                           \
    } while (0)

enum class FsmOp : ULONG {
    Create = 1,
    Delete = 2,
    Rename = 3,
};

#pragma pack(push, 4)
struct FSMON_EVENT {
    ULONG  ProcessId;
    FsmOp  Operation;
    USHORT PathChars;
    WCHAR  Path[FSMON_MAX_PATH];
};
#pragma pack(pop)

namespace Comm {
    [[nodiscard]] NTSTATUS Open(PFLT_FILTER Filter);
    void Close();
    bool IsConnected();
    NTSTATUS Send(const FSMON_EVENT& Event);
}

extern PFLT_FILTER g_Filter;
