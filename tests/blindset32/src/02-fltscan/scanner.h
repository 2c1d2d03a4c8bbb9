/*
 * fltscan - coursework minifilter (OS security lab, assignment 3)
 *
 * Sends the first bytes of every file opened for execute / write with a
 * watched extension to the user mode scanner service and blocks the open
 * if the service says so.
 */
#pragma once

#include <fltKernel.h>
#include <dontuse.h>
#include <suppress.h>

#define SCANNER_PORT_NAME         L"\\FltScanPort"
#define SCANNER_TAG               'nacS'
#define SCANNER_READ_BUFFER_SIZE  1024
#define SCANNER_MAX_EXTENSIONS    16
#define SCANNER_REPLY_TIMEOUT_MS  3000

typedef struct _SCANNER_NOTIFICATION {
    ULONG BytesToScan;
    ULONG Reserved;
    UCHAR Contents[SCANNER_READ_BUFFER_SIZE];
} SCANNER_NOTIFICATION, *PSCANNER_NOTIFICATION;

typedef struct _SCANNER_REPLY {
    BOOLEAN SafeToOpen;
} SCANNER_REPLY, *PSCANNER_REPLY;

typedef struct _SCANNER_DATA {
    PDRIVER_OBJECT  DriverObject;
    PFLT_FILTER     Filter;
    PFLT_PORT       ServerPort;
    PEPROCESS       UserProcess;
    PFLT_PORT       ClientPort;

    // extensions we care about, loaded from the Parameters key
    UNICODE_STRING  Extensions[SCANNER_MAX_EXTENSIONS];
    ULONG           ExtensionCount;
    PWCHAR          ExtensionBuffer;
} SCANNER_DATA, *PSCANNER_DATA;

extern SCANNER_DATA ScannerData;
extern const FLT_REGISTRATION FilterRegistration;

#define SCAN_DBG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "fltscan: " fmt, __VA_ARGS__)

/* ext.c */
NTSTATUS ScanLoadExtensions(_In_ PUNICODE_STRING RegistryPath);
VOID     ScanFreeExtensions(VOID);
BOOLEAN  ScanIsWatchedExtension(_In_ PUNICODE_STRING Extension);

/* comm.c */
NTSTATUS ScanPortConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie, PVOID ConnectionContext,
                         ULONG SizeOfContext, PVOID *ConnectionCookie);
VOID     ScanPortDisconnect(PVOID ConnectionCookie);

/* ops.c */
FLT_PREOP_CALLBACK_STATUS  ScanPreCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
                                         PVOID *CompletionContext);
FLT_POSTOP_CALLBACK_STATUS ScanPostCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
                                          PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags);
NTSTATUS ScanInstanceSetup(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_SETUP_FLAGS Flags,
                           DEVICE_TYPE VolumeDeviceType, FLT_FILESYSTEM_TYPE VolumeFilesystemType);
NTSTATUS ScanQueryTeardown(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags);
NTSTATUS ScanUnload(FLT_FILTER_UNLOAD_FLAGS Flags);
