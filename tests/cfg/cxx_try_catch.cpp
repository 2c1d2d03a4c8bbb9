// C++ try/catch in a driver built with exceptions: edges from the try's
// first block and from every block that calls into each handler.
#include <ntddk.h>

struct Widget {
	ULONG Size;
};

static NTSTATUS Build(Widget *w)
{
	w->Size = 4;
	return STATUS_SUCCESS;
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	Widget w = {};
	NTSTATUS status = STATUS_SUCCESS;

	UNREFERENCED_PARAMETER(RegistryPath);
	try {
		status = Build(&w);
		if (!NT_SUCCESS(status))
			throw status;
		DriverObject->Flags |= w.Size;
	} catch (NTSTATUS code) {
		status = code;
	} catch (...) {
		status = STATUS_UNSUCCESSFUL;
	}
	return status;
}
