/*
 * vserial.sys - creates four virtual "serial" endpoints \Device\VSerial0..3
 * that loop data between pairs (0<->1, 2<->3). Only SYSTEM and Administrators
 * may open them (SDDL below).
 */
#include <ntddk.h>
#include <wdmsec.h>
#include <ntstrsafe.h>

#define VS_PORTS 4

// {9A1C7E24-5B3D-4F6A-8E0B-C2D4F6A8B0E1}
static const GUID VS_CLASS_GUID =
    { 0x9a1c7e24, 0x5b3d, 0x4f6a, { 0x8e, 0x0b, 0xc2, 0xd4, 0xf6, 0xa8, 0xb0, 0xe1 } };

static const UNICODE_STRING VsSddl = RTL_CONSTANT_STRING(L"D:P(A;;GA;;;SY)(A;;GA;;;BA)");

typedef struct _VS_PORT_EXT {
    ULONG          Index;
    PDEVICE_OBJECT Peer;
    KSPIN_LOCK     Lock;
} VS_PORT_EXT, *PVS_PORT_EXT;

PDEVICE_OBJECT g_Ports[VS_PORTS];

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD VsUnload;
DRIVER_DISPATCH VsDispatch;

static NTSTATUS
VsCreatePort(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ ULONG Index,
    _Out_ PDEVICE_OBJECT *Port
    )
{
    WCHAR nameBuf[32];
    UNICODE_STRING name;
    PVS_PORT_EXT ext;
    NTSTATUS status;

    RtlStringCbPrintfW(nameBuf, sizeof(nameBuf), L"\\Device\\VSerial%lu", Index);
    RtlInitUnicodeString(&name, nameBuf);

    status = IoCreateDeviceSecure(DriverObject, sizeof(VS_PORT_EXT), &name, FILE_DEVICE_SERIAL_PORT,
                                  FILE_DEVICE_SECURE_OPEN, TRUE, &VsSddl, &VS_CLASS_GUID, Port);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ext = (PVS_PORT_EXT)(*Port)->DeviceExtension;
    ext->Index = Index;
    ext->Peer = NULL;
    KeInitializeSpinLock(&ext->Lock);
    (*Port)->Flags |= DO_BUFFERED_IO;
    (*Port)->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(g_Ports, sizeof(g_Ports));

    for (i = 0; i < VS_PORTS; i++) {
        status = VsCreatePort(DriverObject, i, &g_Ports[i]);
        if (!NT_SUCCESS(status)) {
            KdPrint(("vserial: port %lu failed 0x%08X\n", i, status));
            return status;
        }
    }

    for (i = 0; i < VS_PORTS; i += 2) {
        ((PVS_PORT_EXT)g_Ports[i]->DeviceExtension)->Peer = g_Ports[i + 1];
        ((PVS_PORT_EXT)g_Ports[i + 1]->DeviceExtension)->Peer = g_Ports[i];
    }

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = VsDispatch;
    }
    DriverObject->DriverUnload = VsUnload;
    return STATUS_SUCCESS;
}

VOID
VsUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    ULONG i;

    UNREFERENCED_PARAMETER(DriverObject);
    for (i = 0; i < VS_PORTS; i++) {
        if (g_Ports[i] != NULL) {
            IoDeleteDevice(g_Ports[i]);
            g_Ports[i] = NULL;
        }
    }
}

NTSTATUS
VsDispatch(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sp->MajorFunction) {
    case IRP_MJ_CREATE:
    case IRP_MJ_CLOSE:
    case IRP_MJ_CLEANUP:
        status = STATUS_SUCCESS;
        break;
    default:
        // read/write pairing lives in vsdata.c of the full project
        status = STATUS_NOT_SUPPORTED;
        break;
    }
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
