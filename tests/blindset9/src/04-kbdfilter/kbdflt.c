#include "kbdflt.h"

KF_GLOBALS g_Kf;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD KfUnload;

static NTSTATUS KfAttachToClass(_In_ PDRIVER_OBJECT DriverObject, _In_ ULONG Index);

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Kf, sizeof(g_Kf));

    /* a filter has to pass everything it does not care about */
    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = KfDispatchPassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_READ] = KfDispatchRead;
    DriverObject->MajorFunction[IRP_MJ_POWER] = KfDispatchPower;
    DriverObject->DriverUnload = KfUnload;

    for (i = 0; i < KF_MAX_KEYBOARDS; i++) {
        status = KfAttachToClass(DriverObject, i);
        if (NT_SUCCESS(status)) {
            g_Kf.AttachedCount++;
            continue;
        }
        if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
            /* no more KeyboardClassN devices */
            break;
        }
        /* some keyboards (e.g. a remote desktop one) can refuse, that's fine */
        KF_LOG("KeyboardClass%lu skipped: 0x%08X", i, status);
    }

    if (g_Kf.AttachedCount == 0) {
        KF_LOG("nothing to filter");
        return STATUS_NO_SUCH_DEVICE;
    }

    KF_LOG("filtering %lu keyboard(s)", g_Kf.AttachedCount);
    return STATUS_SUCCESS;
}

static NTSTATUS
KfAttachToClass(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ ULONG Index
    )
{
    NTSTATUS status;
    WCHAR nameBuffer[64];
    UNICODE_STRING className;
    PDEVICE_OBJECT filter = NULL;
    PKF_DEVICE_EXTENSION ext;

    RtlInitEmptyUnicodeString(&className, nameBuffer, sizeof(nameBuffer));

    do {
        status = RtlUnicodeStringPrintf(&className, L"\\Device\\KeyboardClass%lu", Index);
        if (!NT_SUCCESS(status)) {
            break;
        }

        status = IoCreateDevice(DriverObject,
                                sizeof(KF_DEVICE_EXTENSION),
                                NULL,
                                FILE_DEVICE_KEYBOARD,
                                0,
                                FALSE,
                                &filter);
        if (!NT_SUCCESS(status)) {
            filter = NULL;
            break;
        }

        ext = (PKF_DEVICE_EXTENSION)filter->DeviceExtension;
        RtlZeroMemory(ext, sizeof(*ext));
        ext->Self = filter;
        ext->ClassIndex = Index;

        status = IoAttachDevice(filter, &className, &ext->Lower);
        if (!NT_SUCCESS(status)) {
            break;
        }

        filter->Flags |= ext->Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
        filter->DeviceType = ext->Lower->DeviceType;
        filter->Characteristics = ext->Lower->Characteristics;
        filter->Flags &= ~DO_DEVICE_INITIALIZING;

        filter = NULL;  /* owned by the driver object chain now */
    } while (0);

    if (filter != NULL) {
        IoDeleteDevice(filter);
    }
    return status;
}

VOID
KfUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PDEVICE_OBJECT device;
    PDEVICE_OBJECT next;
    PKF_DEVICE_EXTENSION ext;
    LARGE_INTEGER interval;

    /* stop new reads from reaching us */
    for (device = DriverObject->DeviceObject; device != NULL; device = device->NextDevice) {
        ext = (PKF_DEVICE_EXTENSION)device->DeviceExtension;
        IoDetachDevice(ext->Lower);
    }

    /*
     * the class driver keeps one read outstanding per keyboard, so this waits
     * for the next key press on every attached keyboard
     */
    interval.QuadPart = -10 * 1000 * 50;    /* 50 ms */
    while (InterlockedCompareExchange(&g_Kf.PendingReads, 0, 0) != 0) {
        KeDelayExecutionThread(KernelMode, FALSE, &interval);
    }

    device = DriverObject->DeviceObject;
    while (device != NULL) {
        next = device->NextDevice;
        IoDeleteDevice(device);
        device = next;
    }

    KF_LOG("bye, %ld down / %ld up", g_Kf.KeyDowns, g_Kf.KeyUps);
}
