/*
 * flagmacro.c - a legacy driver that records each setup step as a bit of a
 * global flag word and tests the bits through a macro whose body names the
 * word itself: `#define FM_DONE(f) ((g_Fm.Steps & (f)) == (f))`. On a
 * failure DriverEntry runs the teardown helper, which undoes the steps whose
 * bits are set; but the link's bit is marked only after the registration,
 * so a failed registration leaves the link behind.
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD FmUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH FmCreateClose;
EX_CALLBACK_FUNCTION FmRegistryCallback;

#define FM_STEP_DEVICE   0x01
#define FM_STEP_LINK     0x02
#define FM_STEP_CALLBACK 0x04

#define FM_MARK(f)  (g_Fm.Steps |= (f))
#define FM_DONE(f)  ((g_Fm.Steps & (f)) == (f))
#define FM_CLEAR(f) (g_Fm.Steps &= ~(f))

typedef struct _FM_GLOBALS {
    ULONG Steps;
    PDEVICE_OBJECT Device;
    LARGE_INTEGER Cookie;
} FM_GLOBALS;

static FM_GLOBALS g_Fm;
static UNICODE_STRING g_FmLink = RTL_CONSTANT_STRING(L"\\DosDevices\\FlagMacro");

NTSTATUS FmRegistryCallback(PVOID Context, PVOID Argument1, PVOID Argument2)
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    return STATUS_SUCCESS;
}

NTSTATUS FmCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static VOID FmTeardown(VOID)
{
    if (FM_DONE(FM_STEP_CALLBACK)) {
        CmUnRegisterCallback(g_Fm.Cookie);
        FM_CLEAR(FM_STEP_CALLBACK);
    }
    if (FM_DONE(FM_STEP_LINK)) {
        IoDeleteSymbolicLink(&g_FmLink);
        FM_CLEAR(FM_STEP_LINK);
    }
    if (FM_DONE(FM_STEP_DEVICE)) {
        IoDeleteDevice(g_Fm.Device);
        g_Fm.Device = NULL;
        FM_CLEAR(FM_STEP_DEVICE);
    }
}

VOID FmUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    FmTeardown();
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\FlagMacro");
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(L"385201");
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->MajorFunction[IRP_MJ_CREATE] = FmCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = FmCreateClose;
    DriverObject->DriverUnload = FmUnload;

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &g_Fm.Device);
    if (!NT_SUCCESS(status))
        goto fail;
    FM_MARK(FM_STEP_DEVICE);

    status = IoCreateSymbolicLink(&g_FmLink, &name);
    if (!NT_SUCCESS(status))
        goto fail;

    status = CmRegisterCallbackEx(FmRegistryCallback, &altitude, DriverObject, NULL, &g_Fm.Cookie, NULL);
    if (!NT_SUCCESS(status))
        goto fail;
    FM_MARK(FM_STEP_LINK | FM_STEP_CALLBACK);

    g_Fm.Device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;

fail:
    FmTeardown();
    return status;                      // expect: DE006
}
