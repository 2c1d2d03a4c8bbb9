/*
 * portwork.c - the bad twin of ../portwork.c: minifilter of a backup agent: its service connects through a
 * communication port, and a generic work item flushes the change log. The
 * port's callbacks keep the client in a list guarded by a push lock, which
 * DriverEntry sets up only after it creates the port (a client may connect
 * at once); the disconnect callback takes the push lock and forgets the
 * client without closing its port; a failed FltStartFiltering leaves the
 * work item allocated.
 *
 * Violates: DE014, FLT009, DE006.
 */

#include <fltKernel.h>

#define PW_TAG 'kWwP'

typedef struct _PW_CLIENT {
    LIST_ENTRY Link;
    PFLT_PORT Port;
} PW_CLIENT, *PPW_CLIENT;

DRIVER_INITIALIZE DriverEntry;

static PFLT_FILTER PwFilter;
static PFLT_PORT PwServerPort;
static PFLT_GENERIC_WORKITEM PwFlushItem;
static EX_PUSH_LOCK PwClientsLock;
static LIST_ENTRY PwClients;

static NTSTATUS FLTAPI PwUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);

static const FLT_OPERATION_REGISTRATION PwOperations[] = {
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION PwRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    PwOperations,
    PwUnload,
};

static NTSTATUS FLTAPI
PwConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie, PVOID ConnectionContext, ULONG SizeOfContext,
          PVOID *ConnectionPortCookie)
{
    PPW_CLIENT client;

    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    client = (PPW_CLIENT)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(*client), PW_TAG);
    if (client == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    client->Port = ClientPort;
    KeEnterCriticalRegion();
    ExAcquirePushLockExclusive(&PwClientsLock);
    InsertTailList(&PwClients, &client->Link);
    ExReleasePushLockExclusive(&PwClientsLock);
    KeLeaveCriticalRegion();
    *ConnectionPortCookie = client;
    return STATUS_SUCCESS;
}

static VOID FLTAPI
PwDisconnect(PVOID ConnectionCookie)
{
    PPW_CLIENT client = (PPW_CLIENT)ConnectionCookie;

    KeEnterCriticalRegion();
    ExAcquirePushLockExclusive(&PwClientsLock);
    RemoveEntryList(&client->Link);
    ExReleasePushLockExclusive(&PwClientsLock);
    KeLeaveCriticalRegion();
    ExFreePoolWithTag(client, PW_TAG);
}

static NTSTATUS FLTAPI
PwUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    FltCloseCommunicationPort(PwServerPort);
    FltUnregisterFilter(PwFilter);
    FltFreeGenericWorkItem(PwFlushItem);
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(                                            // expect-entry: minifilter
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING portName = RTL_CONSTANT_STRING(L"\\PortWorkChanges");
    OBJECT_ATTRIBUTES attributes;
    PSECURITY_DESCRIPTOR sd;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = FltRegisterFilter(DriverObject, &PwRegistration, &PwFilter);
    if (!NT_SUCCESS(status))
        return status;

    PwFlushItem = FltAllocateGenericWorkItem();
    if (PwFlushItem == NULL) {
        FltUnregisterFilter(PwFilter);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        FltFreeGenericWorkItem(PwFlushItem);
        FltUnregisterFilter(PwFilter);
        return status;
    }
    InitializeObjectAttributes(&attributes, &portName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, sd);
    status = FltCreateCommunicationPort(PwFilter, &PwServerPort, &attributes, NULL, PwConnect, PwDisconnect, // expect: DE014, FLT009
                                        NULL, 4);
    FltFreeSecurityDescriptor(sd);
    if (!NT_SUCCESS(status)) {
        FltFreeGenericWorkItem(PwFlushItem);
        FltUnregisterFilter(PwFilter);
        return status;
    }
    ExInitializePushLock(&PwClientsLock);
    InitializeListHead(&PwClients);

    status = FltStartFiltering(PwFilter);
    if (!NT_SUCCESS(status)) {
        FltCloseCommunicationPort(PwServerPort);
        FltUnregisterFilter(PwFilter);
    }
    return status; // expect: DE006
}
