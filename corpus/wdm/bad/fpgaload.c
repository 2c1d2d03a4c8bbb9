/*
 * fpgaload.c - legacy driver for the configuration port of the KX-3 FPGA
 * on an industrial I/O board. At load time the bitstream loader in the
 * board's flash is started and the driver polls until the FPGA reports
 * DONE or an error.
 *
 * BUG (DE009): the poll limit was changed from a return into a `break` so
 * that a message could be logged after the loop, and the return after the
 * message was never written: on a timeout DriverEntry runs off its end and
 * the I/O manager reads whatever the return register holds.
 */

#include <ntddk.h>

#define FPGALOAD_CTRL_PORT   ((PUCHAR)(ULONG_PTR)0x2E0)
#define FPGALOAD_STATUS_PORT ((PUCHAR)(ULONG_PTR)0x2E1)
#define FPGALOAD_START       0x01
#define FPGALOAD_DONE        0x80
#define FPGALOAD_CRC_ERROR   0x40
#define FPGALOAD_MAX_POLLS   20000

static PDEVICE_OBJECT gFpgaDevice;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD FpgaLoadUnload;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH FpgaLoadCreateClose;

NTSTATUS
FpgaLoadCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
FpgaLoadUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    if (gFpgaDevice != NULL) {
        IoDeleteDevice(gFpgaDevice);
    }
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    NTSTATUS status;
    UCHAR state;
    ULONG polls = 0;
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\FpgaLoad");

    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->DriverUnload = FpgaLoadUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = FpgaLoadCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = FpgaLoadCreateClose;

    WRITE_PORT_UCHAR(FPGALOAD_CTRL_PORT, FPGALOAD_START);
    for (;;) {
        state = READ_PORT_UCHAR(FPGALOAD_STATUS_PORT);
        if (state & FPGALOAD_CRC_ERROR) {
            return STATUS_DEVICE_CONFIGURATION_ERROR;
        }
        if (state & FPGALOAD_DONE) {
            status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                                    FILE_DEVICE_SECURE_OPEN, FALSE, &gFpgaDevice);
            return status;
        }
        if (++polls == FPGALOAD_MAX_POLLS) {
            break;
        }
        KeStallExecutionProcessor(50);
    }
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "fpgaload: the FPGA did not report DONE\n");
} // expect: DE009
