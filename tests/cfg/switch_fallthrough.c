/* switch with fall-through, break, default in the middle, cases inside a
 * nested block, and a switch without default. */
#include <ntddk.h>

static NTSTATUS Dispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
	PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
	NTSTATUS status = STATUS_SUCCESS;

	UNREFERENCED_PARAMETER(DeviceObject);
	switch (stack->MajorFunction) {
	case IRP_MJ_CREATE:
	case IRP_MJ_CLOSE:
		Irp->IoStatus.Information = 0;
		break;
	default:
		status = STATUS_INVALID_DEVICE_REQUEST;
		/* fall through */
	case IRP_MJ_CLEANUP:
		Irp->IoStatus.Information = 1;
		break;
	case IRP_MJ_READ: {
		if (Irp->MdlAddress == NULL) {
			status = STATUS_INVALID_PARAMETER;
			break;
		}
	case IRP_MJ_WRITE:
		status = STATUS_NOT_SUPPORTED;
	}
	}
	Irp->IoStatus.Status = status;
	IoCompleteRequest(Irp, IO_NO_INCREMENT);
	return status;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	UNREFERENCED_PARAMETER(RegistryPath);
	switch (DriverObject->Flags & 3) {
	case 1:
		return STATUS_UNSUCCESSFUL;
	case 2:
		DriverObject->MajorFunction[IRP_MJ_CREATE] = Dispatch;
	}
	return STATUS_SUCCESS;
}
