/*++
Module Name:
    wmi.c

Abstract:
    WMI data provider (WMILIB) for the control device (one read-only data
    block of aggregated statistics), sensor FDOs, interface and PnP/power.
--*/
#define TM_DEFINE_GUIDS
#include "telemdev.h"
#define TM_WMI_INSTANCE_BASENAME L"TH4Telemetry"

static WMIGUIDREGINFO s_GuidList[] = {
    { &TM_WMI_SUMMARY_GUID, 1, 0 }
};

#define TM_WMI_SUMMARY_INDEX 0

static WMI_QUERY_REGINFO_CALLBACK   TmQueryWmiRegInfo;
static WMI_QUERY_DATABLOCK_CALLBACK TmQueryWmiDataBlock;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, TmInitializeWmiLib)
#pragma alloc_text(PAGE, TmQueryWmiRegInfo)
#pragma alloc_text(PAGE, TmDispatchSystemControl)
#endif

_Use_decl_annotations_
VOID
TmInitializeWmiLib(
    PWMILIB_CONTEXT WmiLib
    )
{
    RtlZeroMemory(WmiLib, sizeof(*WmiLib));

    WmiLib->GuidCount = RTL_NUMBER_OF(s_GuidList);
    WmiLib->GuidList = s_GuidList;
    WmiLib->QueryWmiRegInfo = TmQueryWmiRegInfo;
    WmiLib->QueryWmiDataBlock = TmQueryWmiDataBlock;
    WmiLib->SetWmiDataBlock = NULL;
    WmiLib->SetWmiDataItem = NULL;
    WmiLib->ExecuteWmiMethod = NULL;
    WmiLib->WmiFunctionControl = NULL;
}

static
_Use_decl_annotations_
NTSTATUS
TmQueryWmiRegInfo(
    PDEVICE_OBJECT  DeviceObject,
    PULONG          RegFlags,
    PUNICODE_STRING InstanceName,
    PUNICODE_STRING *RegistryPath,
    PUNICODE_STRING MofResourceName,
    PDEVICE_OBJECT  *Pdo
    )
{
    USHORT size = sizeof(TM_WMI_INSTANCE_BASENAME);

    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(MofResourceName);

    PAGED_CODE();

    //
    // The control device has no PDO, so instance names are built from a
    // base name. WMI frees InstanceName->Buffer.
    //
    InstanceName->Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, size, TM_TAG);
    if (InstanceName->Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(InstanceName->Buffer, TM_WMI_INSTANCE_BASENAME, size);
    InstanceName->Length = size - sizeof(WCHAR);
    InstanceName->MaximumLength = size;

    *RegFlags = WMIREG_FLAG_INSTANCE_BASENAME;
    *RegistryPath = &g_Tm.ServiceKey;
    *Pdo = NULL;

    return STATUS_SUCCESS;
}

static
_Use_decl_annotations_
NTSTATUS
TmQueryWmiDataBlock(
    PDEVICE_OBJECT DeviceObject,
    PIRP           Irp,
    ULONG          GuidIndex,
    ULONG          InstanceIndex,
    ULONG          InstanceCount,
    PULONG         InstanceLengthArray,
    ULONG          BufferAvail,
    PUCHAR         Buffer
    )
{
    NTSTATUS status;
    ULONG    size = 0;
    KIRQL    irql;

    switch (GuidIndex) {
    case TM_WMI_SUMMARY_INDEX:
        if (InstanceIndex != 0 || InstanceCount != 1) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }

        size = sizeof(TM_WMI_SUMMARY);
        if (BufferAvail < size) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }

        KeAcquireSpinLock(&g_Tm.DataLock, &irql);
        RtlCopyMemory(Buffer, &g_Tm.Summary, size);
        KeReleaseSpinLock(&g_Tm.DataLock, irql);

        *InstanceLengthArray = size;
        status = STATUS_SUCCESS;
        break;

    default:
        status = STATUS_WMI_GUID_NOT_FOUND;
        break;
    }

    return WmiCompleteRequest(DeviceObject, Irp, status, size, IO_NO_INCREMENT);
}

_Use_decl_annotations_
NTSTATUS
TmDispatchSystemControl(
    PDEVICE_OBJECT DeviceObject,
    PIRP           Irp
    )
{
    PTM_CONTROL_EXTENSION     ctl = (PTM_CONTROL_EXTENSION)DeviceObject->DeviceExtension;
    PTM_SENSOR_EXTENSION      sensor;
    SYSCTL_IRP_DISPOSITION    disposition;
    NTSTATUS                  status;

    PAGED_CODE();

    if (!ctl->IsControlDevice) {
        //
        // Sensor FDOs are not WMI providers; pass down.
        //
        sensor = (PTM_SENSOR_EXTENSION)DeviceObject->DeviceExtension;
        IoSkipCurrentIrpStackLocation(Irp);
        return IoCallDriver(sensor->LowerDevice, Irp);
    }

    status = WmiSystemControl(&g_Tm.WmiLib, DeviceObject, Irp, &disposition);

    switch (disposition) {
    case IrpProcessed:
        break;

    case IrpNotCompleted:
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        break;

    case IrpForward:
    case IrpNotWmi:
    default:
        //
        // Nothing below a control device.
        //
        status = Irp->IoStatus.Status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        break;
    }

    return status;
}

_Use_decl_annotations_
VOID
TmRecordReading(
    LONG MilliCelsius
    )
{
    KIRQL irql;

    KeAcquireSpinLock(&g_Tm.DataLock, &irql);
    g_Tm.Summary.SamplesTotal++;
    if (MilliCelsius > g_Tm.Summary.MaxMilliCelsius) {
        g_Tm.Summary.MaxMilliCelsius = MilliCelsius;
    }
    if (MilliCelsius < g_Tm.Summary.MinMilliCelsius) {
        g_Tm.Summary.MinMilliCelsius = MilliCelsius;
    }
    KeReleaseSpinLock(&g_Tm.DataLock, irql);
}

//
// Sensor FDOs: AddDevice, device interface, PnP and power.
//

#define TM_SAMPLE_PERIOD_MS 1000

static IO_COMPLETION_ROUTINE TmSyncCompletion;
static KDEFERRED_ROUTINE     TmSampleDpc;
static volatile LONG         s_NextSensorIndex = -1;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, TmAddDevice)
#pragma alloc_text(PAGE, TmDispatchPnp)
#endif

_Use_decl_annotations_
NTSTATUS
TmAddDevice(
    PDRIVER_OBJECT DriverObject,
    PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    NTSTATUS             status;
    PDEVICE_OBJECT       fdo = NULL;
    PTM_SENSOR_EXTENSION ext;

    PAGED_CODE();

    status = IoCreateDevice(DriverObject,
                            sizeof(TM_SENSOR_EXTENSION),
                            NULL,
                            FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &fdo);
    RETURN_IF_NT_FAILED(status);

    ext = (PTM_SENSOR_EXTENSION)fdo->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->IsControlDevice = FALSE;
    ext->Self = fdo;
    ext->Pdo = PhysicalDeviceObject;
    ext->SensorIndex = (ULONG)InterlockedIncrement(&s_NextSensorIndex);
    IoInitializeRemoveLock(&ext->RemoveLock, TM_TAG, 0, 0);
    KeInitializeTimerEx(&ext->SampleTimer, NotificationTimer);
    KeInitializeDpc(&ext->SampleDpc, TmSampleDpc, ext);

    do {
        status = IoRegisterDeviceInterface(PhysicalDeviceObject,
                                           &GUID_DEVINTERFACE_TH4_SENSOR,
                                           NULL,
                                           &ext->InterfaceName);
        if (!NT_SUCCESS(status)) {
            break;
        }

        ext->LowerDevice = IoAttachDeviceToDeviceStack(fdo, PhysicalDeviceObject);
        if (ext->LowerDevice == NULL) {
            status = STATUS_NO_SUCH_DEVICE;
            break;
        }
    } while (FALSE);

    if (!NT_SUCCESS(status)) {
        RtlFreeUnicodeString(&ext->InterfaceName);
        IoDeleteDevice(fdo);
        return status;
    }

    fdo->Flags |= DO_POWER_PAGABLE;
    fdo->Flags &= ~DO_DEVICE_INITIALIZING;

    InterlockedIncrement((volatile LONG *)&g_Tm.Summary.SensorCount);
    return STATUS_SUCCESS;
}

static
_Use_decl_annotations_
VOID
TmSampleDpc(
    PKDPC Dpc,
    PVOID DeferredContext,
    PVOID SystemArgument1,
    PVOID SystemArgument2
    )
{
    PTM_SENSOR_EXTENSION ext = (PTM_SENSOR_EXTENSION)DeferredContext;
    LONG                 value;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    value = ext->LastMilliCelsius;

    TmRecordReading(value);
    TmEtwWriteReading(ext->SensorIndex, value);
}

static
VOID
TmStartSampling(
    _Inout_ PTM_SENSOR_EXTENSION Ext
    )
{
    LARGE_INTEGER due;

    due.QuadPart = -10000LL * TM_SAMPLE_PERIOD_MS;
    KeSetTimerEx(&Ext->SampleTimer, due, TM_SAMPLE_PERIOD_MS, &Ext->SampleDpc);
    Ext->TimerArmed = TRUE;
}

static
VOID
TmStopSampling(
    _Inout_ PTM_SENSOR_EXTENSION Ext
    )
{
    if (Ext->TimerArmed) {
        KeCancelTimer(&Ext->SampleTimer);
        KeFlushQueuedDpcs();
        Ext->TimerArmed = FALSE;
    }
}

static
_Use_decl_annotations_
NTSTATUS
TmSyncCompletion(
    PDEVICE_OBJECT DeviceObject,
    PIRP           Irp,
    PVOID          Context
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    if (Irp->PendingReturned) {
        KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    }
    return STATUS_MORE_PROCESSING_REQUIRED;
}

_Use_decl_annotations_
NTSTATUS
TmDispatchPnp(
    PDEVICE_OBJECT DeviceObject,
    PIRP           Irp
    )
{
    PTM_SENSOR_EXTENSION ext = (PTM_SENSOR_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION   stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS             status;
    KEVENT               event;

    PAGED_CODE();

    if (ext->IsControlDevice) {
        status = STATUS_INVALID_DEVICE_REQUEST;
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    switch (stack->MinorFunction) {
    case IRP_MN_START_DEVICE:
        KeInitializeEvent(&event, NotificationEvent, FALSE);
        IoCopyCurrentIrpStackLocationToNext(Irp);
        IoSetCompletionRoutine(Irp, TmSyncCompletion, &event, TRUE, TRUE, TRUE);
        status = IoCallDriver(ext->LowerDevice, Irp);
        if (status == STATUS_PENDING) {
            KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, NULL);
            status = Irp->IoStatus.Status;
        }
        if (NT_SUCCESS(status)) {
            (VOID)IoSetDeviceInterfaceState(&ext->InterfaceName, TRUE);
            TmStartSampling(ext);
        }
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        IoReleaseRemoveLock(&ext->RemoveLock, Irp);
        return status;

    case IRP_MN_STOP_DEVICE:
        TmStopSampling(ext);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_SURPRISE_REMOVAL:
        TmStopSampling(ext);
        (VOID)IoSetDeviceInterfaceState(&ext->InterfaceName, FALSE);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_REMOVE_DEVICE:
        TmStopSampling(ext);
        (VOID)IoSetDeviceInterfaceState(&ext->InterfaceName, FALSE);

        Irp->IoStatus.Status = STATUS_SUCCESS;
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(ext->LowerDevice, Irp);

        IoReleaseRemoveLockAndWait(&ext->RemoveLock, Irp);

        InterlockedDecrement((volatile LONG *)&g_Tm.Summary.SensorCount);
        RtlFreeUnicodeString(&ext->InterfaceName);
        IoDetachDevice(ext->LowerDevice);
        IoDeleteDevice(DeviceObject);
        return status;

    default:
        break;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->LowerDevice, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

_Use_decl_annotations_
NTSTATUS
TmDispatchPower(
    PDEVICE_OBJECT DeviceObject,
    PIRP           Irp
    )
{
    PTM_SENSOR_EXTENSION ext = (PTM_SENSOR_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS             status;

    if (ext->IsControlDevice) {
        status = STATUS_INVALID_DEVICE_REQUEST;
        PoStartNextPowerIrp(Irp);
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(ext->LowerDevice, Irp);
}

_Use_decl_annotations_
NTSTATUS
TmDispatchCreateClose(
    PDEVICE_OBJECT DeviceObject,
    PIRP           Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}
