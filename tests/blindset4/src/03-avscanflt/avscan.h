/*
 * avscan.h - AvScan on-access scanning minifilter.
 *
 * On close-after-write the minifilter sends the file to the user-mode
 * scanner over a filter communication port and caches the verdict in a
 * stream context.
 */
#pragma once

#include <fltKernel.h>
#include <dontuse.h>
#include <suppress.h>

#define AV_TAG                  'csvA'
#define AV_PORT_NAME            L"\\AvScanPort"
#define AV_MAX_CONNECTIONS      1
#define AV_SCAN_TIMEOUT_MS      30000
#define AV_MAX_PATH_BYTES       1024

typedef enum _AV_VERDICT {
    AvVerdictUnknown = 0,
    AvVerdictClean,
    AvVerdictInfected
} AV_VERDICT;

typedef struct _AV_SCAN_REQUEST {
    ULONG   ProcessId;
    ULONG   PathBytes;
    WCHAR   Path[AV_MAX_PATH_BYTES / sizeof(WCHAR)];
} AV_SCAN_REQUEST, *PAV_SCAN_REQUEST;

typedef struct _AV_SCAN_REPLY {
    ULONG   Verdict;
} AV_SCAN_REPLY, *PAV_SCAN_REPLY;

typedef struct _AV_STREAM_CONTEXT {
    volatile LONG   Modified;
    AV_VERDICT      Verdict;
    ULONG           ScanGeneration;
} AV_STREAM_CONTEXT, *PAV_STREAM_CONTEXT;

typedef struct _AV_GLOBALS {
    PDRIVER_OBJECT  DriverObject;
    PFLT_FILTER     Filter;
    PFLT_PORT       ServerPort;
    PFLT_PORT       ClientPort;
    PEPROCESS       ScannerProcess;
    ERESOURCE       PortLock;           /* guards ClientPort */
    BOOLEAN         PortLockInitialized;
    ULONG           ScanGeneration;
    ULONG           ScanTimeoutMs;
    BOOLEAN         BlockOnTimeout;
    NPAGED_LOOKASIDE_LIST RequestLookaside;
    BOOLEAN         LookasideInitialized;
} AV_GLOBALS, *PAV_GLOBALS;

extern AV_GLOBALS Globals;

/* driver.c */
DRIVER_INITIALIZE DriverEntry;
NTSTATUS FLTAPI AvUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
NTSTATUS FLTAPI AvInstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects,
                                _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                                _In_ DEVICE_TYPE VolumeDeviceType,
                                _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);
NTSTATUS FLTAPI AvInstanceQueryTeardown(_In_ PCFLT_RELATED_OBJECTS FltObjects,
                                        _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags);

/* port.c */
NTSTATUS AvCreateCommunicationPort(VOID);
VOID AvCloseCommunicationPort(VOID);
NTSTATUS AvSendScanRequest(_In_ PFLT_CALLBACK_DATA Data,
                           _In_ PFLT_FILE_NAME_INFORMATION NameInfo,
                           _Out_ AV_VERDICT *Verdict);

/* ops.c */
FLT_PREOP_CALLBACK_STATUS FLTAPI AvPreCreate(_Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects, _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);
FLT_POSTOP_CALLBACK_STATUS FLTAPI AvPostCreate(_Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects, _In_opt_ PVOID CompletionContext, _In_ FLT_POST_OPERATION_FLAGS Flags);
FLT_PREOP_CALLBACK_STATUS FLTAPI AvPreWrite(_Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects, _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);
FLT_PREOP_CALLBACK_STATUS FLTAPI AvPreCleanup(_Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects, _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);
VOID FLTAPI AvStreamContextCleanup(_In_ PFLT_CONTEXT Context, _In_ FLT_CONTEXT_TYPE ContextType);
