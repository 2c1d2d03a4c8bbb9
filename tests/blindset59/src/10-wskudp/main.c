/*
 * main.c - DriverEntry / Unload for wskudp
 */
#include "wskudp.h"

WU_GLOBALS g_Wu;

/* must stay valid until WskDeregister returns, so not on the stack */
static const WSK_CLIENT_DISPATCH g_WuClientDispatch = {
    MAKE_WSK_VERSION(1, 0),
    0,
    NULL
};

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     WuUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, WuUnload)
#endif

VOID
WuUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    /* the thread closes its socket and releases the provider NPI on its
       way out; only after that can WskDeregister complete */
    KeSetEvent(&g_Wu.StopEvent, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(g_Wu.Thread, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(g_Wu.Thread);
    g_Wu.Thread = NULL;

    WskDeregister(&g_Wu.Registration);

    WU_INFO("unloaded after %ld heartbeats", g_Wu.Sent);
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    WSK_CLIENT_NPI clientNpi;
    OBJECT_ATTRIBUTES oa;
    HANDLE threadHandle = NULL;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Wu, sizeof(g_Wu));
    KeInitializeEvent(&g_Wu.StopEvent, NotificationEvent, FALSE);
    g_Wu.IntervalSec = WU_INTERVAL_SEC;
    g_Wu.Destination.sin_family = AF_INET;
    g_Wu.Destination.sin_port = RtlUshortByteSwap(WU_DEST_PORT);
    g_Wu.Destination.sin_addr.s_addr = RtlUlongByteSwap(WU_DEST_ADDR);

    clientNpi.ClientContext = NULL;
    clientNpi.Dispatch = &g_WuClientDispatch;

    status = WskRegister(&clientNpi, &g_Wu.Registration);
    if (!NT_SUCCESS(status)) {
        WU_ERR("WskRegister 0x%08X", status);
        return status;
    }

    /* the provider may not be up this early in boot: capture it from a
       thread instead of blocking DriverEntry */
    InitializeObjectAttributes(&oa, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    status = PsCreateSystemThread(&threadHandle, THREAD_ALL_ACCESS, &oa,
                                  NULL, NULL, WuHeartbeatThread, &g_Wu);
    if (!NT_SUCCESS(status)) {
        WU_ERR("PsCreateSystemThread 0x%08X", status);
        goto fail_deregister;
    }

    status = ObReferenceObjectByHandle(threadHandle, SYNCHRONIZE, *PsThreadType,
                                       KernelMode, (PVOID *)&g_Wu.Thread, NULL);
    if (!NT_SUCCESS(status)) {
        /* cannot keep the thread object: stop the thread and wait on the
           handle so it is gone before the registration goes */
        WU_ERR("ObReferenceObjectByHandle 0x%08X", status);
        KeSetEvent(&g_Wu.StopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(threadHandle, FALSE, NULL);
        ZwClose(threadHandle);
        goto fail_deregister;
    }
    ZwClose(threadHandle);

    DriverObject->DriverUnload = WuUnload;
    WU_INFO("started, every %lu s", g_Wu.IntervalSec);
    return STATUS_SUCCESS;

fail_deregister:
    WskDeregister(&g_Wu.Registration);
    return status;
}
