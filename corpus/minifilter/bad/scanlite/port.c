/*
 * port.c - filter registration and the scanner's communication port.
 */

#include "scanlite.h"

static NTSTATUS FLTAPI SlConnect(_In_ PFLT_PORT ClientPort, _In_opt_ PVOID ServerPortCookie,
                                 _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
                                 _In_ ULONG SizeOfContext,
                                 _Outptr_result_maybenull_ PVOID *ConnectionCookie);
static VOID FLTAPI SlDisconnect(_In_opt_ PVOID ConnectionCookie);

static const FLT_OPERATION_REGISTRATION SlOperations[] = {
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION SlRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    SlOperations,
    SlUnload,
};

NTSTATUS
SlRegisterAndOpenPort(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING portName = RTL_CONSTANT_STRING(SCANLITE_PORT_NAME);
    OBJECT_ATTRIBUTES oa;
    PSECURITY_DESCRIPTOR sd;
    NTSTATUS status;

    status = FltRegisterFilter(DriverObject, &SlRegistration, &SlData.Filter);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(SlData.Filter);
        return status;
    }

    InitializeObjectAttributes(&oa, &portName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, sd);
    status = FltCreateCommunicationPort(SlData.Filter, &SlData.ServerPort, &oa, NULL,
                                        SlConnect, SlDisconnect, NULL, 1);
    FltFreeSecurityDescriptor(sd);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(SlData.Filter);
        return status;
    }

    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI
SlUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(Flags);
    FltCloseCommunicationPort(SlData.ServerPort);
    FltUnregisterFilter(SlData.Filter);
    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI
SlConnect(_In_ PFLT_PORT ClientPort, _In_opt_ PVOID ServerPortCookie,
          _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
          _In_ ULONG SizeOfContext, _Outptr_result_maybenull_ PVOID *ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    SlData.ClientPort = ClientPort;
    *ConnectionCookie = NULL;
    return STATUS_SUCCESS;
}

static VOID FLTAPI
SlDisconnect(_In_opt_ PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    FltCloseClientPort(SlData.Filter, &SlData.ClientPort);
}
