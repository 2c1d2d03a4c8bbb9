// mfhash.h - executable-open auditor (minifilter).
//
// Reports every image-section open of a file under the watched volume
// to the auditing service; the service hashes and allow-lists.
#pragma once

#include <fltKernel.h>
#include "raii.h"

#define MFH_TAG             'hsFM'
#define MFH_PORT_NAME       L"\\MfHashPort"
#define MFH_MAX_NAME        260

struct MfhConfig {
    ULONG   MaxPendingMessages = 64;
    ULONG   ReplyTimeoutMs     = 250;
    BOOLEAN AuditNetwork       = FALSE;

    // Reads <service>\Parameters; missing values keep their defaults.
    NTSTATUS Load(_In_ PCUNICODE_STRING RegistryPath);
};

struct MfhGlobals {
    PFLT_FILTER     Filter     = nullptr;
    PFLT_PORT       ServerPort = nullptr;
    PFLT_PORT       ClientPort = nullptr;
    EX_PUSH_LOCK    ClientLock = 0;
    volatile LONG   Pending    = 0;
    MfhConfig       Config;
};

extern MfhGlobals g_Mfh;
extern const FLT_REGISTRATION g_MfhRegistration;

struct MfhMessage {
    ULONG   ProcessId;
    ULONG   NameLength;
    WCHAR   Name[MFH_MAX_NAME];
};

extern "C" DRIVER_INITIALIZE DriverEntry;

NTSTATUS FLTAPI MfhUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
NTSTATUS FLTAPI MfhInstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects,
                                 _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                                 _In_ DEVICE_TYPE VolumeDeviceType,
                                 _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);
FLT_PREOP_CALLBACK_STATUS FLTAPI MfhPreAcquireSection(_Inout_ PFLT_CALLBACK_DATA Data,
                                                     _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                                     _Flt_CompletionContext_Outptr_ PVOID* CompletionContext);

NTSTATUS FLTAPI MfhConnect(_In_ PFLT_PORT ClientPort, _In_opt_ PVOID ServerPortCookie,
                           _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
                           _In_ ULONG SizeOfContext, _Outptr_result_maybenull_ PVOID* ConnectionCookie);
VOID FLTAPI MfhDisconnect(_In_opt_ PVOID ConnectionCookie);
