/*
 * statestart.c - "readcount": a minifilter that counts reads once it is
 * running. Its state word goes Starting, Running, Stopping through
 * InterlockedExchange; the pre-read callback compares it with Running and
 * passes every read through until then. DriverEntry sets Running only after
 * FltStartFiltering: the callback expects any state. The limit it reads is
 * set before filtering starts.
 */

#include <fltKernel.h>

#define RC_STOPPED  0
#define RC_STARTING 1
#define RC_RUNNING  2
#define RC_STOPPING 3

DRIVER_INITIALIZE DriverEntry;

static PFLT_FILTER g_RcFilter;
static volatile LONG g_RcState = RC_STOPPED;
static volatile LONG g_RcReads;
static LONG g_RcLimit;

static FLT_PREOP_CALLBACK_STATUS FLTAPI
RcPreRead(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext)
{
    UNREFERENCED_PARAMETER(Data);
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);
    if (g_RcState != RC_RUNNING) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    if (InterlockedIncrement(&g_RcReads) > g_RcLimit) {
        InterlockedExchange(&g_RcReads, 0);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

static NTSTATUS FLTAPI
RcUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    InterlockedExchange(&g_RcState, RC_STOPPING);
    FltUnregisterFilter(g_RcFilter);
    InterlockedExchange(&g_RcState, RC_STOPPED);
    return STATUS_SUCCESS;
}

static const FLT_OPERATION_REGISTRATION g_RcOperations[] = {
    { IRP_MJ_READ, 0, RcPreRead, NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION g_RcRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    g_RcOperations,
    RcUnload,
};

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)   // expect-entry: minifilter
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    InterlockedExchange(&g_RcState, RC_STARTING);
    g_RcLimit = 1000000;
    status = FltRegisterFilter(DriverObject, &g_RcRegistration, &g_RcFilter);
    if (!NT_SUCCESS(status)) {
        InterlockedExchange(&g_RcState, RC_STOPPED);
        return status;
    }
    status = FltStartFiltering(g_RcFilter);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(g_RcFilter);
        InterlockedExchange(&g_RcState, RC_STOPPED);
        return status;
    }
    InterlockedExchange(&g_RcState, RC_RUNNING);
    return STATUS_SUCCESS;
}
