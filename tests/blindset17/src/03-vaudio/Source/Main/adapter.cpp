/*++

Module Name:
    adapter.cpp

Abstract:
    Setup and resource allocation for the VAudio virtual loopback adapter:
    DriverEntry, AddDevice, StartDevice and the PnP hook.

--*/
#include "definitions.h"
#include "common.h"

typedef struct _VAUDIO_EXTENSION {
    PADAPTERCOMMON  AdapterCommon;
    PUNKNOWN        UnknownTopology;
    PUNKNOWN        UnknownWave;
} VAUDIO_EXTENSION, *PVAUDIO_EXTENSION;

#define VAUDIO_EXT(DeviceObject) \
    ((PVAUDIO_EXTENSION)((PCHAR)(DeviceObject)->DeviceExtension + PORT_CLASS_DEVICE_EXTENSION_SIZE))

//
// Globals
//
ULONG           g_DebugLevel = D_WARN;
UNICODE_STRING  g_RegistryPath = { 0 };
ULONG           g_LoopbackEnabled = 1;

static PDRIVER_UNLOAD gPCDriverUnloadRoutine = NULL;

extern "C" DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE   AddDevice;
DRIVER_UNLOAD       DriverUnload;
_Dispatch_type_(IRP_MJ_PNP)
DRIVER_DISPATCH     PnpHandler;

NTSTATUS
StartDevice(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PIRP Irp,
    _In_ PRESOURCELIST ResourceList
    );

//
// Subdevices installed on start. Order matters: the physical connection
// below refers to both entries.
//
typedef NTSTATUS (*PFN_CREATE_MINIPORT)(PUNKNOWN *, REFCLSID, PUNKNOWN, POOL_TYPE);

typedef struct _VAUDIO_SUBDEVICE {
    PCWSTR              Name;
    const GUID         *PortClassId;
    PFN_CREATE_MINIPORT Create;
} VAUDIO_SUBDEVICE;

static const VAUDIO_SUBDEVICE g_Subdevices[] = {
    { L"Topology", &CLSID_PortTopology,  CreateMiniportTopologyVAudio },
    { L"Wave",     &CLSID_PortWaveCyclic, CreateMiniportWaveCyclicVAudio },
};

#pragma code_seg("PAGE")

static VOID
ReleaseRegistryStringBuffer(
    VOID
    )
{
    if (g_RegistryPath.Buffer != NULL) {
        ExFreePoolWithTag(g_RegistryPath.Buffer, VAUDIO_POOLTAG);
        g_RegistryPath.Buffer = NULL;
        g_RegistryPath.Length = 0;
        g_RegistryPath.MaximumLength = 0;
    }
}

_Use_decl_annotations_
VOID
DriverUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    PAGED_CODE();

    DPF(D_INFO, ("DriverUnload"));

    if (gPCDriverUnloadRoutine != NULL) {
        gPCDriverUnloadRoutine(DriverObject);
    }

    ReleaseRegistryStringBuffer();
}

#pragma code_seg("INIT")

static NTSTATUS
CopyRegistrySettingsPath(
    _In_ PUNICODE_STRING RegistryPath
    )
{
    g_RegistryPath.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED,
                                                  RegistryPath->Length + sizeof(WCHAR),
                                                  VAUDIO_POOLTAG);
    if (g_RegistryPath.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    g_RegistryPath.Length = 0;
    g_RegistryPath.MaximumLength = RegistryPath->Length + sizeof(WCHAR);
    RtlCopyUnicodeString(&g_RegistryPath, RegistryPath);
    return STATUS_SUCCESS;
}

static NTSTATUS
GetRegistrySettings(
    _In_ PUNICODE_STRING RegistryPath
    )
{
    RTL_QUERY_REGISTRY_TABLE paramTable[] = {
        // QueryRoutine  Flags                                              Name                 EntryContext         DefaultType                                                      DefaultData          DefaultLength
        { NULL,          RTL_QUERY_REGISTRY_SUBKEY,                         L"Parameters",       NULL,                REG_NONE,                                                        NULL,                0 },
        { NULL,          RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK, L"DebugLevel", &g_DebugLevel,     (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD, &g_DebugLevel,       sizeof(ULONG) },
        { NULL,          RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK, L"Loopback",   &g_LoopbackEnabled, (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD, &g_LoopbackEnabled,  sizeof(ULONG) },
        { NULL,          0,                                                 NULL,                NULL,                0,                                                               NULL,                0 }
    };

    return RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                  RegistryPath->Buffer,
                                  &paramTable[0],
                                  NULL,
                                  NULL);
}

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPathName
    )
{
    NTSTATUS ntStatus;

    DPF(D_INFO, ("DriverEntry"));

    ntStatus = CopyRegistrySettingsPath(RegistryPathName);
    IF_FAILED_ACTION_JUMP(ntStatus,
                          DPF(D_ERROR, ("CopyRegistrySettingsPath failed, 0x%x", ntStatus)),
                          Done);

    ntStatus = GetRegistrySettings(RegistryPathName);
    if (!NT_SUCCESS(ntStatus)) {
        //
        // Defaults are fine, a missing Parameters key is the common case.
        //
        DPF(D_WARN, ("GetRegistrySettings failed, 0x%x, using defaults", ntStatus));
        ntStatus = STATUS_SUCCESS;
    }

    //
    // Tell the class driver to initialize the driver.
    //
    ntStatus = PcInitializeAdapterDriver(DriverObject,
                                         RegistryPathName,
                                         (PDRIVER_ADD_DEVICE)AddDevice);
    IF_FAILED_ACTION_JUMP(ntStatus,
                          DPF(D_ERROR, ("PcInitializeAdapterDriver failed, 0x%x", ntStatus)),
                          Done);

    //
    // Intercept PnP to release the adapter object on remove, and chain the
    // port class unload routine behind our own.
    //
    DriverObject->MajorFunction[IRP_MJ_PNP] = PnpHandler;

    gPCDriverUnloadRoutine = DriverObject->DriverUnload;
    DriverObject->DriverUnload = DriverUnload;

Done:
    if (!NT_SUCCESS(ntStatus)) {
        ReleaseRegistryStringBuffer();
    }

    return ntStatus;
}

#pragma code_seg("PAGE")

_Use_decl_annotations_
NTSTATUS
AddDevice(
    PDRIVER_OBJECT DriverObject,
    PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    PAGED_CODE();

    DPF(D_INFO, ("AddDevice"));

    return PcAddAdapterDevice(DriverObject,
                              PhysicalDeviceObject,
                              PCPFNSTARTDEVICE(StartDevice),
                              MAX_MINIPORTS,
                              PORT_CLASS_DEVICE_EXTENSION_SIZE + sizeof(VAUDIO_EXTENSION));
}

static NTSTATUS
InstallSubdevice(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PIRP Irp,
    _In_ const VAUDIO_SUBDEVICE *Subdevice,
    _In_ PUNKNOWN UnknownAdapter,
    _In_ PRESOURCELIST ResourceList,
    _Out_ PUNKNOWN *OutPort
    )
{
    PPORT port = NULL;
    PUNKNOWN miniport = NULL;
    NTSTATUS ntStatus;

    PAGED_CODE();

    *OutPort = NULL;

    ntStatus = PcNewPort(&port, *Subdevice->PortClassId);
    IF_FAILED_JUMP(ntStatus, Exit);

    ntStatus = Subdevice->Create(&miniport, GUID_NULL, NULL, NonPagedPoolNx);
    IF_FAILED_JUMP(ntStatus, Exit);

    ntStatus = port->Init(DeviceObject, Irp, miniport, UnknownAdapter, ResourceList);
    IF_FAILED_JUMP(ntStatus, Exit);

    ntStatus = PcRegisterSubdevice(DeviceObject, Subdevice->Name, port);
    IF_FAILED_JUMP(ntStatus, Exit);

    *OutPort = port;
    port = NULL;

Exit:
    SAFE_RELEASE(miniport);
    SAFE_RELEASE(port);
    return ntStatus;
}

_Use_decl_annotations_
NTSTATUS
StartDevice(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp,
    PRESOURCELIST ResourceList
    )
{
    PVAUDIO_EXTENSION ext = VAUDIO_EXT(DeviceObject);
    PUNKNOWN unknownAdapter = NULL;
    PADAPTERCOMMON adapterCommon = NULL;
    PUNKNOWN ports[RTL_NUMBER_OF(g_Subdevices)] = { NULL };
    NTSTATUS ntStatus;
    ULONG i;

    PAGED_CODE();

    DPF(D_INFO, ("StartDevice"));

    ntStatus = NewAdapterCommon(&unknownAdapter, IID_IAdapterCommon, NULL, NonPagedPoolNx);
    IF_FAILED_JUMP(ntStatus, Exit);

    ntStatus = unknownAdapter->QueryInterface(IID_IAdapterCommon, (PVOID *)&adapterCommon);
    IF_FAILED_JUMP(ntStatus, Exit);

    ntStatus = adapterCommon->Init(DeviceObject);
    IF_FAILED_JUMP(ntStatus, Exit);

    for (i = 0; i < RTL_NUMBER_OF(g_Subdevices); i++) {
        ntStatus = InstallSubdevice(DeviceObject, Irp, &g_Subdevices[i],
                                    unknownAdapter, ResourceList, &ports[i]);
        IF_FAILED_ACTION_JUMP(ntStatus,
                              DPF(D_ERROR, ("InstallSubdevice %S failed, 0x%x",
                                            g_Subdevices[i].Name, ntStatus)),
                              Exit);
    }

    ntStatus = PcRegisterPhysicalConnection(DeviceObject,
                                            ports[1], KSPIN_WAVE_RENDER_SOURCE,
                                            ports[0], KSPIN_TOPO_WAVEOUT_SOURCE);
    IF_FAILED_JUMP(ntStatus, Exit);

    ext->AdapterCommon = adapterCommon;
    adapterCommon = NULL;
    ext->UnknownTopology = ports[0];
    ext->UnknownWave = ports[1];
    ports[0] = ports[1] = NULL;

Exit:
    for (i = 0; i < RTL_NUMBER_OF(ports); i++) {
        SAFE_RELEASE(ports[i]);
    }
    SAFE_RELEASE(adapterCommon);
    SAFE_RELEASE(unknownAdapter);
    return ntStatus;
}

_Use_decl_annotations_
NTSTATUS
PnpHandler(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    PVAUDIO_EXTENSION ext = VAUDIO_EXT(DeviceObject);

    PAGED_CODE();

    switch (stack->MinorFunction) {
    case IRP_MN_STOP_DEVICE:
    case IRP_MN_SURPRISE_REMOVAL:
    case IRP_MN_REMOVE_DEVICE:
        SAFE_RELEASE(ext->UnknownWave);
        SAFE_RELEASE(ext->UnknownTopology);
        SAFE_RELEASE(ext->AdapterCommon);
        break;
    default:
        break;
    }

    return PcDispatchIrp(DeviceObject, Irp);
}

#pragma code_seg()
