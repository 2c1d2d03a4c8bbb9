/*
 * mfstream.h - write-tracking minifilter.
 *
 * Keeps a stream context per file that was opened for write and reports
 * "stream modified" events to the user-mode agent over a communication
 * port when the last handle is cleaned up.
 */
#ifndef _MFSTREAM_H_
#define _MFSTREAM_H_

#include <fltKernel.h>
#include <dontuse.h>
#include <suppress.h>

#define MFS_TAG_CONTEXT     'cSfM'
#define MFS_TAG_NAME        'nSfM'
#define MFS_TAG_MSG         'mSfM'

#define MFS_PORT_NAME       L"\\MfStreamPort"
#define MFS_MAX_PATH        520

#define LEAVE_IF(st)        if (!NT_SUCCESS(st)) { __leave; }

typedef struct _MFS_STREAM_CONTEXT {
    volatile LONG   WriteHandles;
    BOOLEAN         Modified;
    LARGE_INTEGER   FirstWrite;
} MFS_STREAM_CONTEXT, *PMFS_STREAM_CONTEXT;

typedef struct _MFS_NOTIFICATION {
    ULONG           Version;
    ULONG           ProcessId;
    LARGE_INTEGER   FirstWrite;
    USHORT          NameLength;
    WCHAR           Name[MFS_MAX_PATH];
} MFS_NOTIFICATION, *PMFS_NOTIFICATION;

typedef struct _MFS_GLOBALS {
    PDRIVER_OBJECT          DriverObject;
    PFLT_FILTER             Filter;
    PFLT_PORT               ServerPort;
    PFLT_PORT               ClientPort;
    EX_PUSH_LOCK            ClientLock;
    NPAGED_LOOKASIDE_LIST   MessageLookaside;
    BOOLEAN                 LookasideReady;
    volatile LONG           Dropped;
} MFS_GLOBALS, *PMFS_GLOBALS;

extern MFS_GLOBALS MfsGlobals;
extern CONST FLT_REGISTRATION MfsRegistration;

/* driver.c */
DRIVER_INITIALIZE DriverEntry;
NTSTATUS MfsUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
NTSTATUS MfsInstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects,
                          _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                          _In_ DEVICE_TYPE VolumeDeviceType,
                          _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);

/* ops.c */
FLT_PREOP_CALLBACK_STATUS  MfsPreCreate(_Inout_ PFLT_CALLBACK_DATA Data,
                                        _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                        _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);
FLT_POSTOP_CALLBACK_STATUS MfsPostCreate(_Inout_ PFLT_CALLBACK_DATA Data,
                                         _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                         _In_opt_ PVOID CompletionContext,
                                         _In_ FLT_POST_OPERATION_FLAGS Flags);
FLT_PREOP_CALLBACK_STATUS  MfsPreCleanup(_Inout_ PFLT_CALLBACK_DATA Data,
                                         _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                         _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);
VOID MfsStreamContextCleanup(_In_ PFLT_CONTEXT Context, _In_ FLT_CONTEXT_TYPE ContextType);

/* port.c */
NTSTATUS MfsPortConnect(_In_ PFLT_PORT ClientPort, _In_opt_ PVOID ServerPortCookie,
                        _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
                        _In_ ULONG SizeOfContext, _Outptr_result_maybenull_ PVOID *ConnectionCookie);
VOID     MfsPortDisconnect(_In_opt_ PVOID ConnectionCookie);
NTSTATUS MfsPortMessage(_In_opt_ PVOID PortCookie,
                        _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer,
                        _In_ ULONG InputBufferLength,
                        _Out_writes_bytes_to_opt_(OutputBufferLength, *ReturnOutputBufferLength) PVOID OutputBuffer,
                        _In_ ULONG OutputBufferLength,
                        _Out_ PULONG ReturnOutputBufferLength);
VOID     MfsSendNotification(_In_ PFLT_CALLBACK_DATA Data, _In_ PMFS_STREAM_CONTEXT Context);

#endif
