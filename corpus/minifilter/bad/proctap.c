/*
 * proctap.c - minifilter of an endpoint agent that blocks writes to its own
 * files, and keeps a table of the processes started since it loaded for the
 * agent service. The table is set up after FltStartFiltering, but the only
 * routine that reads it is the process notify routine, registered after the
 * table is ready; the write callback does not read it.
 *
 * BUG (FLT006): the port's message callback answers the service's query for
 * the table's size, and the service may connect as soon as filtering has
 * started: it reads PtSlots before DriverEntry has set it (DE014 says the
 * same from the port: its callbacks run once a client connects).
 */

#include <fltKernel.h>

#define PT_TAG 'pTtP'
#define PT_SLOTS 128

static PFLT_FILTER PtFilter;
static PFLT_PORT PtServerPort;
static HANDLE *PtProcesses;
static ULONG PtSlots;

DRIVER_INITIALIZE DriverEntry;

static NTSTATUS FLTAPI PtUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
static FLT_PREOP_CALLBACK_STATUS FLTAPI
PtPreWrite(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
           _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);
static NTSTATUS FLTAPI PtConnect(_In_ PFLT_PORT ClientPort, _In_opt_ PVOID ServerPortCookie,
                                 _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
                                 _In_ ULONG SizeOfContext, _Outptr_result_maybenull_ PVOID *ConnectionPortCookie);
static VOID FLTAPI PtDisconnect(_In_opt_ PVOID ConnectionCookie);
static NTSTATUS FLTAPI PtMessage(_In_opt_ PVOID PortCookie, _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer,
                                 _In_ ULONG InputBufferLength,
                                 _Out_writes_bytes_to_opt_(OutputBufferLength, *ReturnOutputBufferLength) PVOID OutputBuffer,
                                 _In_ ULONG OutputBufferLength, _Out_ PULONG ReturnOutputBufferLength);
static VOID PtProcessNotify(_Inout_ PEPROCESS Process, _In_ HANDLE ProcessId,
                            _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo);

static const FLT_OPERATION_REGISTRATION PtOperations[] = {
    { IRP_MJ_WRITE, 0, PtPreWrite, NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION PtRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    PtOperations,
    PtUnload,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
};

NTSTATUS
DriverEntry(                                            // expect-entry: minifilter
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\ProcTapPort");
    OBJECT_ATTRIBUTES attributes;
    PSECURITY_DESCRIPTOR sd = NULL;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = FltRegisterFilter(DriverObject, &PtRegistration, &PtFilter);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(PtFilter);
        return status;
    }
    InitializeObjectAttributes(&attributes, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, sd);
    status = FltCreateCommunicationPort(PtFilter, &PtServerPort, &attributes, NULL, // expect: DE014
                                        PtConnect, PtDisconnect, PtMessage, 1);
    FltFreeSecurityDescriptor(sd);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(PtFilter);
        return status;
    }

    status = FltStartFiltering(PtFilter);
    if (!NT_SUCCESS(status)) {
        FltCloseCommunicationPort(PtServerPort);
        FltUnregisterFilter(PtFilter);
        return status;
    }

    PtProcesses = (HANDLE *)ExAllocatePool2(POOL_FLAG_NON_PAGED, PT_SLOTS * sizeof(HANDLE), PT_TAG);
    if (PtProcesses == NULL) {
        FltCloseCommunicationPort(PtServerPort);
        FltUnregisterFilter(PtFilter);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    PtSlots = PT_SLOTS;                                                 // expect: FLT006

    status = PsSetCreateProcessNotifyRoutineEx(PtProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(PtProcesses, PT_TAG);
        FltCloseCommunicationPort(PtServerPort);
        FltUnregisterFilter(PtFilter);
        return status;
    }
    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI
PtUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(Flags);

    PsSetCreateProcessNotifyRoutineEx(PtProcessNotify, TRUE);
    FltCloseCommunicationPort(PtServerPort);
    FltUnregisterFilter(PtFilter);
    ExFreePoolWithTag(PtProcesses, PT_TAG);
    return STATUS_SUCCESS;
}

static FLT_PREOP_CALLBACK_STATUS FLTAPI
PtPreWrite(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    if (Data->RequestorMode == UserMode && FltObjects->FileObject->FileName.Length == 0) {
        Data->IoStatus.Status = STATUS_ACCESS_DENIED;
        return FLT_PREOP_COMPLETE;
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

static NTSTATUS FLTAPI
PtConnect(
    _In_ PFLT_PORT ClientPort,
    _In_opt_ PVOID ServerPortCookie,
    _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
    _In_ ULONG SizeOfContext,
    _Outptr_result_maybenull_ PVOID *ConnectionPortCookie
    )
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    *ConnectionPortCookie = ClientPort;
    return STATUS_SUCCESS;
}

static VOID FLTAPI
PtDisconnect(
    _In_opt_ PVOID ConnectionCookie
    )
{
    FltCloseClientPort(PtFilter, (PFLT_PORT *)&ConnectionCookie);
}

static NTSTATUS FLTAPI
PtMessage(
    _In_opt_ PVOID PortCookie,
    _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer,
    _In_ ULONG InputBufferLength,
    _Out_writes_bytes_to_opt_(OutputBufferLength, *ReturnOutputBufferLength) PVOID OutputBuffer,
    _In_ ULONG OutputBufferLength,
    _Out_ PULONG ReturnOutputBufferLength
    )
{
    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(InputBuffer);
    UNREFERENCED_PARAMETER(InputBufferLength);

    *ReturnOutputBufferLength = 0;
    if (OutputBuffer == NULL || OutputBufferLength < sizeof(ULONG)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    *(PULONG)OutputBuffer = PtSlots;
    *ReturnOutputBufferLength = sizeof(ULONG);
    return STATUS_SUCCESS;
}

static VOID
PtProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo == NULL) {
        return;
    }
    for (ULONG i = 0; i < PtSlots; i++) {
        if (PtProcesses[i] == NULL) {
            PtProcesses[i] = ProcessId;
            break;
        }
    }
}
