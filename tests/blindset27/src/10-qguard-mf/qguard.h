/*
 * qguard.h - QuotaGuard minifilter: counts bytes written per stream for files
 * with a configured extension and tells the QuotaGuard service (filter port)
 * when a handle that wrote more than the threshold is cleaned up.
 */
#pragma once

#include <fltKernel.h>
#include <ntstrsafe.h>

#define QG_TAG_CONTEXT      'cGuQ'
#define QG_TAG_NOTIFY       'nGuQ'
#define QG_TAG_CONFIG       'fGuQ'

#define QG_PORT_NAME        L"\\QuotaGuardPort"
#define QG_DEFAULT_EXT      L"log"
#define QG_DEFAULT_MB       64
#define QG_MAX_PATH_BYTES   (512 * sizeof(WCHAR))
#define QG_SEND_TIMEOUT_MS  100

/* Initialization stages, recorded in QG_GLOBALS.InitFlags. */
#define QG_INIT_CONFIG      0x00000001
#define QG_INIT_LOOKASIDE   0x00000002
#define QG_INIT_FILTER      0x00000004
#define QG_INIT_PORT        0x00000008

typedef struct _QG_CONFIG {
    ULONGLONG      ThresholdBytes;
    UNICODE_STRING Extension;           /* pool copy, no leading dot */
} QG_CONFIG, *PQG_CONFIG;

typedef struct _QG_GLOBALS {
    PFLT_FILTER           Filter;
    PFLT_PORT             ServerPort;
    PFLT_PORT             ClientPort;
    NPAGED_LOOKASIDE_LIST NotifyLookaside;
    QG_CONFIG             Config;
    ULONG                 InitFlags;
} QG_GLOBALS;

extern QG_GLOBALS g_Qg;

typedef struct _QG_STREAM_CONTEXT {
    volatile LONG64 BytesWritten;
    volatile LONG   Reported;
} QG_STREAM_CONTEXT, *PQG_STREAM_CONTEXT;

typedef struct _QG_NOTIFICATION {
    ULONG     ProcessId;
    ULONG     PathBytes;
    ULONGLONG BytesWritten;
    WCHAR     Path[QG_MAX_PATH_BYTES / sizeof(WCHAR)];
} QG_NOTIFICATION, *PQG_NOTIFICATION;

/* config.c */
NTSTATUS QgLoadConfig(_In_ PCUNICODE_STRING RegistryPath, _Out_ PQG_CONFIG Config);
VOID     QgFreeConfig(_Inout_ PQG_CONFIG Config);
/* port.c */
NTSTATUS QgCreatePort(VOID);
VOID     QgClosePort(VOID);
VOID     QgNotifyService(_In_ PFLT_CALLBACK_DATA Data, _In_ ULONGLONG BytesWritten);
/* ops.c */
extern const FLT_OPERATION_REGISTRATION QgOperations[];
extern const FLT_CONTEXT_REGISTRATION   QgContexts[];
NTSTATUS QgInstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                         _In_ DEVICE_TYPE VolumeDeviceType, _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);
