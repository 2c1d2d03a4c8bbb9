/*
 * clientlist.c - legacy WDM driver of a notification service. DriverEntry
 * allocates the service's context, registers the first client on its list
 * under the context's push lock, then creates the control device.
 *
 * The lock wrappers are inline functions of the project's runtime header,
 * defined only when the kit's build defines SL_KERNEL_LOCKS; here, as in a
 * tree analyzed without that build, they are not declared at all.
 *
 * BUG (DE006): when the control device cannot be created, DriverEntry fails
 * without freeing the context. The lock routine is given the address of the
 * context's lock, which reaches the lock, not the context around it.
 */

#include <ntddk.h>

#define SL_TAG 'tsLC'

typedef struct _SL_CLIENT {
    LIST_ENTRY Link;
    ULONG Id;
} SL_CLIENT, *PSL_CLIENT;

typedef struct _SL_CONTEXT {
    ULONG_PTR Lock;
    LIST_ENTRY Clients;
    ULONG Count;
} SL_CONTEXT, *PSL_CONTEXT;

#ifdef SL_KERNEL_LOCKS
inline VOID SlLockExclusive(ULONG_PTR *Lock) { KeEnterCriticalRegion(); ExAcquirePushLockExclusive(Lock); }
inline VOID SlUnlockExclusive(ULONG_PTR *Lock) { ExReleasePushLockExclusive(Lock); KeLeaveCriticalRegion(); }
#endif

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD SlUnload;

static PSL_CONTEXT SlContext;
static PDEVICE_OBJECT SlDevice;
static SL_CLIENT SlFirstClient;

static VOID SlAddClient(PSL_CONTEXT Context, PSL_CLIENT Client)
{
    SlLockExclusive(&Context->Lock);
    InsertTailList(&Context->Clients, &Client->Link);
    Context->Count++;
    SlUnlockExclusive(&Context->Lock);
}

_Use_decl_annotations_
VOID
SlUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(SlDevice);
    ExFreePoolWithTag(SlContext, SL_TAG);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    UNICODE_STRING name;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    SlContext = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(SL_CONTEXT), SL_TAG);
    if (SlContext == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlZeroMemory(SlContext, sizeof(SL_CONTEXT));
    InitializeListHead(&SlContext->Clients);
    SlFirstClient.Id = 1;
    SlAddClient(SlContext, &SlFirstClient);

    RtlInitUnicodeString(&name, L"\\Device\\SlNotify");
    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &SlDevice);
    if (!NT_SUCCESS(status)) {
        return status; // expect: DE006
    }

    DriverObject->DriverUnload = SlUnload;
    return STATUS_SUCCESS;
}
