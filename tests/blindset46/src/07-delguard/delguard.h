#pragma once

#include <fltKernel.h>
#include <dontuse.h>

//
// DelGuard - refuses deletion of files whose extension is ".keep"
// and reports each refusal to DelGuardUi.exe over a filter port.
//

#define DG_PORT_NAME        L"\\DelGuardPort"
#define DG_PROTECTED_EXT    L"keep"
#define DG_MAX_PATH         260
#define DG_SEND_TIMEOUT_MS  100

#define PT_DBG_PRINT(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "DelGuard!%s: " fmt, __FUNCTION__, __VA_ARGS__)

typedef struct _DG_NOTIFICATION {
    ULONG ProcessId;
    ULONG Reason;               // 1 = delete-on-close, 2 = set disposition
    WCHAR Path[DG_MAX_PATH];
} DG_NOTIFICATION, *PDG_NOTIFICATION;

typedef struct _DG_GLOBALS {
    PFLT_FILTER Filter;
    PFLT_PORT   ServerPort;
    PFLT_PORT   ClientPort;
    volatile LONG Blocked;
} DG_GLOBALS;

extern DG_GLOBALS g_Dg;

// ops.c
FLT_PREOP_CALLBACK_STATUS FLTAPI
DgPreCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext);

FLT_PREOP_CALLBACK_STATUS FLTAPI
DgPreSetInformation(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext);
