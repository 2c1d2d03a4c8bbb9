/*
 * regonly.c - minifilter that reports executable-image creations to the
 * application-control service over a communication port.
 *
 * BUG (FLT002): FltStartFiltering was moved out of DriverEntry into the
 * port-connect callback, "so that nothing is filtered before the service
 * is up". DriverEntry returns success without starting filtering; when the
 * service starts late or not at all, the filter stays registered and idle,
 * and a reconnect calls FltStartFiltering a second time.
 */

#include <fltKernel.h>

#define REGONLY_PORT_NAME L"\\AppCtlPort"

typedef struct _REGONLY_GLOBALS {
    PFLT_FILTER Filter;
    PFLT_PORT   ServerPort;
    PFLT_PORT   ClientPort;
} REGONLY_GLOBALS;

static REGONLY_GLOBALS RoData;

DRIVER_INITIALIZE DriverEntry;

static NTSTATUS FLTAPI RoUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
static NTSTATUS FLTAPI RoConnect(_In_ PFLT_PORT ClientPort, _In_opt_ PVOID ServerPortCookie,
                                 _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
                                 _In_ ULONG SizeOfContext,
                                 _Outptr_result_maybenull_ PVOID *ConnectionCookie);
static VOID FLTAPI RoDisconnect(_In_opt_ PVOID ConnectionCookie);

static const FLT_OPERATION_REGISTRATION RoOperations[] = {
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION RoRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    RoOperations,
    RoUnload,
};

NTSTATUS
DriverEntry(                                            // expect-entry: minifilter
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING portName = RTL_CONSTANT_STRING(REGONLY_PORT_NAME);
    OBJECT_ATTRIBUTES oa;
    PSECURITY_DESCRIPTOR sd;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = FltRegisterFilter(DriverObject, &RoRegistration, &RoData.Filter);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(RoData.Filter);
        return status;
    }

    InitializeObjectAttributes(&oa, &portName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, sd);
    status = FltCreateCommunicationPort(RoData.Filter, &RoData.ServerPort, &oa, NULL,
                                        RoConnect, RoDisconnect, NULL, 1);
    FltFreeSecurityDescriptor(sd);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(RoData.Filter);
        return status;
    }

    /* Filtering starts when the service connects (RoConnect). */
    return STATUS_SUCCESS;                              // expect: FLT002
}

static NTSTATUS FLTAPI
RoConnect(_In_ PFLT_PORT ClientPort, _In_opt_ PVOID ServerPortCookie,
          _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
          _In_ ULONG SizeOfContext, _Outptr_result_maybenull_ PVOID *ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    RoData.ClientPort = ClientPort;
    *ConnectionCookie = NULL;
    return FltStartFiltering(RoData.Filter);
}

static VOID FLTAPI
RoDisconnect(_In_opt_ PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    FltCloseClientPort(RoData.Filter, &RoData.ClientPort);
}

static NTSTATUS FLTAPI
RoUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    FltCloseCommunicationPort(RoData.ServerPort);
    FltUnregisterFilter(RoData.Filter);
    return STATUS_SUCCESS;
}
