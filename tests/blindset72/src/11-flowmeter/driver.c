#include <initguid.h>
#include "flowmeter.h"

FM_GLOBALS g_Fm;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     FmUnload;

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS st;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Fm, sizeof(g_Fm));
    KeInitializeSpinLock(&g_Fm.Lock);
    InitializeListHead(&g_Fm.Flows);

    st = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_NETWORK,
                        FILE_DEVICE_SECURE_OPEN, FALSE, &g_Fm.Device);
    if (!NT_SUCCESS(st)) {
        FMLOG("IoCreateDevice %08x\n", st);
        return st;
    }

    st = FmRegisterCallouts();
    if (!NT_SUCCESS(st)) {
        FMLOG("callout register %08x\n", st);
        goto err_device;
    }

    st = FmAddBfeObjects();
    if (!NT_SUCCESS(st)) {
        FMLOG("BFE %08x\n", st);
        goto err_callouts;
    }

    DriverObject->DriverUnload = FmUnload;
    return STATUS_SUCCESS;

err_callouts:
    FmUnregisterCallouts();
err_device:
    IoDeleteDevice(g_Fm.Device);
    g_Fm.Device = NULL;
    return st;
}

VOID
FmUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    /* dynamic session: closing the engine removes our filters and callouts */
    if (g_Fm.Engine != NULL) {
        FwpmEngineClose0(g_Fm.Engine);
        g_Fm.Engine = NULL;
    }

    FmRemoveFlowContexts();
    FmUnregisterCallouts();

    IoDeleteDevice(g_Fm.Device);
    g_Fm.Device = NULL;
    FMLOG("unloaded\n");
}
