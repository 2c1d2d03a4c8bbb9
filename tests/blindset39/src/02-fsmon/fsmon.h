#pragma once
#include <fltKernel.h>

#define FSMON_PORT_NAME     L"\\FsMonPort"
#define FSMON_CTX_TAG       'xCmF'
#define FSMON_NAME_TAG      'nNmF'

#define DBG_TRACE(fmt, ...)  KdPrint(("fsmon!%s: " fmt "\n", __FUNCTION__, __VA_ARGS__))

// message sent to the user-mode service the first time a file is written
typedef struct _FSMON_NOTIFICATION {
    ULONG  ProcessId;
    ULONG  WriteCount;
    USHORT NameLength;          // in bytes
    WCHAR  Name[260];
} FSMON_NOTIFICATION, *PFSMON_NOTIFICATION;

typedef struct _FSMON_COMMAND {
    ULONG Command;              // 1 = pause, 2 = resume
} FSMON_COMMAND, *PFSMON_COMMAND;

//
// per-stream state
//
struct StreamCtx {
    UNICODE_STRING Name;        // buffer owned by the context
    volatile LONG  Writes;
    volatile LONG  Reported;
};

namespace Port {
    NTSTATUS Create(PFLT_FILTER Filter);
    void     Close();
    bool     IsConnected();
    NTSTATUS Notify(StreamCtx* Ctx);
    extern volatile LONG Paused;
}

namespace Ctx {
    extern const FLT_CONTEXT_REGISTRATION Registration[];

    FLT_POSTOP_CALLBACK_STATUS FLTAPI PostCreate(
        PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
        PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags);

    FLT_PREOP_CALLBACK_STATUS FLTAPI PreWrite(
        PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
        PVOID* CompletionContext);
}
