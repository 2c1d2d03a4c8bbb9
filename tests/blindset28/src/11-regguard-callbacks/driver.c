/*++
    RegGuard - driver entry, device objects and staged teardown.
--*/
#include "regguard.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RgUnload;

RG_GLOBALS g_Rg;

typedef struct _RG_DEVICE_SPEC {
    PCWSTR         DeviceName;
    PCWSTR         LinkName;
    RG_DEVICE_ROLE Role;
} RG_DEVICE_SPEC;

static const RG_DEVICE_SPEC g_DeviceSpecs[RG_DEVICE_COUNT] = {
    { L"\\Device\\RegGuardCtl",  L"\\??\\RegGuardCtl",  RgRoleControl },
    { L"\\Device\\RegGuardStat", L"\\??\\RegGuardStat", RgRoleStatus  },
};

static NTSTATUS
RgCreateOneDevice(_In_ PDRIVER_OBJECT DriverObject, _In_ const RG_DEVICE_SPEC *Spec, _Out_ PDEVICE_OBJECT *Device)
{
    UNICODE_STRING deviceName;
    UNICODE_STRING linkName;
    PDEVICE_OBJECT device = NULL;
    NTSTATUS status;

    *Device = NULL;
    RtlInitUnicodeString(&deviceName, Spec->DeviceName);
    RtlInitUnicodeString(&linkName, Spec->LinkName);

    status = IoCreateDevice(DriverObject, sizeof(RG_DEVICE_EXTENSION), &deviceName,
                            FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ((PRG_DEVICE_EXTENSION)device->DeviceExtension)->Role = Spec->Role;
    device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&linkName, &deviceName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(device);
        return status;
    }

    device->Flags &= ~DO_DEVICE_INITIALIZING;
    *Device = device;
    return STATUS_SUCCESS;
}

static VOID
RgDeleteOneDevice(_In_ const RG_DEVICE_SPEC *Spec, _In_ PDEVICE_OBJECT Device)
{
    UNICODE_STRING linkName;

    RtlInitUnicodeString(&linkName, Spec->LinkName);
    IoDeleteSymbolicLink(&linkName);
    IoDeleteDevice(Device);
}

static NTSTATUS
RgCreateDevices(_In_ PDRIVER_OBJECT DriverObject)
{
    NTSTATUS status = STATUS_SUCCESS;
    ULONG created;

    for (created = 0; created < RG_DEVICE_COUNT; created++) {
        status = RgCreateOneDevice(DriverObject, &g_DeviceSpecs[created], &g_Rg.Devices[created]);
        if (!NT_SUCCESS(status)) {
            break;
        }
    }

    if (!NT_SUCCESS(status)) {
        // unwind only the ones that made it, newest first
        while (created > 0) {
            created--;
            RgDeleteOneDevice(&g_DeviceSpecs[created], g_Rg.Devices[created]);
            g_Rg.Devices[created] = NULL;
        }
    }
    return status;
}

static VOID
RgTeardown(VOID)
{
    NTSTATUS status;
    ULONG i;

    if (FlagOn(g_Rg.Stages, RG_STAGE_IMAGE_CB)) {
        status = PsRemoveLoadImageNotifyRoutine(RgImageNotify);
        if (!NT_SUCCESS(status)) {
            KdPrint(("RegGuard: PsRemoveLoadImageNotifyRoutine 0x%08X\n", status));
        }
        ClearFlag(g_Rg.Stages, RG_STAGE_IMAGE_CB);
    }

    if (FlagOn(g_Rg.Stages, RG_STAGE_REGISTRY_CB)) {
        status = CmUnRegisterCallback(g_Rg.CmCookie);
        if (!NT_SUCCESS(status)) {
            KdPrint(("RegGuard: CmUnRegisterCallback 0x%08X\n", status));
        }
        ClearFlag(g_Rg.Stages, RG_STAGE_REGISTRY_CB);
    }

    if (FlagOn(g_Rg.Stages, RG_STAGE_DEVICES)) {
        for (i = RG_DEVICE_COUNT; i > 0; i--) {
            if (g_Rg.Devices[i - 1] != NULL) {
                RgDeleteOneDevice(&g_DeviceSpecs[i - 1], g_Rg.Devices[i - 1]);
                g_Rg.Devices[i - 1] = NULL;
            }
        }
        ClearFlag(g_Rg.Stages, RG_STAGE_DEVICES);
    }

    if (FlagOn(g_Rg.Stages, RG_STAGE_STATE)) {
        // notifications are off; wait out callbacks still inside our code
        ExWaitForRundownProtectionRelease(&g_Rg.Rundown);
        RgClearPrefixes();
        ExDeleteResourceLite(&g_Rg.PrefixLock);
        ClearFlag(g_Rg.Stages, RG_STAGE_STATE);
    }
}

VOID
RgUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    KdPrint(("RegGuard: unloading, %ld writes denied, %ld images seen\n",
             g_Rg.WritesDenied, g_Rg.ImagesLoaded));
    RgTeardown();
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(RG_ALTITUDE);
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Rg, sizeof(g_Rg));

    DriverObject->MajorFunction[IRP_MJ_CREATE] = RgDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RgDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RgDispatchDeviceControl;
    DriverObject->DriverUnload = RgUnload;

    status = ExInitializeResourceLite(&g_Rg.PrefixLock);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    InitializeListHead(&g_Rg.Prefixes);
    ExInitializeRundownProtection(&g_Rg.Rundown);
    SetFlag(g_Rg.Stages, RG_STAGE_STATE);

    status = RgCreateDevices(DriverObject);
    if (!NT_SUCCESS(status)) {
        goto Fail;
    }
    SetFlag(g_Rg.Stages, RG_STAGE_DEVICES);

    status = CmRegisterCallbackEx(RgRegistryCallback, &altitude, DriverObject, NULL, &g_Rg.CmCookie, NULL);
    if (!NT_SUCCESS(status)) {
        goto Fail;
    }
    SetFlag(g_Rg.Stages, RG_STAGE_REGISTRY_CB);

    status = PsSetLoadImageNotifyRoutine(RgImageNotify);
    if (!NT_SUCCESS(status)) {
        goto Fail;
    }
    SetFlag(g_Rg.Stages, RG_STAGE_IMAGE_CB);

    return STATUS_SUCCESS;

Fail:
    KdPrint(("RegGuard: initialization failed 0x%08X (stages 0x%lx)\n", status, g_Rg.Stages));
    RgTeardown();
    return status;
}
