/*++
Module Name:
    driver.c

Abstract:
    DriverEntry, control device and unload for telemdev.
--*/
#include "telemdev.h"

TM_GLOBALS g_Tm;

static
VOID
TmInitializeGlobals(
    _Out_ PTM_GLOBALS Tm,
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PCUNICODE_STRING RegistryPath
    );

static
NTSTATUS
TmCreateControlDevice(
    _Inout_ PTM_GLOBALS Tm
    );

static
VOID
TmTeardown(
    _Inout_ PTM_GLOBALS Tm
    );

static
VOID
TmSetDispatch(
    _Inout_ PDRIVER_OBJECT DriverObject
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, TmInitializeGlobals)
#pragma alloc_text(INIT, TmCreateControlDevice)
#pragma alloc_text(INIT, TmSetDispatch)
#pragma alloc_text(PAGE, TmTeardown)
#pragma alloc_text(PAGE, TmUnload)
#endif

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT  DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    TmInitializeGlobals(&g_Tm, DriverObject, RegistryPath);

    TmSetDispatch(DriverObject);

    status = TmRegisterProvider(&g_Tm);
    IF_FAILED_GOTO(status, Fail);

    status = TmCreateControlDevice(&g_Tm);
    IF_FAILED_GOTO(status, Fail);

    //
    // Registering the control device with WMI makes the I/O manager send
    // IRP_MN_REGINFO_EX to it right away, so everything it needs must be
    // initialized before this point.
    //
    status = IoWMIRegistrationControl(g_Tm.ControlDevice, WMIREG_ACTION_REGISTER);
    IF_FAILED_GOTO(status, Fail);
    g_Tm.Flags |= TM_FLAG_WMI;

    TM_DBG("loaded");
    return STATUS_SUCCESS;

Fail:
    TmTeardown(&g_Tm);
    return status;
}

static
_Use_decl_annotations_
VOID
TmInitializeGlobals(
    PTM_GLOBALS      Tm,
    PDRIVER_OBJECT   DriverObject,
    PCUNICODE_STRING RegistryPath
    )
{
    RtlZeroMemory(Tm, sizeof(*Tm));

    Tm->DriverObject = DriverObject;
    KeInitializeSpinLock(&Tm->DataLock);

    Tm->Summary.MaxMilliCelsius = MINLONG;
    Tm->Summary.MinMilliCelsius = MAXLONG;

    //
    // WMI wants the service key of the driver that owns the data blocks.
    //
    Tm->ServiceKey.Length = RegistryPath->Length;
    Tm->ServiceKey.MaximumLength = RegistryPath->MaximumLength;
    Tm->ServiceKey.Buffer = RegistryPath->Buffer;

    TmInitializeWmiLib(&Tm->WmiLib);
}

static
_Use_decl_annotations_
VOID
TmSetDispatch(
    PDRIVER_OBJECT DriverObject
    )
{
    DriverObject->MajorFunction[IRP_MJ_CREATE] = TmDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = TmDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_PNP] = TmDispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = TmDispatchPower;
    DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = TmDispatchSystemControl;

    DriverObject->DriverExtension->AddDevice = TmAddDevice;
    DriverObject->DriverUnload = TmUnload;
}

static
_Use_decl_annotations_
NTSTATUS
TmCreateControlDevice(
    PTM_GLOBALS Tm
    )
{
    NTSTATUS              status;
    UNICODE_STRING        deviceName = RTL_CONSTANT_STRING(TM_CTL_DEVICE_NAME);
    UNICODE_STRING        linkName = RTL_CONSTANT_STRING(TM_CTL_LINK_NAME);
    PDEVICE_OBJECT        device = NULL;
    PTM_CONTROL_EXTENSION ext;

    status = IoCreateDevice(Tm->DriverObject,
                            sizeof(TM_CONTROL_EXTENSION),
                            &deviceName,
                            FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ext = (PTM_CONTROL_EXTENSION)device->DeviceExtension;
    ext->IsControlDevice = TRUE;

    Tm->ControlDevice = device;
    Tm->Flags |= TM_FLAG_CONTROL_DEVICE;

    status = IoCreateSymbolicLink(&linkName, &deviceName);
    if (!NT_SUCCESS(status)) {
        //
        // Leave the device for TmTeardown, which keys off the flags.
        //
        return status;
    }
    Tm->Flags |= TM_FLAG_SYMLINK;

    device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

static
_Use_decl_annotations_
VOID
TmTeardown(
    PTM_GLOBALS Tm
    )
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(TM_CTL_LINK_NAME);

    PAGED_CODE();

    if (Tm->Flags & TM_FLAG_WMI) {
        (VOID)IoWMIRegistrationControl(Tm->ControlDevice, WMIREG_ACTION_DEREGISTER);
        Tm->Flags &= ~TM_FLAG_WMI;
    }

    if (Tm->Flags & TM_FLAG_SYMLINK) {
        (VOID)IoDeleteSymbolicLink(&linkName);
        Tm->Flags &= ~TM_FLAG_SYMLINK;
    }

    if (Tm->Flags & TM_FLAG_CONTROL_DEVICE) {
        IoDeleteDevice(Tm->ControlDevice);
        Tm->ControlDevice = NULL;
        Tm->Flags &= ~TM_FLAG_CONTROL_DEVICE;
    }

    TmUnregisterProvider(Tm);
}

_Use_decl_annotations_
VOID
TmUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    //
    // PnP has already removed every sensor FDO; only the control device
    // is left on the driver object.
    //
    TmTeardown(&g_Tm);
    TM_DBG("unloaded");
}
