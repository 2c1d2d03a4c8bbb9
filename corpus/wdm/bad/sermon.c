/*
 * sermon.c - a legacy WDM monitor of serial ports. DriverEntry attaches a
 * filter to each \Device\SerialN it finds, keeping the filters in a global
 * array, then makes a control device. When that fails, a helper empties the
 * array slot by slot with InterlockedExchangePointer and detaches and
 * deletes each filter it took out.
 *
 * Violating: the helper deletes each filter it takes out of the array but
 * never detaches it from the port below (DE006 on both failure paths,
 * DE011 for the unload routine).
 */

#include <ntddk.h>
#include <ntstrsafe.h>

#define SERMON_MAX_PORTS 4

typedef struct _SERMON_FILTER {
    PDEVICE_OBJECT Lower;
} SERMON_FILTER, *PSERMON_FILTER;

typedef struct _SERMON_GLOBALS {
    PDEVICE_OBJECT Filters[SERMON_MAX_PORTS];
    ULONG          Count;
    PDEVICE_OBJECT Control;
} SERMON_GLOBALS;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD SerMonUnload;
DRIVER_DISPATCH SerMonDispatch;

static SERMON_GLOBALS SerMon;
static UNICODE_STRING SerMonControlName = RTL_CONSTANT_STRING(L"\\Device\\SerMon");
static UNICODE_STRING SerMonLinkName = RTL_CONSTANT_STRING(L"\\DosDevices\\SerMon");

/* The control device completes its requests; a filter passes each one down. */
_Use_decl_annotations_
NTSTATUS
SerMonDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    if (DeviceObject == SerMon.Control) {
        Irp->IoStatus.Status = STATUS_SUCCESS;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_SUCCESS;
    }
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(((PSERMON_FILTER)DeviceObject->DeviceExtension)->Lower, Irp);
}

static NTSTATUS
SerMonAttachPorts(PDRIVER_OBJECT DriverObject)
{
    NTSTATUS status = STATUS_SUCCESS;
    ULONG port;

    for (port = 0; port < SERMON_MAX_PORTS; port++) {
        WCHAR name[32];
        UNICODE_STRING target;
        PDEVICE_OBJECT filter = NULL;
        PSERMON_FILTER ext;

        status = RtlStringCchPrintfW(name, RTL_NUMBER_OF(name), L"\\Device\\Serial%lu", port);
        if (!NT_SUCCESS(status)) {
            break;
        }
        RtlInitUnicodeString(&target, name);

        status = IoCreateDevice(DriverObject, sizeof(SERMON_FILTER), NULL, FILE_DEVICE_SERIAL_PORT, 0, FALSE,
                                &filter);
        if (!NT_SUCCESS(status)) {
            break;
        }
        ext = (PSERMON_FILTER)filter->DeviceExtension;
        status = IoAttachDevice(filter, &target, &ext->Lower);  // expect: DE011
        if (!NT_SUCCESS(status)) {
            IoDeleteDevice(filter);
            break;
        }
        filter->Flags |= ext->Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO);
        filter->Flags &= ~DO_DEVICE_INITIALIZING;
        SerMon.Filters[SerMon.Count++] = filter;
    }

    return SerMon.Count > 0 ? STATUS_SUCCESS : STATUS_NO_SUCH_DEVICE;
}

static VOID
SerMonDetachAll(VOID)
{
    ULONG port;

    for (port = 0; port < SERMON_MAX_PORTS; port++) {
        PDEVICE_OBJECT filter =
            (PDEVICE_OBJECT)InterlockedExchangePointer((PVOID volatile *)&SerMon.Filters[port], NULL);
        if (filter != NULL) {
            IoDeleteDevice(filter);
        }
    }
    SerMon.Count = 0;
}

_Use_decl_annotations_
VOID
SerMonUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteSymbolicLink(&SerMonLinkName);
    IoDeleteDevice(SerMon.Control);
    SerMonDetachAll();
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: wdm
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    RtlZeroMemory(&SerMon, sizeof(SerMon));

    status = SerMonAttachPorts(DriverObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateDevice(DriverObject, 0, &SerMonControlName, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN,
                            FALSE, &SerMon.Control);
    if (!NT_SUCCESS(status)) {
        SerMonDetachAll();
        return status;
    }

    status = IoCreateSymbolicLink(&SerMonLinkName, &SerMonControlName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(SerMon.Control);
        SerMonDetachAll();
        return status;  // expect: DE006
    }

    for (ULONG i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = SerMonDispatch;
    }
    DriverObject->DriverUnload = SerMonUnload;
    return STATUS_SUCCESS;
}
