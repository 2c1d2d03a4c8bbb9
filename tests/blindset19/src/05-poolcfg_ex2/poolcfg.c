/*
 * poolcfg.c - event ring with a registry-configurable size
 *
 * Playground for the Windows 10 2004+ pool APIs: ExAllocatePool2 for
 * everything paged/short-lived, ExAllocatePoolZero for the non-paged ring.
 * User mode pushes/pops fixed-size records through IOCTLs and can ask the
 * driver to persist the high-water mark into its service key.
 *
 *   HKLM\SYSTEM\CurrentControlSet\Services\PoolCfg
 *       Slots          REG_DWORD   16..4096 (default 256)
 *       LastHighWater  REG_DWORD   written by IOCTL_PC_SAVE
 */
#include <ntddk.h>

#define PC_TAG              'gfCP'
#define PC_DEFAULT_SLOTS    256
#define PC_MIN_SLOTS        16
#define PC_MAX_SLOTS        4096
#define PC_PAYLOAD          48

#define PC_DEVICE_NAME      L"\\Device\\PoolCfg"
#define PC_LINK_NAME        L"\\DosDevices\\PoolCfg"

#define IOCTL_PC_PUSH   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x820, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_PC_POP    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x821, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_PC_SAVE   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x822, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef struct _PC_RECORD {
    LARGE_INTEGER timestamp;
    ULONG         length;
    UCHAR         payload[PC_PAYLOAD];
} PC_RECORD, *PPC_RECORD;

typedef struct _PC_STATE {
    PDEVICE_OBJECT device;
    BOOLEAN        linkCreated;
    UNICODE_STRING regPath;        /* deep copy, NUL terminated */
    KSPIN_LOCK     lock;
    PPC_RECORD     ring;
    ULONG          slots;
    ULONG          head;
    ULONG          count;
    ULONG          highWater;
} PC_STATE;

static PC_STATE g_pc;

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD pcUnload;
static DRIVER_DISPATCH pcCreateClose;
static DRIVER_DISPATCH pcDeviceControl;

static NTSTATUS
pcReadSlotCount(_In_ PCUNICODE_STRING keyPath, _Out_ PULONG slots)
{
    UNICODE_STRING valueName = RTL_CONSTANT_STRING(L"Slots");
    OBJECT_ATTRIBUTES oa;
    HANDLE key;
    PKEY_VALUE_PARTIAL_INFORMATION info;
    ULONG infoSize = FIELD_OFFSET(KEY_VALUE_PARTIAL_INFORMATION, Data) + sizeof(ULONG);
    ULONG got;
    NTSTATUS status;

    *slots = PC_DEFAULT_SLOTS;

    InitializeObjectAttributes(&oa, (PUNICODE_STRING)keyPath, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    status = ZwOpenKey(&key, KEY_QUERY_VALUE, &oa);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    info = (PKEY_VALUE_PARTIAL_INFORMATION)ExAllocatePool2(POOL_FLAG_PAGED, infoSize, PC_TAG);
    if (info == NULL) {
        ZwClose(key);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = ZwQueryValueKey(key, &valueName, KeyValuePartialInformation, info, infoSize, &got);
    if (NT_SUCCESS(status)) {
        if (info->Type == REG_DWORD && info->DataLength == sizeof(ULONG)) {
            ULONG v = *(PULONG)info->Data;
            if (v < PC_MIN_SLOTS) {
                v = PC_MIN_SLOTS;
            } else if (v > PC_MAX_SLOTS) {
                v = PC_MAX_SLOTS;
            }
            *slots = v;
        } else {
            status = STATUS_OBJECT_TYPE_MISMATCH;
        }
    }

    ExFreePoolWithTag(info, PC_TAG);
    ZwClose(key);
    return status;
}

static NTSTATUS
pcCompleteIrp(PIRP irp, NTSTATUS status, ULONG_PTR info)
{
    irp->IoStatus.Status = status;
    irp->IoStatus.Information = info;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

static NTSTATUS
pcCreateClose(PDEVICE_OBJECT deviceObject, PIRP irp)
{
    UNREFERENCED_PARAMETER(deviceObject);
    return pcCompleteIrp(irp, STATUS_SUCCESS, 0);
}

static NTSTATUS
pcDeviceControl(PDEVICE_OBJECT deviceObject, PIRP irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(irp);
    PVOID buffer = irp->AssociatedIrp.SystemBuffer;
    ULONG inLen = sp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;
    KIRQL irql;
    ULONG highWater;

    UNREFERENCED_PARAMETER(deviceObject);

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_PC_PUSH: {
        PPC_RECORD slot;
        ULONG len = min(inLen, (ULONG)PC_PAYLOAD);

        KeAcquireSpinLock(&g_pc.lock, &irql);
        slot = &g_pc.ring[(g_pc.head + g_pc.count) % g_pc.slots];
        KeQuerySystemTimePrecise(&slot->timestamp);
        slot->length = len;
        RtlCopyMemory(slot->payload, buffer, len);
        if (g_pc.count < g_pc.slots) {
            g_pc.count++;
        } else {
            g_pc.head = (g_pc.head + 1) % g_pc.slots;
        }
        if (g_pc.count > g_pc.highWater) {
            g_pc.highWater = g_pc.count;
        }
        KeReleaseSpinLock(&g_pc.lock, irql);
        return pcCompleteIrp(irp, STATUS_SUCCESS, len);
    }

    case IOCTL_PC_POP: {
        PC_RECORD rec;

        if (outLen < sizeof(PC_RECORD)) {
            return pcCompleteIrp(irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        KeAcquireSpinLock(&g_pc.lock, &irql);
        if (g_pc.count == 0) {
            KeReleaseSpinLock(&g_pc.lock, irql);
            return pcCompleteIrp(irp, STATUS_NO_MORE_ENTRIES, 0);
        }
        rec = g_pc.ring[g_pc.head];
        g_pc.head = (g_pc.head + 1) % g_pc.slots;
        g_pc.count--;
        KeReleaseSpinLock(&g_pc.lock, irql);

        RtlCopyMemory(buffer, &rec, sizeof(rec));
        return pcCompleteIrp(irp, STATUS_SUCCESS, sizeof(rec));
    }

    case IOCTL_PC_SAVE:
        KeAcquireSpinLock(&g_pc.lock, &irql);
        highWater = g_pc.highWater;
        KeReleaseSpinLock(&g_pc.lock, irql);
        return pcCompleteIrp(irp,
                             RtlWriteRegistryValue(RTL_REGISTRY_ABSOLUTE, g_pc.regPath.Buffer,
                                                   L"LastHighWater", REG_DWORD,
                                                   &highWater, sizeof(highWater)),
                             0);

    default:
        return pcCompleteIrp(irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}

static VOID
pcUnload(PDRIVER_OBJECT driverObject)
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(PC_LINK_NAME);

    UNREFERENCED_PARAMETER(driverObject);

    if (g_pc.linkCreated) {
        IoDeleteSymbolicLink(&linkName);
        g_pc.linkCreated = FALSE;
    }
    if (g_pc.device != NULL) {
        IoDeleteDevice(g_pc.device);
        g_pc.device = NULL;
    }
    if (g_pc.ring != NULL) {
        ExFreePoolWithTag(g_pc.ring, PC_TAG);
        g_pc.ring = NULL;
    }
    if (g_pc.regPath.Buffer != NULL) {
        ExFreePoolWithTag(g_pc.regPath.Buffer, PC_TAG);
        RtlZeroMemory(&g_pc.regPath, sizeof(g_pc.regPath));
    }
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT driverObject, PUNICODE_STRING registryPath)
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(PC_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(PC_LINK_NAME);
    ULONG slots;
    NTSTATUS status;

    driverObject->DriverUnload = pcUnload;
    driverObject->MajorFunction[IRP_MJ_CREATE] = pcCreateClose;
    driverObject->MajorFunction[IRP_MJ_CLOSE] = pcCreateClose;
    driverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = pcDeviceControl;

    RtlZeroMemory(&g_pc, sizeof(g_pc));
    KeInitializeSpinLock(&g_pc.lock);

    /* keep our own copy of the service key path, the I/O manager frees its one */
    g_pc.regPath.MaximumLength = registryPath->Length + sizeof(WCHAR);
    g_pc.regPath.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, g_pc.regPath.MaximumLength, PC_TAG);
    if (g_pc.regPath.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyUnicodeString(&g_pc.regPath, registryPath);

    status = pcReadSlotCount(&g_pc.regPath, &slots);
    if (!NT_SUCCESS(status)) {
        KdPrint(("poolcfg: no usable Slots value (0x%08X), using %u\n", status, PC_DEFAULT_SLOTS));
        slots = PC_DEFAULT_SLOTS;
    }

    g_pc.ring = (PPC_RECORD)ExAllocatePoolZero(NonPagedPoolNx, (SIZE_T)slots * sizeof(PC_RECORD), PC_TAG);
    if (g_pc.ring == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto fail_regpath;
    }
    g_pc.slots = slots;

    status = IoCreateDevice(driverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_pc.device);
    if (!NT_SUCCESS(status)) {
        g_pc.device = NULL;
        goto fail_ring;
    }
    g_pc.device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        goto fail_device;
    }
    g_pc.linkCreated = TRUE;

    KdPrint(("poolcfg: %u slots, %Iu bytes\n", slots, (SIZE_T)slots * sizeof(PC_RECORD)));
    return STATUS_SUCCESS;

fail_device:
    IoDeleteDevice(g_pc.device);
    g_pc.device = NULL;
fail_ring:
    ExFreePoolWithTag(g_pc.ring, PC_TAG);
    g_pc.ring = NULL;
fail_regpath:
    ExFreePoolWithTag(g_pc.regPath.Buffer, PC_TAG);
    RtlZeroMemory(&g_pc.regPath, sizeof(g_pc.regPath));
    KdPrint(("poolcfg: DriverEntry failed 0x%08X\n", status));
    return status;
}
