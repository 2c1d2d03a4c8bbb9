/*
 * wraudit.h - WrAudit: tells a user-mode listener whenever a file is
 *             opened for writing.  Learning project for the filter
 *             manager communication ports.
 */
#pragma once

#include <fltKernel.h>
#include <dontuse.h>

#define WA_TAG              'tAaW'
#define WA_PORT_NAME        L"\\WrAuditPort"
#define WA_MAX_PATH_CHARS   260
#define WA_SEND_TIMEOUT_MS  50

typedef struct _WA_MESSAGE {
    ULONG ProcessId;
    ULONG DesiredAccess;
    USHORT PathLength;              /* in bytes */
    WCHAR Path[WA_MAX_PATH_CHARS];
} WA_MESSAGE, *PWA_MESSAGE;

typedef enum _WA_COMMAND {
    WaCommandPause  = 1,
    WaCommandResume = 2
} WA_COMMAND;

typedef struct _WA_GLOBALS {
    PFLT_FILTER Filter;
    PFLT_PORT   ServerPort;
    PFLT_PORT   ClientPort;
    volatile LONG Paused;
} WA_GLOBALS;

extern WA_GLOBALS g_Wa;

FLT_PREOP_CALLBACK_STATUS
WaPreCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    );

FLT_POSTOP_CALLBACK_STATUS
WaPostCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags
    );

NTSTATUS
WaInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType
    );
