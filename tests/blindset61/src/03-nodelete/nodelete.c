/*
 * nodelete.c - NoDelete minifilter
 */
#include "nodelete.h"

ND_GLOBALS g_Nd;

DRIVER_INITIALIZE DriverEntry;
static NTSTATUS FLTAPI NdUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
static NTSTATUS FLTAPI NdInstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                                       _In_ DEVICE_TYPE VolumeDeviceType, _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);
static FLT_PREOP_CALLBACK_STATUS FLTAPI NdPreCreate(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                                    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);
static FLT_PREOP_CALLBACK_STATUS FLTAPI NdPreSetInfo(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                                     _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);
static NTSTATUS FLTAPI NdConnect(_In_ PFLT_PORT ClientPort, _In_opt_ PVOID ServerPortCookie,
                                 _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext, _In_ ULONG SizeOfContext,
                                 _Outptr_result_maybenull_ PVOID *ConnectionPortCookie);
static VOID FLTAPI NdDisconnect(_In_opt_ PVOID ConnectionCookie);
static NTSTATUS FLTAPI NdMessage(_In_opt_ PVOID PortCookie, _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer,
                                 _In_ ULONG InputBufferLength,
                                 _Out_writes_bytes_to_opt_(OutputBufferLength, *ReturnOutputBufferLength) PVOID OutputBuffer,
                                 _In_ ULONG OutputBufferLength, _Out_ PULONG ReturnOutputBufferLength);

static const FLT_OPERATION_REGISTRATION s_Ops[] = {
    { IRP_MJ_CREATE,          0,                                            NdPreCreate,  NULL },
    { IRP_MJ_SET_INFORMATION, FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, NdPreSetInfo, NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION s_Registration = {
    sizeof(FLT_REGISTRATION), FLT_REGISTRATION_VERSION, 0,
    NULL, s_Ops, NdUnload, NdInstanceSetup,
    NULL, NULL, NULL, NULL, NULL, NULL
};

static NTSTATUS
NdOpenPort(VOID)
{
    NTSTATUS status;
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING name;

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    CHECK_STATUS(status, "FltBuildDefaultSecurityDescriptor");

    RtlInitUnicodeString(&name, ND_PORT_NAME);
    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, sd);

    status = FltCreateCommunicationPort(g_Nd.Filter, &g_Nd.ServerPort, &oa, NULL,
                                        NdConnect, NdDisconnect, NdMessage, 1);
    CHECK_STATUS(status, "FltCreateCommunicationPort");

    FltFreeSecurityDescriptor(sd);
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    ND_DBG("DriverEntry %wZ", RegistryPath);

    status = NdLoadConfig(RegistryPath);
    CHECK_STATUS(status, "NdLoadConfig");

    status = FltRegisterFilter(DriverObject, &s_Registration, &g_Nd.Filter);
    if (NT_SUCCESS(status)) {
        status = NdOpenPort();
        if (NT_SUCCESS(status)) {
            status = FltStartFiltering(g_Nd.Filter);
            if (NT_SUCCESS(status)) {
                ND_DBG("filtering started");
                return STATUS_SUCCESS;
            }
            FltCloseCommunicationPort(g_Nd.ServerPort);
            g_Nd.ServerPort = NULL;
        }
        FltUnregisterFilter(g_Nd.Filter);
        g_Nd.Filter = NULL;
    }

    NdFreeConfig();
    return status;
}

static NTSTATUS FLTAPI
NdUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    ND_DBG("unload");

    if (g_Nd.ServerPort != NULL) {
        FltCloseCommunicationPort(g_Nd.ServerPort);
        g_Nd.ServerPort = NULL;
    }
    FltUnregisterFilter(g_Nd.Filter);
    g_Nd.Filter = NULL;

    NdFreeConfig();
    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI
NdInstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                _In_ DEVICE_TYPE VolumeDeviceType, _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    NTSTATUS status;
    FLT_VOLUME_PROPERTIES props;
    ULONG len = 0;

    UNREFERENCED_PARAMETER(Flags);
    UNREFERENCED_PARAMETER(VolumeFilesystemType);
    PAGED_CODE();

    if (VolumeDeviceType != FILE_DEVICE_DISK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    status = FltGetVolumeProperties(FltObjects->Volume, &props, sizeof(props), &len);
    if (NT_SUCCESS(status) || status == STATUS_BUFFER_OVERFLOW) {
        if (FlagOn(props.DeviceCharacteristics, FILE_REMOVABLE_MEDIA)) {
            g_Nd.ProtectRemovable = NdReadServiceFlag(L"ProtectRemovable", FALSE);
            if (!g_Nd.ProtectRemovable) {
                return STATUS_FLT_DO_NOT_ATTACH;
            }
        }
    }

    return STATUS_SUCCESS;
}

static BOOLEAN
NdShouldBlock(_In_ PFLT_CALLBACK_DATA Data)
{
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    BOOLEAN block = FALSE;

    if (!NT_SUCCESS(FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &nameInfo))) {
        return FALSE;
    }
    if (NT_SUCCESS(FltParseFileNameInformation(nameInfo))) {
        if (nameInfo->Extension.Length != 0) {
            block = NdIsProtected(&nameInfo->Extension);
        }
    }
    FltReleaseFileNameInformation(nameInfo);
    return block;
}

static FLT_PREOP_CALLBACK_STATUS FLTAPI
NdPreCreate(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
            _Flt_CompletionContext_Outptr_ PVOID *CompletionContext)
{
    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    if (Data->RequestorMode == KernelMode) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    if (FlagOn(Data->Iopb->Parameters.Create.Options, FILE_DELETE_ON_CLOSE)) {
        if (NdShouldBlock(Data)) {
            ND_DBG("blocked delete-on-close from pid %p", PsGetCurrentProcessId());
            Data->IoStatus.Status = STATUS_ACCESS_DENIED;
            Data->IoStatus.Information = 0;
            return FLT_PREOP_COMPLETE;
        }
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

static FLT_PREOP_CALLBACK_STATUS FLTAPI
NdPreSetInfo(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
             _Flt_CompletionContext_Outptr_ PVOID *CompletionContext)
{
    FILE_INFORMATION_CLASS cls = Data->Iopb->Parameters.SetFileInformation.FileInformationClass;

    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    if (cls == FileDispositionInformation || cls == FileDispositionInformationEx ||
        cls == FileRenameInformation || cls == FileRenameInformationEx) {
        if (Data->RequestorMode == UserMode && NdShouldBlock(Data)) {
            Data->IoStatus.Status = STATUS_ACCESS_DENIED;
            Data->IoStatus.Information = 0;
            return FLT_PREOP_COMPLETE;
        }
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

static NTSTATUS FLTAPI
NdConnect(_In_ PFLT_PORT ClientPort, _In_opt_ PVOID ServerPortCookie,
          _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext, _In_ ULONG SizeOfContext,
          _Outptr_result_maybenull_ PVOID *ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    g_Nd.ClientPort = ClientPort;
    *ConnectionPortCookie = NULL;
    return STATUS_SUCCESS;
}

static VOID FLTAPI
NdDisconnect(_In_opt_ PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    FltCloseClientPort(g_Nd.Filter, &g_Nd.ClientPort);
}

static NTSTATUS FLTAPI
NdMessage(_In_opt_ PVOID PortCookie, _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer,
          _In_ ULONG InputBufferLength,
          _Out_writes_bytes_to_opt_(OutputBufferLength, *ReturnOutputBufferLength) PVOID OutputBuffer,
          _In_ ULONG OutputBufferLength, _Out_ PULONG ReturnOutputBufferLength)
{
    WCHAR ext[ND_EXT_CCH];
    ULONG cb = min(InputBufferLength, sizeof(ext));

    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(OutputBuffer);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    *ReturnOutputBufferLength = 0;

    if (InputBuffer == NULL || cb < sizeof(WCHAR)) {
        return STATUS_INVALID_PARAMETER;
    }
    __try {
        ProbeForRead(InputBuffer, cb, sizeof(UCHAR));
        RtlCopyMemory(ext, InputBuffer, cb);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return NdAddExtension(ext, (USHORT)(cb & ~1UL));
}
