/*
 * tdimon.c - DriverEntry / attach / unload
 */
#include "tdimon.h"

TDIMON_GLOBALS g_Mon;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     TdiMonUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

static NTSTATUS
TdiMonAttach(
    IN  PDRIVER_OBJECT  DriverObject,
    IN  PCWSTR          TargetName,
    OUT PDEVICE_OBJECT  *FilterDevice,
    OUT PDEVICE_OBJECT  *LowerDevice
    )
{
    NTSTATUS        status;
    UNICODE_STRING  name;
    PDEVICE_OBJECT  fdo = NULL;
    PTDIMON_EXT     ext;

    RtlInitUnicodeString(&name, TargetName);

    status = IoCreateDevice(DriverObject,
                            sizeof(TDIMON_EXT),
                            NULL,
                            FILE_DEVICE_NETWORK,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &fdo);
    if (!NT_SUCCESS(status)) {
        DBGOUT(("tdimon: IoCreateDevice %08X\n", status));
        return status;
    }
    *FilterDevice = fdo;

    ext = (PTDIMON_EXT)fdo->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Magic = FILTER_MAGIC;

    status = IoAttachDevice(fdo, &name, &ext->Lower);
    if (!NT_SUCCESS(status)) {
        DBGOUT(("tdimon: IoAttachDevice(%wZ) %08X\n", &name, status));
        IoDeleteDevice(fdo);
        return status;
    }

    /* look like the device we sit on */
    fdo->Flags |= ext->Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO);
    fdo->DeviceType = ext->Lower->DeviceType;
    fdo->Characteristics = ext->Lower->Characteristics;
    fdo->Flags &= ~DO_DEVICE_INITIALIZING;

    *LowerDevice = ext->Lower;
    return STATUS_SUCCESS;
}

VOID
TdiMonUnload(
    IN PDRIVER_OBJECT DriverObject
    )
{
    LARGE_INTEGER delay;

    UNREFERENCED_PARAMETER(DriverObject);

    DBGOUT(("tdimon: unloading, %u connects seen\n", g_Mon.TableNext));

    if (g_Mon.TcpFilter != NULL) {
        IoDeleteDevice(g_Mon.TcpFilter);
        IoDetachDevice(g_Mon.TcpLower);
        g_Mon.TcpFilter = NULL;
        g_Mon.TcpLower = NULL;
    }

    /* let requests already in our dispatch routines drain out */
    delay.QuadPart = -10 * 1000 * 500;
    KeDelayExecutionThread(KernelMode, FALSE, &delay);

    if (g_Mon.Table != NULL) {
        ExFreePoolWithTag(g_Mon.Table, TDIMON_TAG);
        g_Mon.Table = NULL;
    }
}

NTSTATUS
DriverEntry(
    IN PDRIVER_OBJECT  DriverObject,
    IN PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    DBGOUT(("tdimon: DriverEntry\n"));
    RtlZeroMemory(&g_Mon, sizeof(g_Mon));
    KeInitializeSpinLock(&g_Mon.TableLock);

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = TdiMonPassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_INTERNAL_DEVICE_CONTROL] = TdiMonInternalIoctl;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = TdiMonDeviceIoctl;

    g_Mon.Table = (PTDIMON_CONN)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                                sizeof(TDIMON_CONN) * TDIMON_MAX_TRACKED,
                                                TDIMON_TAG);
    if (g_Mon.Table == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = TdiMonAttach(DriverObject, TDIMON_TCP_NAME, &g_Mon.TcpFilter, &g_Mon.TcpLower);
    if (!NT_SUCCESS(status)) {
        goto fail;
    }

#if 0
    /* UDP was too noisy, DNS alone floods the debugger */
    status = TdiMonAttach(DriverObject, L"\\Device\\Udp", &g_Mon.UdpFilter, &g_Mon.UdpLower);
#endif

    DriverObject->DriverUnload = TdiMonUnload;
    return STATUS_SUCCESS;

fail:
    if (g_Mon.TcpLower != NULL) {
        IoDetachDevice(g_Mon.TcpLower);
    }
    if (g_Mon.TcpFilter != NULL) {
        IoDeleteDevice(g_Mon.TcpFilter);
    }
    ExFreePoolWithTag(g_Mon.Table, TDIMON_TAG);
    g_Mon.Table = NULL;
    return status;
}
