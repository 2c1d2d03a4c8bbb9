/*
 * ScanFlt - minifilter that tells a user-mode scanner whenever a file is
 * opened for execute. The scanner (scanctl.exe) connects to \ScanFltPort.
 *
 * Altitude 370030 (FSFilter Anti-Virus range, test value).
 */
#include <fltKernel.h>
#include <dontuse.h>
#include "scanflt.h"

#pragma prefast(disable:__WARNING_ENCODE_MEMBER_FUNCTION_POINTER, "Not valid for kernel mode drivers")

#define SCANFLT_TAG 'nacS'

static PFLT_FILTER   g_Filter;
static PFLT_PORT     g_ServerPort;
static PFLT_PORT     g_ClientPort;
static volatile LONG g_Enabled = 1;
static SCANFLT_STATS g_Stats;

DRIVER_INITIALIZE DriverEntry;

static NTSTATUS FLTAPI ScanUnload(FLT_FILTER_UNLOAD_FLAGS Flags);
static NTSTATUS FLTAPI ScanInstanceSetup(PCFLT_RELATED_OBJECTS FltObjects,
                                         FLT_INSTANCE_SETUP_FLAGS Flags,
                                         DEVICE_TYPE VolumeDeviceType,
                                         FLT_FILESYSTEM_TYPE VolumeFilesystemType);
static NTSTATUS FLTAPI ScanQueryTeardown(PCFLT_RELATED_OBJECTS FltObjects,
                                         FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags);
static FLT_POSTOP_CALLBACK_STATUS FLTAPI ScanPostCreate(PFLT_CALLBACK_DATA Data,
                                                        PCFLT_RELATED_OBJECTS FltObjects,
                                                        PVOID CompletionContext,
                                                        FLT_POST_OPERATION_FLAGS Flags);

static NTSTATUS FLTAPI ScanPortConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie,
                                       PVOID ConnectionContext, ULONG SizeOfContext,
                                       PVOID *ConnectionPortCookie);
static VOID FLTAPI ScanPortDisconnect(PVOID ConnectionCookie);
static NTSTATUS FLTAPI ScanPortMessage(PVOID PortCookie, PVOID InputBuffer,
                                       ULONG InputBufferLength, PVOID OutputBuffer,
                                       ULONG OutputBufferLength,
                                       PULONG ReturnOutputBufferLength);

static const FLT_OPERATION_REGISTRATION Callbacks[] = {
    { IRP_MJ_CREATE, 0, NULL, ScanPostCreate },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION FilterRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,                      /* Flags */
    NULL,                   /* Context */
    Callbacks,
    ScanUnload,
    ScanInstanceSetup,
    ScanQueryTeardown,
    NULL, NULL,             /* teardown start / complete */
    NULL, NULL, NULL        /* name provider callbacks */
};

/* ------------------------------------------------------------------ */

static NTSTATUS FLTAPI
ScanInstanceSetup(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_SETUP_FLAGS Flags,
                  DEVICE_TYPE VolumeDeviceType, FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    UNREFERENCED_PARAMETER(VolumeFilesystemType);

    /* local disks only */
    if (VolumeDeviceType == FILE_DEVICE_NETWORK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI
ScanQueryTeardown(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    return STATUS_SUCCESS;
}

static FLT_POSTOP_CALLBACK_STATUS FLTAPI
ScanPostCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
               PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags)
{
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    PSCANFLT_NOTIFICATION note;
    LARGE_INTEGER timeout;
    ACCESS_MASK access;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) ||
        !NT_SUCCESS(Data->IoStatus.Status) ||
        Data->IoStatus.Status == STATUS_REPARSE) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    access = Data->Iopb->Parameters.Create.SecurityContext->DesiredAccess;
    if (!FlagOn(access, FILE_EXECUTE) || !g_Enabled) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    InterlockedIncrement(&g_Stats.Seen);
    if (g_ClientPort == NULL) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                       &nameInfo);
    if (!NT_SUCCESS(status)) {
        InterlockedIncrement(&g_Stats.Dropped);
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    note = (PSCANFLT_NOTIFICATION)ExAllocatePool2(POOL_FLAG_PAGED, sizeof(*note), SCANFLT_TAG);
    if (note != NULL) {
        note->ProcessId = HandleToULong(PsGetCurrentProcessId());
        note->PathBytes = min(nameInfo->Name.Length, (USHORT)sizeof(note->Path));
        RtlCopyMemory(note->Path, nameInfo->Name.Buffer, note->PathBytes);

        timeout.QuadPart = -10LL * 1000 * 200;   /* 200 ms, never block the opener for long */
        status = FltSendMessage(g_Filter, &g_ClientPort, note, sizeof(*note), NULL, NULL, &timeout);
        if (status == STATUS_SUCCESS) {
            InterlockedIncrement(&g_Stats.Sent);
        } else {
            InterlockedIncrement(&g_Stats.Dropped);
        }
        ExFreePoolWithTag(note, SCANFLT_TAG);
    } else {
        InterlockedIncrement(&g_Stats.Dropped);
    }

    FltReleaseFileNameInformation(nameInfo);
    return FLT_POSTOP_FINISHED_PROCESSING;
}

/* ------------------------------------------------------------------ */

static NTSTATUS FLTAPI
ScanPortConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie, PVOID ConnectionContext,
                ULONG SizeOfContext, PVOID *ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    g_ClientPort = ClientPort;
    *ConnectionPortCookie = NULL;
    return STATUS_SUCCESS;
}

static VOID FLTAPI
ScanPortDisconnect(PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    FltCloseClientPort(g_Filter, &g_ClientPort);
}

static NTSTATUS FLTAPI
ScanPortMessage(PVOID PortCookie, PVOID InputBuffer, ULONG InputBufferLength,
                PVOID OutputBuffer, ULONG OutputBufferLength, PULONG ReturnOutputBufferLength)
{
    SCANFLT_COMMAND cmd;

    UNREFERENCED_PARAMETER(PortCookie);
    *ReturnOutputBufferLength = 0;

    if (InputBuffer == NULL || InputBufferLength < sizeof(SCANFLT_COMMAND)) {
        return STATUS_INVALID_PARAMETER;
    }

    __try {
        cmd = *(SCANFLT_COMMAND *)InputBuffer;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    switch (cmd) {
    case ScanFltCmdEnable:
        InterlockedExchange(&g_Enabled, 1);
        return STATUS_SUCCESS;
    case ScanFltCmdDisable:
        InterlockedExchange(&g_Enabled, 0);
        return STATUS_SUCCESS;
    case ScanFltCmdStats:
        if (OutputBuffer == NULL || OutputBufferLength < sizeof(SCANFLT_STATS)) {
            return STATUS_BUFFER_TOO_SMALL;
        }
        __try {
            RtlCopyMemory(OutputBuffer, &g_Stats, sizeof(SCANFLT_STATS));
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            return GetExceptionCode();
        }
        *ReturnOutputBufferLength = sizeof(SCANFLT_STATS);
        return STATUS_SUCCESS;
    default:
        return STATUS_INVALID_PARAMETER;
    }
}

/* ------------------------------------------------------------------ */

static NTSTATUS FLTAPI
ScanUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);

    /* client connections are closed by the filter manager on unload */
    FltUnregisterFilter(g_Filter);
    g_Filter = NULL;
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING portName = RTL_CONSTANT_STRING(SCANFLT_PORT_NAME);
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES oa;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    do {
        status = FltRegisterFilter(DriverObject, &FilterRegistration, &g_Filter);
        if (!NT_SUCCESS(status)) {
            break;
        }

        status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
        if (!NT_SUCCESS(status)) {
            FltUnregisterFilter(g_Filter);
            break;
        }

        InitializeObjectAttributes(&oa, &portName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                                   NULL, sd);
        status = FltCreateCommunicationPort(g_Filter, &g_ServerPort, &oa, NULL,
                                            ScanPortConnect, ScanPortDisconnect,
                                            ScanPortMessage, 1);
        FltFreeSecurityDescriptor(sd);
        if (!NT_SUCCESS(status)) {
            FltUnregisterFilter(g_Filter);
            break;
        }

        status = FltStartFiltering(g_Filter);
        if (!NT_SUCCESS(status)) {
            FltCloseCommunicationPort(g_ServerPort);
            break;
        }

        DbgPrint("ScanFlt: filtering started\n");
    } while (0);

    return status;
}
