/*
 * main.c - KbdPeek initialization and teardown
 *
 * Teardown is a single switch on how far we got. DriverEntry's failure path
 * and the unload routine both end up in KfTeardown().
 */
#include "kbdflt.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD KfUnload;

KF_GLOBALS g_Kf;
UNICODE_STRING g_KfLinkName = RTL_CONSTANT_STRING(L"\\DosDevices\\KbdPeek");
static UNICODE_STRING g_KfControlName = RTL_CONSTANT_STRING(L"\\Device\\KbdPeek");

static NTSTATUS KfAttachAll(PDRIVER_OBJECT DriverObject)
{
    NTSTATUS status = STATUS_SUCCESS;
    ULONG i;

    for (i = 0; i < KF_MAX_CLASSES; i++) {
        WCHAR buffer[48];
        UNICODE_STRING className;
        PDEVICE_OBJECT filter = NULL;
        PKF_EXTENSION ext;

        status = RtlStringCchPrintfW(buffer, RTL_NUMBER_OF(buffer), L"\\Device\\KeyboardClass%lu", i);
        if (!NT_SUCCESS(status)) {
            break;
        }
        RtlInitUnicodeString(&className, buffer);

        status = IoCreateDevice(DriverObject, sizeof(KF_EXTENSION), NULL, FILE_DEVICE_KEYBOARD,
                                0, FALSE, &filter);
        if (!NT_SUCCESS(status)) {
            break;
        }

        ext = (PKF_EXTENSION)filter->DeviceExtension;
        RtlZeroMemory(ext, sizeof(*ext));
        ext->Slot = g_Kf.FilterCount;

        status = IoAttachDevice(filter, &className, &ext->Lower);
        if (!NT_SUCCESS(status)) {
            /* no KeyboardClass<i>: that is where the list ends */
            IoDeleteDevice(filter);
            break;
        }

        filter->Flags |= ext->Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
        filter->Flags &= ~DO_DEVICE_INITIALIZING;

        g_Kf.Filters[g_Kf.FilterCount++] = filter;
        KF_LOG("attached to %wZ\n", &className);
    }

    /* one keyboard is enough to be useful */
    return g_Kf.FilterCount > 0 ? STATUS_SUCCESS : STATUS_NO_SUCH_DEVICE;
}

static NTSTATUS KfCreateControl(PDRIVER_OBJECT DriverObject)
{
    NTSTATUS status;
    PDEVICE_OBJECT control = NULL;

    status = IoCreateDevice(DriverObject, sizeof(KF_EXTENSION), &g_KfControlName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &control);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlZeroMemory(control->DeviceExtension, sizeof(KF_EXTENSION));
    ((PKF_EXTENSION)control->DeviceExtension)->IsControl = TRUE;

    status = IoCreateSymbolicLink(&g_KfLinkName, &g_KfControlName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(control);
        return status;
    }

    control->Flags |= DO_BUFFERED_IO;
    control->Flags &= ~DO_DEVICE_INITIALIZING;
    g_Kf.Control = control;
    return STATUS_SUCCESS;
}

static VOID KfTeardown(VOID)
{
    switch (g_Kf.State) {
    case KfReady:
    case KfControl:
        IoDeleteSymbolicLink(&g_KfLinkName);
        IoDeleteDevice(g_Kf.Control);
        g_Kf.Control = NULL;
        /* fall through */
    case KfFilters:
        KfDetachAll();
        /* fall through */
    case KfRing:
        ExFreePoolWithTag(g_Kf.Ring, KF_TAG);
        g_Kf.Ring = NULL;
        /* fall through */
    case KfNothing:
    default:
        break;
    }
    g_Kf.State = KfNothing;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status = STATUS_SUCCESS;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Kf, sizeof(g_Kf));
    KeInitializeSpinLock(&g_Kf.RingLock);

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = KfPassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_READ] = KfRead;
    DriverObject->MajorFunction[IRP_MJ_POWER] = KfPower;
    DriverObject->MajorFunction[IRP_MJ_PNP] = KfPnp;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = KfDeviceControl;

    do {
        g_Kf.Ring = (PKEYBOARD_INPUT_DATA)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                                          KF_RING_ENTRIES * sizeof(KEYBOARD_INPUT_DATA),
                                                          KF_TAG);
        if (g_Kf.Ring == NULL) {
            status = STATUS_INSUFFICIENT_RESOURCES;
            break;
        }
        g_Kf.State = KfRing;

        status = KfAttachAll(DriverObject);
        if (!NT_SUCCESS(status)) {
            break;
        }
        g_Kf.State = KfFilters;

        status = KfCreateControl(DriverObject);
        if (!NT_SUCCESS(status)) {
            break;
        }
        g_Kf.State = KfControl;

        g_Kf.State = KfReady;
    } while (0);

    if (!NT_SUCCESS(status)) {
        KF_LOG("init failed 0x%08X at state %d\n", status, g_Kf.State);
        KfTeardown();
        return status;
    }

    DriverObject->DriverUnload = KfUnload;
    KF_LOG("watching %lu keyboard(s)\n", g_Kf.FilterCount);
    return STATUS_SUCCESS;
}

VOID KfUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    KfTeardown();
    KF_LOG("unloaded\n");
}
