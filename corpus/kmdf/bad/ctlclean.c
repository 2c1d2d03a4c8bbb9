/*
 * ctlclean.c - non-PnP KMDF driver of the "procgate" policy service, in the
 * version whose control-device cleanup was cut down to a trace when the
 * callback moved "to the policy engine" (which never removes it either).
 *
 * BUG (DE011, DE006): the process-creation callback is registered once the
 * control device exists, but neither the device's EvtCleanupCallback nor
 * EvtDriverUnload removes it: after unload, or after a failed DriverEntry,
 * the system calls PgProcessNotify in an unloaded image.
 */

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#define PROCGATE_TAG 'tGcP'

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD PgEvtDriverUnload;
EVT_WDF_OBJECT_CONTEXT_CLEANUP PgEvtControlCleanup;

static VOID PgProcessNotify(_Inout_ PEPROCESS Process, _In_ HANDLE ProcessId,
                            _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, PgEvtDriverUnload)
#pragma alloc_text(PAGE, PgEvtControlCleanup)
#endif

static WDFDEVICE PgControlDevice;
static volatile LONG PgDenied;

NTSTATUS
DriverEntry(                                            // expect-entry: kmdf
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    DECLARE_CONST_UNICODE_STRING(deviceName, L"\\Device\\ProcGate");
    DECLARE_CONST_UNICODE_STRING(symbolicLink, L"\\DosDevices\\ProcGate");
    WDF_DRIVER_CONFIG config;
    WDF_OBJECT_ATTRIBUTES attributes;
    PWDFDEVICE_INIT deviceInit;
    WDFDRIVER driver;
    NTSTATUS status;

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = PgEvtDriverUnload;
    config.DriverPoolTag   = PROCGATE_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath,
                             WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    deviceInit = WdfControlDeviceInitAllocate(driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (deviceInit == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = WdfDeviceInitAssignName(deviceInit, &deviceName);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(deviceInit);
        return status;
    }

    /* The device's cleanup callback removes the process callback. */
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = PgEvtControlCleanup;

    status = WdfDeviceCreate(&deviceInit, &attributes, &PgControlDevice);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(deviceInit);
        return status;
    }

    status = PsSetCreateProcessNotifyRoutineEx(PgProcessNotify, FALSE);   // expect: DE011
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(PgControlDevice, &symbolicLink);
    if (!NT_SUCCESS(status)) {
        return status;                                  // expect: DE006
    }

    WdfControlFinishInitializing(PgControlDevice);
    return STATUS_SUCCESS;
}

VOID
PgEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(Driver);

    KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,
               "procgate: unloading, %ld launches denied\n", PgDenied));
}

VOID
PgEvtControlCleanup(
    _In_ WDFOBJECT Object
    )
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(Object);

    KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "procgate: control device gone\n"));
}

static VOID
PgProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    UNREFERENCED_PARAMETER(Process);
    UNREFERENCED_PARAMETER(ProcessId);

    if (CreateInfo != NULL && CreateInfo->ImageFileName != NULL &&
        CreateInfo->ImageFileName->Length == 0) {
        CreateInfo->CreationStatus = STATUS_ACCESS_DENIED;
        InterlockedIncrement(&PgDenied);
    }
}
