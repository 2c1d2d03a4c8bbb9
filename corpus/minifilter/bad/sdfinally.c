/*
 * sdfinally.c - the content-inspection minifilter of ../sdfinally.c as an
 * older revision had it: the security descriptor is freed inside the __try
 * once the port exists, so when FltCreateCommunicationPort fails it stays
 * allocated; and the __finally block closes the port but never unregisters
 * the filter, so when FltStartFiltering fails the filter stays registered.
 * Both reach the one return: two findings there, each about its own
 * acquisition.
 *
 * BUG (DE006, FLT004).
 */

#include <fltKernel.h>

DRIVER_INITIALIZE DriverEntry;

#define SF_PORT_NAME L"\\ScanFinallyPort"

static struct {
    PFLT_FILTER Filter;
    PFLT_PORT ServerPort;
    PFLT_PORT ClientPort;
} SfGlobals;

static NTSTATUS FLTAPI SfUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
static FLT_PREOP_CALLBACK_STATUS FLTAPI
SfPreCreate(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
            _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);

static const FLT_OPERATION_REGISTRATION SfOperations[] = {
    { IRP_MJ_CREATE, 0, SfPreCreate, NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION SfRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    SfOperations,
    SfUnload,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
};

static NTSTATUS FLTAPI
SfConnect(_In_ PFLT_PORT ClientPort, _In_opt_ PVOID ServerPortCookie,
          _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext, _In_ ULONG SizeOfContext,
          _Outptr_result_maybenull_ PVOID *ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);
    SfGlobals.ClientPort = ClientPort;
    *ConnectionPortCookie = NULL;
    return STATUS_SUCCESS;
}

static VOID FLTAPI
SfDisconnect(_In_opt_ PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    FltCloseClientPort(SfGlobals.Filter, &SfGlobals.ClientPort);
}

static FLT_PREOP_CALLBACK_STATUS FLTAPI
SfPreCreate(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
            _Flt_CompletionContext_Outptr_ PVOID *CompletionContext)
{
    UNREFERENCED_PARAMETER(Data);
    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

static NTSTATUS FLTAPI
SfUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    FltCloseCommunicationPort(SfGlobals.ServerPort);
    FltUnregisterFilter(SfGlobals.Filter);
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)   // expect-entry: minifilter
{
    NTSTATUS status;
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING name;

    UNREFERENCED_PARAMETER(RegistryPath);

    __try {
        status = FltRegisterFilter(DriverObject, &SfRegistration, &SfGlobals.Filter);
        if (!NT_SUCCESS(status)) {
            SfGlobals.Filter = NULL;
            __leave;
        }

        status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
        if (!NT_SUCCESS(status)) {
            FltUnregisterFilter(SfGlobals.Filter);
            __leave;
        }

        RtlInitUnicodeString(&name, SF_PORT_NAME);
        InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, sd);
        status = FltCreateCommunicationPort(SfGlobals.Filter, &SfGlobals.ServerPort, &oa, NULL,
                                            SfConnect, SfDisconnect, NULL, 1);
        if (!NT_SUCCESS(status)) {
            SfGlobals.ServerPort = NULL;
            FltUnregisterFilter(SfGlobals.Filter);
            __leave;
        }

        FltFreeSecurityDescriptor(sd);
        sd = NULL;

        status = FltStartFiltering(SfGlobals.Filter);
    } __finally {
        if (!NT_SUCCESS(status)) {
            if (SfGlobals.ServerPort != NULL) {
                FltCloseCommunicationPort(SfGlobals.ServerPort);
                SfGlobals.ServerPort = NULL;
            }
        }
    }

    return status;                                  // expect: DE006, FLT004
}
