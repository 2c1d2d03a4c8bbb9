/*
 * hookstop.c - a driver whose failure path undoes through a hook table, in
 * the version whose stop routine forgets the buffer. hooknull.c, beside it,
 * is another driver that stores its own routine in a field of the same
 * name: the path through this driver's hook is judged, not hidden.
 *
 * BUG (DE006): when IoCreateDevice fails, the hook called (HsStop) only
 * drops the pointer; the buffer leaks.
 */

#include <ntddk.h>

typedef struct _HS_HOOKS {
    VOID (*Stop)(VOID);
} HS_HOOKS;

HS_HOOKS g_Hooks;
static PVOID g_HsBuffer;
static PDEVICE_OBJECT g_HsDevice;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD HsUnload;

static VOID
HsStop(VOID)
{
    g_HsBuffer = NULL;
}

VOID
HsUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(g_HsDevice);
    ExFreePoolWithTag(g_HsBuffer, 'fBsH');
}

NTSTATUS
DriverEntry( // expect-entry: wdm
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    g_HsBuffer = ExAllocatePool2(POOL_FLAG_NON_PAGED, 256, 'fBsH');
    if (g_HsBuffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    g_Hooks.Stop = HsStop;

    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &g_HsDevice);
    if (!NT_SUCCESS(status)) {
        g_Hooks.Stop();
        return status; // expect: DE006
    }
    DriverObject->DriverUnload = HsUnload;
    return STATUS_SUCCESS;
}
