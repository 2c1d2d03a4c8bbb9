/*
 * regctx: records registry value writes under a watched key. The registry
 * callback gets the driver's state as its context pointer and reaches the
 * event list and its lock only through that pointer, never by the
 * global's name.
 *
 * Conforming: the list and its lock are initialized before
 * CmRegisterCallbackEx hands the context to the callback.
 */
#include <ntddk.h>

#define RC_TAG 'xCgR'

typedef struct _RC_EVENT {
    LIST_ENTRY Link;
    REG_NOTIFY_CLASS Class;
} RC_EVENT, *PRC_EVENT;

typedef struct _RC_STATE {
    KSPIN_LOCK Lock;
    LIST_ENTRY Events;
    ULONG Count;
    LARGE_INTEGER Cookie;
} RC_STATE, *PRC_STATE;

static RC_STATE g_Rc;

static VOID RcQueue(PRC_STATE State, REG_NOTIFY_CLASS Class)
{
    KIRQL irql;
    PRC_EVENT event = (PRC_EVENT)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(RC_EVENT), RC_TAG);
    if (event == NULL) {
        return;
    }
    event->Class = Class;
    KeAcquireSpinLock(&State->Lock, &irql);
    InsertTailList(&State->Events, &event->Link);
    State->Count++;
    KeReleaseSpinLock(&State->Lock, irql);
}

static NTSTATUS RcRegistryCallback(PVOID CallbackContext, PVOID Argument1, PVOID Argument2)
{
    PRC_STATE state = (PRC_STATE)CallbackContext;
    REG_NOTIFY_CLASS cls = (REG_NOTIFY_CLASS)(ULONG_PTR)Argument1;
    UNREFERENCED_PARAMETER(Argument2);
    if (cls == RegNtPostSetValueKey) {
        RcQueue(state, cls);
    }
    return STATUS_SUCCESS;
}

static VOID RcDrain(VOID)
{
    while (!IsListEmpty(&g_Rc.Events)) {
        PLIST_ENTRY entry = RemoveHeadList(&g_Rc.Events);
        ExFreePoolWithTag(CONTAINING_RECORD(entry, RC_EVENT, Link), RC_TAG);
    }
}

DRIVER_UNLOAD RcUnload;

_Use_decl_annotations_
VOID RcUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    CmUnRegisterCallback(g_Rc.Cookie);
    RcDrain();
}

DRIVER_INITIALIZE DriverEntry;

_Use_decl_annotations_
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: wdm
{
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(L"381540");
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    KeInitializeSpinLock(&g_Rc.Lock);
    InitializeListHead(&g_Rc.Events);
    status = CmRegisterCallbackEx(RcRegistryCallback, &altitude, DriverObject, &g_Rc, &g_Rc.Cookie, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    DriverObject->DriverUnload = RcUnload;
    return STATUS_SUCCESS;
}
