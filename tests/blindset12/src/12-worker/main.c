//
// kworker: a system thread that drains a queue fed by DeviceIoControl.
// Init is table driven so adding a subsystem is one line.
//
#include "worker.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD WkUnload;

static const WK_STEP g_Steps[] = {
    { "thread", WkThreadStart, WkThreadStop },
    { "stats",  WkStatsInit,   WkStatsFini  },
    { "device", WkDeviceInit,  WkDeviceFini },
};

VOID
WkUnload(PDRIVER_OBJECT DriverObject)
{
    LONG j;

    UNREFERENCED_PARAMETER(DriverObject);

    for (j = (LONG)ARRAYSIZE(g_Steps) - 1; j >= 0; j--) {
        LOG("fini %s", g_Steps[j].Name);
        g_Steps[j].Fini();
    }
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    ULONG i;
    LONG j;

    UNREFERENCED_PARAMETER(RegistryPath);

    for (i = 0; i < ARRAYSIZE(g_Steps); i++) {
        status = g_Steps[i].Init(DriverObject);
        if (!NT_SUCCESS(status)) {
            LOG("init %s failed 0x%08X", g_Steps[i].Name, status);
            // undo the steps that did succeed, newest first
            for (j = (LONG)i - 1; j > 0; j--) {
                g_Steps[j].Fini();
            }
            return status;
        }
        LOG("init %s ok", g_Steps[i].Name);
    }

    DriverObject->DriverUnload = WkUnload;
    return STATUS_SUCCESS;
}
