// multinotify.c
//
// "Everything" counter: registers every notification I know about and
// counts what fires. IOCTL_NM_GET_COUNTERS returns the numbers.
// One cleanup function for both the failure path and unload, every step
// sets a flag so the cleanup knows what to undo.

#include <ntddk.h>

#define NM_DEVICE   L"\\Device\\MultiNotify"
#define NM_LINK     L"\\??\\MultiNotify"
#define NM_ALTITUDE L"380123"

#define IOCTL_NM_GET_COUNTERS CTL_CODE(FILE_DEVICE_UNKNOWN, 0x8F0, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _NM_COUNTERS {
	LONG ProcessCreate;
	LONG ProcessExit;
	LONG ThreadCreate;
	LONG ThreadExit;
	LONG ImageLoad;
	LONG RegistryOps;
} NM_COUNTERS;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD NmUnload;
DRIVER_DISPATCH NmCreateClose;
DRIVER_DISPATCH NmIoctl;
EX_CALLBACK_FUNCTION NmRegistryCallback;

static PDEVICE_OBJECT g_DeviceObject = NULL;
static UNICODE_STRING g_LinkName = RTL_CONSTANT_STRING(NM_LINK);
static LARGE_INTEGER  g_RegCookie;
static NM_COUNTERS    g_Counters;

static BOOLEAN g_DeviceCreated = FALSE;
static BOOLEAN g_LinkCreated = FALSE;
static BOOLEAN g_ProcessNotify = FALSE;
static BOOLEAN g_ThreadNotify = FALSE;
static BOOLEAN g_ImageNotify = FALSE;
static BOOLEAN g_RegCallback = FALSE;

static VOID NmProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
	UNREFERENCED_PARAMETER(Process);
	UNREFERENCED_PARAMETER(ProcessId);

	if (CreateInfo != NULL)
		InterlockedIncrement(&g_Counters.ProcessCreate);
	else
		InterlockedIncrement(&g_Counters.ProcessExit);
}

static VOID NmThreadNotify(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create)
{
	UNREFERENCED_PARAMETER(ProcessId);
	UNREFERENCED_PARAMETER(ThreadId);

	if (Create)
		InterlockedIncrement(&g_Counters.ThreadCreate);
	else
		InterlockedIncrement(&g_Counters.ThreadExit);
}

static VOID NmImageNotify(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
	UNREFERENCED_PARAMETER(FullImageName);
	UNREFERENCED_PARAMETER(ProcessId);
	UNREFERENCED_PARAMETER(ImageInfo);

	InterlockedIncrement(&g_Counters.ImageLoad);
}

NTSTATUS NmRegistryCallback(PVOID CallbackContext, PVOID Argument1, PVOID Argument2)
{
	UNREFERENCED_PARAMETER(CallbackContext);
	UNREFERENCED_PARAMETER(Argument1);
	UNREFERENCED_PARAMETER(Argument2);

	InterlockedIncrement(&g_Counters.RegistryOps);
	return STATUS_SUCCESS;
}

NTSTATUS NmCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
	UNREFERENCED_PARAMETER(DeviceObject);

	Irp->IoStatus.Status = STATUS_SUCCESS;
	Irp->IoStatus.Information = 0;
	IoCompleteRequest(Irp, IO_NO_INCREMENT);
	return STATUS_SUCCESS;
}

NTSTATUS NmIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
	PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
	NTSTATUS status;
	ULONG_PTR info = 0;

	UNREFERENCED_PARAMETER(DeviceObject);

	if (sp->Parameters.DeviceIoControl.IoControlCode != IOCTL_NM_GET_COUNTERS) {
		status = STATUS_INVALID_DEVICE_REQUEST;
	} else if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(NM_COUNTERS)) {
		status = STATUS_BUFFER_TOO_SMALL;
	} else {
		RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, &g_Counters, sizeof(NM_COUNTERS));
		info = sizeof(NM_COUNTERS);
		status = STATUS_SUCCESS;
	}

	Irp->IoStatus.Status = status;
	Irp->IoStatus.Information = info;
	IoCompleteRequest(Irp, IO_NO_INCREMENT);
	return status;
}

// undo whatever got set up, newest first
static VOID NmCleanup(VOID)
{
	if (g_RegCallback) {
		CmUnRegisterCallback(g_RegCookie);
		g_RegCallback = FALSE;
	}
	if (g_ImageNotify) {
		PsRemoveLoadImageNotifyRoutine(NmImageNotify);
		g_ImageNotify = FALSE;
	}
	if (g_ThreadNotify) {
		PsRemoveCreateThreadNotifyRoutine(NmThreadNotify);
		g_ThreadNotify = FALSE;
	}
	if (g_ProcessNotify) {
		PsSetCreateProcessNotifyRoutineEx(NmProcessNotify, TRUE);
		g_ProcessNotify = FALSE;
	}
	if (g_LinkCreated) {
		IoDeleteSymbolicLink(&g_LinkName);
		g_LinkCreated = FALSE;
	}
	if (g_DeviceCreated) {
		IoDeleteDevice(g_DeviceObject);
		g_DeviceObject = NULL;
		g_DeviceCreated = FALSE;
	}
}

VOID NmUnload(PDRIVER_OBJECT DriverObject)
{
	UNREFERENCED_PARAMETER(DriverObject);

	NmCleanup();
	DbgPrint("multinotify: unloaded (proc %ld, thread %ld, image %ld, reg %ld)\n",
		g_Counters.ProcessCreate, g_Counters.ThreadCreate,
		g_Counters.ImageLoad, g_Counters.RegistryOps);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	NTSTATUS status;
	UNICODE_STRING devName = RTL_CONSTANT_STRING(NM_DEVICE);
	UNICODE_STRING altitude = RTL_CONSTANT_STRING(NM_ALTITUDE);

	UNREFERENCED_PARAMETER(RegistryPath);

	RtlZeroMemory(&g_Counters, sizeof(g_Counters));

	status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
		FILE_DEVICE_SECURE_OPEN, FALSE, &g_DeviceObject);
	if (!NT_SUCCESS(status)) {
		DbgPrint("multinotify: IoCreateDevice 0x%08X\n", status);
		goto fail;
	}
	g_DeviceCreated = TRUE;

	status = IoCreateSymbolicLink(&g_LinkName, &devName);
	if (!NT_SUCCESS(status)) {
		DbgPrint("multinotify: IoCreateSymbolicLink 0x%08X\n", status);
		goto fail;
	}
	g_LinkCreated = TRUE;

	status = PsSetCreateProcessNotifyRoutineEx(NmProcessNotify, FALSE);
	if (!NT_SUCCESS(status)) {
		DbgPrint("multinotify: process notify 0x%08X\n", status);
		goto fail;
	}
	g_ProcessNotify = TRUE;

	status = PsSetCreateThreadNotifyRoutine(NmThreadNotify);
	if (!NT_SUCCESS(status)) {
		DbgPrint("multinotify: thread notify 0x%08X\n", status);
		goto fail;
	}
	g_ThreadNotify = TRUE;

	status = PsSetLoadImageNotifyRoutine(NmImageNotify);
	if (!NT_SUCCESS(status)) {
		DbgPrint("multinotify: image notify 0x%08X\n", status);
		goto fail;
	}
	g_ImageNotify = TRUE;

	status = CmRegisterCallbackEx(NmRegistryCallback, &altitude, DriverObject, NULL, &g_RegCookie, NULL);
	if (!NT_SUCCESS(status)) {
		DbgPrint("multinotify: CmRegisterCallbackEx 0x%08X\n", status);
		goto fail;
	}
	g_RegCallback = TRUE;

	DriverObject->MajorFunction[IRP_MJ_CREATE] = NmCreateClose;
	DriverObject->MajorFunction[IRP_MJ_CLOSE] = NmCreateClose;
	DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = NmIoctl;
	DriverObject->DriverUnload = NmUnload;

	g_DeviceObject->Flags |= DO_BUFFERED_IO;
	g_DeviceObject->Flags &= ~DO_DEVICE_INITIALIZING;

	DbgPrint("multinotify: all callbacks registered\n");
	return STATUS_SUCCESS;

fail:
	NmCleanup();
	return status;
}
