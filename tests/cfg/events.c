/* Events: calls through macros, struct initializers, dispatch table fills
 * by index and by pointer walk, byte-loop zeroing, compound flag
 * assignment, out-parameters and returns of constants, variables, calls. */
#include <ntddk.h>
#include <wdf.h>

typedef struct _SETTINGS {
	ULONG Mode;
	ULONG Timeout;
	PVOID Context;
} SETTINGS;

static SETTINGS gSettings;
static NTSTATUS DispatchAny(PDEVICE_OBJECT DeviceObject, PIRP Irp);
static EVT_WDF_DRIVER_DEVICE_ADD EvtDeviceAdd;

static NTSTATUS EvtDeviceAdd(WDFDRIVER Driver, PWDFDEVICE_INIT DeviceInit)
{
	UNREFERENCED_PARAMETER(Driver);
	UNREFERENCED_PARAMETER(DeviceInit);
	return STATUS_SUCCESS;
}

static NTSTATUS DispatchAny(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
	UNREFERENCED_PARAMETER(DeviceObject);
	return Irp->IoStatus.Status;
}

static VOID FillTables(PDRIVER_OBJECT DriverObject)
{
	ULONG i;
	PDRIVER_DISPATCH *slot = DriverObject->MajorFunction;
	SETTINGS local;

	for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
		DriverObject->MajorFunction[i] = DispatchAny;
	for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
		*slot++ = DispatchAny;
	for (i = 0; i < sizeof(local); i++)
		((PUCHAR)&local)[i] = 0;
	gSettings = local;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	NTSTATUS status = STATUS_SUCCESS;
	WDF_DRIVER_CONFIG config;
	WDFDRIVER driver = NULL;
	SETTINGS zeroed = { 0 };
	SETTINGS named = { .Timeout = 30, .Context = DriverObject };
	SETTINGS ordered = { 1, 2 };
	UNICODE_STRING value;

	RtlZeroMemory(&gSettings, sizeof(gSettings));
	memset(&zeroed, 0, sizeof(zeroed));
	WDF_DRIVER_CONFIG_INIT(&config, EvtDeviceAdd);
	config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
	config.EvtDriverUnload = NULL;
	FillTables(DriverObject);
	RtlInitUnicodeString(&value, L"Mode");
	(void)KeQueryActiveProcessorCount(NULL);
	status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
	if (!NT_SUCCESS(status))
		return status;
	if (named.Mode != ordered.Mode)
		return WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE);
	return STATUS_SUCCESS;
}
