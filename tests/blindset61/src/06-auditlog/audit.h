/*
 * audit.h - shared between the C++ core and the C port glue
 */
#pragma once

#include <fltKernel.h>

#define AUDIT_TAG        'tduA'
#define AUDIT_PORT_NAME  L"\\AuditLogPort"
#define AUDIT_NAME_CCH   260

#define LOGI(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,  "auditlog: " fmt "\n", __VA_ARGS__)
#define LOGE(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "auditlog: ERROR " fmt "\n", __VA_ARGS__)

#define SAFE_FREE(p)                            \
    do {                                        \
        if ((p) != NULL) {                      \
            ExFreePoolWithTag((p), AUDIT_TAG);  \
            (p) = NULL;                         \
        }                                       \
    } while (0)

typedef struct _AUDIT_RECORD {
    LIST_ENTRY    Link;
    LARGE_INTEGER Time;
    ULONG         ProcessId;
    ULONG         ThreadId;
    UCHAR         MajorFunction;
    UCHAR         Reserved[3];
    ULONG         NameLength;   /* bytes */
    WCHAR         Name[AUDIT_NAME_CCH];
} AUDIT_RECORD, *PAUDIT_RECORD;

/* what the collector gets back per FilterSendMessage */
typedef struct _AUDIT_WIRE_RECORD {
    LARGE_INTEGER Time;
    ULONG         ProcessId;
    ULONG         ThreadId;
    UCHAR         MajorFunction;
    UCHAR         Reserved[3];
    ULONG         NameLength;
    WCHAR         Name[AUDIT_NAME_CCH];
} AUDIT_WIRE_RECORD, *PAUDIT_WIRE_RECORD;

#ifdef __cplusplus
extern "C" {
#endif

/* port.c */
NTSTATUS AuditPortCreate(_In_ PFLT_FILTER Filter, _Out_ PFLT_PORT *ServerPort);
VOID     AuditPortClose(_Inout_ PFLT_PORT *ServerPort);

/* driver.cpp, called from the message callback */
NTSTATUS AuditDrain(_Out_writes_bytes_to_(Length, *Written) PVOID Buffer, _In_ ULONG Length, _Out_ PULONG Written);

extern PFLT_FILTER g_AuditFilter;
extern PFLT_PORT   g_AuditClientPort;

#ifdef __cplusplus
}
#endif
