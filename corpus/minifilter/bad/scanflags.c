/*
 * scanflags.c - scanning minifilter that records each stage of DriverEntry
 * in a flag word through its own macros over the kit's SetFlag, FlagOn and
 * ClearFlag, and closes its server port through a helper testing
 * `*ServerPort`.
 *
 * BUG (DE006): DriverEntry never records SC_INIT_PORT after the port is
 * created, so when FltStartFiltering fails the teardown skips the port;
 * BUG (DE011): and so does the unload callback, which shares the teardown.
 */

#include <fltKernel.h>

#define SC_INIT_FILTER  0x00000001
#define SC_INIT_PORT    0x00000002

#define SC_SET_INIT(_f)     SetFlag(g_Scan.InitFlags, (_f))
#define SC_IS_INIT(_f)      FlagOn(g_Scan.InitFlags, (_f))
#define SC_CLEAR_INIT(_f)   ClearFlag(g_Scan.InitFlags, (_f))

typedef struct _SC_GLOBALS {
    PFLT_FILTER Filter;
    PFLT_PORT ServerPort;
    ULONG InitFlags;
} SC_GLOBALS;

DRIVER_INITIALIZE DriverEntry;
static NTSTATUS FLTAPI ScUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
static NTSTATUS FLTAPI ScConnect(_In_ PFLT_PORT ClientPort, _In_opt_ PVOID ServerPortCookie,
                                 _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
                                 _In_ ULONG SizeOfContext, _Outptr_result_maybenull_ PVOID *ConnectionCookie);
static VOID FLTAPI ScDisconnect(_In_opt_ PVOID ConnectionCookie);

static SC_GLOBALS g_Scan;

static const FLT_REGISTRATION ScRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    NULL,
    ScUnload,
};

static NTSTATUS FLTAPI
ScConnect(_In_ PFLT_PORT ClientPort, _In_opt_ PVOID ServerPortCookie,
          _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext, _In_ ULONG SizeOfContext,
          _Outptr_result_maybenull_ PVOID *ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);
    *ConnectionCookie = ClientPort;
    return STATUS_SUCCESS;
}

static VOID FLTAPI
ScDisconnect(_In_opt_ PVOID ConnectionCookie)
{
    FltCloseClientPort(g_Scan.Filter, (PFLT_PORT *)&ConnectionCookie);
}

static NTSTATUS
ScCreatePort(_In_ PFLT_FILTER Filter, _Out_ PFLT_PORT *ServerPort)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\ScanFlagsPort");
    OBJECT_ATTRIBUTES attributes;
    PSECURITY_DESCRIPTOR sd;
    NTSTATUS status;

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    InitializeObjectAttributes(&attributes, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, sd);
    status = FltCreateCommunicationPort(Filter, ServerPort, &attributes, NULL, ScConnect, ScDisconnect, NULL, 1); // expect: DE011
    FltFreeSecurityDescriptor(sd);
    return status;
}

static VOID
ScClosePort(_Inout_ PFLT_PORT *ServerPort)
{
    if (*ServerPort != NULL) {
        FltCloseCommunicationPort(*ServerPort);
        *ServerPort = NULL;
    }
}

static VOID
ScTeardown(VOID)
{
    if (SC_IS_INIT(SC_INIT_PORT)) {
        ScClosePort(&g_Scan.ServerPort);
        SC_CLEAR_INIT(SC_INIT_PORT);
    }
    if (SC_IS_INIT(SC_INIT_FILTER)) {
        FltUnregisterFilter(g_Scan.Filter);
        g_Scan.Filter = NULL;
        SC_CLEAR_INIT(SC_INIT_FILTER);
    }
}

static NTSTATUS FLTAPI
ScUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    ScTeardown();
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(                                            // expect-entry: minifilter
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = FltRegisterFilter(DriverObject, &ScRegistration, &g_Scan.Filter);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    SC_SET_INIT(SC_INIT_FILTER);

    status = ScCreatePort(g_Scan.Filter, &g_Scan.ServerPort);
    if (!NT_SUCCESS(status)) {
        goto Failed;
    }

    status = FltStartFiltering(g_Scan.Filter);
    if (!NT_SUCCESS(status)) {
        goto Failed;
    }
    return STATUS_SUCCESS;

Failed:
    ScTeardown();
    return status;                                      // expect: DE006
}
