/*
 * driver.c - wskbeacon DriverEntry / unload
 */
#include "beacon.h"

BCN_CONTEXT Bcn;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     BcnUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, BcnUnload)
#endif

static NTSTATUS
BcnStartThread(VOID)
{
    NTSTATUS            status;
    HANDLE              h;
    OBJECT_ATTRIBUTES   oa;

    InitializeObjectAttributes(&oa, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    status = PsCreateSystemThread(&h, THREAD_ALL_ACCESS, &oa, NULL, NULL, BcnThread, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = ObReferenceObjectByHandle(h, THREAD_ALL_ACCESS, *PsThreadType, KernelMode,
                                       (PVOID *)&Bcn.Thread, NULL);
    if (!NT_SUCCESS(status)) {
        /* can't wait for it without the object: stop it and wait on the handle */
        KeSetEvent(&Bcn.Stop, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(h, FALSE, NULL);
        Bcn.Thread = NULL;
    }
    ZwClose(h);
    return status;
}

VOID
BcnUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    KeSetEvent(&Bcn.Stop, IO_NO_INCREMENT, FALSE);

    if (Bcn.Thread != NULL) {
        KeWaitForSingleObject(Bcn.Thread, Executive, KernelMode, FALSE, NULL);
        ObDereferenceObject(Bcn.Thread);
        Bcn.Thread = NULL;
    }

    /* the thread released the provider NPI before exiting */
    BcnDeregister();

    BLOG("unloaded after %lu beacons\n", Bcn.Sent);
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&Bcn, sizeof(Bcn));
    KeInitializeEvent(&Bcn.Stop, NotificationEvent, FALSE);

    status = BcnRegister();
    if (!NT_SUCCESS(status)) {
        BERR("WskRegister 0x%08X\n", status);
        return status;
    }

    status = BcnStartThread();
    if (!NT_SUCCESS(status)) {
        BERR("worker thread 0x%08X\n", status);
        BcnDeregister();
        return status;
    }

    DriverObject->DriverUnload = BcnUnload;
    return STATUS_SUCCESS;
}
