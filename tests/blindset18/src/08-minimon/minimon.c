/*
 * minimon.c - file system minifilter that reports creates, deletes and
 * renames to a user mode listener over a filter communication port.
 *
 * Install with minimon.inf (Altitude 370030, FSFilter Activity Monitor),
 * then "fltmc load minimon" and start minimon.exe.
 */
#include <fltKernel.h>
#include <dontuse.h>
#include "minimon.h"

#pragma prefast(disable:__WARNING_ENCODE_MEMBER_FUNCTION_POINTER, "Not valid for kernel mode drivers")

typedef struct _MINIMON_GLOBALS {
    PFLT_FILTER Filter;
    PFLT_PORT   ServerPort;
    PFLT_PORT   ClientPort;
    PEPROCESS   ClientProcess;
    volatile LONG Paused;
} MINIMON_GLOBALS;

static MINIMON_GLOBALS Globals;

DRIVER_INITIALIZE DriverEntry;

NTSTATUS MmUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
NTSTATUS MmInstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                         _In_ DEVICE_TYPE VolumeDeviceType, _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);
FLT_POSTOP_CALLBACK_STATUS MmPostCreate(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                        _In_opt_ PVOID CompletionContext, _In_ FLT_POST_OPERATION_FLAGS Flags);
FLT_PREOP_CALLBACK_STATUS MmPreSetInfo(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                       _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);

static const FLT_OPERATION_REGISTRATION Callbacks[] = {
    { IRP_MJ_CREATE,           0, NULL,         MmPostCreate },
    { IRP_MJ_SET_INFORMATION,  0, MmPreSetInfo, NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION FilterRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,                      // Flags
    NULL,                   // Context
    Callbacks,
    MmUnload,
    MmInstanceSetup,
    NULL,                   // InstanceQueryTeardown
    NULL,                   // InstanceTeardownStart
    NULL,                   // InstanceTeardownComplete
    NULL, NULL, NULL        // name provider callbacks
};

/* ---------------------------------------------------------------- port */

static NTSTATUS
MmPortConnect(
    _In_ PFLT_PORT ClientPort,
    _In_opt_ PVOID ServerPortCookie,
    _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
    _In_ ULONG SizeOfContext,
    _Outptr_result_maybenull_ PVOID *ConnectionCookie
    )
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    Globals.ClientPort = ClientPort;
    Globals.ClientProcess = PsGetCurrentProcess();
    *ConnectionCookie = NULL;

    DbgPrint("minimon: client %p connected\n", PsGetCurrentProcessId());
    return STATUS_SUCCESS;
}

static VOID
MmPortDisconnect(
    _In_opt_ PVOID ConnectionCookie
    )
{
    UNREFERENCED_PARAMETER(ConnectionCookie);

    FltCloseClientPort(Globals.Filter, &Globals.ClientPort);
    Globals.ClientProcess = NULL;
    DbgPrint("minimon: client disconnected\n");
}

static NTSTATUS
MmPortMessage(
    _In_opt_ PVOID PortCookie,
    _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer,
    _In_ ULONG InputBufferLength,
    _Out_writes_bytes_to_opt_(OutputBufferLength, *ReturnOutputBufferLength) PVOID OutputBuffer,
    _In_ ULONG OutputBufferLength,
    _Out_ PULONG ReturnOutputBufferLength
    )
{
    ULONG command = 0;

    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(OutputBuffer);
    UNREFERENCED_PARAMETER(OutputBufferLength);

    *ReturnOutputBufferLength = 0;

    if (InputBuffer == NULL || InputBufferLength < sizeof(MINIMON_COMMAND)) {
        return STATUS_INVALID_PARAMETER;
    }

    __try {
        ProbeForRead(InputBuffer, InputBufferLength, sizeof(ULONG));
        command = ((PMINIMON_COMMAND)InputBuffer)->Command;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    switch (command) {
    case 1: InterlockedExchange(&Globals.Paused, 1); break;
    case 2: InterlockedExchange(&Globals.Paused, 0); break;
    default: return STATUS_INVALID_PARAMETER;
    }
    return STATUS_SUCCESS;
}

/* ------------------------------------------------------------- helpers */

static VOID
MmNotify(
    _In_ PFLT_CALLBACK_DATA Data,
    _In_ MINIMON_OP Op
    )
{
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    PMINIMON_NOTIFICATION msg;
    LARGE_INTEGER timeout;
    NTSTATUS status;

    if (Globals.ClientPort == NULL || Globals.Paused) {
        return;
    }
    // don't report our own client's activity
    if (PsGetCurrentProcess() == Globals.ClientProcess) {
        return;
    }

    status = FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &nameInfo);
    if (!NT_SUCCESS(status)) {
        return;
    }

    msg = ExAllocatePool2(POOL_FLAG_PAGED, sizeof(MINIMON_NOTIFICATION), 'nMiM');
    if (msg != NULL) {
        msg->Operation = Op;
        msg->ProcessId = FltGetRequestorProcessId(Data);
        msg->NameLength = min(nameInfo->Name.Length, (USHORT)(sizeof(msg->Name) - sizeof(WCHAR)));
        RtlCopyMemory(msg->Name, nameInfo->Name.Buffer, msg->NameLength);

        timeout.QuadPart = -10 * 1000 * 100;   // 100 ms, never block the I/O for long
        FltSendMessage(Globals.Filter, &Globals.ClientPort, msg, sizeof(*msg), NULL, NULL, &timeout);

        ExFreePoolWithTag(msg, 'nMiM');
    }

    FltReleaseFileNameInformation(nameInfo);
}

/* ----------------------------------------------------------- callbacks */

NTSTATUS
MmInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    UNREFERENCED_PARAMETER(VolumeFilesystemType);

    // only local disks
    if (VolumeDeviceType == FILE_DEVICE_NETWORK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    return STATUS_SUCCESS;
}

FLT_POSTOP_CALLBACK_STATUS
MmPostCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    if (NT_SUCCESS(Data->IoStatus.Status) && Data->IoStatus.Information == FILE_CREATED) {
        MmNotify(Data, MmOpCreate);
    }
    return FLT_POSTOP_FINISHED_PROCESSING;
}

FLT_PREOP_CALLBACK_STATUS
MmPreSetInfo(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    FILE_INFORMATION_CLASS cls = Data->Iopb->Parameters.SetFileInformation.FileInformationClass;

    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    if (cls == FileDispositionInformation || cls == FileDispositionInformationEx) {
        MmNotify(Data, MmOpDelete);
    } else if (cls == FileRenameInformation || cls == FileRenameInformationEx) {
        MmNotify(Data, MmOpRename);
    }

    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

NTSTATUS
MmUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(Flags);

    DbgPrint("minimon: unloading\n");

    FltCloseCommunicationPort(Globals.ServerPort);
    FltUnregisterFilter(Globals.Filter);

    return STATUS_SUCCESS;
}

/* ---------------------------------------------------------- DriverEntry */

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING portName = RTL_CONSTANT_STRING(MINIMON_PORT_NAME);

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&Globals, sizeof(Globals));

    status = FltRegisterFilter(DriverObject, &FilterRegistration, &Globals.Filter);
    if (!NT_SUCCESS(status)) {
        DbgPrint("minimon: FltRegisterFilter 0x%08x\n", status);
        return status;
    }

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        goto unregister;
    }

    InitializeObjectAttributes(&oa, &portName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, sd);

    status = FltCreateCommunicationPort(Globals.Filter,
                                        &Globals.ServerPort,
                                        &oa,
                                        NULL,
                                        MmPortConnect,
                                        MmPortDisconnect,
                                        MmPortMessage,
                                        1);
    // the port keeps its own copy of the descriptor
    FltFreeSecurityDescriptor(sd);
    if (!NT_SUCCESS(status)) {
        DbgPrint("minimon: FltCreateCommunicationPort 0x%08x\n", status);
        goto unregister;
    }

    status = FltStartFiltering(Globals.Filter);
    if (!NT_SUCCESS(status)) {
        DbgPrint("minimon: FltStartFiltering 0x%08x\n", status);
        FltCloseCommunicationPort(Globals.ServerPort);
        goto unregister;
    }

    DbgPrint("minimon: running\n");
    return STATUS_SUCCESS;

unregister:
    FltUnregisterFilter(Globals.Filter);
    return status;
}
