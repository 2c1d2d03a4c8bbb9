/*
 * portglobals.c - an audit minifilter whose state lives in one global
 * structure that every helper is given a pointer to. DriverEntry registers
 * the filter and keeps it in g_Aud.Filter, a helper creates the server port
 * into a local and keeps it in Globals->ServerPort once it exists, and one
 * teardown helper, run by the unload callback, closes the port and
 * unregisters the filter, each under a test of the member that holds it.
 *
 * BUG (DE006, FLT004): the failure path only unregisters the filter, so the
 * port outlives a failed FltStartFiltering; and the unregistration tests
 * g_Aud.Mask, not the filter, which the bad twin forgot to rename (a
 * failure that left the mask clear would leave the filter registered).
 */

#include <fltKernel.h>

#define AUD_PORT_NAME L"\\AuditPort"

typedef struct _AUD_GLOBALS {
    PFLT_FILTER Filter;
    PFLT_PORT   ServerPort;
    ULONG       Mask;
} AUD_GLOBALS, *PAUD_GLOBALS;

DRIVER_INITIALIZE DriverEntry;
NTSTATUS AudUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
NTSTATUS AudConnect(_In_ PFLT_PORT ClientPort, _In_opt_ PVOID ServerCookie, _In_reads_bytes_opt_(Size) PVOID Context,
                    _In_ ULONG Size, _Outptr_result_maybenull_ PVOID *ConnectionCookie);
VOID AudDisconnect(_In_opt_ PVOID ConnectionCookie);

static AUD_GLOBALS g_Aud;

CONST FLT_REGISTRATION AudRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    NULL,
    AudUnload,
};

NTSTATUS
AudConnect(PFLT_PORT ClientPort, PVOID ServerCookie, PVOID Context, ULONG Size, PVOID *ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ClientPort);
    UNREFERENCED_PARAMETER(ServerCookie);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Size);
    *ConnectionCookie = NULL;
    return STATUS_SUCCESS;
}

VOID
AudDisconnect(PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
}

static NTSTATUS
AudCreatePort(_Inout_ PAUD_GLOBALS Globals)
{
    OBJECT_ATTRIBUTES attributes;
    UNICODE_STRING name = RTL_CONSTANT_STRING(AUD_PORT_NAME);
    PSECURITY_DESCRIPTOR sd = NULL;
    PFLT_PORT port = NULL;
    NTSTATUS status;

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    InitializeObjectAttributes(&attributes, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, sd);
    status = FltCreateCommunicationPort(Globals->Filter, &port, &attributes, Globals, AudConnect, AudDisconnect,
                                        NULL, 1);
    FltFreeSecurityDescriptor(sd);
    if (NT_SUCCESS(status)) {
        Globals->ServerPort = port;
    }
    return status;
}

static VOID
AudTeardown(_Inout_ PAUD_GLOBALS Globals)
{
    if (Globals->ServerPort != NULL) {
        FltCloseCommunicationPort(Globals->ServerPort);
        Globals->ServerPort = NULL;
    }
    if (Globals->Filter != NULL) {
        FltUnregisterFilter(Globals->Filter);
        Globals->Filter = NULL;
    }
}

NTSTATUS
AudUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    AudTeardown(&g_Aud);
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)  // expect-entry: minifilter
{
    PFLT_FILTER filter = NULL;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    g_Aud.Mask = 0xFFFF;

    do {
        status = FltRegisterFilter(DriverObject, &AudRegistration, &filter);
        if (!NT_SUCCESS(status)) {
            break;
        }
        g_Aud.Filter = filter;

        status = AudCreatePort(&g_Aud);
        if (!NT_SUCCESS(status)) {
            break;
        }

        status = FltStartFiltering(g_Aud.Filter);
    } while (FALSE);

    if (!NT_SUCCESS(status)) {
        if (g_Aud.Mask == 0 && g_Aud.Filter != NULL) {
            FltUnregisterFilter(g_Aud.Filter);
        }
    }
    return status;                                      // expect: DE006, FLT004
}
