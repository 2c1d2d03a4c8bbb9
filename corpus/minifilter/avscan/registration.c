/*
 * registration.c - filter manager registration, the server communication
 * port for the scanning service, and filter unload for avscan.
 */

#include "avscan.h"

static NTSTATUS FLTAPI AvScanPortConnect(_In_ PFLT_PORT ClientPort,
                                         _In_opt_ PVOID ServerPortCookie,
                                         _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
                                         _In_ ULONG SizeOfContext,
                                         _Outptr_result_maybenull_ PVOID *ConnectionCookie);
static VOID FLTAPI AvScanPortDisconnect(_In_opt_ PVOID ConnectionCookie);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, AvScanRegister)
#pragma alloc_text(PAGE, AvScanUnload)
#pragma alloc_text(PAGE, AvScanPortConnect)
#pragma alloc_text(PAGE, AvScanPortDisconnect)
#endif

static const FLT_OPERATION_REGISTRATION AvScanCallbacks[] = {
    { IRP_MJ_CREATE, 0, AvScanPreCreate, AvScanPostCreate },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION AvScanRegistration = {
    sizeof(FLT_REGISTRATION),       /* Size */
    FLT_REGISTRATION_VERSION,       /* Version */
    0,                              /* Flags */
    NULL,                           /* ContextRegistration */
    AvScanCallbacks,                /* OperationRegistration */
    AvScanUnload,                   /* FilterUnloadCallback */
    AvScanInstanceSetup,            /* InstanceSetupCallback */
    NULL,                           /* InstanceQueryTeardownCallback */
    NULL,                           /* InstanceTeardownStartCallback */
    NULL,                           /* InstanceTeardownCompleteCallback */
};

NTSTATUS
AvScanRegister(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING portName;
    OBJECT_ATTRIBUTES oa;
    PSECURITY_DESCRIPTOR sd = NULL;
    NTSTATUS status;

    status = FltRegisterFilter(DriverObject, &AvScanRegistration, &AvScanData.Filter);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    /* Only SYSTEM and administrators may connect (the service runs as SYSTEM). */
    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(AvScanData.Filter);
        AvScanData.Filter = NULL;
        return status;
    }

    RtlInitUnicodeString(&portName, AVSCAN_PORT_NAME);
    InitializeObjectAttributes(&oa, &portName,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, sd);

    status = FltCreateCommunicationPort(AvScanData.Filter,
                                        &AvScanData.ServerPort,
                                        &oa,
                                        NULL,
                                        AvScanPortConnect,
                                        AvScanPortDisconnect,
                                        NULL,               /* no messages from the service */
                                        1);                 /* one service connection */
    FltFreeSecurityDescriptor(sd);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(AvScanData.Filter);
        AvScanData.Filter = NULL;
        return status;
    }

    status = FltStartFiltering(AvScanData.Filter);
    if (!NT_SUCCESS(status)) {
        FltCloseCommunicationPort(AvScanData.ServerPort);
        AvScanData.ServerPort = NULL;
        FltUnregisterFilter(AvScanData.Filter);
        AvScanData.Filter = NULL;
        return status;
    }

    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI
AvScanUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    FltCloseCommunicationPort(AvScanData.ServerPort);
    FltUnregisterFilter(AvScanData.Filter);
    ExDeleteNPagedLookasideList(&AvScanData.NotificationLookaside);
    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI
AvScanPortConnect(
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
    PAGED_CODE();

    AvScanData.ServiceProcess = PsGetCurrentProcess();
    AvScanData.ClientPort = ClientPort;
    *ConnectionCookie = NULL;
    return STATUS_SUCCESS;
}

static VOID FLTAPI
AvScanPortDisconnect(
    _In_opt_ PVOID ConnectionCookie
    )
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    PAGED_CODE();

    FltCloseClientPort(AvScanData.Filter, &AvScanData.ClientPort);
    AvScanData.ServiceProcess = NULL;
}
