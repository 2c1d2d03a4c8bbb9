/*
 * bank.c - device objects, register mapping and polling for GPIO banks.
 */
#include "gpport.h"

static KDEFERRED_ROUTINE GpPollDpc;

static VOID
GpPollDpc(
    _In_ PKDPC Dpc,
    _In_opt_ PVOID DeferredContext,
    _In_opt_ PVOID SystemArgument1,
    _In_opt_ PVOID SystemArgument2
    )
{
    PGP_DEVICE_EXTENSION ext = (PGP_DEVICE_EXTENSION)DeferredContext;
    ULONG inputs;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    if (ext == NULL || ext->Registers == NULL) {
        return;
    }

    inputs = READ_REGISTER_ULONG((PULONG)(ext->Registers + GP_REG_DATA_IN));

    KeAcquireSpinLockAtDpcLevel(&ext->StateLock);
    ext->ChangeMask |= (inputs ^ ext->LastInputs);
    ext->LastInputs = inputs;
    KeReleaseSpinLockFromDpcLevel(&ext->StateLock);
}

/*
 * Creates one bank device. On failure, everything this routine did is
 * undone before it returns; on success the device is linked into
 * DriverObject->DeviceObject and GpDestroyAllBanks will find it.
 */
NTSTATUS
GpCreateBankDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ ULONG Index,
    _In_ PGP_BANK_CONFIG Bank,
    _Outptr_ PDEVICE_OBJECT *DeviceObject
    )
{
    WCHAR                   deviceNameBuffer[32];
    UNICODE_STRING          deviceName;
    PDEVICE_OBJECT          device = NULL;
    PGP_DEVICE_EXTENSION    ext;
    NTSTATUS                status;

    *DeviceObject = NULL;

    status = RtlStringCchPrintfW(deviceNameBuffer, RTL_NUMBER_OF(deviceNameBuffer),
                                 L"\\Device\\GpPort%u", Index);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlInitUnicodeString(&deviceName, deviceNameBuffer);

    status = IoCreateDevice(DriverObject, sizeof(GP_DEVICE_EXTENSION), &deviceName,
                            FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ext = (PGP_DEVICE_EXTENSION)device->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->BankIndex = Index;
    KeInitializeSpinLock(&ext->StateLock);
    KeInitializeTimerEx(&ext->PollTimer, NotificationTimer);
    KeInitializeDpc(&ext->PollDpc, GpPollDpc, ext);

    ext->Registers = (PUCHAR)MmMapIoSpaceEx(Bank->PhysicalBase, GP_BANK_REG_BYTES,
                                            PAGE_READWRITE | PAGE_NOCACHE);
    if (ext->Registers == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto Fail;
    }

    WRITE_REGISTER_ULONG((PULONG)(ext->Registers + GP_REG_DIRECTION), Bank->InitialDirection);
    ext->LastInputs = READ_REGISTER_ULONG((PULONG)(ext->Registers + GP_REG_DATA_IN));

    RtlInitEmptyUnicodeString(&ext->LinkName, ext->LinkBuffer, sizeof(ext->LinkBuffer));
    status = RtlUnicodeStringPrintf(&ext->LinkName, L"\\DosDevices\\GPPORT%u", Index);
    if (!NT_SUCCESS(status)) {
        goto Fail;
    }

    status = IoCreateSymbolicLink(&ext->LinkName, &deviceName);
    if (!NT_SUCCESS(status)) {
        goto Fail;
    }
    ext->LinkCreated = TRUE;

    device->Flags |= DO_BUFFERED_IO;
    device->Flags &= ~DO_DEVICE_INITIALIZING;

    *DeviceObject = device;
    return STATUS_SUCCESS;

Fail:
    if (ext->Registers != NULL) {
        MmUnmapIoSpace(ext->Registers, GP_BANK_REG_BYTES);
        ext->Registers = NULL;
    }
    IoDeleteDevice(device);
    return status;
}

VOID
GpStartPolling(_In_ PDEVICE_OBJECT DeviceObject)
{
    PGP_DEVICE_EXTENSION ext = (PGP_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    LARGE_INTEGER due;

    due.QuadPart = -10000LL * GP_POLL_INTERVAL_MS;
    KeSetTimerEx(&ext->PollTimer, due, GP_POLL_INTERVAL_MS, &ext->PollDpc);
    ext->PollingStarted = TRUE;
}

/*
 * Tears down every bank device the driver owns, whether called from a
 * failing DriverEntry or from unload. Walks the driver's device list,
 * saving the next pointer before each device is deleted.
 */
VOID
GpDestroyAllBanks(_In_ PDRIVER_OBJECT DriverObject)
{
    PDEVICE_OBJECT          device = DriverObject->DeviceObject;
    PDEVICE_OBJECT          next;
    PGP_DEVICE_EXTENSION    ext;
    BOOLEAN                 anyPolling = FALSE;

    /* First stop every timer, then wait once for DPCs in flight. */
    for (device = DriverObject->DeviceObject; device != NULL; device = device->NextDevice) {
        ext = (PGP_DEVICE_EXTENSION)device->DeviceExtension;
        if (ext->PollingStarted) {
            KeCancelTimer(&ext->PollTimer);
            ext->PollingStarted = FALSE;
            anyPolling = TRUE;
        }
    }
    if (anyPolling) {
        KeFlushQueuedDpcs();
    }

    device = DriverObject->DeviceObject;
    while (device != NULL) {
        next = device->NextDevice;
        ext = (PGP_DEVICE_EXTENSION)device->DeviceExtension;

        if (ext->LinkCreated) {
            IoDeleteSymbolicLink(&ext->LinkName);
            ext->LinkCreated = FALSE;
        }
        if (ext->Registers != NULL) {
            MmUnmapIoSpace(ext->Registers, GP_BANK_REG_BYTES);
            ext->Registers = NULL;
        }
        IoDeleteDevice(device);

        device = next;
    }
}
